"""Inbox forms: they read input; the decision services judge it."""

from django import forms

from essaim.catalog.models import ActorType, Public, Theme
from essaim.inbox.decisions import MERGE_FIELDS, REASON_MAX, AcceptEdits
from essaim.territories.models import Level, Territory

LEVELS = [(value, label) for value, label in Level.choices]


class ErrorsLinked(forms.Form):
    """Fields in error point to their message (aria-describedby) and say they are invalid."""

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            bound = self[name]
            described = [f"{bound.auto_id}-erreur"]
            if self.fields[name].help_text:
                described.append(f"{bound.auto_id}_helptext")
            self.fields[name].widget.attrs.update(
                {"aria-describedby": " ".join(described), "aria-invalid": "true"}
            )


class AcceptForm(ErrorsLinked):
    """The labels of the initiative to create (or update), pre-filled from the report and suggestions."""

    title = forms.CharField(label="Titre", max_length=250, required=False)
    summary = forms.CharField(label="Résumé", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    territory_level = forms.ChoiceField(label="Niveau du territoire", choices=LEVELS, required=False)
    territory_code = forms.CharField(
        label="Code officiel du territoire",
        max_length=9,
        required=False,
        help_text="Code INSEE de la commune, du département ou de la région, SIREN de l'intercommunalité.",
    )
    main_theme = forms.ChoiceField(label="Thématique principale", required=False)
    themes = forms.MultipleChoiceField(
        label="Autres thématiques", required=False, widget=forms.CheckboxSelectMultiple
    )
    publics = forms.MultipleChoiceField(label="Publics", required=False, widget=forms.CheckboxSelectMultiple)
    lead_actor_name = forms.CharField(label="Nom du porteur", max_length=200, required=False)
    lead_actor_type = forms.ChoiceField(label="Type de porteur", required=False)
    publish = forms.BooleanField(label="Publier aussitôt dans le répertoire", required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        themes = list(Theme.objects.filter(is_active=True).values_list("code", "label"))
        self.fields["main_theme"].choices = [("", "—"), *themes]
        self.fields["themes"].choices = themes
        self.fields["publics"].choices = list(
            Public.objects.filter(is_active=True).values_list("code", "label")
        )
        self.fields["lead_actor_type"].choices = [
            ("", "—"),
            *ActorType.objects.filter(is_active=True).values_list("code", "label"),
        ]

    @staticmethod
    def initial_from(edits: AcceptEdits) -> dict:
        return {
            "title": edits.title,
            "summary": edits.summary,
            "territory_level": edits.territory.level if edits.territory else Level.COMMUNE,
            "territory_code": edits.territory.code if edits.territory else "",
            "main_theme": edits.theme_codes[0] if edits.theme_codes else "",
            "themes": list(edits.theme_codes[1:]),
            "publics": list(edits.public_codes),
            "lead_actor_name": edits.lead_actor_name,
            "lead_actor_type": edits.lead_actor_type_code,
        }

    def clean(self):
        data = super().clean()
        code = (data.get("territory_code") or "").strip()
        level = data.get("territory_level") or ""
        data["territory"] = None
        if code or level == Level.NATIONAL:
            data["territory"] = Territory.objects.filter(level=level, code=code or "FR").first()
            if data["territory"] is None:
                self.add_error(
                    "territory_code",
                    f"Le territoire « {code} » ({Level(level).label.lower() if level else '?'}) "
                    "n'existe pas dans la géographie officielle.",
                )
        return data

    def edits(self) -> AcceptEdits:
        data = self.cleaned_data
        return AcceptEdits(
            title=data["title"],
            summary=data["summary"],
            territory=data["territory"],
            theme_codes=tuple(dict.fromkeys(code for code in [data["main_theme"], *data["themes"]] if code)),
            public_codes=tuple(data["publics"]),
            lead_actor_name=data["lead_actor_name"],
            lead_actor_type_code=data["lead_actor_type"],
        )


class RejectForm(ErrorsLinked):
    reason = forms.CharField(
        label="Motif du rejet",
        required=False,  # "required" is the service's rule, with its own message
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Le contributeur peut le lire : restez factuel et courtois.",
    )


class MergeForm(ErrorsLinked):
    """One radio pair per field: keep the initiative's value or take the candidate's."""

    note = forms.CharField(label="Commentaire (facultatif)", required=False, max_length=REASON_MAX)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, label in MERGE_FIELDS:
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=[
                    ("initiative", "Garder la valeur de l'initiative"),
                    ("candidat", "Prendre la valeur du candidat"),
                ],
                initial="initiative",
                required=False,
                widget=forms.RadioSelect,
            )


class BulkForm(forms.Form):
    ACTIONS = [
        ("accept", "Accepter (étiquettes suggérées)"),
        ("accept_publish", "Accepter et publier"),
        ("reject", "Rejeter"),
    ]
    action = forms.ChoiceField(label="Action", choices=ACTIONS)
    reason = forms.CharField(label="Motif (pour un rejet)", required=False, max_length=REASON_MAX)

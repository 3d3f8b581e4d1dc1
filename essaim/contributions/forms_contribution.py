"""Forms of the contribution form's steps, of the attachments and of the public crisis form.

They check what people type (French messages) and nothing else: saving, submitting and storing
are the services' (submission.py, attachments.py, crisis.py).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from essaim.catalog.models import ActorType, Public, Theme
from essaim.contributions.models import Contribution
from essaim.contributions.suggestions import Suggestion, territory_label, territory_resolve
from essaim.territories.models import Territory

MAX_LINKS = 20
CRISIS_FIELD_CHARS = 5000
CRISIS_SHORT_CHARS = 200


def amount_format(amount: Decimal) -> str:
    """« 12 500 » or « 12 500,50 », as the field shows a stored budget."""
    whole, _, cents = f"{amount:.2f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", " ")
    return grouped if cents == "00" else f"{grouped},{cents}"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class StepForm(forms.ModelForm):
    """A step of the form: the fields of one `form_steps.Step`, all optional while a draft."""

    step = 0

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def saved_fields(self) -> list[str]:
        """The fields to write: those that are valid (autosave keeps them even when others are not)."""
        return [name for name in self.fields if name not in self.errors and name in self.cleaned_data]


class InitiativeStepForm(StepForm):
    step = 1

    class Meta:
        model = Contribution
        fields = ("title", "summary", "description")
        labels = {"title": "Intitulé de l'initiative", "description": "Description détaillée"}
        help_texts = {
            "title": "Un nom court et parlant, par exemple « Portage de repas aux personnes âgées isolées ».",
            "summary": "En trois ou quatre phrases : ce que fait l'initiative, pour qui, et pourquoi.",
            "description": "Le fonctionnement concret : étapes, organisation, difficultés rencontrées.",
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "description": forms.Textarea(attrs={"rows": 10}),
        }


class TerritoryStepForm(StepForm):
    """Territory and actors. The territory is typed (autocompleted with JavaScript, which fills the
    hidden `territory` field); without JavaScript the typed name is resolved, and homonyms are
    offered as a list to choose from."""

    step = 2
    territory_text = forms.CharField(
        label="Territoire concerné",
        max_length=200,
        required=False,
        help_text="Commune, intercommunalité, département ou région où l'initiative est menée ; "
        "« France » pour une initiative nationale.",
    )
    territory = forms.ModelChoiceField(
        queryset=Territory.objects.filter(is_current=True), required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = Contribution
        fields = ("lead_actor_name", "lead_actor_type", "partners")
        labels = {"lead_actor_name": "Porteur de l'initiative"}
        help_texts = {
            "lead_actor_name": "La structure qui pilote l'initiative, par exemple « CCAS de Lille ».",
            "partners": "Les structures associées, une par ligne.",
        }
        widgets = {"partners": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_actor_type"].queryset = ActorType.objects.filter(is_active=True)
        self.fields["lead_actor_type"].empty_label = "— Choisir un type —"
        self.homonyms: list[Territory] = []
        if self.instance.territory_id and not self.is_bound:
            self.initial["territory_text"] = territory_label(self.instance.territory)
            self.initial["territory"] = self.instance.territory_id

    def clean(self) -> dict:
        cleaned = super().clean()
        if "territory" in self.errors:  # a forged id: the typed name decides
            del self.errors["territory"]
        text = (cleaned.get("territory_text") or "").strip()
        picked = cleaned.get("territory")
        if not text:
            cleaned["territory"] = None
        elif picked is None or territory_label(picked) != text:
            found = territory_resolve(text)
            if picked is not None and picked in found:  # a homonym chosen from the list
                cleaned["territory"] = picked
            elif len(found) == 1:
                cleaned["territory"] = found[0]
            elif found:
                self.homonyms = found
                self.add_error(
                    "territory_text",
                    f"Plusieurs territoires s'appellent « {text} » : choisissez le vôtre dans la liste.",
                )
            else:
                self.add_error(
                    "territory_text",
                    f"Aucun territoire ne s'appelle « {text} » : vérifiez l'orthographe, ou tapez le nom "
                    "de la commune, du département ou de la région.",
                )
        return cleaned

    def saved_fields(self) -> list[str]:
        names = [name for name in super().saved_fields() if name != "territory_text"]
        if "territory_text" in self.errors:
            names = [name for name in names if name != "territory"]
        return names


class SuggestedChoices:
    """Checkbox options with the classifier's suggestion for each, for the template."""

    def __init__(self, bound_field, codes: dict[str, str], suggestions: dict[str, Suggestion]) -> None:
        self.options = [
            (option, suggestions.get(codes.get(str(option.data["value"]), "")))
            for option in bound_field.subwidgets
        ]


class AudienceStepForm(StepForm):
    step = 3

    class Meta:
        model = Contribution
        fields = ("publics", "themes")
        widgets = {"publics": forms.CheckboxSelectMultiple, "themes": forms.CheckboxSelectMultiple}
        help_texts = {
            "publics": "Les personnes à qui l'initiative s'adresse.",
            "themes": "Les domaines de l'action sociale concernés ; le premier coché est le thème principal.",
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["publics"].queryset = Public.objects.filter(is_active=True)
        self.fields["themes"].queryset = Theme.objects.filter(is_active=True)

    def with_suggestions(self, themes: dict[str, Suggestion], publics: dict[str, Suggestion]) -> dict:
        theme_codes = {str(pk): code for pk, code in Theme.objects.values_list("pk", "code")}
        public_codes = {str(pk): code for pk, code in Public.objects.values_list("pk", "code")}
        return {
            "themes": SuggestedChoices(self["themes"], theme_codes, themes),
            "publics": SuggestedChoices(self["publics"], public_codes, publics),
        }


class MeansStepForm(StepForm):
    step = 4

    class Meta:
        model = Contribution
        fields = ("start_date", "end_date", "staff", "budget", "funding")
        help_texts = {
            "start_date": "Même approximative : le premier jour du mois suffit.",
            "end_date": "Laissez vide si l'initiative se poursuit.",
            "staff": "Personnes mobilisées : agents, bénévoles, temps consacré.",
            "funding": "Qui finance, et pour quelle part.",
        }
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "staff": forms.Textarea(attrs={"rows": 3}),
            "funding": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "start_date": {"invalid": "Saisissez une date valide, par exemple 17/03/2020."},
            "end_date": {"invalid": "Saisissez une date valide, par exemple 11/05/2020."},
        }

    # Typed as people write amounts: « 12 500 », « 12 500,50 », « 12500 € ».
    budget = forms.CharField(
        label="Budget (en euros)",
        required=False,
        max_length=40,
        help_text="Coût total approximatif, par exemple 12 500.",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("start_date", "end_date"):
            self.fields[name].input_formats = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
        if not self.is_bound and self.instance.budget is not None:
            self.initial["budget"] = amount_format(self.instance.budget)

    def clean_budget(self) -> Decimal | None:
        raw = self.cleaned_data.get("budget") or ""
        compact = re.sub(r"[\s\u00a0\u202f€]", "", raw).replace(",", ".")
        if not compact:
            return None
        try:
            budget = Decimal(compact)
        except InvalidOperation:
            raise ValidationError("Saisissez un montant en euros, par exemple 12 500 ou 12 500,50.") from None
        if not budget.is_finite() or budget < 0 or budget >= Decimal("1e10"):
            raise ValidationError("Saisissez un montant positif en euros, par exemple 12 500.")
        return budget.quantize(Decimal("0.01"))

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "La date de fin doit suivre la date de début.")
        return cleaned


class ResultsStepForm(StepForm):
    step = 5

    class Meta:
        model = Contribution
        fields = ("results", "contact_name", "contact_role", "contact_email", "contact_phone", "links")
        labels = {"links": "Liens utiles"}
        help_texts = {
            "results": "Ce que l'initiative a changé : chiffres, témoignages, évaluations.",
            "contact_name": "Une personne que l'équipe peut joindre pour en savoir plus.",
            "contact_email": "Par exemple prenom.nom@mairie-exemple.fr.",
            "links": "Une adresse par ligne (page web, article, vidéo), commençant par https://.",
        }
        widgets = {"results": forms.Textarea(attrs={"rows": 5}), "links": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"contact_email": {"invalid": "Saisissez une adresse de courriel valide."}}

    def clean_links(self) -> str:
        lines = [line.strip() for line in (self.cleaned_data.get("links") or "").splitlines() if line.strip()]
        if len(lines) > MAX_LINKS:
            raise ValidationError(f"{MAX_LINKS} liens au plus.")
        check = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                check(line)
            except ValidationError:
                raise ValidationError(
                    f"« {line[:80]} » n'est pas une adresse web : elle doit commencer par https://."
                ) from None
        return "\n".join(lines)


STEP_FORMS: dict[int, type[StepForm]] = {
    form.step: form
    for form in (InitiativeStepForm, TerritoryStepForm, AudienceStepForm, MeansStepForm, ResultsStepForm)
}


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="Ajouter un document",
        help_text="PDF, image (PNG, JPEG, WebP, GIF) ou document bureautique (Word, Excel, PowerPoint, "
        "LibreOffice) ; 10 Mo au plus par fichier, 10 fichiers au plus.",
        error_messages={
            "required": "Choisissez un fichier à ajouter.",
            "empty": "Ce fichier est vide.",
            "invalid": "Aucun fichier n'a été reçu : choisissez-en un à nouveau.",
        },
    )


class CrisisForm(forms.Form):
    """The public crisis form: what, where, who, contact. `site_web` is a honeypot for robots."""

    title = forms.CharField(label="Quoi ? L'initiative en quelques mots", max_length=CRISIS_SHORT_CHARS)
    description = forms.CharField(
        label="Décrivez-la",
        max_length=CRISIS_FIELD_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    place_text = forms.CharField(label="Où ?", max_length=CRISIS_SHORT_CHARS)
    territory = forms.ModelChoiceField(
        queryset=Territory.objects.filter(is_current=True), required=False, widget=forms.HiddenInput
    )
    actor = forms.CharField(label="Qui la mène ?", max_length=CRISIS_SHORT_CHARS, required=False)
    contact_name = forms.CharField(label="Votre nom", max_length=CRISIS_SHORT_CHARS, required=False)
    contact_email = forms.EmailField(label="Votre courriel", required=False)
    contact_phone = forms.CharField(label="Ou votre téléphone", max_length=30, required=False)
    site_web = forms.CharField(required=False, max_length=CRISIS_FIELD_CHARS)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.error_messages["required"] = {
                "title": "Dites en quelques mots ce que fait l'initiative.",
                "description": "Décrivez l'initiative.",
                "place_text": "Indiquez où l'initiative a lieu (commune, quartier, département…).",
            }.get(name, "Ce champ est obligatoire.")
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = (
                    f"Ce texte est trop long : {field.max_length} caractères au plus."
                )
        self.fields["contact_email"].error_messages["invalid"] = "Saisissez une adresse de courriel valide."

    def clean(self) -> dict:
        cleaned = super().clean()
        if "territory" in self.errors:
            del self.errors["territory"]
            cleaned["territory"] = None
        no_contact = not (cleaned.get("contact_email") or cleaned.get("contact_phone"))
        if no_contact and not self.is_spam and "contact_email" not in self.errors:
            self.add_error(
                "contact_email",
                "Laissez un courriel ou un téléphone, pour que l'équipe puisse vous recontacter.",
            )
        return cleaned

    @property
    def is_spam(self) -> bool:
        return bool((self.data.get("site_web") or "").strip())

"""Forms of the campaigns' pages: campaign edition, contacts import, the invited person's account."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation

from essaim.accounts.models import User
from essaim.contributions.campaigns import OPTIONAL_FIELDS, RESERVED_SLUGS
from essaim.contributions.models import Campaign

MAX_CONTACTS_FILE = 5 * 1024 * 1024
CONTACTS_EXTENSIONS = (".csv", ".txt", ".tsv", ".xlsx")


class AccessibleForm:
    """Links each invalid field to its messages (aria-describedby), as the `_field.html` template
    renders them (`<id>_erreurs`, Django's `<id>_helptext`)."""

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name not in self.fields:  # type: ignore[attr-defined]
                continue
            bound = self[name]  # type: ignore[index]
            described = [f"{bound.auto_id}_erreurs"]
            if bound.help_text:
                described.append(f"{bound.auto_id}_helptext")
            self.fields[name].widget.attrs["aria-describedby"] = " ".join(described)  # type: ignore[attr-defined]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CampaignForm(AccessibleForm, forms.ModelForm):
    required_fields = forms.MultipleChoiceField(
        label="Champs facultatifs rendus obligatoires",
        choices=OPTIONAL_FIELDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="L'intitulé, le résumé, le territoire et le porteur sont toujours obligatoires.",
    )

    class Meta:
        model = Campaign
        fields = [
            "title",
            "slug",
            "kind",
            "description",
            "introduction",
            "audience",
            "opens_on",
            "closes_on",
            "required_fields",
        ]
        widgets = {
            "opens_on": DateInput(),
            "closes_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "introduction": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "slug": "Lettres minuscules, chiffres et tirets ; laissée vide, elle est tirée du titre.",
            "introduction": "Affiché en tête de la page de la campagne et dans les invitations.",
            "kind": "Sur invitation : des contributeurs invités par courriel. "
            "Formulaire de crise : public, sans compte.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["opens_on"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        self.fields["closes_on"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug") or ""
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError("Cette adresse est réservée : choisissez-en une autre.")
        return slug

    def clean(self):
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", "La clôture doit suivre l'ouverture.")
        return cleaned

    def validate_constraints(self, exclude=None):
        # The dates' order is reported on the field above, in plain French.
        return None


class ContactsImportForm(AccessibleForm, forms.Form):
    file = forms.FileField(
        label="Fichier de contacts (CSV ou Excel)",
        help_text="Colonnes : nom, courriel, organisation, territoire (code INSEE ou nom, facultatif). "
        "Séparateur virgule, point-virgule ou tabulation ; encodage UTF-8 ou Windows-1252.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CONTACTS_FILE:
            raise forms.ValidationError("Le fichier dépasse 5 Mo : découpez-le.")
        if not upload.name.lower().endswith(CONTACTS_EXTENSIONS):
            raise forms.ValidationError("Choisissez un fichier CSV (.csv) ou Excel (.xlsx).")
        return upload


class SignupForm(AccessibleForm, forms.Form):
    """The account of an invited person: the address is the invitation's, the password theirs."""

    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    password1 = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Au moins 10 caractères, ni trop courant, ni uniquement des chiffres, "
        "ni proche de votre nom.",
    )
    password2 = forms.CharField(
        label="Confirmation du mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "Les deux mots de passe ne sont pas identiques.")
        elif first:
            user = User(
                username=self.email,
                email=self.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

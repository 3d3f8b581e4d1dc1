"""Forms of the sources' pages: they read input; `sources.py` judges it."""

from __future__ import annotations

from django import forms

from essaim.watch.extraction import FIELDS
from essaim.watch.models import Schedule, SourceKind


class SourceForm(forms.Form):
    name = forms.CharField(label="Nom de la source", max_length=200)
    kind = forms.ChoiceField(label="Type de source", choices=SourceKind.choices, widget=forms.RadioSelect)
    url = forms.CharField(
        label="Adresse (flux ou page web)",
        required=False,
        max_length=1000,
        help_text="Pour un flux RSS/Atom ou une page web : l'adresse complète, commençant par https://.",
        widget=forms.URLInput,
    )
    file = forms.FileField(
        label="Fichier (document ou tableau)",
        required=False,
        help_text="PDF, DOCX, ODT, HTML, TXT, ou tableau CSV, XLSX, ODS ; 20 Mo au plus.",
    )
    schedule = forms.ChoiceField(label="Fréquence", choices=Schedule.choices, initial=Schedule.MANUAL)
    is_active = forms.BooleanField(
        label="Source active (exécutée selon sa fréquence)", required=False, initial=True
    )

    def __init__(self, *args, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["kind"].disabled = True
            self.fields["kind"].required = False
            self.fields["file"].help_text = "Déposez le nouveau fichier reçu du partenaire, s'il y en a un."


class MappingForm(forms.Form):
    """One select per field, listing the file's headers."""

    def __init__(self, *args, headers: list[str], initial_columns: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "— aucune colonne —"), *((header, header) for header in headers)]
        for name, label in FIELDS.items():
            self.fields[name] = forms.ChoiceField(
                label=label + (" (obligatoire)" if name == "title" else ""),
                choices=choices,
                required=False,
                initial=initial_columns.get(name, ""),
            )

    def columns(self) -> dict[str, str]:
        return {name: value for name, value in self.cleaned_data.items() if value}

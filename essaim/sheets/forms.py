"""Forms of the fiche pages: one textarea per section (a small HTML subset), a note, a review comment."""

from django import forms

from essaim.sheets.sanitize import ALLOWED_TAGS
from essaim.sheets.sections import SECTIONS

HELP = (
    "Balises acceptées : "
    + ", ".join(f"<{tag}>" for tag in sorted(ALLOWED_TAGS))
    + ". Le reste (scripts, styles, attributs d'événement, liens javascript:) est retiré "
    "à l'enregistrement."
)


class SheetEditForm(forms.Form):
    """Every section of the fiche; sanitising is the service's job, not the form's."""

    note = forms.CharField(
        label="Note de version (facultatif)",
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": "Ce qui a changé"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for code, title in SECTIONS:
            self.fields[code] = forms.CharField(
                label=title,
                required=False,
                widget=forms.Textarea(attrs={"rows": 6, "class": "rich"}),
            )

    def section_fields(self) -> list:
        return [self[code] for code, _ in SECTIONS]


class ReviewNoteForm(forms.Form):
    note = forms.CharField(
        label="Commentaire de relecture", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

"""Forms of the saved searches: validate the name and the frequency, nothing more."""

from django import forms

from essaim.publication.models import Frequency, SavedSearch
from essaim.publication.saved_searches import saved_searches_of

MAX_SAVED_PER_USER = 50


class SavedSearchForm(forms.Form):
    name = forms.CharField(label="Nom de la recherche", max_length=120)
    frequency = forms.ChoiceField(
        label="Recevoir les nouvelles initiatives par courriel",
        choices=Frequency.choices,
        initial=Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Donnez un nom à cette recherche.")
        return name


class SavedSearchCreateForm(SavedSearchForm):
    recherche = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if saved_searches_of(self.user).count() >= MAX_SAVED_PER_USER:
            raise forms.ValidationError(
                f"Vous avez déjà {MAX_SAVED_PER_USER} recherches enregistrées : supprimez-en une d'abord."
            )
        return cleaned


def initial_of(saved: SavedSearch) -> dict[str, str]:
    return {"name": saved.name, "frequency": saved.frequency}

"""Forms of the initiative page for staff: declare an adoption, record a follow-up.

They only validate input; `catalog.adoption` and `catalog.follow_up` perform the writes.
"""

import datetime as dt

from django import forms

from essaim.catalog.models import AdoptionKind, FollowUpStatus

# A browser's date field only takes ISO dates (the French format would leave it empty).
_DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def _today() -> dt.date:
    return dt.date.today()  # noqa: DTZ011 -- a calendar date offered as a default


class AdoptionForm(forms.Form):
    adopter = forms.IntegerField(
        label="N° de l'initiative adoptante",
        min_value=1,
        help_text="La copie, sur son propre territoire : le numéro qui suit /initiatives/ dans son adresse.",
    )
    kind = forms.ChoiceField(label="Type", choices=AdoptionKind.choices, widget=forms.RadioSelect)
    adopted_on = forms.DateField(label="Date de l'adoption", initial=_today, widget=_DATE)
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    prefix = "adoption"


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label="Statut", choices=FollowUpStatus.choices)
    observed_on = forms.DateField(label="Date", initial=_today, widget=_DATE)
    source_text = forms.CharField(
        label="Source",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Qui l'a rapporté, où et quand (un texte, une adresse ou les deux).",
    )
    source_url = forms.URLField(label="Adresse de la source", required=False, assume_scheme="https")

    prefix = "suivi"

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("source_text", "").strip() and not cleaned.get("source_url"):
            raise forms.ValidationError("Indiquez la source : un texte, une adresse ou les deux.")
        return cleaned

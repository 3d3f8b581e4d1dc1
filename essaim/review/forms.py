"""Selection forms: they read input; the services (scoring, shortlist, decisions) judge it."""

from django import forms

from essaim.catalog.models import EvidenceLevel
from essaim.review import grid as rules
from essaim.review.models import Assessment, Criterion, Outcome, TransferType
from essaim.review.scoring import comment_field, score_field
from essaim.review.shortlist import experts_available


def level_choices(criterion: Criterion) -> list[tuple[str, str]]:
    """Radio choices of a criterion, highest level first, each with its descriptor."""
    descriptors = {level.value: level.descriptor for level in criterion.levels.all()}
    return [
        (
            str(value),
            f"{rules.level_label(criterion.tier, value).capitalize()} — {descriptors.get(value, '')}".rstrip(
                " —"
            ),
        )
        for value in reversed(rules.scale_of(criterion.tier))
    ]


class ExpertsForm(forms.Form):
    experts = forms.ModelMultipleChoiceField(
        label="Experts chargés de l'évaluer (deux au moins)",
        queryset=experts_available(),
        widget=forms.CheckboxSelectMultiple,
        required=False,  # "at least two" is the service's rule, with its own message
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["experts"].queryset = experts_available()


class AssessmentForm(forms.Form):
    """One radio group and one comment per criterion, plus evidence level and transfer type."""

    evidence_level = forms.CharField(
        label="Niveau de preuve", required=False, widget=forms.RadioSelect(choices=EvidenceLevel.choices)
    )
    transfer_type = forms.CharField(
        label="Type de transfert envisageable",
        required=False,
        widget=forms.RadioSelect(choices=TransferType.choices),
    )
    comment = forms.CharField(
        label="Appréciation générale", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, data=None, *, criteria: list[Criterion], assessment: Assessment) -> None:
        # Without data, the form shows the saved draft (save and resume).
        super().__init__(data, initial=None if data is not None else self._initial(assessment))
        self.criteria = criteria
        for criterion in criteria:
            self.fields[score_field(criterion.code)] = forms.CharField(
                label=criterion.label,
                required=False,
                widget=forms.RadioSelect(choices=level_choices(criterion)),
            )
            self.fields[comment_field(criterion.code)] = forms.CharField(
                label=f"Commentaire sur « {criterion.label} »",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @staticmethod
    def _initial(assessment: Assessment) -> dict[str, str]:
        initial = {
            "evidence_level": assessment.evidence_level,
            "transfer_type": assessment.transfer_type,
            "comment": assessment.comment,
        }
        for score in assessment.scores.select_related("criterion"):
            code = score.criterion.code
            initial[score_field(code)] = "" if score.value is None else str(score.value)
            initial[comment_field(code)] = score.comment
        return initial

    def tiers(self) -> list[tuple[str, list[tuple[Criterion, forms.BoundField, forms.BoundField]]]]:
        """(tier title, [(criterion, score field, comment field)]) in grid order, for the template."""
        grouped = []
        for tier in rules.TIERS:
            rows = [
                (c, self[score_field(c.code)], self[comment_field(c.code)])
                for c in self.criteria
                if c.tier == tier
            ]
            if rows:
                grouped.append((rules.TIER_TITLES[tier], rows))
        return grouped

    def scores(self) -> dict[str, str]:
        return {c.code: self.cleaned_data.get(score_field(c.code), "") for c in self.criteria}

    def comments(self) -> dict[str, str]:
        return {c.code: self.cleaned_data.get(comment_field(c.code), "") for c in self.criteria}


class ReconciliationForm(forms.Form):
    value = forms.CharField(label="Note retenue", required=False)
    reason = forms.CharField(label="Motif", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, criterion: Criterion, **kwargs) -> None:
        super().__init__(*args, prefix=f"arbitrage-{criterion.code}", **kwargs)
        self.criterion = criterion
        self.fields["value"].widget = forms.RadioSelect(choices=level_choices(criterion))


class DecisionForm(forms.Form):
    outcome = forms.CharField(
        label="Décision", required=False, widget=forms.RadioSelect(choices=Outcome.choices)
    )
    rationale = forms.CharField(label="Motivation", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ContributorMessageForm(forms.Form):
    subject = forms.CharField(label="Objet", required=False, max_length=200)
    body = forms.CharField(
        label="Message au contributeur", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

"""Aggregation rules on hand-computed examples (pure: no database)."""

import pytest

from essaim.review.aggregation import (
    AWAITING,
    GATE_FAILED,
    GATE_UNDECIDED,
    GATES_PASSED,
    aggregate,
    gate_majority,
    ranking_order,
    weighted_mean,
)
from essaim.review.grid import CORE, GATE, QUALIFIER, CriterionSpec, check_score

CRITERIA = [
    CriterionSpec("champ", "Dans le champ de l'action sociale", GATE, 1),
    CriterionSpec("efficacite", "Efficacité", CORE, 2),
    CriterionSpec("cout", "Efficience et coût", CORE, 1),
    CriterionSpec("partenariat", "Partenariat", QUALIFIER, 1),
]
SCORES = {
    "alice": {"champ": 1, "efficacite": 5, "cout": 2, "partenariat": 3},
    "bruno": {"champ": 1, "efficacite": 3, "cout": 4, "partenariat": 4},
}


def _result(agg, code):
    return next(r for r in agg.criteria if r.spec.code == code)


def test_weighted_scores_per_tier_and_overall_by_hand():
    """Means 4 / 3 / 3.5: core (2×4 + 1×3)/3 = 3.667, qualifiers 3.5, overall (8 + 3 + 3.5)/4 = 3.625."""
    agg = aggregate(CRITERIA, SCORES)

    assert _result(agg, "efficacite").mean == 4
    assert agg.tier_scores[CORE] == pytest.approx(11 / 3)
    assert agg.tier_scores[QUALIFIER] == pytest.approx(3.5)
    assert agg.score == pytest.approx(3.625)
    # Each expert's own weighted score: Alice (10 + 2 + 3)/4 = 3.75, Bruno (6 + 4 + 4)/4 = 3.5.
    assert agg.expert_scores == {"alice": pytest.approx(3.75), "bruno": pytest.approx(3.5)}
    assert agg.spread == pytest.approx(0.25)
    assert agg.gate_status == GATES_PASSED and agg.ranked


def test_disagreement_flagged_from_two_points_apart():
    """5 vs 3 and 2 vs 4 are disagreements (gap 2); 3 vs 4 is not; equal gate answers are not."""
    agg = aggregate(CRITERIA, SCORES)

    assert agg.disagreements == ("efficacite", "cout")
    assert _result(agg, "efficacite").spread == 2
    assert not _result(agg, "partenariat").disagreement
    assert agg.unresolved == ("efficacite", "cout")


def test_reconciliation_replaces_the_mean_and_resolves_the_disagreement():
    """Reconciled at 3, effectiveness counts 3 instead of 4: core (6 + 3)/3 = 3, overall 12.5/4."""
    agg = aggregate(CRITERIA, SCORES, {"efficacite": 3})

    assert _result(agg, "efficacite").final == 3
    assert agg.tier_scores[CORE] == pytest.approx(3)
    assert agg.score == pytest.approx(3.125)
    assert agg.unresolved == ("cout",)
    assert agg.disagreements == ("efficacite", "cout")  # still shown as a disagreement, now reconciled


def test_gate_failed_by_majority_excludes_from_ranking():
    """Two experts out of three answer "non" to a gate: the initiative is excluded."""
    scores = {name: dict(SCORES["alice"]) for name in ("a", "b", "c")}
    scores["a"]["champ"] = scores["b"]["champ"] = 0
    agg = aggregate(CRITERIA, scores)

    assert agg.gate_status == GATE_FAILED
    assert not agg.ranked
    assert "champ" in agg.disagreements


def test_gate_tie_is_undecided_until_reconciled():
    """One "oui", one "non": excluded while undecided; a reconciled "oui" brings it back."""
    scores = {"a": {**SCORES["alice"], "champ": 1}, "b": {**SCORES["bruno"], "champ": 0}}

    assert aggregate(CRITERIA, scores).gate_status == GATE_UNDECIDED
    assert aggregate(CRITERIA, scores, {"champ": 1}).ranked
    assert aggregate(CRITERIA, scores, {"champ": 0}).gate_status == GATE_FAILED


def test_no_submitted_assessment_means_no_score():
    agg = aggregate(CRITERIA, {})
    assert agg.score is None and not agg.ranked and agg.experts == 0
    assert agg.gate_status == AWAITING and agg.gate_label.startswith("Pas encore classée")


def test_ranking_puts_excluded_and_empty_after():
    """Ranked by score (highest first), then the excluded ones whatever their score."""
    high = aggregate(CRITERIA, {"a": {**SCORES["alice"], "efficacite": 5, "cout": 5}})
    low = aggregate(CRITERIA, SCORES)
    excluded = aggregate(CRITERIA, {"a": {**SCORES["alice"], "champ": 0, "efficacite": 5, "cout": 5}})

    ordered = ranking_order([excluded, low, high], lambda agg: agg)
    assert ordered == [high, low, excluded]
    assert ranking_order([excluded, low, high], lambda agg: agg, descending=False) == [low, high, excluded]


def test_weighted_mean_ignores_missing_values():
    assert weighted_mean([(2, 4), (1, None), (1, 1)]) == 3
    assert weighted_mean([(1, None)]) is None
    assert gate_majority([1, 1, 0]) == 1 and gate_majority([1, 0]) is None


@pytest.mark.parametrize(
    ("raw", "required", "message"),
    [
        ("6", False, "Note invalide : la note doit être un nombre entier entre 1 et 5."),
        ("0", True, "Note invalide : la note doit être un nombre entier entre 1 et 5."),
        ("trois", False, "Note invalide : la note doit être un nombre entier entre 1 et 5."),
        ("", True, "Choisissez une note de 1 à 5 pour ce critère avant de soumettre."),
    ],
)
def test_score_checks_speak_french(raw, required, message):
    assert check_score(CRITERIA[1], raw, required=required) == (None, message)


def test_score_checks_accept_the_scale():
    assert check_score(CRITERIA[1], "5", required=True) == (5, None)
    assert check_score(CRITERIA[0], 0, required=True) == (0, None)
    assert (
        check_score(CRITERIA[0], "2", required=True)[1] == "Réponse invalide : choisissez « oui » ou « non »."
    )
    assert check_score(CRITERIA[1], "", required=False) == (None, None)

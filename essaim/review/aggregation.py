"""Aggregation of the experts' scores: weighted scores, spread, disagreements, gates, ranking.

Pure (no Django): it works on `CriterionSpec`s and plain dicts of scores, so the rules below are
unit-tested by hand-computed examples.

- A scored criterion's final value is the analyst's reconciled score if there is one, otherwise the
  mean of the experts' scores.
- A tier's score is the weighted mean of its criteria's final values (on the 1–5 scale); the
  initiative's score is the weighted mean over every core and qualifier criterion.
- Experts disagree on a scored criterion when their scores are `DISAGREEMENT_GAP` points apart or
  more; on a gate criterion, as soon as their answers differ.
- A gate's final answer is the reconciled one, otherwise the majority; a tie stays undecided.
  An initiative failing a gate is excluded from the ranking, and so is one with an undecided gate
  (until an analyst reconciles it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from essaim.review.grid import GATE, GATE_NO, GATE_YES, SCORED_TIERS, CriterionSpec

DISAGREEMENT_GAP = 2

GATES_PASSED = "franchis"
GATE_FAILED = "echec"
GATE_UNDECIDED = "a_arbitrer"
AWAITING = "en_attente"  # no submitted assessment yet
GATE_STATUS_LABELS = {
    AWAITING: "Pas encore classée : aucune évaluation soumise",
    GATES_PASSED: "Critères éliminatoires franchis",
    GATE_FAILED: "Exclue : critère éliminatoire non satisfait",
    GATE_UNDECIDED: "Exclue tant qu'un critère éliminatoire n'est pas arbitré",
}

T = TypeVar("T")
Scores = Mapping[str, Mapping[str, int]]  # expert -> criterion code -> value


@dataclass(frozen=True)
class CriterionResult:
    """One criterion across the experts who submitted."""

    spec: CriterionSpec
    values: tuple[int, ...]
    reconciled: int | None
    mean: float | None
    spread: int | None
    disagreement: bool
    final: float | None  # for a gate: 1.0 (oui), 0.0 (non) or None (undecided)

    @property
    def needs_reconciliation(self) -> bool:
        return self.disagreement and self.reconciled is None


@dataclass(frozen=True)
class Aggregate:
    """Everything the ranking and the comparison page show about one shortlisted initiative."""

    criteria: tuple[CriterionResult, ...]
    tier_scores: dict[str, float | None]
    score: float | None
    expert_scores: dict[str, float | None]
    spread: float | None  # between the experts' own weighted scores
    gate_status: str
    experts: int
    disagreements: tuple[str, ...] = field(default=())

    @property
    def ranked(self) -> bool:
        """Part of the ranking: every gate passed and at least one submitted assessment."""
        return self.gate_status == GATES_PASSED and self.score is not None

    @property
    def unresolved(self) -> tuple[str, ...]:
        return tuple(result.spec.code for result in self.criteria if result.needs_reconciliation)

    @property
    def gate_label(self) -> str:
        return GATE_STATUS_LABELS[self.gate_status]


def weighted_mean(pairs: Iterable[tuple[float, float | None]]) -> float | None:
    """Weighted mean of (weight, value) pairs, values None left out; None when nothing is left."""
    total = weight_sum = 0.0
    for weight, value in pairs:
        if value is None:
            continue
        total += weight * value
        weight_sum += weight
    return total / weight_sum if weight_sum else None


def is_disagreement(spec: CriterionSpec, values: Sequence[int]) -> bool:
    """Experts disagree: two points apart or more, or different answers to a yes/no gate."""
    if len(values) < 2:
        return False
    if spec.tier == GATE:
        return len(set(values)) > 1
    return max(values) - min(values) >= DISAGREEMENT_GAP


def gate_majority(values: Sequence[int]) -> int | None:
    """The majority answer to a gate criterion, None on a tie (or without answers)."""
    yes = sum(1 for value in values if value == GATE_YES)
    no = len(values) - yes
    if yes == no:
        return None
    return GATE_YES if yes > no else GATE_NO


def _criterion(spec: CriterionSpec, values: tuple[int, ...], reconciled: int | None) -> CriterionResult:
    mean = sum(values) / len(values) if values else None
    spread = max(values) - min(values) if values else None
    if spec.tier == GATE:
        decided = reconciled if reconciled is not None else gate_majority(values)
        final = None if decided is None else float(decided)
    else:
        final = float(reconciled) if reconciled is not None else mean
    return CriterionResult(
        spec=spec,
        values=values,
        reconciled=reconciled,
        mean=mean,
        spread=spread,
        disagreement=is_disagreement(spec, values),
        final=final,
    )


def _gate_status(results: Sequence[CriterionResult]) -> str:
    gates = [result for result in results if result.spec.tier == GATE]
    if any(result.final == GATE_NO for result in gates):
        return GATE_FAILED
    if any(result.final is None for result in gates):
        return GATE_UNDECIDED
    return GATES_PASSED


def aggregate(
    criteria: Sequence[CriterionSpec], scores: Scores, reconciled: Mapping[str, int] | None = None
) -> Aggregate:
    """Aggregate the submitted assessments of one initiative (`scores`: one dict per expert)."""
    reconciled = reconciled or {}
    experts = list(scores)
    results = tuple(
        _criterion(
            spec,
            tuple(scores[expert][spec.code] for expert in experts if spec.code in scores[expert]),
            reconciled.get(spec.code),
        )
        for spec in criteria
    )
    scored = [result for result in results if result.spec.tier in SCORED_TIERS]
    tier_scores = {
        tier: weighted_mean((r.spec.weight, r.final) for r in scored if r.spec.tier == tier)
        for tier in SCORED_TIERS
    }
    expert_scores = {
        expert: weighted_mean(
            (spec.weight, scores[expert].get(spec.code)) for spec in criteria if spec.tier in SCORED_TIERS
        )
        for expert in experts
    }
    own = [value for value in expert_scores.values() if value is not None]
    return Aggregate(
        criteria=results,
        tier_scores=tier_scores,
        score=weighted_mean((r.spec.weight, r.final) for r in scored) if experts else None,
        expert_scores=expert_scores,
        spread=max(own) - min(own) if own else None,
        gate_status=_gate_status(results) if experts else AWAITING,
        experts=len(experts),
        disagreements=tuple(result.spec.code for result in results if result.disagreement),
    )


@dataclass(frozen=True)
class SortKey:
    """A ranking column one may sort by: its URL value, French label and how to read it."""

    param: str
    label: str
    read: Callable[[Aggregate], float | None]


SORT_KEYS: dict[str, SortKey] = {
    "score": SortKey("score", "Score pondéré", lambda a: a.score),
    "essentiel": SortKey("essentiel", "Critères essentiels", lambda a: a.tier_scores.get("essentiel")),
    "complementaire": SortKey(
        "complementaire", "Critères complémentaires", lambda a: a.tier_scores.get("complementaire")
    ),
    "ecart": SortKey("ecart", "Écart entre experts", lambda a: a.spread),
    "desaccords": SortKey("desaccords", "Désaccords", lambda a: float(len(a.disagreements))),
}


def ranking_order(
    items: Sequence[T],
    aggregate_of: Callable[[T], Aggregate],
    *,
    sort: str = "score",
    descending: bool = True,
) -> list[T]:
    """Ranked items first (by the sort column), then the excluded ones; empty values last."""
    key = SORT_KEYS.get(sort, SORT_KEYS["score"])

    def order(item: T) -> tuple[int, int, float]:
        agg = aggregate_of(item)
        value = key.read(agg)
        missing = value is None
        number = 0.0 if value is None else (-value if descending else value)
        return (0 if agg.ranked else 1, 1 if missing else 0, number)

    return sorted(items, key=order)

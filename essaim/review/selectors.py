"""Reads of the selection: an expert's assignments, an entry's aggregate, the ranking rows."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404

from essaim.review.aggregation import Aggregate, aggregate, ranking_order
from essaim.review.models import (
    Assessment,
    AssessmentStatus,
    Criterion,
    Decision,
    Grid,
    ShortlistEntry,
)
from essaim.review.versions import grid_criteria


def assignments_of(expert) -> list[Assessment]:
    """The assessments entrusted to this expert (never anyone else's)."""
    return list(
        Assessment.objects.filter(expert=expert)
        .select_related("entry__initiative__territory", "grid")
        .order_by("status", "-assigned_at")
    )


def assessment_of(expert, pk: int) -> Assessment:
    """One of the expert's own assessments; 404 for anyone else's, so their existence is not revealed."""
    try:
        return Assessment.objects.select_related("entry__initiative__territory", "grid").get(
            pk=pk, expert=expert
        )
    except Assessment.DoesNotExist as missing:
        raise Http404("Évaluation introuvable.") from missing


def _entries():
    submitted = Assessment.objects.filter(status=AssessmentStatus.SUBMITTED).prefetch_related(
        "scores__criterion"
    )
    return ShortlistEntry.objects.select_related(
        "initiative__territory", "grid", "decision", "decision__decided_by"
    ).prefetch_related(
        Prefetch("assessments", queryset=Assessment.objects.select_related("expert")),
        Prefetch("assessments", queryset=submitted, to_attr="submitted"),
        "reconciliations",
    )


def entry_get(pk: int) -> ShortlistEntry:
    try:
        return _entries().get(pk=pk)
    except ShortlistEntry.DoesNotExist as missing:
        raise Http404("Présélection introuvable.") from missing


def _expert_key(assessment: Assessment) -> str:
    return str(assessment.expert_id)


def entry_aggregate(entry: ShortlistEntry, criteria: list[Criterion] | None = None) -> Aggregate:
    """Aggregate the submitted assessments of an entry with its reconciliations (prefetched by `_entries`)."""
    criteria = criteria if criteria is not None else grid_criteria(entry.grid)
    submitted = getattr(entry, "submitted", None)
    if submitted is None:
        submitted = list(
            entry.assessments.filter(status=AssessmentStatus.SUBMITTED).prefetch_related("scores__criterion")
        )
    scores = {
        _expert_key(assessment): {
            score.criterion.code: score.value for score in assessment.scores.all() if score.value is not None
        }
        for assessment in submitted
    }
    codes = {criterion.pk: criterion.code for criterion in criteria}
    reconciled = {
        codes[r.criterion_id]: r.value for r in entry.reconciliations.all() if r.criterion_id in codes
    }
    return aggregate([criterion.spec for criterion in criteria], scores, reconciled)


@dataclass
class RankingRow:
    entry: ShortlistEntry
    aggregate: Aggregate
    assigned: int
    submitted: int
    rank: int | None = None

    @property
    def decision(self) -> Decision | None:
        return getattr(self.entry, "decision", None)


@dataclass(frozen=True)
class RankingFilters:
    """Filters of the ranking table, read from the query string (French parameter names)."""

    decision: str = ""  # an Outcome value, "aucune" or ""
    grid: int | None = None
    status: str = ""  # "classees", "exclues", "desaccords" or ""
    sort: str = "score"
    descending: bool = True


def _kept(row: RankingRow, filters: RankingFilters) -> bool:
    outcome = row.decision.outcome if row.decision else "aucune"
    checks = (
        not filters.decision or outcome == filters.decision,
        filters.grid is None or row.entry.grid_id == filters.grid,
        filters.status != "classees" or row.aggregate.ranked,
        filters.status != "exclues" or not row.aggregate.ranked,
        filters.status != "desaccords" or bool(row.aggregate.unresolved),
    )
    return all(checks)


def ranking(filters: RankingFilters | None = None) -> list[RankingRow]:
    """Shortlisted initiatives, ranked (excluded ones after, with their reason), filtered."""
    filters = filters or RankingFilters()
    criteria_by_grid: dict[int, list[Criterion]] = {}
    rows = []
    for entry in _entries():
        if entry.grid_id not in criteria_by_grid:
            criteria_by_grid[entry.grid_id] = grid_criteria(entry.grid)
        rows.append(
            RankingRow(
                entry=entry,
                aggregate=entry_aggregate(entry, criteria_by_grid[entry.grid_id]),
                assigned=len(entry.assessments.all()),
                submitted=len(entry.submitted),
            )
        )
    # The rank is the position by score among ranked initiatives, whatever the table's sort.
    by_score = ranking_order(rows, lambda row: row.aggregate, sort="score")
    for position, row in enumerate((row for row in by_score if row.aggregate.ranked), start=1):
        row.rank = position
    ordered = ranking_order(rows, lambda row: row.aggregate, sort=filters.sort, descending=filters.descending)
    return [row for row in ordered if _kept(row, filters)]


def grids_in_use() -> Iterable[Grid]:
    return Grid.objects.filter(entries__isnull=False).distinct().order_by("name", "version")

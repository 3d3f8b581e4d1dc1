"""Reads of the inbox: the filtered queue, counts per source, one candidate with its neighbours."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from essaim.catalog.models import Initiative
from essaim.inbox.models import Candidate, CandidateStatus, Origin

ALL = "toutes"  # the status filter's value for "every status"


@dataclass(frozen=True)
class InboxFilters:
    """The list's filters, read from the query string (unknown values are ignored)."""

    origin: str = ""
    status: str = CandidateStatus.PENDING
    campaign: str = ""
    departement: str = ""
    theme: str = ""
    duplicate: bool = False

    @classmethod
    def from_params(cls, get: Callable[[str, str], str]) -> InboxFilters:
        origin = get("origine", "")
        status = get("statut", CandidateStatus.PENDING)
        return cls(
            origin=origin if origin in Origin.values else "",
            status=status if status in {*CandidateStatus.values, ALL} else CandidateStatus.PENDING,
            campaign=get("campagne", "").strip()[:200],
            departement=get("departement", "").strip().upper()[:3],
            theme=get("theme", "").strip()[:60],
            duplicate=get("doublon", "") == "1",
        )


def candidates_filtered(filters: InboxFilters) -> QuerySet[Candidate]:
    """Candidates by decreasing confidence, then newest first."""
    candidates = Candidate.objects.select_related("territory", "decided_by", "initiative")
    if filters.status != ALL:
        candidates = candidates.filter(status=filters.status)
    if filters.origin:
        candidates = candidates.filter(origin=filters.origin)
    if filters.campaign:
        candidates = candidates.filter(campaign=filters.campaign)
    if filters.departement:
        candidates = candidates.filter(departement_code=filters.departement)
    if filters.theme:
        candidates = candidates.filter(theme_index__contains=f" {filters.theme} ")
    if filters.duplicate:
        candidates = candidates.filter(has_duplicate=True)
    return candidates.order_by("-confidence", "-received_at", "-pk")


def pending_counts() -> dict[str, list[tuple[str, str, int]]]:
    """Pending candidates per origin and per campaign (value, label, count): where the work is."""
    pending = Candidate.objects.filter(status=CandidateStatus.PENDING)
    by_origin = dict(pending.values_list("origin").annotate(count=Count("pk")).values_list("origin", "count"))
    by_campaign = (
        pending.exclude(campaign="").values("campaign").annotate(count=Count("pk")).order_by("campaign")
    )
    return {
        "origins": [(value, label, by_origin.get(value, 0)) for value, label in Origin.choices],
        "campaigns": [(row["campaign"], row["campaign"], row["count"]) for row in by_campaign],
    }


def campaigns() -> list[str]:
    return list(
        Candidate.objects.exclude(campaign="")
        .order_by("campaign")
        .values_list("campaign", flat=True)
        .distinct()
    )


def candidate_get(pk: int) -> Candidate:
    return get_object_or_404(Candidate.objects.select_related("territory", "decided_by", "initiative"), pk=pk)


def duplicate_targets(candidate: Candidate) -> dict[int, Initiative]:
    """The directory's initiatives among the suggested duplicates, still there and not merged."""
    ids = [
        item["id"]
        for item in (candidate.suggestions or {}).get("duplicates", [])
        if item["kind"] == "initiative"
    ]
    return Initiative.objects.select_related("territory").in_bulk(ids)


def neighbours(candidate: Candidate, filters: InboxFilters) -> tuple[int | None, int | None]:
    """The previous and next candidates of the queue (for j/k and the links), or none when the
    candidate is not in it. Two indexed queries, however long the queue (keyset, not offsets)."""
    queue = candidates_filtered(filters)
    if not queue.filter(pk=candidate.pk).exists():
        return None, None
    confidence, received, pk = candidate.confidence, candidate.received_at, candidate.pk
    before = (
        Q(confidence__gt=confidence)
        | Q(confidence=confidence, received_at__gt=received)
        | Q(confidence=confidence, received_at=received, pk__gt=pk)
    )
    after = (
        Q(confidence__lt=confidence)
        | Q(confidence=confidence, received_at__lt=received)
        | Q(confidence=confidence, received_at=received, pk__lt=pk)
    )
    ids = queue.values_list("pk", flat=True)
    previous = ids.filter(before).order_by("confidence", "received_at", "pk").first()
    following = ids.filter(after).first()
    return previous, following

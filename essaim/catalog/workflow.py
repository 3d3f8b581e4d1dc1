"""The initiative lifecycle as an explicit state machine (merges have their own service)."""

from essaim.catalog.models import Status

# Allowed status changes. Merging is not here: only `initiative_merge` may set MERGED.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.SUBMITTED, Status.ARCHIVED}),
    Status.SUBMITTED: frozenset({Status.DRAFT, Status.QUALIFIED, Status.ARCHIVED}),
    Status.QUALIFIED: frozenset({Status.SUBMITTED, Status.PUBLISHED, Status.ARCHIVED}),
    Status.PUBLISHED: frozenset({Status.QUALIFIED, Status.ARCHIVED}),
    Status.ARCHIVED: frozenset({Status.QUALIFIED}),
    Status.MERGED: frozenset(),
}


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())

"""The one interface every search engine implements."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from essaim.search.documents import SearchDoc
from essaim.search.query import ParsedQuery

# Facets counted for every search; the map is the "departement" facet.
COUNTED_FACETS = (
    "theme",
    "public",
    "region",
    "departement",
    "porteur",
    "periode",
    "annee",
    "preuve",
    "statut",
)


@dataclass(frozen=True)
class SearchRequest:
    query: ParsedQuery
    selected: Mapping[str, tuple[str, ...]]
    statuses: tuple[str, ...]
    offset: int = 0
    limit: int = 20
    facets: tuple[str, ...] = COUNTED_FACETS
    sort: str = ""  # "" = relevance (recency when no text), "recent" = newest first


@dataclass
class SearchHits:
    total: int
    ids: list[int]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


class SearchBackend(Protocol):
    name: str

    def search(self, request: SearchRequest) -> SearchHits: ...

    def apply(self, *, upserts: Iterable[SearchDoc], deletions: Iterable[int]) -> None:
        """Index these documents (replacing older versions) and forget those ids."""

    def rebuild(self, docs: Iterable[SearchDoc]) -> int:
        """Replace the whole index by these documents; returns how many were indexed."""

    def size_bytes(self) -> int: ...


def disjunctive_plan(
    selected: Mapping[str, tuple[str, ...]], facets: tuple[str, ...]
) -> list[tuple[Mapping[str, tuple[str, ...]], tuple[str, ...]]]:
    """Which facet counts to compute under which filters.

    A facet's counts apply every active filter except its own (so one can widen a selection
    within a facet); facets with no active selection share one pass over all filters.
    """
    plain = tuple(key for key in facets if key not in selected)
    plan: list[tuple[Mapping[str, tuple[str, ...]], tuple[str, ...]]] = [(selected, plain)]
    for key in facets:
        if key in selected:
            others = {name: values for name, values in selected.items() if name != key}
            plan.append((others, (key,)))
    return plan

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

# Beyond this many matches, the total and the facet counts are estimated from a sample of the
# documents and shown as approximate ("environ …"), as web search engines do (Elasticsearch stops
# counting at 10,000 by default): counting every one of hundreds of thousands of matches would
# cost more than the rest of the page, and nobody reads a count that large to the unit.
EXACT_COUNT_LIMIT = 50_000
# Every document falls in one of SAMPLE_BUCKETS buckets by a hash of its id; an estimate counts
# the documents of the first few buckets, enough of them to count about SAMPLE_TARGET matches.
SAMPLE_BUCKETS = 64
SAMPLE_TARGET = 25_000


def sample_bucket(pk: int) -> int:
    """The sample bucket of a document: a multiplicative hash, so runs of ids spread evenly."""
    return ((pk * 2654435761) & 0xFFFFFFFF) * SAMPLE_BUCKETS >> 32


def sample_plan(estimated_matches: float, target: int = SAMPLE_TARGET) -> int:
    """How many buckets to count to see about SAMPLE_TARGET matches: a power of two (so an engine
    can index "bucket < 2^k" as one term), from 1 to SAMPLE_BUCKETS."""
    buckets = 1
    while buckets < SAMPLE_BUCKETS and estimated_matches * buckets < target * SAMPLE_BUCKETS:
        buckets *= 2
    return buckets


@dataclass(frozen=True)
class SearchRequest:
    query: ParsedQuery
    selected: Mapping[str, tuple[str, ...]]
    statuses: tuple[str, ...]
    offset: int = 0
    limit: int = 20
    facets: tuple[str, ...] = COUNTED_FACETS
    sort: str = ""  # "" = relevance (recency when no text), "recent" = newest first
    # Above this many matches, `SearchHits.total` and the facet counts may be estimates.
    exact_limit: int = EXACT_COUNT_LIMIT
    sample_target: int = SAMPLE_TARGET  # matches an estimate counts


@dataclass
class SearchHits:
    total: int
    ids: list[int]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    exact: bool = True  # False: some counts (the total or facet counts) are estimates from a sample
    total_exact: bool = True  # False: the total itself is an estimate


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

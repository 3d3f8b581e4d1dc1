"""The search service: one entry point for pages, feeds and benchmarks, whatever the engine."""

from __future__ import annotations

from dataclasses import dataclass, field

from essaim.search import sync
from essaim.search.analysis import fold
from essaim.search.backends.base import COUNTED_FACETS, SearchRequest
from essaim.search.filters import MAX_PAGE, SearchFilters
from essaim.search.models import SearchWord
from essaim.search.query import ParsedQuery, parse
from essaim.search.suggest import closest, max_edits

PAGE_SIZE = 20


@dataclass
class SearchOutcome:
    filters: SearchFilters
    query: ParsedQuery
    total: int
    ids: list[int]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str = ""
    page_size: int = PAGE_SIZE
    exact: bool = True  # False: some counts (facets, map, maybe the total) are estimates
    total_exact: bool = True

    @property
    def page_count(self) -> int:
        """Pages one can open (deep pages are not served)."""
        return min(MAX_PAGE, max(1, -(-self.total // self.page_size)))


def search(
    filters: SearchFilters,
    *,
    statuses: tuple[str, ...],
    page_size: int = PAGE_SIZE,
    facets: tuple[str, ...] = COUNTED_FACETS,
    sort: str = "",
    suggest: bool = True,
) -> SearchOutcome:
    """Ranked ids of one page, the total and every facet count, for the statuses one may see;
    with `suggest`, a corrected query when nothing is found (people's searches, not machines')."""
    sync.generation()
    parsed = parse(filters.q)
    request = SearchRequest(
        query=parsed,
        selected=filters.selected,
        statuses=statuses,
        offset=(filters.page - 1) * page_size,
        limit=page_size,
        facets=facets
        if "statut" in facets and len(statuses) > 1
        else tuple(k for k in facets if k != "statut"),
        sort=sort or filters.sort,
    )
    hits = sync.backend().search(request)
    outcome = SearchOutcome(
        filters,
        parsed,
        hits.total,
        hits.ids,
        hits.facets,
        page_size=page_size,
        exact=hits.exact,
        total_exact=hits.total_exact,
    )
    if suggest and hits.total == 0 and not parsed.is_empty:
        outcome.suggestion = did_you_mean(filters, statuses=statuses)
    return outcome


def did_you_mean(filters: SearchFilters, *, statuses: tuple[str, ...]) -> str:
    """A corrected query that finds something, or "" (words come from published texts only)."""
    parsed = parse(filters.q)
    replacements: dict[str, str] = {}
    for clause in parsed.required:
        word = clause.typed
        if clause.is_phrase or not word or SearchWord.objects.filter(word=word).exists():
            continue
        limit = max_edits(word)
        candidates = dict(
            SearchWord.objects.filter(
                word__startswith=word[0],
                word__regex=rf"^.{{{max(1, len(word) - limit)},{len(word) + limit}}}$",
            ).values_list("word", "doc_count")
        )
        better = closest(word, candidates)
        if better:
            replacements[word] = SearchWord.objects.get(word=better).display or better
    if not replacements:
        return ""
    corrected = " ".join(replacements.get(fold(token), token) for token in filters.q.split())
    check = SearchRequest(
        query=parse(corrected), selected=filters.selected, statuses=statuses, limit=1, facets=()
    )
    return corrected if sync.backend().search(check).total else ""

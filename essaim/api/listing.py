"""The initiatives list of the API: the directory's search service, paged with cursors.

The search itself (text, facets, visibility) is the directory's (`essaim.search.service`);
this module only walks its recency order, which is total (time, then id), page by page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from essaim.api.cursors import BadCursor, Cursor, cursor_decode, cursor_encode, search_key
from essaim.api.errors import ApiError
from essaim.catalog.selectors import initiatives_visible_to, visible_statuses
from essaim.publication.records import Record, records_by_id
from essaim.search import service
from essaim.search.filters import SearchFilters

# Items that may be published above a cursor between two pages and still be caught up with
# cheaply; beyond, the whole order is read once to find where the last page ended.
SLACK = 100
# Ids of the last items served that a cursor keeps, should the very last one be withdrawn.
REMEMBERED = 5


@dataclass(frozen=True)
class Page:
    items: list[Record]
    total: int
    total_exact: bool
    next_cursor: str | None


def _ordered_ids(filters: SearchFilters, *, user, count: int) -> tuple[list[int], int, bool]:
    outcome = service.search(
        filters, statuses=visible_statuses(user), page_size=count, facets=(), sort="recent"
    )
    return outcome.ids, outcome.total, outcome.total_exact


def _start_after(ids: list[int], cursor: Cursor) -> int | None:
    """Just after the last served item still listed (those served after it were withdrawn)."""
    positions = {pk: index for index, pk in enumerate(ids)}
    for pk in cursor.last_ids:
        if pk in positions:
            return positions[pk] + 1
    return None


def records_in_order(*, user, ids: list[int]) -> list[Record]:
    """Records of these initiatives, in this order, visibility checked again (index lag)."""
    found = records_by_id(initiatives_visible_to(user), ids)
    return [found[pk] for pk in ids if pk in found]


def initiatives_page(
    *, user, q: str, selected: Mapping[str, tuple[str, ...]], limit: int, cursor: str
) -> Page:
    """One page of the search, after `cursor` (the first page when empty)."""
    filters = SearchFilters(q=q, selected=dict(selected), sort="recent")
    key = search_key([("q", q), *((name, ",".join(values)) for name, values in selected.items())])
    position = Cursor(offset=0, last_ids=())
    if cursor:
        try:
            position = cursor_decode(cursor, search=key)
        except BadCursor as error:
            raise ApiError(400, str(error), "curseur_invalide") from error
    ids, total, exact = _ordered_ids(filters, user=user, count=position.offset + limit + SLACK + 1)
    start = 0
    if cursor:
        start_at = _start_after(ids, position)
        if start_at is None and len(ids) < total:  # moved far down: read the whole order once
            ids, total, exact = _ordered_ids(filters, user=user, count=total + 1)
            start_at = _start_after(ids, position)
        # Every remembered item was withdrawn: go on from the same position.
        start = start_at if start_at is not None else min(position.offset, len(ids))
    page_ids = ids[start : start + limit]
    more = start + limit < len(ids) or (start + limit < total and len(ids) < total)
    next_cursor = (
        cursor_encode(
            Cursor(offset=start + len(page_ids), last_ids=tuple(reversed(page_ids[-REMEMBERED:]))), search=key
        )
        if page_ids and more
        else None
    )
    return Page(records_in_order(user=user, ids=page_ids), total, exact, next_cursor)

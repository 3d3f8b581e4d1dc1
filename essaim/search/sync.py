"""Keep the index in step with the catalogue: drain the outbox, rebuild on demand."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F

from essaim.catalog.models import Initiative, Status
from essaim.search.analysis import surface_words
from essaim.search.backends.base import SearchBackend
from essaim.search.documents import SearchDoc, docs_for
from essaim.search.models import IndexQueue, SearchState, SearchWord

log = logging.getLogger(__name__)

DRAIN_BATCH = 2000


@cache
def _backend_for(vendor: str, path: str) -> SearchBackend:
    if vendor == "postgresql":
        from essaim.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    from essaim.search.backends.tantivy_index import TantivyBackend

    return TantivyBackend(Path(path))


def _fill(engine: SearchBackend) -> None:
    """Queue every initiative for a new embedded index, which fills itself before the next
    search (a large catalogue is better served by `essaim search_rebuild`, run once)."""
    try:
        with transaction.atomic():
            ids = Initiative.objects.values_list("pk", flat=True).iterator(chunk_size=DRAIN_BATCH)
            while chunk := [IndexQueue(initiative_id=pk) for pk in islice(ids, DRAIN_BATCH)]:
                IndexQueue.objects.bulk_create(chunk)
    except DatabaseError:  # tables not migrated yet: try again at the next search
        log.warning("Search index not filled: the database is not ready.", exc_info=True)
        return
    engine.mark_filled()


def backend() -> SearchBackend:
    """The engine for the current database: PostgreSQL's own, else the embedded Tantivy index."""
    chosen = getattr(settings, "ESSAIM_SEARCH_BACKEND", "auto")
    vendor = connection.vendor if chosen == "auto" else chosen
    return _backend_for(vendor, str(settings.ESSAIM_SEARCH_DIR))


def reset_backend() -> None:
    _backend_for.cache_clear()


def _vocabulary_add(docs: Iterable[SearchDoc]) -> None:
    """Count the words of published texts, for "did you mean" (never an unpublished word)."""
    counts: Counter[str] = Counter()
    displays: dict[str, str] = {}
    for doc in docs:
        _count_words(doc, counts, displays)
    _vocabulary_store(counts, displays)


def _count_words(doc: SearchDoc, counts: Counter[str], displays: dict[str, str]) -> None:
    if doc.status != Status.PUBLISHED:
        return
    found = surface_words(doc.title + " " + doc.body)
    counts.update(found.keys())
    for word, display in found.items():
        displays.setdefault(word, display)


def _vocabulary_store(counts: Counter[str], displays: dict[str, str], *, replace: bool = False) -> None:
    if replace:
        SearchWord.objects.all().delete()
    existing = (
        {}
        if replace
        else dict(SearchWord.objects.filter(word__in=list(counts)).values_list("word", "doc_count"))
    )
    rows = [
        SearchWord(word=word, display=displays[word], doc_count=count + existing.get(word, 0))
        for word, count in counts.items()
    ]
    SearchWord.objects.bulk_create(
        rows, batch_size=2000, update_conflicts=True, unique_fields=["word"], update_fields=["doc_count"]
    )


def index_pending(*, batch: int = DRAIN_BATCH) -> int:
    """Apply queued changes to the index; returns how many initiatives were processed.

    Queue rows are deleted only after the index accepted the change: if the engine is busy
    (another process writing) or fails, they stay and the next call retries.
    """
    processed = 0
    while True:
        rows = list(IndexQueue.objects.order_by("pk").values_list("pk", "initiative_id")[:batch])
        if not rows:
            return processed
        wanted = {initiative_id for _, initiative_id in rows}
        docs = list(docs_for(wanted))
        found = {doc.id for doc in docs}
        try:
            with transaction.atomic():
                backend().apply(upserts=docs, deletions=wanted - found)
                _vocabulary_add(docs)
                IndexQueue.objects.filter(pk__in=[pk for pk, _ in rows]).delete()
                _bump_generation()
        except (OSError, ValueError):
            log.warning(
                "Index busy or unavailable; %d change(s) left in the queue.", len(rows), exc_info=True
            )
            return processed
        processed += len(wanted)


def rebuild(docs: Iterable[SearchDoc] | None = None) -> int:
    """Rebuild the whole index (and vocabulary) from the catalogue."""
    counts: Counter[str] = Counter()
    displays: dict[str, str] = {}

    def counted(source: Iterable[SearchDoc]) -> Iterator[SearchDoc]:
        for doc in source:
            _count_words(doc, counts, displays)
            yield doc

    engine = backend()
    with transaction.atomic():
        queued = list(IndexQueue.objects.values_list("pk", flat=True))
        total = engine.rebuild(counted(docs if docs is not None else docs_for()))
        _vocabulary_store(counts, displays, replace=True)
        # By chunks: SQLite refuses statements of more than 250,000 parameters.
        for start in range(0, len(queued), DRAIN_BATCH):
            IndexQueue.objects.filter(pk__in=queued[start : start + DRAIN_BATCH]).delete()
        _bump_generation()
    return total


def _bump_generation() -> None:
    if not SearchState.objects.filter(pk=1).update(generation=F("generation") + 1):
        SearchState.objects.get_or_create(pk=1, defaults={"generation": 1})


def generation() -> int:
    """Apply pending changes, then say which state of the index searches now see."""
    engine = backend()
    if getattr(engine, "needs_filling", False):
        _fill(engine)
    if IndexQueue.objects.exists():
        index_pending()
    return SearchState.objects.filter(pk=1).values_list("generation", flat=True).first() or 0

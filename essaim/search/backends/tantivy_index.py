"""Embedded search engine: Tantivy indexes on disk next to the SQLite database.

Tantivy (Rust, via its official Python bindings) answers a ranked page, the total and every
facet count in a few milliseconds even at a million documents, where a plain SQLite FTS5
query plus GROUP BY counts takes tens to hundreds of milliseconds (docs/performance.md).

Two shards: the published initiatives, and all the others. Visitors, who see only the first,
search it with no status clause, so a bare text query is a plain union of terms that Tantivy
ranks without visiting every match (block-max WAND); staff search both and the results merge.
Above `SearchRequest.exact_limit` matches, counts come from a sample (see base.py).
"""

from __future__ import annotations

import contextlib
import shutil
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import tantivy
from tantivy import Document, Index, Occur, Query, SchemaBuilder

from essaim.catalog.models import Status
from essaim.search.analysis import MAX_WORD_LENGTH, WORD_RE, fold_accents, french_analyzer, masculine
from essaim.search.backends.base import (
    SAMPLE_BUCKETS,
    SearchHits,
    SearchRequest,
    disjunctive_plan,
    sample_bucket,
    sample_plan,
)
from essaim.search.documents import SearchDoc
from essaim.search.query import MAX_PREFIX_CHARS, MIN_PREFIX_CHARS, Clause, ParsedQuery

SCHEMA_VERSION = "5"
TITLE_BOOST = 3.0
# The word being typed matches every word it begins: each distinct word of a document is also
# indexed by its beginnings (3 to 20 letters), so a prefix is one term, not dozens.
PREFIX_FIELDS = {"title": "title_prefix", "body": "body_prefix"}
WRITER_HEAP = 128_000_000
FACET_FIELDS = ("theme", "public", "region", "departement", "porteur", "periode", "annee", "preuve", "statut")
# Counting a multi-valued field costs several times a single-valued one: the themes (and publics)
# of a document are also stored as one value, their sorted combination ("culture+sante"), which
# is counted instead and split afterwards. Combinations are few (hundreds).
COMBINED = {"theme": "theme_set", "public": "public_set"}
COMBINATIONS = 20_000  # buckets asked for: more than there can be
SEPARATOR = "+"
# A document of sample bucket k holds the term "n" for every power of two n > k, so "the first n
# buckets" is one posting list.
SAMPLE_SIZES = tuple(2**power for power in range(SAMPLE_BUCKETS.bit_length() - 1))
# Ties in relevance are broken by recency: fetch a few more than the page and re-sort.
TIE_MARGIN = 50
TOTAL = "_total"  # the aggregation that counts the matches
ID_BITS = 33  # of the order key, below the seconds of the publication time
MAX_WINDOW = 20_000  # hits read to break ties in relevance at the end of a page


@dataclass
class _Counted:
    matches: int
    facets: dict[str, dict[str, int]]
    exact: bool


@dataclass
class _ShardHits:
    total: int
    rows: list[tuple[float, int, int]]  # (score, order key, id) of the first matches, best first
    facets: dict[str, dict[str, int]]
    exact: bool  # every count of the shard
    total_exact: bool


def build_schema() -> tantivy.Schema:
    builder = SchemaBuilder()
    builder.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    builder.add_text_field("title", tokenizer_name="fr", index_option="position")
    builder.add_text_field("body", tokenizer_name="fr", index_option="position")
    for name in PREFIX_FIELDS.values():
        builder.add_text_field(name, tokenizer_name="prefix", index_option="freq")
    for name in FACET_FIELDS:
        builder.add_text_field(name, tokenizer_name="raw", fast=True)
    for name in COMBINED.values():
        builder.add_text_field(name, tokenizer_name="raw", fast=True)
    builder.add_text_field("sample", tokenizer_name="raw")
    builder.add_unsigned_field("order", fast=True)
    return builder.build()


def tantivy_document(doc: SearchDoc) -> Document:
    document = Document()
    document.add_unsigned("id", doc.id)
    for field, text in (("title", doc.title), ("body", doc.body)):
        folded = fold_accents(text)
        document.add_text(field, masculine(folded))
        for word in set(WORD_RE.findall(folded)):
            if MIN_PREFIX_CHARS <= len(word) <= MAX_WORD_LENGTH:
                document.add_text(PREFIX_FIELDS[field], word)
    for name in FACET_FIELDS:
        for value in doc.facets.get(name, ()):
            document.add_text(name, value)
    for name, combined in COMBINED.items():
        if doc.facets.get(name):
            document.add_text(combined, SEPARATOR.join(sorted(doc.facets[name])))
    document.add_unsigned("order", order_key(doc))
    bucket = sample_bucket(doc.id)
    for size in SAMPLE_SIZES:
        if bucket < size:
            document.add_text("sample", str(size))
    return document


def order_key(doc: SearchDoc) -> int:
    """Recency, then id: a key no two documents share, so pages never overlap on ties."""
    return (max(doc.sort_ts, 0) // 1000) << ID_BITS | (doc.id & ((1 << ID_BITS) - 1))


@cache
def prefix_analyzer() -> tantivy.TextAnalyzer:
    """A folded word → its beginnings of 3 to 20 letters ("repas" → "rep", "repa", "repas")."""
    return tantivy.TextAnalyzerBuilder(
        tantivy.Tokenizer.ngram(MIN_PREFIX_CHARS, MAX_PREFIX_CHARS, True)
    ).build()


def _terms(key: str) -> dict:
    if key in COMBINED:
        return {"terms": {"field": COMBINED[key], "size": COMBINATIONS}}
    return {"terms": {"field": key, "size": 500}}


def _counts(buckets: list[dict], scale: float, *, split: bool) -> dict[str, int]:
    if not split:
        return {bucket["key"]: round(bucket["doc_count"] * scale) for bucket in buckets}
    counts: dict[str, int] = {}
    for bucket in buckets:
        for value in bucket["key"].split(SEPARATOR):
            counts[value] = counts.get(value, 0) + bucket["doc_count"]
    return {value: round(count * scale) for value, count in counts.items()}


class _Shard:
    """One Tantivy index and its single writer."""

    def __init__(self, path: Path, schema: tantivy.Schema) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.index = Index(schema, path=str(path), reuse=True)
        self.index.register_tokenizer("fr", french_analyzer())
        self.index.register_tokenizer("prefix", prefix_analyzer())
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def writer(self):
        # One writer at a time across processes: Tantivy holds a lock file and raises when
        # another process writes; the caller keeps its queue rows and retries later.
        with self._lock:
            writer = self.index.writer(heap_size=WRITER_HEAP, num_threads=1)
            try:
                yield writer
                writer.commit()
                writer.wait_merging_threads()
            except BaseException:
                writer.rollback()
                raise
        self.index.reload()

    def searcher(self):
        # Pick up what another process committed (cheap when nothing changed).
        self.index.reload()
        return self.index.searcher()


class TantivyBackend:
    name = "tantivy"

    def __init__(self, path: Path) -> None:
        self.path = Path(path) / f"v{SCHEMA_VERSION}"
        # A new index (first start, a new format, a deleted folder) must be filled from the
        # database; this file says it was (written once everything is queued or indexed).
        self._filled = self.path / "filled"
        self._filled_seen = False  # the file is checked on every search until it exists
        self.schema = build_schema()
        self.published = _Shard(self.path / "publiees", self.schema)
        self.others = _Shard(self.path / "autres", self.schema)

    # Writing -----------------------------------------------------------------

    @contextlib.contextmanager
    def _writers(self):
        # If the second commit fails after the first, the caller retries the same changes,
        # which delete before they add: the shards converge.
        with self.published.writer() as published, self.others.writer() as others:
            yield published, others

    def apply(self, *, upserts: Iterable[SearchDoc], deletions: Iterable[int]) -> None:
        docs = list(upserts)
        with self._writers() as (published, others):
            # A term delete on an unsigned field silently matches nothing in the Python
            # bindings; a term query matches the u64 term.
            for pk in [*deletions, *(doc.id for doc in docs)]:
                for writer in (published, others):
                    writer.delete_documents_by_query(self._term("id", pk))
            for doc in docs:
                (published if doc.status == Status.PUBLISHED else others).add_document(tantivy_document(doc))

    def rebuild(self, docs: Iterable[SearchDoc]) -> int:
        count = 0
        with self._writers() as (published, others):
            published.delete_all_documents()
            others.delete_all_documents()
            for doc in docs:
                (published if doc.status == Status.PUBLISHED else others).add_document(tantivy_document(doc))
                count += 1
        self.mark_filled()
        return count

    @property
    def needs_filling(self) -> bool:
        self._filled_seen = self._filled_seen or self._filled.exists()
        return not self._filled_seen

    def mark_filled(self) -> None:
        self._filled.touch()
        self._filled_seen = True

    def destroy(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    def size_bytes(self) -> int:
        return sum(file.stat().st_size for file in self.path.rglob("*") if file.is_file())

    @property
    def segments(self) -> int:
        return sum(shard.searcher().num_segments for shard in (self.published, self.others))

    # Reading -----------------------------------------------------------------

    def _term(self, field: str, value: str | int) -> Query:
        return Query.term_query(self.schema, field, value)

    def _any_of(self, field: str, values: Iterable[str]) -> Query:
        return Query.boolean_query([(Occur.Should, self._term(field, value)) for value in values])

    def _clause_query(self, clause: Clause) -> Query:
        options = []
        for field, boost in (("title", TITLE_BOOST), ("body", 1.0)):
            if clause.is_phrase:
                field_options = [Query.phrase_query(self.schema, field, list(clause.stems))]
            else:
                field_options = [self._term(field, clause.stems[0])]
                if clause.prefix:
                    field_options.append(self._term(PREFIX_FIELDS[field], clause.prefix[:MAX_PREFIX_CHARS]))
            options += [
                Query.boost_query(option, boost) if boost != 1.0 else option for option in field_options
            ]
        return Query.boolean_query([(Occur.Should, option) for option in options])

    def _text_query(self, parsed: ParsedQuery) -> list[tuple[Occur, Query]]:
        clauses = [(Occur.Must, self._clause_query(clause)) for clause in parsed.required]
        clauses += [(Occur.MustNot, self._clause_query(clause)) for clause in parsed.excluded]
        if not parsed.required:
            clauses.append((Occur.Must, Query.all_query()))
        return clauses

    def _filters(self, selected: Mapping[str, tuple[str, ...]]) -> list[tuple[Occur, Query]]:
        return [(Occur.Must, self._any_of(key, values)) for key, values in selected.items()]

    @staticmethod
    def _query(clauses: list[tuple[Occur, Query]]) -> Query:
        # A lone required clause is searched as itself: a union of terms is then ranked
        # without scoring every match.
        if len(clauses) == 1 and clauses[0][0] == Occur.Must:
            return clauses[0][1]
        return Query.boolean_query(clauses)

    def search(self, request: SearchRequest) -> SearchHits:
        others = tuple(status for status in request.statuses if status != Status.PUBLISHED)
        parts = []
        if Status.PUBLISHED in request.statuses:
            parts.append(self._search_shard(self.published, (), request))
        if others:
            parts.append(self._search_shard(self.others, others, request))
        rows = sorted((row for part in parts for row in part.rows), key=lambda row: (-row[0], -row[1]))
        facets: dict[str, dict[str, int]] = {key: {} for key in request.facets}
        for part in parts:
            for key, counts in part.facets.items():
                merged = facets.setdefault(key, {})
                for value, count in counts.items():
                    merged[value] = merged.get(value, 0) + count
        return SearchHits(
            total=sum(part.total for part in parts),
            ids=[pk for _, _, pk in rows[request.offset : request.offset + request.limit]],
            facets=facets,
            exact=all(part.exact for part in parts),
            total_exact=all(part.total_exact for part in parts),
        )

    def _search_shard(self, shard: _Shard, statuses: tuple[str, ...], request: SearchRequest) -> _ShardHits:
        searcher = shard.searcher()
        if not searcher.num_docs:
            return _ShardHits(0, [], {}, True, True)
        text = self._text_query(request.query)
        status = [(Occur.Must, self._any_of("statut", statuses))] if statuses else []
        main = text + status + self._filters(request.selected)
        # A query of several clauses, or a phrase, visits every match to rank it: counting them
        # is then free. A lone word is ranked without visiting them all, and counted apart.
        counted = len(main) > 1 or any(clause.is_phrase for clause in request.query.required)
        rows, total = self._page(searcher, self._query(main), request, count=counted)
        exact, total_exact, facets = True, True, {}
        for selected, keys in disjunctive_plan(request.selected, request.facets):
            is_main = selected is request.selected
            if not keys and not is_main:
                continue
            clauses = main if is_main else text + status + self._filters(selected)
            guess = self._guess(searcher, request, selected, total if counted else None)
            found = self._count_pass(searcher, clauses, keys, self._sample_plan(request, guess))
            if found.matches <= request.exact_limit and not found.exact:
                # The guess was too high (a rare phrase of frequent words, a place and its own
                # département): few matches are counted one by one.
                found = self._count_pass(searcher, clauses, keys, SAMPLE_BUCKETS)
            exact = exact and found.exact
            facets.update(found.facets)
            if is_main and not counted:
                total, total_exact = found.matches, found.exact
        return _ShardHits(total, rows, facets, exact, total_exact)

    def _count_pass(
        self, searcher, clauses: list[tuple[Occur, Query]], keys: tuple[str, ...], buckets: int
    ) -> _Counted:
        """The facet counts and matches of one pass, over the first `buckets` sample buckets."""
        if buckets < SAMPLE_BUCKETS:
            clauses = [*clauses, (Occur.Must, self._term("sample", str(buckets)))]
        aggregations: dict[str, dict] = {key: _terms(key) for key in keys}
        aggregations[TOTAL] = {"value_count": {"field": "id"}}
        result = searcher.aggregate(self._query(clauses), aggregations)
        scale = SAMPLE_BUCKETS / buckets
        return _Counted(
            matches=round(result[TOTAL]["value"] * scale),
            facets={key: _counts(result[key]["buckets"], scale, split=key in COMBINED) for key in keys},
            exact=buckets == SAMPLE_BUCKETS,
        )

    @staticmethod
    def _sample_plan(request: SearchRequest, matches: float | None) -> int:
        """The buckets to count for a pass expected to find `matches` (None: count them all)."""
        if matches is None or matches <= request.exact_limit:
            return SAMPLE_BUCKETS
        return sample_plan(matches, request.sample_target)

    def _guess(
        self, searcher, request: SearchRequest, selected: Mapping[str, tuple[str, ...]], counted: int | None
    ) -> float | None:
        """How many documents a counting pass will find, from what is known without running it:
        the main query's count (if it was counted while ranking) widened by the selectivity of
        the filter the pass leaves out, or the document frequencies of a lone text clause."""
        if searcher.num_docs <= request.exact_limit:
            return None  # everything is counted anyway
        if counted is not None:
            left_out = [key for key in request.selected if key not in selected]
            share = 1.0
            for key in left_out:
                found = sum(searcher.doc_freq(key, value) for value in request.selected[key])
                share *= min(1.0, max(found, 1) / searcher.num_docs)
            return counted / share
        if not request.query.required:
            return float(searcher.num_docs)
        # A lone clause, as a visitor types it: its most frequent term is a lower bound.
        clause = request.query.required[0]  # a word: phrases are counted while ranked
        frequencies = [searcher.doc_freq(field, clause.stems[0]) for field in PREFIX_FIELDS]
        if clause.prefix:
            prefix = clause.prefix[:MAX_PREFIX_CHARS]
            frequencies += [searcher.doc_freq(field, prefix) for field in PREFIX_FIELDS.values()]
        return float(max(frequencies))

    def _page(
        self, searcher, query: Query, request: SearchRequest, *, count: bool
    ) -> tuple[list[tuple[float, int, int]], int]:
        """(score, order key, id) of the matches up to the end of the page, best first, and their
        number when `count` (else 0). Ties in relevance are broken by recency: matches are read
        until the last one read scores below the end of the page, so no tie is cut in two."""
        end = request.offset + request.limit
        if request.query.is_empty or request.sort == "recent":
            result = searcher.search(query, limit=end, count=count, order_by_field="order")
            hits = [(0.0, address) for _, address in result.hits]
            return self._rows(searcher, hits), result.count or 0
        window = end + TIE_MARGIN
        while True:
            result = searcher.search(query, limit=window, count=count)
            rows = self._rows(searcher, [(round(score, 4), address) for score, address in result.hits])
            # Stop when every match was read, or the last one read ranks below the page's end.
            if len(rows) < window or rows[-1][0] < rows[end - 1][0] or window >= MAX_WINDOW:
                break
            window *= 4
        rows.sort(key=lambda row: (-row[0], -row[1]))
        return rows, result.count or 0

    @staticmethod
    def _rows(searcher, hits: list[tuple[float, object]]) -> list[tuple[float, int, int]]:
        addresses = [address for _, address in hits]
        # Read from the columns in one call each, not document by document from the store.
        orders = searcher.fast_field_values("order", addresses)
        ids = searcher.fast_field_values("id", addresses)
        return list(zip([score for score, _ in hits], orders, ids, strict=True))

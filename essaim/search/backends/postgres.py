"""Server-mode search engine: PostgreSQL full-text search on a denormalised table.

Stems are computed in Python by the same French analyser as the embedded engine and stored
with the `simple` configuration, so both engines agree on what matches.

Each vector also holds one lexeme per facet value ("#departement=59"), so that the GIN index
intersects the text with the filters instead of the heap checking every text match.

A word being typed matches the stems it begins (`'soc':*`) and the stems of the published words
it begins (the vocabulary kept for "did you mean"): "isolem" is no stem's beginning, but the
beginning of "isolement", whose stem is "isol".

A search is a cheap estimate of how many documents each facet pass matches (counted in sample
bucket 0 only), then one statement per pass for its facet counts (exact, or estimated on the
first sample buckets beyond `exact_limit` matches; the first pass also gives the total and,
when its matches are few, the ranked page), and the page. Partial GIN indexes over the first
sample buckets (migration 0004) spare an estimate the whole posting list of a frequent word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

from django.db import connection, transaction

from essaim.search.analysis import stems
from essaim.search.backends.base import (
    SAMPLE_BUCKETS,
    SearchHits,
    SearchRequest,
    disjunctive_plan,
    sample_bucket,
    sample_plan,
)
from essaim.search.documents import SearchDoc
from essaim.search.models import SearchDocument, SearchWord
from essaim.search.query import Clause, ParsedQuery

TABLE = SearchDocument._meta.db_table
MULTI_VALUED = frozenset({"theme", "public"})
COLUMNS = {
    "theme": "theme",
    "public": "public",
    "region": "region",
    "departement": "departement",
    "porteur": "porteur",
    "periode": "periode",
    "annee": "annee",
    "preuve": "preuve",
    "statut": "status",
}
# When the matches are counted exactly, every match is ranked in the same scan; beyond (and for
# more than RANK_ALL_LIMIT matches), only those among the RECENT_DOCUMENTS newest documents are
# (ranking reads each match's whole vector: a frequent word would cost seconds at 1M documents),
# unless they are too few to fill the page.
RANK_ALL_LIMIT = 100_000
RECENT_DOCUMENTS = 5000
# Every match counted reads its row in the heap (about 2 µs, against a tenth of that in the
# embedded engine's columns): this engine counts exactly up to fewer matches, and samples fewer.
EXACT_LIMIT = 10_000
SAMPLE_TARGET = 5_000
# Counted columns grouped together: few combinations each (a département is in one région).
GROUPED_TOGETHER = (
    ("region", "departement"),
    ("periode", "annee"),
    ("porteur", "preuve"),
    ("theme",),
    ("public",),
    ("statut",),
)
_LEXEME_RE = re.compile(r"^\w+$")
# Published words a typed prefix may stand for, the most frequent first.
MAX_EXPANSIONS = 30


def _lexeme(term: str) -> str | None:
    return f"'{term}'" if _LEXEME_RE.match(term) and "'" not in term else None


def _clause_tsquery(clause: Clause, expansions: Mapping[str, Iterable[str]]) -> str | None:
    lexemes = [lexeme for lexeme in map(_lexeme, clause.stems) if lexeme]
    if not lexemes:
        return None
    if clause.is_phrase:
        return "(" + " <-> ".join(lexemes) + ")"
    options = [lexemes[0]]
    prefix = _lexeme(clause.prefix) if clause.prefix else None
    if prefix:
        options.append(prefix + ":*")
        extra = {_lexeme(stem) for stem in expansions.get(clause.prefix, ())} - {None, lexemes[0]}
        options += sorted(lexeme for lexeme in extra if lexeme and not lexeme[1:].startswith(prefix[1:-1]))
    return "(" + " | ".join(options) + ")"


def tsquery(parsed: ParsedQuery, expansions: Mapping[str, Iterable[str]] | None = None) -> str:
    """A `to_tsquery('simple', …)` string; only word characters reach it.

    `expansions` maps a typed prefix to the stems of words it begins (`prefix_expansions`).
    """
    expansions = expansions or {}
    parts = [part for part in (_clause_tsquery(c, expansions) for c in parsed.required) if part]
    parts += ["!" + part for part in (_clause_tsquery(c, expansions) for c in parsed.excluded) if part]
    return " & ".join(parts)


def prefix_expansions(parsed: ParsedQuery) -> dict[str, set[str]]:
    """The stems of the most frequent published words that each typed prefix begins."""
    found: dict[str, set[str]] = {}
    for clause in parsed.required:
        if clause.prefix:
            words = SearchWord.objects.filter(word__startswith=clause.prefix).order_by("-doc_count")
            found[clause.prefix] = {
                s for word in words.values_list("word", flat=True)[:MAX_EXPANSIONS] for s in stems(word)
            }
    return found


def facet_token(key: str, value: str) -> str:
    """The lexeme that marks a facet value in a document's vector.

    "#" and "=" never occur in a stem, nor in a typed prefix, so no text query can match it.
    """
    return f"#{key}={value}"


def _token_query(tokens: Iterable[str]) -> str:
    return (
        "(" + " | ".join("'" + token.replace("\\", "\\\\").replace("'", "''") + "'" for token in tokens) + ")"
    )


def facets_tsquery(selected: Mapping[str, tuple[str, ...]], statuses: Iterable[str] = ()) -> str:
    """A `::tsquery` string (not normalised, unlike `to_tsquery`) for the filters (and statuses)."""
    statuses = list(statuses)
    clauses = [_token_query(facet_token("statut", status) for status in statuses)] if statuses else []
    clauses += [_token_query(facet_token(key, value) for value in values) for key, values in selected.items()]
    return " & ".join(clauses)


def estimate(count: int, buckets: int) -> int:
    """The number of matches in all the buckets, from the count in the first `buckets`."""
    return count if buckets >= SAMPLE_BUCKETS else round(count * SAMPLE_BUCKETS / buckets)


class PostgresBackend:
    name = "postgresql"

    # Writing -----------------------------------------------------------------

    def _row(self, doc: SearchDoc) -> list:
        facets = doc.facets
        tokens = [facet_token("statut", doc.status)]
        tokens += [
            facet_token(key, value)
            for key in COLUMNS
            if key != "statut"
            for value in facets.get(key, ())
            if value
        ]
        return [
            doc.id,
            sample_bucket(doc.id),
            doc.status,
            " ".join(facets.get("theme", ())),
            " ".join(facets.get("public", ())),
            next(iter(facets.get("region", ())), ""),
            next(iter(facets.get("departement", ())), ""),
            next(iter(facets.get("porteur", ())), ""),
            next(iter(facets.get("periode", ())), ""),
            next(iter(facets.get("annee", ())), ""),
            next(iter(facets.get("preuve", ())), ""),
            doc.sort_ts,
            " ".join(stems(doc.title)),
            " ".join(stems(doc.body)),
            tokens,
        ]

    def _upsert(self, cursor, docs: list[SearchDoc]) -> None:
        if not docs:
            return
        cursor.executemany(
            f"""
            INSERT INTO {TABLE} (initiative_id, sample, status, theme, public, region, departement,
                                 porteur, periode, annee, preuve, sort_ts, vector)
            VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,
                    setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')
                    || array_to_tsvector(%s::text[]))
            ON CONFLICT (initiative_id) DO UPDATE SET
                sample = EXCLUDED.sample, status = EXCLUDED.status, theme = EXCLUDED.theme,
                public = EXCLUDED.public, region = EXCLUDED.region, departement = EXCLUDED.departement,
                porteur = EXCLUDED.porteur, periode = EXCLUDED.periode, annee = EXCLUDED.annee,
                preuve = EXCLUDED.preuve, sort_ts = EXCLUDED.sort_ts, vector = EXCLUDED.vector
            """,  # noqa: S608 - table name is ours, values are parameters
            [self._row(doc) for doc in docs],
        )

    def apply(self, *, upserts: Iterable[SearchDoc], deletions: Iterable[int]) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            gone = list(deletions)
            if gone:
                cursor.execute(f"DELETE FROM {TABLE} WHERE initiative_id = ANY(%s)", [gone])  # noqa: S608
            self._upsert(cursor, list(upserts))

    def rebuild(self, docs: Iterable[SearchDoc], *, batch: int = 2000) -> int:
        count = 0
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {TABLE}")
            chunk: list[SearchDoc] = []
            for doc in docs:
                chunk.append(doc)
                if len(chunk) >= batch:
                    self._upsert(cursor, chunk)
                    count += len(chunk)
                    chunk = []
            self._upsert(cursor, chunk)
            count += len(chunk)
            cursor.execute(f"ANALYZE {TABLE}")
            # Rows inserted in bulk wait in the GIN indexes' pending lists, which every search
            # would scan until autovacuum merges them: merge them now.
            cursor.execute(
                "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index AS i "
                "JOIN pg_class AS c ON c.oid = i.indexrelid JOIN pg_am AS a ON a.oid = c.relam "
                "WHERE i.indrelid = %s::regclass AND a.amname = 'gin'",
                [TABLE],
            )
        return count

    def size_bytes(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size(%s)", [TABLE])
            return int(cursor.fetchone()[0])

    # Reading -----------------------------------------------------------------

    @staticmethod
    def _match(text: str, selected: Mapping[str, tuple[str, ...]], statuses) -> tuple[str, list]:
        """One GIN condition for the text and the filters (facet lexemes), then the statuses.

        The statuses are a lexeme too, but one that most documents hold: reading its posting
        list costs more than checking the column of the rows the other terms found.
        """
        if not text and not selected:
            return "vector @@ %s::tsquery", [facets_tsquery({}, statuses)]
        query = "to_tsquery('simple', %s) && %s::tsquery" if text else "%s::tsquery"
        params: list = [text] if text else []
        if selected:
            params.append(facets_tsquery(selected))
        else:
            query = "to_tsquery('simple', %s)"
        return f"vector @@ ({query}) AND status = ANY(%s)", [*params, list(statuses)]

    def _estimates(self, cursor, passes: list[tuple[str, list]]) -> list[int]:
        """Matches of each pass, estimated from sample bucket 0 (1/64 of the documents)."""
        selects = [f"(SELECT count(*) FROM {TABLE} WHERE sample < 1 AND {where})" for where, _ in passes]  # noqa: S608
        cursor.execute("SELECT " + ", ".join(selects), [value for _, params in passes for value in params])
        return [count * SAMPLE_BUCKETS for count in cursor.fetchone()]

    def _counts(
        self,
        cursor,
        match: tuple[str, list],
        keys: tuple[str, ...],
        buckets: int,
        *,
        total: bool,
        page: tuple[str, int, int] | None = None,
    ) -> tuple[int, dict[str, dict[str, int]], list[int]]:
        """The matches of one pass grouped once by every counted column (GROUPING SETS).

        Columns are grouped in pairs (few combinations each, half the hashing) and the
        multi-valued ones by their whole value; both are split here, which costs far less.
        With `page` (text, limit, offset), the ranked page comes from the same scan, as rows
        numbered -1, -2, … in the grouping column: the matching costs most, not ranking a few thousand.
        """
        where, params = match
        sets = [[COLUMNS[key] for key in pair if key in keys] for pair in GROUPED_TOGETHER]
        sets = [columns for columns in sets if columns] + ([[]] if total else [])
        columns = [column for columns in sets for column in columns]
        grouping = f"GROUPING({', '.join(columns)})" if columns else "0"
        listed = ", ".join([grouping, *columns, "count(*)"])
        groups = ", ".join("(" + ", ".join(group) + ")" for group in sets)
        # A literal bound lets the planner use the partial index of the first buckets.
        scope = f"FROM {TABLE} WHERE sample < {buckets} AND {where}"
        if page is None:
            cursor.execute(f"SELECT {listed} {scope} GROUP BY GROUPING SETS ({groups})", params)
        else:
            text, limit, offset = page
            nulls = "".join(", NULL" for _ in columns)
            cursor.execute(
                f"WITH m AS MATERIALIZED (SELECT initiative_id, sort_ts, {', '.join(columns) or 'sample'}, "  # noqa: S608
                f"ts_rank(vector, to_tsquery('simple', %s)) AS rank {scope}), "
                f"ranked AS (SELECT initiative_id, row_number() OVER () AS position FROM "
                f"(SELECT initiative_id FROM m ORDER BY rank DESC, sort_ts DESC, initiative_id DESC "
                f"LIMIT %s OFFSET %s) AS top) "
                f"SELECT {listed} FROM m GROUP BY GROUPING SETS ({groups}) "
                f"UNION ALL SELECT -position{nulls}, initiative_id FROM ranked",
                [text, *params, limit, offset],
            )
        rows = cursor.fetchall()
        ids = [row[-1] for row in sorted((row for row in rows if row[0] < 0), reverse=True)]
        rows = [row for row in rows if row[0] >= 0]
        by_column = {column: key for key, column in COLUMNS.items()}
        found = 0
        facets: dict[str, dict[str, int]] = {key: {} for key in keys}
        for grouped, *values, count in rows:
            if grouped == (1 << len(columns)) - 1:
                found = count
            for index, (column, value) in enumerate(zip(columns, values, strict=True)):
                if grouped & (1 << (len(columns) - 1 - index)) or not value:
                    continue
                counts = facets[by_column[column]]
                for code in value.split(" ") if by_column[column] in MULTI_VALUED else (value,):
                    counts[code] = counts.get(code, 0) + count
        scaled = {
            key: {code: estimate(n, buckets) for code, n in counts.items()} for key, counts in facets.items()
        }
        return estimate(found, buckets), scaled, ids

    def _page(
        self, cursor, text: str, match: tuple[str, list], request: SearchRequest, matches: int
    ) -> list[int]:
        where, params = match
        recent = "sort_ts DESC, initiative_id DESC"
        page = [request.limit, request.offset]
        if not text or request.sort == "recent":
            sql = f"SELECT initiative_id FROM {TABLE} WHERE {where} ORDER BY {recent} LIMIT %s OFFSET %s"  # noqa: S608
            cursor.execute(sql, [*params, *page])
            return [row[0] for row in cursor.fetchall()]
        rank = f"ts_rank(vector, to_tsquery('simple', %s)) DESC, {recent}"
        if matches > min(RANK_ALL_LIMIT, request.exact_limit):
            ids = self._page_newest_ranked(cursor, text, match, request)
            if ids is not None:
                return ids
        sql = f"SELECT initiative_id FROM {TABLE} WHERE {where} ORDER BY {rank} LIMIT %s OFFSET %s"  # noqa: S608
        cursor.execute(sql, [*params, text, *page])
        return [row[0] for row in cursor.fetchall()]

    def _page_newest_ranked(
        self, cursor, text: str, match: tuple[str, list], request: SearchRequest
    ) -> list[int] | None:
        """A page of a broad query: its matches among the RECENT_DOCUMENTS newest documents ranked
        by relevance (walking the recency index), then the older ones newest first — one order
        for every page, so pages never repeat or skip a result. None when the newest documents
        hold less than a page of matches (a filter on an early period, say): rank them all."""
        where, params = match
        recent = "sort_ts DESC, initiative_id DESC"
        rank = f"ts_rank(vector, to_tsquery('simple', %s)) DESC, {recent}"
        newest = f"SELECT * FROM {TABLE} ORDER BY {recent} LIMIT {RECENT_DOCUMENTS}"  # noqa: S608
        cursor.execute(
            f"SELECT initiative_id FROM ({newest}) AS m WHERE {where} ORDER BY {rank} LIMIT %s OFFSET %s",  # noqa: S608
            [*params, text, request.limit, request.offset],
        )
        ids = [row[0] for row in cursor.fetchall()]
        if len(ids) == request.limit:
            return ids
        cursor.execute(f"SELECT count(*) FROM ({newest}) AS m WHERE {where}", params)  # noqa: S608
        ranked = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT sort_ts, initiative_id FROM {TABLE} ORDER BY {recent} LIMIT 1 OFFSET %s",  # noqa: S608
            [RECENT_DOCUMENTS - 1],
        )
        last_newest = cursor.fetchone()
        if ranked < request.limit or last_newest is None:
            return None
        cursor.execute(
            f"SELECT initiative_id FROM {TABLE} WHERE {where} AND (sort_ts, initiative_id) < (%s, %s) "  # noqa: S608
            f"ORDER BY {recent} LIMIT %s OFFSET %s",
            [*params, *last_newest, request.limit - len(ids), max(0, request.offset - ranked)],
        )
        return ids + [row[0] for row in cursor.fetchall()]

    def search(self, request: SearchRequest) -> SearchHits:
        request = replace(
            request,
            exact_limit=min(request.exact_limit, EXACT_LIMIT),
            sample_target=min(request.sample_target, SAMPLE_TARGET),
        )
        text = tsquery(request.query, prefix_expansions(request.query))
        if (not text and request.query.required) or not request.statuses:
            return SearchHits(total=0, ids=[], facets={key: {} for key in request.facets})
        plan = disjunctive_plan(request.selected, request.facets)
        passes = [self._match(text, selected, request.statuses) for selected, _keys in plan]
        with transaction.atomic(), connection.cursor() as cursor:
            # JIT compiles each statement anew: tens of ms that a search never wins back.
            cursor.execute("SET LOCAL jit = off")
            matches = self._estimates(cursor, passes)
            buckets = [
                SAMPLE_BUCKETS if count <= request.exact_limit else sample_plan(count, request.sample_target)
                for count in matches
            ]
            # An exact first pass also gives the ranked page, from the same scan.
            ranked = bool(text) and request.sort != "recent" and matches[0] <= RANK_ALL_LIMIT
            ranked = ranked and buckets[0] == SAMPLE_BUCKETS
            page = (text, request.limit, request.offset) if ranked else None
            total, facets, ids = self._counts(
                cursor, passes[0], plan[0][1], buckets[0], total=True, page=page
            )
            for (_selected, keys), match, count in zip(plan[1:], passes[1:], buckets[1:], strict=True):
                facets.update(self._counts(cursor, match, keys, count, total=False)[1])
            if not ranked:
                ids = self._page(cursor, text, passes[0], request, matches[0])
        exact = all(count == SAMPLE_BUCKETS for count in buckets)
        return SearchHits(
            total=total, ids=ids, facets=facets, exact=exact, total_exact=buckets[0] == SAMPLE_BUCKETS
        )

"""Server-mode search engine: PostgreSQL full-text search on a denormalised table.

Stems are computed in Python by the same French analyser as the embedded engine and stored
with the `simple` configuration, so both engines agree on what matches. Facet counts come
from one pass over the matching rows (a materialised CTE), not one query per facet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from django.db import connection, transaction

from essaim.search.analysis import stems
from essaim.search.backends.base import SearchHits, SearchRequest, disjunctive_plan
from essaim.search.documents import SearchDoc
from essaim.search.models import SearchDocument
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
_LEXEME_RE = re.compile(r"^\w+$")


def _lexeme(term: str) -> str | None:
    return f"'{term}'" if _LEXEME_RE.match(term) and "'" not in term else None


def _clause_tsquery(clause: Clause) -> str | None:
    lexemes = [lexeme for lexeme in map(_lexeme, clause.stems) if lexeme]
    if not lexemes:
        return None
    if clause.is_phrase:
        return "(" + " <-> ".join(lexemes) + ")"
    options = [lexemes[0]]
    prefix = _lexeme(clause.prefix) if clause.prefix else None
    if prefix:
        options.append(prefix + ":*")
    return "(" + " | ".join(options) + ")"


def tsquery(parsed: ParsedQuery) -> str:
    """A `to_tsquery('simple', …)` string; only word characters reach it."""
    parts = [part for part in map(_clause_tsquery, parsed.required) if part]
    parts += ["!" + part for part in map(_clause_tsquery, parsed.excluded) if part]
    return " & ".join(parts)


class PostgresBackend:
    name = "postgresql"

    # Writing -----------------------------------------------------------------

    def _row(self, doc: SearchDoc) -> list:
        facets = doc.facets
        return [
            doc.id,
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
        ]

    def _upsert(self, cursor, docs: list[SearchDoc]) -> None:
        if not docs:
            return
        cursor.executemany(
            f"""
            INSERT INTO {TABLE} (initiative_id, status, theme, public, region, departement, porteur,
                                 periode, annee, preuve, sort_ts, vector)
            VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,
                    setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B'))
            ON CONFLICT (initiative_id) DO UPDATE SET
                status = EXCLUDED.status, theme = EXCLUDED.theme, public = EXCLUDED.public,
                region = EXCLUDED.region, departement = EXCLUDED.departement, porteur = EXCLUDED.porteur,
                periode = EXCLUDED.periode, annee = EXCLUDED.annee, preuve = EXCLUDED.preuve,
                sort_ts = EXCLUDED.sort_ts, vector = EXCLUDED.vector
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
        return count

    def size_bytes(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size(%s)", [TABLE])
            return int(cursor.fetchone()[0])

    # Reading -----------------------------------------------------------------

    def _where(self, text: str, selected: Mapping[str, tuple[str, ...]], statuses) -> tuple[str, list]:
        conditions = ["status = ANY(%s)"]
        params: list = [list(statuses)]
        if text:
            conditions.append("vector @@ to_tsquery('simple', %s)")
            params.append(text)
        for key, values in selected.items():
            column = COLUMNS[key]
            if key in MULTI_VALUED:
                conditions.append(f"string_to_array({column}, ' ') && %s::text[]")
            else:
                conditions.append(f"{column} = ANY(%s)")
            params.append(list(values))
        return " AND ".join(conditions), params

    def _facet_counts(
        self, cursor, where: str, params: list, keys: tuple[str, ...]
    ) -> dict[str, dict[str, int]]:
        selects = []
        for key in keys:
            column = COLUMNS[key]
            value = f"unnest(string_to_array({column}, ' '))" if key in MULTI_VALUED else column
            # Keys and columns come from COLUMNS, never from the request.
            selects.append(f"SELECT '{key}' AS facet, {value} AS value, count(*) FROM m GROUP BY 2")  # noqa: S608
        columns = ", ".join(sorted({COLUMNS[k] for k in keys}))
        scope = f"WITH m AS MATERIALIZED (SELECT {columns} FROM {TABLE} WHERE {where}) "  # noqa: S608
        sql = scope + " UNION ALL ".join(selects)
        cursor.execute(sql, params)
        counts: dict[str, dict[str, int]] = {key: {} for key in keys}
        for facet, value, count in cursor.fetchall():
            if value:
                counts[facet][value] = count
        return counts

    def search(self, request: SearchRequest) -> SearchHits:
        text = tsquery(request.query)
        if not text and request.query.required:
            return SearchHits(total=0, ids=[], facets={key: {} for key in request.facets})
        where, params = self._where(text, request.selected, request.statuses)
        order = "sort_ts DESC, initiative_id DESC"
        order_params: list = []
        if text and request.sort != "recent":
            order = "ts_rank(vector, to_tsquery('simple', %s)) DESC, sort_ts DESC, initiative_id DESC"
            order_params = [text]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT initiative_id FROM {TABLE} WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s",  # noqa: S608
                [*params, *order_params, request.limit, request.offset],
            )
            ids = [row[0] for row in cursor.fetchall()]
            cursor.execute(f"SELECT count(*) FROM {TABLE} WHERE {where}", params)  # noqa: S608
            total = cursor.fetchone()[0]
            facets: dict[str, dict[str, int]] = {}
            for selected, keys in disjunctive_plan(request.selected, request.facets):
                if keys:
                    scope_where, scope_params = self._where(text, selected, request.statuses)
                    facets.update(self._facet_counts(cursor, scope_where, scope_params, keys))
        return SearchHits(total=total, ids=ids, facets=facets)

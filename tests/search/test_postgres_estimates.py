"""PostgreSQL backend: sample buckets, estimated counts beyond the exact limit, ranking window.

Run by the PostgreSQL pass of `make test` (skipped on SQLite, where the table is unused)."""

from unittest import mock

import pytest
from django.db import connection

from essaim.search.backends import postgres
from essaim.search.backends.base import SAMPLE_BUCKETS, SearchRequest, sample_bucket
from essaim.search.documents import SearchDoc
from essaim.search.query import parse

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="moteur PostgreSQL uniquement"),
]

FACETS = ("theme", "departement", "annee")


def doc(pk: int, *, title="Aide alimentaire", body="Colis pour les familles.", status="publiee", **facets):
    values = {"theme": ("sante",), "departement": ("59",), "annee": ("2020",), **facets}
    return SearchDoc(
        id=pk,
        title=title,
        body=body,
        status=status,
        facets={key: tuple(value) for key, value in values.items()},
        sort_ts=pk,
    )


def index(docs: list[SearchDoc]) -> postgres.PostgresBackend:
    backend = postgres.PostgresBackend()
    backend.apply(upserts=docs, deletions=[])
    return backend


def request(q="aide", *, exact_limit=100_000, **selected) -> SearchRequest:
    return SearchRequest(
        query=parse(q),
        selected={key: tuple(values) for key, values in selected.items()},
        statuses=("publiee",),
        facets=FACETS,
        exact_limit=exact_limit,
    )


def corpus() -> list[SearchDoc]:
    """640 documents: ten per sample bucket on average, two départements, two themes."""
    return [
        doc(pk, departement=("59" if pk % 4 else "13",), theme=("sante",) if pk % 3 else ("culture", "sante"))
        for pk in range(1, 641)
    ]


def test_the_sample_column_is_the_bucket_of_the_id_in_sql_and_in_python():
    ids = [1, 2, 63, 64, 1000, 123_456_789, 9_000_000_000]
    index([doc(pk) for pk in ids[:5]])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT initiative_id, sample FROM {postgres.TABLE} ORDER BY 1")  # noqa: S608
        assert cursor.fetchall() == [(pk, sample_bucket(pk)) for pk in ids[:5]]
        # The expression of migration 0004, which fills the column of rows indexed before it.
        cursor.execute(
            "SELECT floor(mod(pk::numeric * 2654435761, 4294967296) * 64 / 4294967296)::int "
            "FROM unnest(%s::bigint[]) AS pk",
            [ids],
        )
        assert [row[0] for row in cursor.fetchall()] == [sample_bucket(pk) for pk in ids]


def test_below_the_limit_counts_are_exact():
    docs = corpus()
    hits = index(docs).search(request(departement=["59"]))
    assert hits.exact
    assert hits.total == sum(d.facets["departement"] == ("59",) for d in docs)
    assert hits.facets["departement"] == {"59": 480, "13": 160}
    assert hits.facets["theme"]["culture"] == sum(
        "culture" in d.facets["theme"] and d.facets["departement"] == ("59",) for d in docs
    )


def test_beyond_the_limit_counts_are_estimated_on_the_first_buckets():
    docs = corpus()
    backend = index(docs)
    buckets = 8
    with mock.patch.object(postgres, "sample_plan", return_value=buckets):
        hits = backend.search(request(exact_limit=10))
    sampled = [d for d in docs if sample_bucket(d.id) < buckets]
    scale = SAMPLE_BUCKETS / buckets
    assert not hits.exact
    assert hits.total == round(len(sampled) * scale)
    assert hits.facets["departement"] == {
        code: round(sum(d.facets["departement"] == (code,) for d in sampled) * scale) for code in ("59", "13")
    }
    assert hits.facets["theme"]["culture"] == round(
        sum("culture" in d.facets["theme"] for d in sampled) * scale
    )
    assert len(hits.ids) == 20  # the page itself is never sampled
    assert hits.ids[0] == 640


def test_the_estimate_comes_from_bucket_zero():
    docs = corpus()
    backend = index(docs)
    in_bucket_zero = sum(sample_bucket(d.id) == 0 for d in docs)
    with mock.patch.object(postgres, "sample_plan", return_value=SAMPLE_BUCKETS // 2) as plan:
        backend.search(request(exact_limit=in_bucket_zero * SAMPLE_BUCKETS - 1))
    assert plan.call_args.args[0] == in_bucket_zero * SAMPLE_BUCKETS
    with mock.patch.object(postgres, "sample_plan") as plan:
        hits = backend.search(request(exact_limit=in_bucket_zero * SAMPLE_BUCKETS))
    plan.assert_not_called()
    assert hits.exact


def test_each_facet_pass_decides_on_its_own_matches():
    """A selective filter keeps the total exact; the pass that drops it is the one estimated."""
    docs = corpus()
    backend = index(docs)
    with mock.patch.object(postgres, "sample_plan", return_value=8):
        hits = backend.search(request(exact_limit=200, departement=["13"]))
    assert hits.total == 160  # exact: 160 matches, below the limit
    assert not hits.exact  # but the département counts (640 matches) are estimated
    sampled = [d for d in docs if sample_bucket(d.id) < 8]
    assert hits.facets["departement"]["59"] == round(
        sum(d.facets["departement"] == ("59",) for d in sampled) * 8
    )


def test_many_matches_rank_those_among_the_most_recent_documents_title_first_then_recency():
    docs = [doc(pk, title="Portage de repas", body="Contre la solitude des aînés.") for pk in range(1, 101)]
    docs += [doc(pk, title="Rompre la solitude", body="Visites.") for pk in (50, 90, 95)]
    backend = index(docs)
    assert backend.search(request("solitude")).ids[:4] == [95, 90, 50, 100]  # every match ranked
    with (
        mock.patch.object(postgres, "RANK_ALL_LIMIT", -1),
        mock.patch.object(postgres, "RECENT_DOCUMENTS", 30),
    ):
        hits = backend.search(request("solitude"))
    # 50 is not among the 30 most recent documents (71–100).
    assert hits.ids[:3] == [95, 90, 100]
    assert hits.total == 100


def test_too_few_matches_among_the_most_recent_documents_rank_them_all():
    docs = [doc(pk, title="Portage de repas", body="Contre la solitude des aînés.") for pk in range(1, 101)]
    docs += [doc(pk, title="Rompre la solitude", body="Visites.") for pk in (50, 90, 95)]
    backend = index(docs)
    with (
        mock.patch.object(postgres, "RANK_ALL_LIMIT", -1),
        mock.patch.object(postgres, "RECENT_DOCUMENTS", 5),
    ):
        hits = backend.search(request("solitude"))
    assert hits.ids[:4] == [95, 90, 50, 100]


def test_pages_of_a_broad_query_follow_one_order_and_never_repeat_or_skip():
    """The newest documents' matches ranked, then the older ones newest first, across pages."""
    docs = [doc(pk, title="Portage de repas", body="Contre la solitude des aînés.") for pk in range(1, 101)]
    docs += [doc(pk, title="Rompre la solitude", body="Visites.") for pk in (50, 90, 95)]
    backend = index(docs)
    seen: list[int] = []
    with (
        mock.patch.object(postgres, "RANK_ALL_LIMIT", -1),
        mock.patch.object(postgres, "RECENT_DOCUMENTS", 30),
    ):
        for offset in range(0, 120, 20):
            page = SearchRequest(
                query=parse("solitude"),
                selected={},
                statuses=("publiee",),
                facets=(),
                offset=offset,
                limit=20,
            )
            seen += backend.search(page).ids
    newest = [95, 90] + [pk for pk in range(100, 70, -1) if pk not in (95, 90)]
    assert seen == newest + list(range(70, 0, -1))

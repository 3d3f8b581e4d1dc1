"""Very broad searches: the page stays exact, the total and the facet counts become estimates
from a sample (as web search engines do), close to the true figures; narrow searches stay exact."""

from dataclasses import replace

import pytest

from essaim.search.backends.base import SAMPLE_BUCKETS, SearchRequest, sample_bucket, sample_plan
from essaim.search.backends.tantivy_index import TantivyBackend
from essaim.search.documents import SearchDoc
from essaim.search.query import parse

pytestmark = pytest.mark.django_db
DOCS = 4000


def _doc(pk: int) -> SearchDoc:
    meal = pk % 2 == 0  # half the documents speak of meals
    title = "Portage de repas à domicile" if meal else "Visites de convivialité"
    body = "Un service pour les personnes âgées isolées."
    if pk == 1234:
        title = "Repas solidaires et repas partagés"  # the best match: "repas" twice in its title
    if pk % 400 == 7:
        body = "Des visites à domicile et des repas livrés par les bénévoles de Lille."  # 10 of them
    return SearchDoc(
        id=pk,
        title=title,
        body=body,
        status="publiee",
        facets={
            "theme": ("alimentation",) if pk % 4 == 0 else ("lien_social",),
            "departement": ("59",) if pk % 400 == 7 else (f"{pk % 10 + 10}",),
            "statut": ("publiee",),
        },
        sort_ts=(pk // 100) * 1000,  # published by batches of 100: many ties in recency
    )


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    backend = TantivyBackend(tmp_path_factory.mktemp("estimates"))
    backend.rebuild(_doc(pk) for pk in range(1, DOCS + 1))
    return backend


def _request(text: str, **options) -> SearchRequest:
    return SearchRequest(
        query=parse(text),
        selected={},
        statuses=("publiee",),
        facets=("theme", "departement"),
        **options,
    )


def test_sample_buckets_are_even_and_plans_are_powers_of_two():
    sizes = [0] * SAMPLE_BUCKETS
    for pk in range(1, 64_001):
        sizes[sample_bucket(pk)] += 1
    assert min(sizes) >= 950 and max(sizes) <= 1050
    assert sample_plan(10) == SAMPLE_BUCKETS  # few matches: count them all
    assert sample_plan(3_200_000) == 1
    assert sample_plan(866_000) == 2  # about 27,000 matches counted


def test_a_narrow_search_is_counted_exactly(engine):
    hits = engine.search(_request("repas"))
    assert hits.exact
    assert hits.total == DOCS // 2 + 10  # the meals, and the ten visits with meals delivered
    assert hits.facets["theme"] == {"alimentation": DOCS // 4, "lien_social": DOCS // 4 + 10}


def test_a_very_broad_search_is_estimated_close_to_the_truth_with_the_same_first_page(engine):
    exact = engine.search(_request("repas"))
    estimated = engine.search(_request("repas", exact_limit=500, sample_target=200))
    assert not estimated.exact
    assert estimated.ids == exact.ids  # the page itself is never a sample
    assert 1234 in estimated.ids  # "repas" twice in its title
    assert abs(estimated.total - exact.total) <= 0.25 * exact.total
    for key, counts in exact.facets.items():
        assert set(estimated.facets[key]) <= set(counts)
        for value, count in counts.items():
            assert abs(estimated.facets[key].get(value, 0) - count) <= 0.5 * count, (key, value)


def test_recent_first_pages_stay_exact_when_estimated(engine):
    exact = engine.search(_request("repas", sort="recent"))
    estimated = engine.search(_request("repas", sort="recent", exact_limit=500, sample_target=200))
    assert not estimated.exact
    assert estimated.ids == exact.ids == list(range(DOCS, DOCS - 40, -2))


@pytest.mark.parametrize("sort", ["", "recent"])
def test_pages_follow_each_other_when_many_results_tie(engine, sort):
    seen = []
    for page in range(8):
        hits = engine.search(
            _request("visites", sort=sort, offset=20 * page, exact_limit=500, sample_target=200)
        )
        seen += hits.ids
    assert len(seen) == len(set(seen)) == 160  # no result twice, none skipped
    if sort == "recent":
        assert seen[:3] == [3999, 3997, 3995]  # newest first, then the highest number


def test_a_rare_phrase_of_frequent_words_is_counted_exactly(engine):
    hits = engine.search(_request('"repas livrés"', exact_limit=500, sample_target=200))
    assert hits.exact
    assert hits.total == len(hits.ids) == 10


def test_a_place_searched_with_its_own_departement_is_counted_exactly(engine):
    request = _request("lille", exact_limit=500, sample_target=200)
    hits = engine.search(replace(request, selected={"departement": ("59",)}))
    assert hits.exact
    assert hits.total == 10
    assert hits.facets["departement"] == {"59": 10}


def test_a_small_filtered_total_stays_exact_when_its_filter_counts_are_estimated(engine):
    request = _request("repas", exact_limit=500, sample_target=200)
    hits = engine.search(replace(request, selected={"departement": ("10",)}))
    assert hits.total_exact and hits.total == 400
    assert not hits.exact  # the département counts without the filter: 2,010 matches, sampled

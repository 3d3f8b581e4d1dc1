"""The directory page: search, facets, map, feed — as a visitor and as staff."""

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest

from essaim.catalog import services
from essaim.catalog.models import Status
from tests.factories import InitiativeFactory, UserFactory, territory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def published(**kwargs):
    return InitiativeFactory(published=True, **kwargs)


def test_search_results_highlight_the_words_found(client):
    published(
        title="Appels aux aînés isolés", summary="Le CCAS appelle les personnes âgées isolées chaque semaine."
    )
    page = client.get("/repertoire/", {"q": "personne agee"}).text
    assert "1 initiative pour « personne agee »" in page
    assert "<mark>personnes</mark> <mark>âgées</mark>" in page


def test_facet_links_add_filters_and_show_counts_that_follow_other_filters(client):
    published(
        title="Épicerie solidaire",
        themes=["alimentation_agriculture"],
        territory=territory("commune", "59350"),
    )
    published(
        title="Épicerie mobile", themes=["alimentation_agriculture"], territory=territory("commune", "13055")
    )
    published(title="Concerts aux balcons", themes=["culture"], territory=territory("commune", "13055"))

    response = client.get("/repertoire/", {"departement": "13"})
    boxes = {box.key: {item.value: item.count for item in box.values} for box in response.context["facets"]}
    assert response.context["outcome"].total == 2
    assert boxes["theme"] == {"alimentation_agriculture": 1, "culture": 1}
    # The département facet ignores its own filter, so Nord stays offered.
    assert boxes["departement"] == {"13": 2, "59": 1}
    assert 'href="?departement=13&amp;departement=59"' in response.text
    assert "Bouches-du-Rhône (13)" in response.text


def test_the_map_colours_departements_and_links_to_their_filter(client):
    published(territory=territory("commune", "59350"))
    page = client.get("/repertoire/", {"q": "repas"}).text
    assert re.search(r'<a class="departement bucket-[1-5]" href="\?q=repas&amp;departement=59">', page)
    assert "Nord&nbsp;: 1 initiative" in page
    assert "Voir les données de la carte sous forme de tableau" in page


def test_unpublished_initiatives_stay_out_of_results_counts_map_and_feed_for_visitors(client):
    published(title="Jardin partagé", territory=territory("commune", "59350"))
    InitiativeFactory(title="Jardin secret", territory=territory("commune", "13055"), status=Status.QUALIFIED)

    response = client.get("/repertoire/", {"q": "jardin"})
    assert response.context["outcome"].total == 1
    assert "Jardin secret" not in response.text
    assert "Bouches-du-Rhône&nbsp;: aucune initiative" in response.text
    offered = {item.value for box in response.context["facets"] for item in box.values}
    assert "13" not in offered
    assert "Statut" not in [box.label for box in response.context["facets"]]
    feed = client.get("/flux/initiatives.atom", {"q": "jardin"}).text
    assert "Jardin partagé" in feed and "Jardin secret" not in feed


def test_staff_see_unpublished_initiatives_with_their_status(client):
    InitiativeFactory(title="Jardin secret", status=Status.QUALIFIED)
    client.force_login(UserFactory(analyst=True))
    response = client.get("/repertoire/", {"q": "jardin", "statut": Status.QUALIFIED})
    assert response.context["outcome"].total == 1
    assert "Jardin secret" in response.text
    assert "Qualifiée" in response.text


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 10_000},
        {"q": '"aide alimentaire'},
        {"q": "' OR 1=1; DROP TABLE catalog_initiative; --"},
        {"q": "NEAR(aide repas) AND * ^"},
        {"theme": "inconnue", "departement": "999", "annee": "abc", "page": "-4"},
        {"page": "999999999999"},
    ],
)
def test_bad_input_gives_a_normal_page(client, params):
    published()
    response = client.get("/repertoire/", params)
    assert response.status_code == 200
    assert "Répertoire des initiatives" in response.text


def test_no_result_offers_a_correction_and_ways_out(client):
    published(title="Violences conjugales : un accueil de jour", summary="Accueil des victimes de violences.")
    page = client.get("/repertoire/", {"q": "violance", "theme": "autonomie_age_handicap"}).text
    assert "Aucune initiative pour « violance »" in page
    assert "Vouliez-vous dire" in page and ">violences</a>" in page
    assert "Retirer les filtres" in page


def test_the_partial_answer_holds_only_the_results_region(client):
    published()
    response = client.get("/repertoire/", {"q": "repas"}, headers={"X-Essaim-Partial": "1"})
    assert "<html" not in response.text
    assert 'role="status"' in response.text
    assert "X-Essaim-Partial" in response["Vary"]


def test_the_feed_lists_newly_published_initiatives_with_the_directory_filters(client):
    culture = published(title="Concerts aux balcons", themes=["culture"])
    culture.published_at -= dt.timedelta(days=2)
    culture.save()
    published(title="Épicerie solidaire", themes=["alimentation_agriculture"])
    later = InitiativeFactory(title="Lectures au téléphone", themes=["culture"], status=Status.QUALIFIED)
    services.initiative_publish(initiative=later)

    response = client.get("/flux/initiatives.atom", {"theme": "culture"})
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own response
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert titles == ["Lectures au téléphone", "Concerts aux balcons"]
    link = feed.find(f"{ATOM}entry/{ATOM}link").get("href")
    assert link.endswith(f"/initiatives/{later.pk}/")
    assert culture.pk


def test_the_directory_announces_its_feed(client):
    page = client.get("/repertoire/", {"theme": "culture"}).text
    assert 'type="application/atom+xml"' in page
    assert "/flux/initiatives.atom?theme=culture" in page


def test_an_initiative_page_suggests_similar_published_initiatives(client):
    initiative = published(title="Portage de repas à Lille", territory=territory("commune", "59350"))
    near = published(title="Repas solidaires à Roubaix", territory=territory("commune", "59512"))
    far = published(title="Repas à Marseille", territory=territory("commune", "13055"))
    InitiativeFactory(title="Repas en préparation", territory=territory("commune", "59512"))
    published(title="Concerts", themes=["culture"], territory=territory("commune", "59512"))

    response = client.get(f"/initiatives/{initiative.pk}/")
    assert [item.pk for item in response.context["similar"]] == [near.pk, far.pk]
    assert "Initiatives similaires" in response.text


def test_visitors_result_pages_are_cached_until_the_directory_changes(client, django_assert_max_num_queries):
    published(title="Jardin partagé")
    assert "1 initiative pour « jardin »" in client.get("/repertoire/", {"q": "jardin"}).text
    with django_assert_max_num_queries(3):  # queue check + generation (+ session): no search, no render
        assert "1 initiative pour « jardin »" in client.get("/repertoire/", {"q": "jardin"}).text

    other = InitiativeFactory(title="Jardin des aînés", status=Status.QUALIFIED)
    services.initiative_publish(initiative=other)
    assert "2 initiatives pour « jardin »" in client.get("/repertoire/", {"q": "jardin"}).text


def test_staff_pages_are_never_served_from_the_visitors_cache(client):
    InitiativeFactory(title="Jardin secret", status=Status.QUALIFIED)
    assert "Aucune initiative" in client.get("/repertoire/", {"q": "jardin"}).text
    client.force_login(UserFactory(analyst=True))
    assert "1 initiative pour « jardin »" in client.get("/repertoire/", {"q": "jardin"}).text


def test_the_home_page_searches_the_directory(client):
    page = client.get("/").text
    assert 'role="search"' in page
    assert 'action="/repertoire/"' in page


def test_a_very_broad_search_says_its_counts_are_estimates(client, monkeypatch):
    from essaim.search import sync
    from essaim.search.backends.base import SearchHits

    shown = published(title="Portage de repas", territory=territory("commune", "59350"))

    def estimating(request):  # what an engine answers when a query matches hundreds of thousands
        facets = {"theme": {"sante": 123_456}, "departement": {"59": 86_312}}
        return SearchHits(total=866_312, ids=[shown.pk], facets=facets, exact=False, total_exact=False)

    sync.generation()  # the new initiative is indexed
    monkeypatch.setattr(sync.backend(), "search", estimating)
    # French typography: thousands are separated by a no-break space (narrow on the map).
    page = client.get("/repertoire/", {"q": "repas"}).text.replace("\xa0", " ").replace("\u202f", " ")
    assert "environ 870 000 initiatives pour « repas »" in page
    assert "estimés sur un échantillon" in page
    assert '≈&nbsp;</span><span class="visually-hidden">environ </span>120 000' in page
    assert "<title>Nord&nbsp;: environ 86 000 initiatives</title>" in page
    assert "page 1 sur 500" in page  # deep pages are not offered
    assert "Portage de repas" in page
    # A département absent from the sample stays selectable, without claiming a count.
    assert 'Ardennes (08)</span> <span class="count">très peu' in page


def test_an_exact_total_is_shown_as_it_is_beside_estimated_filter_counts(client, monkeypatch):
    from essaim.search import sync
    from essaim.search.backends.base import SearchHits

    shown = published(title="Portage de repas", territory=territory("commune", "59350"))

    def estimating(request):  # few matches, but the map counts the whole of France
        facets = {"departement": {"59": 86_312, "62": 40_000}}
        return SearchHits(total=160, ids=[shown.pk], facets=facets, exact=False, total_exact=True)

    sync.generation()
    monkeypatch.setattr(sync.backend(), "search", estimating)
    page = client.get("/repertoire/", {"q": "repas", "departement": "59"}).text.replace("\xa0", " ")
    assert "160 initiatives pour « repas »" in page
    assert "environ 160" not in page
    assert "Certains nombres sont des estimations" in page

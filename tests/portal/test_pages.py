"""What a visitor reads on the first pages, and how many queries they cost."""

import pytest

from essaim.catalog.demo import demo_load
from essaim.search.sync import generation
from tests.factories import InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_home_shows_key_figures_and_latest_initiatives(client):
    """The home page counts published initiatives and lists the latest ones."""
    InitiativeFactory(published=True, title="Épicerie solidaire mobile")
    InitiativeFactory(title="Brouillon caché")

    page = client.get("/").text

    assert "Épicerie solidaire mobile" in page
    assert "Brouillon caché" not in page
    assert "<strong>1</strong> initiatives publiées" in page


def test_initiative_page_shows_territory_themes_dates_period_and_sources(client):
    """An initiative page shows everything public about it, in French."""
    initiative = InitiativeFactory(published=True, themes=["sante", "culture"], sources=2)

    page = client.get(f"/initiatives/{initiative.pk}/").text

    assert "Lille" in page
    assert "Nord" in page
    assert "Santé" in page and "Culture" in page
    assert "17 mars 2020" in page
    assert "Premier confinement (17 mars – 10 mai 2020)" in page
    assert page.count("Journal local n°") == 2
    assert "Population (2018)" in page


def test_directory_filters_by_theme_and_paginates(client):
    """The directory narrows to a theme and pages through results 20 at a time."""
    demo_load()

    everything = client.get("/repertoire/")
    culture = client.get("/repertoire/?theme=culture")
    second = client.get("/repertoire/?page=2")

    assert "99 initiatives" in everything.text
    assert "page 1 sur 5" in everything.text
    assert 0 < culture.context["outcome"].total < 99
    assert all(
        "culture" in [link.theme.code for link in initiative.theme_links.all()]
        for initiative, _ in culture.context["hits"]
    )
    assert "page 2 sur 5" in second.text
    assert {initiative.pk for initiative, _ in second.context["hits"]}.isdisjoint(
        {initiative.pk for initiative, _ in everything.context["hits"]}
    )


def test_territory_page_lists_initiatives_inside_it(client):
    """A département's page lists the initiatives of its communes, and shows its figures."""
    InitiativeFactory(published=True, title="Initiative lilloise")

    page = client.get("/territoires/departement/59/").text

    assert "Initiative lilloise" in page
    assert "Taux de pauvreté" in page


def test_unknown_territory_level_or_code_is_a_404(client):
    """A made-up territory gives a clean 404."""
    assert client.get("/territoires/commune/00000/").status_code == 404
    assert client.get("/territoires/planete/1/").status_code == 404


def test_login_page_in_french_and_wrong_password_explained(client):
    """The sign-in page is in the site's design and says clearly when credentials are wrong."""
    UserFactory(username="agent")
    page = client.get("/compte/connexion/").text
    assert "Se connecter" in page and "Mot de passe" in page

    response = client.post("/compte/connexion/", {"username": "agent", "password": "faux"})
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.text


@pytest.mark.parametrize("url", ["/", "/repertoire/", "/initiatives/{pk}/"])
def test_pages_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries, url):
    """Key pages run a bounded number of SQL queries (no N+1 over initiatives)."""
    demo_load()
    initiative = InitiativeFactory(published=True, sources=3)
    generation()  # filling the new index with the freshly loaded demo is not the page's cost
    # PostgreSQL's search runs a few statements of its own (jit off, size estimate, one per
    # facet pass, page): a constant, whatever the number of initiatives.
    with django_assert_max_num_queries(18):
        assert client.get(url.format(pk=initiative.pk)).status_code == 200


def test_unknown_page_answers_in_french_in_the_site_design(client):
    """A missing page is a French 404 in the site's design, with a way back."""
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.text
    assert "Parcourir le répertoire" in response.text

"""Essaimage on the public pages: territorial profiles, comparable territories, practices proven
in comparable territories and the territories that could adopt a practice."""

import pytest

from essaim.portal import replication
from essaim.territories import comparison
from essaim.territories.models import Level, Territory
from tests.factories import InitiativeFactory, UserFactory, territory

pytestmark = pytest.mark.django_db

LILLE = "59350"
MEAL_DELIVERY = "La commune livre des repas chaque jour aux personnes âgées isolées pendant le confinement."


@pytest.fixture(autouse=True)
def _fresh_indicators():
    """Other tests load other geographies in their transactions: read the real one again."""
    comparison.reset()
    yield
    comparison.reset()


def _lille() -> Territory:
    return Territory.objects.select_related("indicators").get(level=Level.COMMUNE, code=LILLE)


def _nearest_to_lille(**options) -> list[Territory]:
    matches = comparison.similar_matches(_lille(), k=replication.NEARBY_TERRITORIES, **options)
    return [c.territory for c in comparison.comparables(matches)]


def test_commune_page_shows_its_profile_with_national_positions_and_charts(client):
    """Each figure comes with its percentile among the communes and a small chart with a text alternative."""
    page = client.get(f"/territoires/commune/{LILLE}/").text

    assert "Profil du territoire" in page
    assert "Taux de pauvreté" in page and "25,0" in page
    assert "au-dessus de 94 % des communes" in page
    assert 'class="position-bar"' in page and 'role="img"' in page
    assert "classe de densité : <strong>urbain dense</strong>" in page


def test_secret_figures_are_shown_as_unknown_never_as_zero(client):
    """A small commune's poverty rate, under statistical secrecy, reads « non connu (secret statistique) »."""
    commune = Territory.objects.select_related("indicators").get(level=Level.COMMUNE, code="01001")
    assert commune.indicators.poverty_rate is None

    response = client.get("/territoires/commune/01001/")
    poverty = next(line for line in response.context["profile"].lines if line.indicator.key == "poverty_rate")

    assert "non connu (secret statistique)" in response.text
    assert poverty.value is None and poverty.percentile is None


def test_epci_and_departement_pages_have_profiles_with_coverage_of_aggregated_rates(client):
    """An aggregated poverty rate says over which share of the population it is known."""
    epci = territory(Level.COMMUNE, LILLE).epci
    epci_page = client.get(f"/territoires/epci/{epci.code}/").text
    departement_page = client.get("/territoires/departement/59/").text

    assert "parmi les intercommunalités de France" in epci_page
    assert "calculé sur les communes où il est connu" in epci_page
    assert "parmi les départements de France" in departement_page


def test_territory_page_lists_comparable_territories_with_reasons(client):
    """The most similar communes are listed, each with its reasons in plain French."""
    response = client.get(f"/territoires/commune/{LILLE}/")

    similar = response.context["similar"]
    assert similar and all(c.territory.level == Level.COMMUNE for c in similar)
    assert LILLE not in [c.territory.code for c in similar]
    assert similar[0].territory.name in response.text
    assert " contre " in similar[0].reasons
    assert "Territoires comparables" in response.text


def test_changing_the_weights_changes_the_comparable_territories(client):
    """The weights form (GET, no JavaScript needed) changes the answer and keeps the chosen levels."""
    default = client.get(f"/territoires/commune/{LILLE}/")
    weighted = client.get(f"/territoires/commune/{LILLE}/?population=3&densite=0&pauvrete=0&chomage=0")

    codes = [c.territory.code for c in default.context["similar"]]
    assert [c.territory.code for c in weighted.context["similar"]] != codes
    assert '<option value="3" selected>important</option>' in weighted.text


def test_practices_of_comparable_territories_are_listed_by_theme_and_drafts_never(client):
    """Published initiatives of comparable communes appear, grouped by theme; drafts never do."""
    nearest = _nearest_to_lille()[0]
    InitiativeFactory(published=True, territory=nearest, title="Épicerie solidaire proche", themes=["sante"])
    InitiativeFactory(territory=nearest, title="Brouillon caché du voisin", themes=["sante"])
    InitiativeFactory(submitted=True, territory=nearest, title="Initiative soumise cachée", themes=["sante"])

    page = client.get(f"/territoires/commune/{LILLE}/").text

    assert "Pratiques éprouvées dans des territoires comparables" in page
    assert "Épicerie solidaire proche" in page
    assert f"{nearest.name}</a> est comparable :" in page
    assert '<h3 class="practice-theme">Santé</h3>' in page
    assert "Brouillon caché du voisin" not in page
    assert "Initiative soumise cachée" not in page


def test_staff_also_see_only_published_practices_of_comparable_territories(client):
    """Practices « éprouvées » are published ones, whoever reads the page."""
    nearest = _nearest_to_lille()[0]
    InitiativeFactory(territory=nearest, title="Brouillon caché du voisin")
    client.force_login(UserFactory(analyst=True))

    assert "Brouillon caché du voisin" not in client.get(f"/territoires/commune/{LILLE}/").text


def test_practices_filter_by_theme_and_by_distance(client):
    """The theme filter keeps one theme; the distance cut-off drops territories beyond it."""
    nearest = _nearest_to_lille()
    far_cut = replication.PROXIMITY["tres"][1]
    close = nearest[0]
    matches = comparison.similar_matches(_lille(), k=replication.NEARBY_TERRITORIES)
    farther = Territory.objects.get(pk=next(m.id for m in matches if m.distance > far_cut))
    InitiativeFactory(published=True, territory=close, title="Pratique de santé proche", themes=["sante"])
    InitiativeFactory(published=True, territory=close, title="Pratique culturelle proche", themes=["culture"])
    InitiativeFactory(published=True, territory=farther, title="Pratique plus lointaine", themes=["sante"])
    url = f"/territoires/commune/{LILLE}/"

    everything = client.get(url).text
    health = client.get(url + "?theme=sante").text
    very_close = client.get(url + "?proximite=tres").text

    assert "Pratique culturelle proche" in everything and "Pratique plus lointaine" in everything
    assert "Pratique de santé proche" in health and "Pratique culturelle proche" not in health
    assert "Pratique plus lointaine" in health
    assert "Pratique de santé proche" in very_close and "Pratique plus lointaine" not in very_close


def test_initiative_page_lists_comparable_territories_without_an_equivalent(client):
    """Territories like the practice's own are listed, except those where an equivalent is published."""
    practice = InitiativeFactory(
        published=True, title="Portage de repas aux aînés isolés", summary=MEAL_DELIVERY
    )
    nearest = _nearest_to_lille()
    equivalent_there, draft_there = nearest[0], nearest[1]
    InitiativeFactory(
        published=True,
        territory=equivalent_there,
        title="Des repas livrés aux personnes âgées isolées",
        summary=MEAL_DELIVERY,
    )
    InitiativeFactory(territory=draft_there, title="Brouillon de portage de repas", summary=MEAL_DELIVERY)

    response = client.get(f"/initiatives/{practice.pk}/")
    listed = [c.territory.pk for c in response.context["adoption"]["candidates"]]

    assert "Territoires comparables qui pourraient l'adopter" in response.text
    assert equivalent_there.pk not in listed
    assert draft_there.pk in listed  # a draft is not yet a practice there
    assert "Brouillon de portage de repas" not in response.text
    assert listed and all(Territory.objects.get(pk=pk).level == Level.COMMUNE for pk in listed)


def test_an_initiative_of_another_theme_or_text_is_not_an_equivalent(client):
    """Same theme and a similar text make an equivalent; another theme does not."""
    practice = InitiativeFactory(published=True, summary=MEAL_DELIVERY)
    nearest = _nearest_to_lille()[0]
    InitiativeFactory(published=True, territory=nearest, summary=MEAL_DELIVERY, themes=["culture"])

    response = client.get(f"/initiatives/{practice.pk}/")

    assert nearest.pk in [c.territory.pk for c in response.context["adoption"]["candidates"]]


def test_a_departement_wide_equivalent_reaches_its_communes(client):
    """A commune whose département already runs the practice does not need to adopt it."""
    practice = InitiativeFactory(published=True, summary=MEAL_DELIVERY)
    nearest = _nearest_to_lille()[0]
    InitiativeFactory(published=True, territory=nearest.departement, summary=MEAL_DELIVERY)

    response = client.get(f"/initiatives/{practice.pk}/")

    assert nearest.pk not in [c.territory.pk for c in response.context["adoption"]["candidates"]]


def test_adoption_candidates_filter_by_region_and_size(client):
    """The région and size filters narrow the comparable territories."""
    practice = InitiativeFactory(published=True)
    grand_est = territory(Level.REGION, "44")

    by_region = client.get(f"/initiatives/{practice.pk}/?region=44").context["adoption"]["candidates"]
    by_size = client.get(f"/initiatives/{practice.pk}/?taille=l").context["adoption"]["candidates"]

    assert by_region and all(c.territory.region_id == grand_est.pk for c in by_region)
    assert by_size and all(10_000 <= c.territory.indicators.population_2018 < 50_000 for c in by_size)
    assert (
        '<option value="44" selected>Grand Est</option>'
        in client.get(f"/initiatives/{practice.pk}/?region=44").text
    )


def test_national_initiative_has_no_adoption_section(client):
    """A national practice has no comparable territory of its level."""
    practice = InitiativeFactory(published=True, territory=territory(Level.NATIONAL, "FR"))

    response = client.get(f"/initiatives/{practice.pk}/")

    assert response.context["adoption"] is None
    assert "pourraient l'adopter" not in response.text


def test_unpublished_initiative_page_stays_hidden_from_visitors(client):
    """A draft's page, and so its comparable territories, is a 404 for visitors."""
    draft = InitiativeFactory()

    assert client.get(f"/initiatives/{draft.pk}/").status_code == 404


def test_territory_page_runs_few_queries(client, django_assert_max_num_queries):
    """Profile, comparable territories and their practices cost a bounded number of queries."""
    nearest = _nearest_to_lille()
    for neighbour in nearest[:5]:
        InitiativeFactory(published=True, territory=neighbour, sources=2)
    with django_assert_max_num_queries(14):
        assert client.get(f"/territoires/commune/{LILLE}/").status_code == 200

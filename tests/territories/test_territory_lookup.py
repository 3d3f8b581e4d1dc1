"""Finding territories by name: spelling variants, homonyms, former communes and arrondissements."""

import pytest

from essaim.territories.models import Level, Territory
from essaim.territories.selectors import territory_get, territory_lookup

pytestmark = pytest.mark.django_db


def codes(territories):
    return [territory.code for territory in territories]


@pytest.mark.parametrize(
    "spelling", ["saint etienne", "St-Étienne", "SAINT-ÉTIENNE", "Saint Etienne", "st. etienne"]
)
def test_lookup_ignores_case_accents_hyphens_and_saint(spelling):
    """Any spelling of Saint-Étienne finds the commune 42218."""
    assert codes(territory_lookup(spelling))[0] == "42218"


def test_homonyms_are_all_listed_most_populous_first():
    """All homonyms of "SAINT-DENIS" are listed, ordered by population descending."""
    found = territory_lookup("SAINT-DENIS")
    assert len(found) == 4  # Aude, Gard, Seine-Saint-Denis, La Réunion
    assert {"93066", "97411"} <= set(codes(found))
    populations = [territory.population or 0 for territory in found]
    assert populations == sorted(populations, reverse=True)
    # In this COG (2025 populations) Saint-Denis de La Réunion (155,634) outnumbers Saint-Denis
    # in Seine-Saint-Denis (149,077, after absorbing Pierrefitte-sur-Seine).
    assert codes(found)[:2] == ["97411", "93066"]


def test_limit_caps_the_results():
    """The limit caps the number of homonyms returned."""
    assert len(territory_lookup("Saint-Denis", limit=3)) == 3


def test_level_filter():
    """With a level, only territories of that level match: "Paris" as a département is 75."""
    assert codes(territory_lookup("Paris", level=Level.DEPARTEMENT)) == ["75"]
    assert codes(territory_lookup("Paris", level=Level.COMMUNE)) == ["75056"]


@pytest.mark.parametrize(
    ("alias", "commune"),
    [
        ("Marseille 1er Arrondissement", "13055"),  # municipal arrondissement
        ("lyon 3e arrondissement", "69123"),  # municipal arrondissement, lower-case
        ("Bellegarde-sur-Valserine", "01033"),  # delegated commune, now Valserhône
        ("Arbignieu", "01015"),  # delegated commune sharing its code with its chef-lieu
        ("Pierrefitte-sur-Seine", "93066"),  # merged into Saint-Denis in 2025
    ],
)
def test_alias_resolves_to_its_current_commune(alias, commune):
    """A former commune or an arrondissement resolves to the current commune."""
    found = territory_lookup(alias)
    assert commune in codes(found)
    assert all(territory.level == Level.COMMUNE for territory in found)


def test_alias_is_ignored_when_another_level_is_asked():
    """Aliases only resolve to communes: asking for départements does not return them."""
    assert territory_lookup("Marseille 1er Arrondissement", level=Level.DEPARTEMENT) == []


def test_a_commune_found_by_its_name_and_an_alias_is_listed_once():
    """Saint-Denis (93066) is both a commune and a delegated commune: it appears once."""
    assert codes(territory_lookup("Saint-Denis")).count("93066") == 1


def test_unknown_or_empty_name_finds_nothing():
    """An unknown or blank name returns an empty list."""
    assert territory_lookup("Nulle-Part-sur-Mer") == []
    assert territory_lookup(" - ") == []


def test_territory_get_by_level_and_code():
    """A territory is fetched by level and official code, with its parents."""
    ajaccio = territory_get(Level.COMMUNE, "2A004")
    assert ajaccio.name == "Ajaccio"
    assert ajaccio.departement.code == "2A"
    assert ajaccio.region.code == "94"


def test_territory_get_raises_does_not_exist():
    """An unknown code raises Territory.DoesNotExist."""
    with pytest.raises(Territory.DoesNotExist):
        territory_get(Level.COMMUNE, "00000")

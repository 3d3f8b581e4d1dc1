"""Containment: which territories lie within which (used by facets and "territories like mine")."""

import pytest

from essaim.territories.models import Level
from essaim.territories.selectors import territory_contains, territory_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def saint_etienne():
    return territory_get(Level.COMMUNE, "42218")


def test_commune_is_inside_its_epci_departement_region_and_country(saint_etienne):
    """A commune lies within its EPCI, its département, its région and the national territory."""
    for outer in (saint_etienne.epci, saint_etienne.departement, saint_etienne.region):
        assert territory_contains(outer, saint_etienne)
    assert territory_contains(territory_get(Level.NATIONAL, "FR"), saint_etienne)


def test_commune_is_not_inside_another_departement_region_or_epci(saint_etienne):
    """A commune is not within a neighbouring département, another région or another EPCI."""
    assert not territory_contains(territory_get(Level.DEPARTEMENT, "43"), saint_etienne)
    assert not territory_contains(territory_get(Level.REGION, "93"), saint_etienne)
    lyon = territory_get(Level.COMMUNE, "69123")
    assert not territory_contains(lyon.epci, saint_etienne)


def test_every_territory_contains_itself(saint_etienne):
    """A territory contains itself, at every level."""
    for territory in (saint_etienne, saint_etienne.epci, saint_etienne.departement, saint_etienne.region):
        assert territory_contains(territory, territory)


def test_narrower_does_not_contain_wider(saint_etienne):
    """A narrower territory never contains a wider one."""
    assert not territory_contains(saint_etienne, saint_etienne.departement)
    assert not territory_contains(saint_etienne.departement, saint_etienne.region)
    assert not territory_contains(saint_etienne.region, territory_get(Level.NATIONAL, "FR"))


def test_region_contains_its_departements_and_epci(saint_etienne):
    """A région contains its départements and the EPCI of those départements."""
    auvergne_rhone_alpes = territory_get(Level.REGION, "84")
    assert territory_contains(auvergne_rhone_alpes, saint_etienne.departement)
    assert territory_contains(auvergne_rhone_alpes, saint_etienne.epci)


def test_departement_contains_the_epci_whose_main_departement_it_is(saint_etienne):
    """A département contains the EPCI whose population lives mostly in it."""
    assert saint_etienne.epci.departement_id == saint_etienne.departement_id
    assert territory_contains(saint_etienne.departement, saint_etienne.epci)
    assert not territory_contains(territory_get(Level.DEPARTEMENT, "69"), saint_etienne.epci)

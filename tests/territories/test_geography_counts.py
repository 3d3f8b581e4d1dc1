"""The loaded geography is complete: every level, with the COG's populations."""

import pytest

from essaim.territories.models import Indicators, Level, Territory
from essaim.territories.selectors import geography_counts

# Sum of `population` over the 34,969 "commune-actuelle" entries of @etalab/decoupage-administratif
# 6.0.0 (cog/communes.json), read once from the raw file; the vendored copy must stay within 1 %.
COG_TOTAL_POPULATION = 68_952_941

pytestmark = pytest.mark.django_db


def test_counts_of_every_level():
    """All current communes, EPCI, the 101 départements and 18 régions (metropolitan and DROM) are loaded."""
    counts = geography_counts()
    assert counts["communes"] >= 34_900
    assert counts["epci"] >= 1_250
    assert counts["departements"] == 101
    assert counts["regions"] == 18
    assert counts["collectivites_outre_mer"] == 8


def test_commune_populations_add_up_to_the_cog_total():
    """The communes' populations sum to the COG total, within 1 %."""
    assert geography_counts()["population"] == pytest.approx(COG_TOTAL_POPULATION, rel=0.01)


def test_one_national_territory_holds_the_whole_population():
    """There is one national territory, "France", whose population is the sum of the communes'."""
    france = Territory.objects.get(level=Level.NATIONAL)
    assert (france.code, france.name) == ("FR", "France")
    assert france.population == geography_counts()["population"]


def test_every_territory_has_indicators():
    """Every commune and every group has an indicators row (possibly with unknown figures)."""
    assert Indicators.objects.count() == Territory.objects.count()


def test_every_commune_has_a_region_and_a_departement():
    """No commune is left without its région and département."""
    communes = Territory.objects.filter(level=Level.COMMUNE)
    assert not communes.filter(region__isnull=True).exists()
    assert not communes.filter(departement__isnull=True).exists()


def test_epci_have_a_kind_and_a_main_departement_in_their_region():
    """Every EPCI has its nature and a main département lying in its région."""
    epcis = Territory.objects.filter(level=Level.EPCI).select_related("departement")
    assert set(epcis.values_list("kind", flat=True)) == {"CC", "CA", "CU", "METRO", "MET69"}
    assert all(epci.departement.region_id == epci.region_id for epci in epcis)


def test_zones_of_departements():
    """Départements carry their zone: Réunion is a DROM, Polynésie a COM, Ain metropolitan."""
    zones = dict(Territory.objects.filter(level=Level.DEPARTEMENT).values_list("code", "zone"))
    assert (zones["01"], zones["974"], zones["987"]) == ("metro", "drom", "com")


def test_names_carry_their_article_type():
    """Communes, départements and régions keep INSEE's name type (TNCC), used to write "du Nord"."""
    name_types = dict(
        Territory.objects.filter(level=Level.DEPARTEMENT, code__in=["59", "01", "80"]).values_list(
            "code", "name_type"
        )
    )
    assert name_types == {"59": 2, "01": 5, "80": 3}  # du Nord, de l'Ain, de la Somme
    assert Territory.objects.get(level=Level.COMMUNE, code="76351").name_type == 2  # du Havre

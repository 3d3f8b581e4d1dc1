"""Indicators in the database: communes as published, groups aggregated from their communes."""

import pytest

from essaim.territories.indicators import Figures, Rates, aggregate, derive
from essaim.territories.models import Indicators, Level
from essaim.territories.selectors import territory_get

pytestmark = pytest.mark.django_db

FIGURE_FIELDS = list(Figures.__dataclass_fields__)
RATE_FIELDS = list(Rates.__dataclass_fields__)


def as_figures(indicators: Indicators) -> Figures:
    return Figures(**{name: getattr(indicators, name) for name in FIGURE_FIELDS})


def assert_same(stored: Indicators, expected: Figures):
    rates = derive(expected)
    expected_values = {name: getattr(expected, name) for name in FIGURE_FIELDS}
    expected_values |= {name: getattr(rates, name) for name in RATE_FIELDS}
    for name, value in expected_values.items():
        assert getattr(stored, name) == pytest.approx(value), name


@pytest.mark.parametrize("code", ["01", "2A", "93"])
def test_departement_figures_are_the_aggregate_of_its_communes(code):
    """A département's stored indicators equal the aggregate of its communes' indicators."""
    departement = territory_get(Level.DEPARTEMENT, code)
    communes = Indicators.objects.filter(territory__departement=departement, territory__level=Level.COMMUNE)
    expected = aggregate(as_figures(row) for row in communes)
    assert_same(departement.indicators, expected)


def test_commune_figures_are_those_published():
    """A commune keeps the INSEE figures of its row (Saint-Étienne, 2018 and 2013 census)."""
    indicators = territory_get(Level.COMMUNE, "42218").indicators
    assert (indicators.population_2018, indicators.population_2013) == (173_089, 172_023)
    assert indicators.median_income_population == 173_089
    assert indicators.growth_rate == pytest.approx(100 * (173_089 - 172_023) / 172_023)


def test_secret_poverty_rate_stays_unknown():
    """A small commune whose poverty rate is secret has None, not 0 (L'Abergement-Clémenciat)."""
    indicators = territory_get(Level.COMMUNE, "01001").indicators
    assert indicators.poverty_rate is None
    assert indicators.poverty_population is None
    assert indicators.median_income is not None


def test_departement_without_any_figure_is_unknown():
    """Mayotte, absent from the 2018 census figures, has unknown population and rates, not zeros."""
    indicators = territory_get(Level.DEPARTEMENT, "976").indicators
    assert indicators.population_2018 is None
    assert indicators.density is None


def test_merged_commune_adds_the_rows_of_its_former_communes():
    """Saint-Denis (93066) adds the INSEE row of Pierrefitte-sur-Seine (93059), merged since."""
    indicators = territory_get(Level.COMMUNE, "93066").indicators
    assert indicators.population_2018 > 112_091  # Saint-Denis alone in the INSEE file


def test_national_poverty_coverage_is_partial():
    """The national poverty rate is a weighted mean covering only the communes where it is published."""
    national = territory_get(Level.NATIONAL, "FR").indicators
    assert 10 < national.poverty_rate < 20
    assert national.poverty_population < national.population_2018

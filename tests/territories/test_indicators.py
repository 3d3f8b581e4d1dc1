"""Aggregation of INSEE figures: unknown stays unknown, means are weighted, rates are ratios of sums."""

import pytest

from essaim.territories.indicators import Figures, aggregate, commune_figures, derive


def test_blank_counts_stay_unknown_and_are_not_zero():
    """A figure unknown for one member is left out of the sum, not counted as 0."""
    group = aggregate(
        [commune_figures(population_2018=100, housing_units=None), commune_figures(population_2018=50)]
    )
    assert group.population_2018 == 150
    assert group.housing_units is None


def test_partially_known_count_sums_the_known_members():
    """A count known for some members is the sum over those members."""
    group = aggregate(
        [
            commune_figures(vacant_housing=3.5),
            commune_figures(vacant_housing=None),
            commune_figures(vacant_housing=1.5),
        ]
    )
    assert group.vacant_housing == pytest.approx(5.0)


def test_every_member_unknown_gives_unknown():
    """If no member knows a figure, the group does not know it either (None, never 0)."""
    group = aggregate([commune_figures(population_2018=10), commune_figures(population_2018=20)])
    assert group.median_income is None
    assert group.median_income_population is None
    assert group.poverty_rate is None
    assert group.unemployed_15_64 is None


def test_empty_group_is_unknown():
    """Aggregating nothing gives all-unknown figures."""
    assert aggregate([]) == Figures()


def test_median_income_is_population_weighted_over_known_members():
    """The median of a group is the mean of known medians weighted by population, with its coverage."""
    group = aggregate(
        [
            commune_figures(population_2018=1000, median_income=20000),
            commune_figures(population_2018=3000, median_income=24000),
            commune_figures(population_2018=500, median_income=None),
        ]
    )
    assert group.median_income == pytest.approx((1000 * 20000 + 3000 * 24000) / 4000)
    assert group.median_income_population == 4000
    assert group.population_2018 == 4500


def test_poverty_rate_is_population_weighted_over_known_members():
    """The poverty rate of a group is weighted by the population of the communes where it is published."""
    group = aggregate(
        [
            commune_figures(population_2018=100, poverty_rate=10.0),
            commune_figures(population_2018=300, poverty_rate=30.0),
        ]
    )
    assert group.poverty_rate == pytest.approx(25.0)
    assert group.poverty_population == 400


def test_aggregating_groups_equals_aggregating_their_communes():
    """Thanks to coverage weights, a group of groups aggregates like the group of all their communes."""
    communes = [
        commune_figures(population_2018=100, median_income=18000, poverty_rate=20.0, area_km2=3.0),
        commune_figures(population_2018=250, median_income=None, poverty_rate=None, area_km2=7.5),
        commune_figures(population_2018=900, median_income=23000, poverty_rate=None, area_km2=12.0),
        commune_figures(population_2018=40, median_income=21000, poverty_rate=12.0, area_km2=1.0),
    ]
    by_groups = aggregate([aggregate(communes[:2]), aggregate(communes[2:])])
    direct = aggregate(communes)
    assert by_groups.median_income == pytest.approx(direct.median_income)
    assert by_groups.poverty_rate == pytest.approx(direct.poverty_rate)
    assert by_groups.median_income_population == direct.median_income_population
    assert by_groups.area_km2 == pytest.approx(direct.area_km2)


def test_unemployment_rate_is_the_ratio_of_sums_not_the_mean_of_rates():
    """A group's unemployment rate is its unemployed over its active people."""
    group = aggregate(
        [
            commune_figures(active_15_64=100, unemployed_15_64=50),  # 50 %
            commune_figures(active_15_64=900, unemployed_15_64=45),  # 5 %
        ]
    )
    assert derive(group).unemployment_rate == pytest.approx(9.5)


def test_derived_rates():
    """Density, growth, vacant and secondary shares are exact ratios of the figures."""
    rates = derive(
        commune_figures(
            population_2018=1100,
            population_2013=1000,
            area_km2=22.0,
            housing_units=500,
            vacant_housing=40,
            secondary_housing=110,
        )
    )
    assert rates.density == pytest.approx(50.0)
    assert rates.growth_rate == pytest.approx(10.0)
    assert rates.vacant_share == pytest.approx(8.0)
    assert rates.secondary_share == pytest.approx(22.0)
    assert rates.unemployment_rate is None


def test_rates_with_unknown_or_zero_denominator_are_unknown():
    """A rate is unknown when a side is unknown or the denominator is zero, never 0 %."""
    rates = derive(
        commune_figures(
            population_2018=0, population_2013=0, area_km2=None, housing_units=0, vacant_housing=0
        )
    )
    assert rates.growth_rate is None
    assert rates.density is None
    assert rates.vacant_share is None


def test_zero_is_a_known_value():
    """A published 0 stays 0 and counts as known (unlike a blank)."""
    group = aggregate([commune_figures(population_2018=10, secondary_housing=0, housing_units=5)])
    assert group.secondary_housing == 0
    assert derive(group).secondary_share == 0

"""Territorial figures: aggregate communes' INSEE figures to any group, then derive comparable rates.

Pure (no Django). Rules:
- an unknown figure (blank in the INSEE file, statistical secrecy) stays None, never 0;
- counts (population, area, housing, active and unemployed people) are summed over the members where
  they are known; the sum is None only when every member is unknown;
- medians and poverty rates cannot be summed: a group gets the population-weighted mean over the
  members where they are known, and keeps that population (the coverage) as its weight;
- rates are exact ratios of sums (the unemployment rate of a département is its unemployed over its
  active people, not the mean of its communes' rates).

`aggregate` returns the same type it takes, with coverage weights, so aggregating groups of groups
gives the same result as aggregating their communes directly.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass, fields

# Counts that add up across territories.
SUMMED = (
    "population_2018",
    "population_2013",
    "area_km2",
    "housing_units",
    "vacant_housing",
    "secondary_housing",
    "active_15_64",
    "unemployed_15_64",
)
# Figure → the population over which it is known, its weight in a mean.
WEIGHTED = {"median_income": "median_income_population", "poverty_rate": "poverty_population"}


@dataclass(frozen=True, slots=True)
class Figures:
    """Figures of one commune (as INSEE publishes them) or of a group of communes (after `aggregate`).

    `median_income_population` and `poverty_population` are the populations over which the median
    and the poverty rate are known; use `commune_figures` to build a commune's, it fills them.
    """

    population_2018: int | None = None
    population_2013: int | None = None
    area_km2: float | None = None
    housing_units: float | None = None
    vacant_housing: float | None = None
    secondary_housing: float | None = None
    active_15_64: float | None = None
    unemployed_15_64: float | None = None
    median_income: float | None = None
    median_income_population: int | None = None
    poverty_rate: float | None = None
    poverty_population: int | None = None


@dataclass(frozen=True, slots=True)
class Rates:
    """Rates derived from `Figures`, comparable between territories of any size."""

    density: float | None = None  # inhabitants per km² (2018)
    growth_rate: float | None = None  # population change 2013-2018, %
    unemployment_rate: float | None = None  # unemployed among the active 15-64, %
    vacant_share: float | None = None  # vacant dwellings among all dwellings, %
    secondary_share: float | None = None  # secondary homes among all dwellings, %


def commune_figures(
    *,
    population_2018: int | None = None,
    population_2013: int | None = None,
    area_km2: float | None = None,
    housing_units: float | None = None,
    vacant_housing: float | None = None,
    secondary_housing: float | None = None,
    active_15_64: float | None = None,
    unemployed_15_64: float | None = None,
    median_income: float | None = None,
    poverty_rate: float | None = None,
) -> Figures:
    """Build a commune's figures from the published columns; its median and rate cover its population."""
    return Figures(
        population_2018=population_2018,
        population_2013=population_2013,
        area_km2=area_km2,
        housing_units=housing_units,
        vacant_housing=vacant_housing,
        secondary_housing=secondary_housing,
        active_15_64=active_15_64,
        unemployed_15_64=unemployed_15_64,
        median_income=median_income,
        median_income_population=population_2018 if median_income is not None else None,
        poverty_rate=poverty_rate,
        poverty_population=population_2018 if poverty_rate is not None else None,
    )


def _sum(values: Iterable[float | None]) -> float | None:
    known = [value for value in values if value is not None]
    if not known:
        return None
    # Populations stay exact integers; fsum keeps float totals free of accumulated rounding error.
    return sum(known) if all(isinstance(value, int) for value in known) else math.fsum(known)


def _weighted_mean(pairs: Iterable[tuple[float | None, int | None]]) -> tuple[float | None, int | None]:
    """Mean of the known values weighted by their coverage, and the total coverage."""
    total_weight = 0
    weighted_sum = 0.0
    for value, weight in pairs:
        # A figure without a known population cannot be weighted: it is left out, not guessed.
        if value is None or not weight:
            continue
        total_weight += weight
        weighted_sum += value * weight
    if not total_weight:
        return None, None
    return weighted_sum / total_weight, total_weight


def aggregate(figures: Iterable[Figures]) -> Figures:
    """Combine the figures of several territories into those of the group they form (see module doc)."""
    members = list(figures)
    values: dict[str, float | int | None] = {
        name: _sum(getattr(member, name) for member in members) for name in SUMMED
    }
    for name, weight_name in WEIGHTED.items():
        mean, coverage = _weighted_mean((getattr(m, name), getattr(m, weight_name)) for m in members)
        values[name] = mean
        values[weight_name] = coverage
    return Figures(**values)  # type: ignore[arg-type]


def _percent(part: float | None, whole: float | None) -> float | None:
    if part is None or not whole:
        return None
    return 100 * part / whole


def derive(figures: Figures) -> Rates:
    """Compute density, growth, unemployment rate and housing shares from (summed) figures.

    Each rate is the exact ratio of two sums; it is None when either side is unknown or the
    denominator is zero (a commune without dwellings has no vacant share, not a 0 % one).
    """
    growth = None
    if figures.population_2018 is not None and figures.population_2013:
        growth = 100 * (figures.population_2018 - figures.population_2013) / figures.population_2013
    density = None
    if figures.population_2018 is not None and figures.area_km2:
        density = figures.population_2018 / figures.area_km2
    return Rates(
        density=density,
        growth_rate=growth,
        unemployment_rate=_percent(figures.unemployed_15_64, figures.active_15_64),
        vacant_share=_percent(figures.vacant_housing, figures.housing_units),
        secondary_share=_percent(figures.secondary_housing, figures.housing_units),
    )


def figure_names() -> list[str]:
    """Names of the `Figures` fields, in declaration order (the columns the loader stores)."""
    return [field.name for field in fields(Figures)]

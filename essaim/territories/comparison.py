"""Territorial profiles and "territories like this one", over the loaded indicators.

Adapts the pure `similarity` and `profile` modules to the database: the indicators of every
current territory of a level are read once per process (one query, ~0.5 s for the communes) and
kept; `essaim load_territories` changes them, so a server is restarted after reloading the geography
(tests and commands may call `reset`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from essaim.territories import profile
from essaim.territories.models import Indicators, Level, Territory
from essaim.territories.similarity import DEFAULT_WEIGHTS, KEYS, Match, Matrix, Values, Weights

# Levels with profiles and comparisons (régions are too few to rank, communes' figures too many
# to guess for the country).
COMPARED_LEVELS = (Level.COMMUNE, Level.EPCI, Level.DEPARTEMENT)


@dataclass(frozen=True)
class _LevelData:
    matrix: Matrix
    region: dict[int, int | None]  # territory id → its région's id
    size: dict[int, str | None]  # territory id → its size class


@dataclass(frozen=True)
class Profile:
    """What the territory page shows of a territory's figures."""

    lines: list[profile.Line]
    density_class: str | None
    size_label: str | None
    level_plural: str


@dataclass(frozen=True)
class Comparable:
    """A territory similar to another, with the distance and the reasons in French."""

    territory: Territory
    distance: float
    reasons: str


_lock = threading.Lock()
_levels: dict[str, _LevelData] = {}


def reset() -> None:
    """Forget the indicators read so far (after loading a new geography)."""
    with _lock:
        _levels.clear()
        _regions.clear()


def _level_data(level: str) -> _LevelData:
    data = _levels.get(level)
    if data is None:
        with _lock:
            data = _levels.get(level)
            if data is None:
                data = _levels[level] = _read_level(level)
    return data


def _read_level(level: str) -> _LevelData:
    rows = Indicators.objects.filter(territory__level=level, territory__is_current=True).values_list(
        "territory_id", "territory__region_id", *KEYS
    )
    raw: dict[int, Values] = {}
    region: dict[int, int | None] = {}
    size: dict[int, str | None] = {}
    for territory_id, region_id, *values in rows:
        raw[territory_id] = values
        region[territory_id] = region_id
        size[territory_id] = profile.size_class(level, values[0])
    return _LevelData(Matrix(raw), region, size)


def values_of(indicators: Indicators | None) -> list[float | None]:
    """A territory's figures in `similarity.INDICATORS` order (all unknown without indicators)."""
    return [getattr(indicators, key, None) for key in KEYS]


def is_compared(territory: Territory) -> bool:
    return territory.level in COMPARED_LEVELS


def territory_profile(territory: Territory) -> Profile | None:
    """Each figure of the territory with its national position; None for a level not compared."""
    if not is_compared(territory):
        return None
    indicators: Indicators | None = getattr(territory, "indicators", None)
    values = values_of(indicators)
    coverage: dict[str, float | None] = {}
    population = indicators.population_2018 if indicators else None
    if indicators and population and territory.level != Level.COMMUNE:
        for key, covered in (
            ("median_income", indicators.median_income_population),
            ("poverty_rate", indicators.poverty_population),
        ):
            coverage[key] = (covered or 0) / population
    size = profile.size_class(territory.level, values[0])
    labels = {key: label for key, label, _bound in profile.SIZE_CLASSES.get(territory.level, ())}
    return Profile(
        lines=profile.lines(_level_data(territory.level).matrix, territory.level, values, coverage),
        density_class=profile.density_class(values[1]),
        size_label=labels.get(size) if size else None,
        level_plural=profile.LEVEL_PLURALS[territory.level],
    )


def similar_matches(
    territory: Territory,
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    k: int = 10,
    region_id: int | None = None,
    size: str | None = None,
) -> list[Match]:
    """The k territories of the same level most like this one (no query once the level is read).

    `region_id` and `size` (a `profile.SIZE_CLASSES` key) narrow the candidates.
    """
    if not is_compared(territory):
        return []
    data = _level_data(territory.level)
    values = values_of(getattr(territory, "indicators", None))

    def accept(territory_id: int) -> bool:
        return (region_id is None or data.region[territory_id] == region_id) and (
            size is None or data.size[territory_id] == size
        )

    nearest = data.matrix.nearest(
        values,
        weights=weights,
        k=k,
        exclude=[territory.pk],
        accept=accept if region_id is not None or size is not None else None,
    )
    return [data.matrix.match(values, territory_id, distance, weights) for distance, territory_id in nearest]


def comparables(matches: list[Match]) -> list[Comparable]:
    """The matches with their territories (one query), in the same order."""
    found = Territory.objects.select_related("region", "departement", "indicators").in_bulk(
        [match.id for match in matches]
    )
    return [Comparable(found[m.id], m.distance, m.reasons) for m in matches if m.id in found]


_regions: list[tuple[int, str, str]] = []


def regions() -> list[tuple[int, str, str]]:
    """(id, code, name) of the current régions by name, for filters (read once per process)."""
    if not _regions:
        found = Territory.objects.filter(level=Level.REGION, is_current=True).order_by("name")
        _regions[:] = found.values_list("pk", "code", "name")
    return _regions

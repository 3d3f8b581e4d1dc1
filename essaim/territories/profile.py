"""A territory's profile as people read it: each figure, its national position, its class. Pure.

The national position of a figure is its percentile among the territories of the same level that
know it (`similarity.Matrix.percentile`). Unknown figures stay unknown: a blank from statistical
secrecy is said so, never shown as 0 or placed on the scale.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from essaim.territories.similarity import INDICATORS, Indicator, Matrix, Values

# The thresholds (inhabitants per km²) of INSEE's "grille communale de densité", applied here to
# the density of the whole territory: an estimate, since the official grid (which counts 1 km²
# cells) is not among the vendored data.
DENSITY_CLASSES = (
    (1500.0, "urbain dense"),
    (300.0, "urbain de densité intermédiaire"),
    (25.0, "rural peu dense"),
    (0.0, "rural très peu dense"),
)
# Size classes per level: (key, label, lower bound of the population).
SIZE_CLASSES: Mapping[str, tuple[tuple[str, str, int], ...]] = {
    "commune": (
        ("xs", "moins de 500 habitants", 0),
        ("s", "de 500 à 2 000 habitants", 500),
        ("m", "de 2 000 à 10 000 habitants", 2_000),
        ("l", "de 10 000 à 50 000 habitants", 10_000),
        ("xl", "50 000 habitants ou plus", 50_000),
    ),
    "epci": (
        ("s", "moins de 15 000 habitants", 0),
        ("m", "de 15 000 à 50 000 habitants", 15_000),
        ("l", "de 50 000 à 200 000 habitants", 50_000),
        ("xl", "200 000 habitants ou plus", 200_000),
    ),
    "departement": (
        ("s", "moins de 300 000 habitants", 0),
        ("m", "de 300 000 à 700 000 habitants", 300_000),
        ("l", "de 700 000 à 1,2 million d'habitants", 700_000),
        ("xl", "1,2 million d'habitants ou plus", 1_200_000),
    ),
}
# "au-dessus de 73 % des communes": the level's name in the plural.
LEVEL_PLURALS = {"commune": "communes", "epci": "intercommunalités", "departement": "départements"}


@dataclass(frozen=True, slots=True)
class Line:
    """One figure of a profile: its value (None if unknown), percentile and the sentence saying it."""

    indicator: Indicator
    value: float | None
    percentile: float | None
    position: str  # « au-dessus de 73 % des communes », or why it is unknown
    note: str = ""  # coverage of an aggregated median or rate

    @property
    def centile(self) -> int:
        return round(self.percentile or 0.0)

    @property
    def marker(self) -> str:
        """Horizontal position of the marker on the position bar (a 100-unit track from x = 2)."""
        return f"{2 + (self.percentile or 0.0):.1f}"


def density_class(density: float | None) -> str | None:
    """« rural peu dense »…, from the density (see `DENSITY_CLASSES`); None if unknown."""
    if density is None:
        return None
    return next(label for bound, label in DENSITY_CLASSES if density >= bound)


def size_class(level: str, population: float | None) -> str | None:
    """The key of the size class of a territory of this level (None if unknown)."""
    if population is None or level not in SIZE_CLASSES:
        return None
    key = None
    for candidate, _label, bound in SIZE_CLASSES[level]:
        if population >= bound:
            key = candidate
    return key


def unknown_reason(indicator: Indicator) -> str:
    return "non connu (secret statistique)" if indicator.secret else "non connu"


def position_sentence(percentile: float, level: str) -> str:
    plural = LEVEL_PLURALS.get(level, "territoires")
    # Capped at 99: "above 100 % of the communes" would include the commune itself.
    share = min(99, max(1, round(percentile)))
    if share >= 50:
        return f"au-dessus de {share} % des {plural}"
    return f"en dessous de {100 - share} % des {plural}"


def lines(
    matrix: Matrix, level: str, values: Values, coverage: Mapping[str, float | None] | None = None
) -> list[Line]:
    """The profile's lines, in `INDICATORS` order. `coverage`: share (0-1) of the population over
    which an aggregated figure is known (EPCI, département), mentioned when it is not all of it."""
    result = []
    for index, (indicator, value) in enumerate(zip(INDICATORS, values, strict=True)):
        share = (coverage or {}).get(indicator.key)
        note = ""
        if value is not None and share is not None and share < 0.995:
            note = f"calculé sur les communes où il est connu ({round(100 * share)} % de la population)"
        if value is None:
            result.append(Line(indicator, None, None, unknown_reason(indicator)))
            continue
        percentile = matrix.percentile(index, value)
        position = position_sentence(percentile, level) if percentile is not None else ""
        result.append(Line(indicator, value, percentile, position, note))
    return result

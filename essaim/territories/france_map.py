"""Choropleth map of France by département: vendored outlines + counts → shapes, classes, legend.

Pure (no Django): the portal gives the number of initiatives per département code and a function
that makes each département's link; the template `portal/_france_map.html` draws the result as
SVG (one link per département) followed by the same figures as a table.

The outlines come from `data/departements_map.json`, built by `scripts/build_map.py`. Colour
classes are quantiles of the non-zero counts, so a map of 3 initiatives and one of 3,000 both use
the whole scale; class 0 is kept for "none".
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

from essaim.core.numbers import rounded

DATA_PATH = Path(__file__).resolve().parent / "data" / "departements_map.json"
CLASSES = 5
# French typography groups thousands with a narrow no-break space: "1 234".
THOUSANDS = "\u202f"


@dataclass(frozen=True)
class Outline:
    """One département as drawn: SVG path data in the map's viewBox units."""

    code: str
    name: str
    d: str
    inset: bool


@dataclass(frozen=True)
class Inset:
    """The frame of an overseas département drawn apart from metropolitan France."""

    code: str
    label: str
    x: int
    y: int
    w: int
    h: int

    @property
    def label_x(self) -> int:
        return self.x + 8

    @property
    def label_y(self) -> int:
        return self.y + 20


@dataclass(frozen=True)
class Outlines:
    view_box: str
    departements: tuple[Outline, ...]
    insets: tuple[Inset, ...]


@dataclass(frozen=True)
class Shape:
    """A département on the choropleth: its outline, count, colour class (0 = none) and link."""

    code: str
    name: str
    d: str
    inset: bool
    count: int
    bucket: int
    href: str
    estimated: bool = False  # the count is an estimate from a sample

    @property
    def count_text(self) -> str:
        if not self.estimated:
            return format_number(self.count)
        # None in a sample is not none at all: a few may have escaped it.
        return f"environ {format_number(rounded(self.count))}" if self.count else "très peu ou aucune"

    @property
    def label(self) -> str:
        if not self.estimated:
            return initiatives_label(self.count)
        return (
            "environ " + initiatives_label(rounded(self.count))
            if self.count
            else "très peu ou aucune initiative"
        )


class LegendClass(NamedTuple):
    """A colour class: counts from `low` to `high` included, and how the legend says it."""

    bucket: int
    low: int
    high: int
    label: str


@dataclass(frozen=True)
class FranceMap:
    view_box: str
    insets: tuple[Inset, ...]
    shapes: tuple[Shape, ...]
    legend: tuple[LegendClass, ...]
    total: int
    estimated: bool = False

    @property
    def total_text(self) -> str:
        return (
            f"environ {format_number(rounded(self.total))}" if self.estimated else format_number(self.total)
        )


def format_number(value: int) -> str:
    """1234 → "1 234" (narrow no-break space), as French typography writes it."""
    return f"{value:,}".replace(",", THOUSANDS)


def initiatives_label(count: int) -> str:
    """ "aucune initiative", "1 initiative", "1 234 initiatives"."""
    if count == 0:
        return "aucune initiative"
    return f"{format_number(count)} initiative{'s' if count > 1 else ''}"


@cache
def load_outlines(path: Path = DATA_PATH) -> Outlines:
    """The vendored outlines, read once per process."""
    data = json.loads(path.read_text(encoding="utf-8"))
    departements = tuple(
        Outline(code=code, name=item["name"], d=item["d"], inset=item["inset"])
        for code, item in sorted(data["departements"].items())
    )
    insets = tuple(
        Inset(code=box["code"], label=box["label"], x=box["x"], y=box["y"], w=box["w"], h=box["h"])
        for box in data["insets"]
    )
    return Outlines(view_box=data["viewBox"], departements=departements, insets=insets)


def class_ranges(counts: list[int]) -> list[tuple[int, int]]:
    """Up to CLASSES contiguous (low, high) ranges from quantiles of the non-zero counts.

    Each upper bound is an actual count (nearest rank), so no range is empty; equal bounds are
    merged, so a map where every count is the same has a single range.
    """
    values = sorted(count for count in counts if count > 0)
    if not values:
        return []
    highs = sorted({values[math.ceil(k * len(values) / CLASSES) - 1] for k in range(1, CLASSES + 1)})
    lows = [values[0]] + [high + 1 for high in highs[:-1]]
    return list(zip(lows, highs, strict=True))


def class_buckets(classes: int) -> list[int]:
    """Colour buckets 1..CLASSES spread over the classes, so that fewer classes still contrast."""
    if classes == 1:
        return [CLASSES]
    return [1 + math.floor(i * (CLASSES - 1) / (classes - 1) + 0.5) for i in range(classes)]


def range_label(low: int, high: int, *, last: bool) -> str:
    if low == high:
        return format_number(low)
    if last and low > 1:
        return f"plus de {format_number(low - 1)}"
    return f"{format_number(low)} à {format_number(high)}"


def choropleth(
    counts: Mapping[str, int], *, href: Callable[[str], str], estimated: bool = False
) -> FranceMap:
    """The map of `counts` (département code → number of initiatives; missing codes count 0).

    Codes that are not on the map (overseas collectivities such as 975 or 988) are ignored, and
    so is their count in `total`, so that the map, its legend and its table agree.
    """
    outlines = load_outlines()
    values = {outline.code: counts.get(outline.code, 0) for outline in outlines.departements}
    if any(value < 0 for value in values.values()):
        raise ValueError("Un nombre d'initiatives ne peut pas être négatif.")
    ranges = class_ranges(list(values.values()))
    legend = [LegendClass(0, 0, 0, "aucune")] + [
        LegendClass(bucket, low, high, range_label(low, high, last=index == len(ranges) - 1))
        for index, ((low, high), bucket) in enumerate(zip(ranges, class_buckets(len(ranges)), strict=True))
    ]

    def bucket_of(count: int) -> int:
        return next((entry.bucket for entry in legend if entry.low <= count <= entry.high), 0)

    shapes = tuple(
        Shape(
            code=outline.code,
            name=outline.name,
            d=outline.d,
            inset=outline.inset,
            count=values[outline.code],
            bucket=bucket_of(values[outline.code]),
            href=href(outline.code),
            estimated=estimated,
        )
        for outline in outlines.departements
    )
    return FranceMap(
        view_box=outlines.view_box,
        insets=outlines.insets,
        shapes=shapes,
        legend=tuple(legend),
        total=sum(values.values()),
        estimated=estimated,
    )

"""Territories like mine: a weighted distance over standardised indicators, with French reasons. Pure.

- Each indicator is scaled robustly over the territories of one level: (x - median) / (IQR / 1.349),
  after a log for population and density (a village and a city differ by orders of magnitude),
  and clipped to ±5 so that a few extreme communes do not dominate every distance.
- The distance between two territories is the root of the weighted mean of squared differences
  over the indicators *both* know and the person weighs: a missing figure (statistical secrecy) is
  left out and the rest renormalised, never read as zero. A pair sharing less than half of the
  query's weight is not compared at all.
- The scaled matrix is built once (`Matrix.build`); rows are grouped by which figures they know,
  and each group's rows, projected and multiplied by √weight for one set of weights, are cached
  sorted on their first figure. A search scans outwards from the query's place in that order, by
  blocks of `math.dist`, and stops once the gap on that figure alone exceeds the k-th best distance
  (a lower bound of every distance further out): exact, and a fraction of the 35,000 communes.
"""

from __future__ import annotations

import heapq
import math
import statistics
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat

CLIP = 5.0  # scaled values beyond ±CLIP are clipped: outliers weigh, but not unboundedly
MIN_SHARED_WEIGHT = 0.5  # share of the query's weight two territories must both know
CLOSE = 0.25  # a difference below this (in scaled units) is "proche"
_CACHE_SETS = 4  # weight sets whose projected rows are kept per matrix
_BLOCK = 256  # rows measured at a time on each side of the query, before the bound is checked


@dataclass(frozen=True, slots=True)
class Indicator:
    """One figure of the profile and the similarity: how it is named, shown and scaled."""

    key: str  # `Indicators` field
    param: str  # URL parameter of its weight (French)
    label: str  # French label, capitalised
    noun: str  # French noun in reasons ("taux de pauvreté")
    unit: str  # unit shown after the value ("%", "€", "hab.")
    decimals: int = 0  # decimals on the profile
    log: bool = False  # scaled after log(1 + x)
    secret: bool = False  # blank cells of this figure come from statistical secrecy


INDICATORS: tuple[Indicator, ...] = (
    Indicator("population_2018", "population", "Population (2018)", "population", "hab.", log=True),
    Indicator("density", "densite", "Densité", "densité", "hab./km²", decimals=1, log=True),
    Indicator(
        "median_income", "niveau_de_vie", "Niveau de vie médian", "niveau de vie médian", "€", secret=True
    ),
    Indicator("poverty_rate", "pauvrete", "Taux de pauvreté", "taux de pauvreté", "%", 1, secret=True),
    Indicator("unemployment_rate", "chomage", "Chômage des 15-64 ans", "taux de chômage", "%", 1),
    Indicator("growth_rate", "evolution", "Évolution 2013-2018", "évolution de la population", "%", 1),
    Indicator("vacant_share", "vacants", "Logements vacants", "part de logements vacants", "%", 1),
    Indicator(
        "secondary_share", "secondaires", "Résidences secondaires", "part de résidences secondaires", "%", 1
    ),
)
KEYS = tuple(indicator.key for indicator in INDICATORS)
_SIZE = frozenset({"population_2018", "density"})  # reasons say "population et densité proches"

Values = Sequence[float | None]  # one territory's figures, in `INDICATORS` order
Weights = tuple[float, ...]  # one weight ≥ 0 per indicator, in `INDICATORS` order
DEFAULT_WEIGHTS: Weights = tuple(1.0 for _ in INDICATORS)


@dataclass(frozen=True, slots=True)
class Match:
    """A territory close to the query: its id, distance (0 = identical) and the French reasons."""

    id: int
    distance: float
    reasons: str


@dataclass(frozen=True, slots=True)
class _Scale:
    centre: float
    spread: float
    log: bool

    def __call__(self, value: float | None) -> float | None:
        if value is None:
            return None
        x = math.log1p(max(value, 0.0)) if self.log else value
        return max(-CLIP, min(CLIP, (x - self.centre) / self.spread))


def _scale_for(values: list[float], log: bool) -> _Scale:
    xs = [math.log1p(max(v, 0.0)) for v in values] if log else values
    if len(xs) < 2:
        return _Scale(xs[0] if xs else 0.0, 1.0, log)
    q1, centre, q3 = statistics.quantiles(xs, n=4)
    # IQR / 1.349 is the standard deviation of a normal law: scaled units read like z-scores.
    spread = (q3 - q1) / 1.349 or statistics.pstdev(xs) or 1.0
    return _Scale(centre, spread, log)


class _Group:
    """Rows that know the same figures (`mask`), scaled, with their projections per weight set."""

    def __init__(self, mask: int) -> None:
        self.mask = mask
        self.ids: list[int] = []
        self.rows: list[tuple[float, ...]] = []  # scaled values of the known figures only
        self.columns: tuple[int, ...] = tuple(i for i in range(len(INDICATORS)) if mask >> i & 1)


@dataclass(frozen=True, slots=True)
class _SortedRows:
    """A group's projected rows in the order of their first value (`keys`), with their ids."""

    keys: list[float]
    rows: list[tuple[float, ...]]
    ids: list[int]

    @classmethod
    def of(cls, group: _Group, columns: tuple[int, ...], weights: Weights) -> _SortedRows:
        """The group's rows on `columns`, each value multiplied by √weight, sorted on the first.

        Each row is a new tuple built in scan order: rows next to each other in the scan are
        next to each other in memory, which makes `math.dist` over them markedly faster.
        """
        positions = [group.columns.index(i) for i in columns]
        factors = [math.sqrt(weights[i]) for i in columns]
        first, factor = positions[0], factors[0]
        order = sorted(range(len(group.rows)), key=lambda j: group.rows[j][first] * factor)
        # Products are new float objects: each tuple and its values are made in scan order.
        rows = [
            tuple([row[p] * f for p, f in zip(positions, factors, strict=True)])
            for row in map(group.rows.__getitem__, order)
        ]
        return cls([row[0] for row in rows], rows, [group.ids[j] for j in order])

    def nearest(
        self,
        point: tuple[float, ...],
        k: int,
        skip: set[int],
        accept: Callable[[int], bool] | None,
    ) -> list[tuple[float, int]]:
        """The k rows closest to `point`, as (distance, id), closest first, leaving out `skip`
        and, if given, the ids `accept` refuses.

        The gap on the first value is a lower bound of the distance: once it exceeds the k-th best
        on both sides, no row further out can enter. Ties are broken by id, as a full scan would.
        """
        keys, count, origin = self.keys, len(self.keys), point[0]
        low = high = bisect_left(keys, origin)
        # Without a filter, a few more are kept and the skipped dropped at the end: a filter in
        # the scan would cost a Python step per row.
        wanted = k if accept is not None else k + len(skip)
        best: list[tuple[float, int]] = []
        while low > 0 or high < count:
            bound = best[-1][0] if len(best) >= wanted else math.inf
            spans = []
            if high < count and keys[high] - origin <= bound:
                spans.append((high, min(count, high + _BLOCK)))
                high = spans[-1][1]
            if low > 0 and origin - keys[low - 1] <= bound:
                spans.append((max(0, low - _BLOCK), low))
                low = spans[-1][0]
            if not spans:
                break
            for first, last in spans:
                distances = map(math.dist, self.rows[first:last], repeat(point))
                pairs: Iterable[tuple[float, int]] = zip(distances, self.ids[first:last], strict=True)
                if accept is not None:
                    pairs = [p for p in pairs if p[1] not in skip and accept(p[1])]
                best = heapq.nsmallest(wanted, [*best, *pairs])
        return [p for p in best if p[1] not in skip][:k]


class Matrix:
    """The scaled indicators of every territory of one level, ready for repeated searches."""

    def __init__(self, raw: Mapping[int, Values]) -> None:
        self.raw = dict(raw)
        # Sorted known values of each figure: national positions (percentiles) are bisections.
        self.sorted: list[list[float]] = [
            sorted(value for row in self.raw.values() if (value := row[i]) is not None)
            for i in range(len(KEYS))
        ]
        self.scales = [_scale_for(self.sorted[i], indicator.log) for i, indicator in enumerate(INDICATORS)]
        groups: dict[int, _Group] = {}
        for territory_id, row in self.raw.items():
            scaled = self.scaled(row)
            mask = sum(1 << i for i, value in enumerate(scaled) if value is not None)
            group = groups.setdefault(mask, _Group(mask))
            group.ids.append(territory_id)
            group.rows.append(tuple(value for value in scaled if value is not None))
        self.groups = list(groups.values())
        self._sorted: OrderedDict[Weights, dict[tuple[int, int], _SortedRows]] = OrderedDict()
        # Sorted projections for the default weights, whatever figures the query knows: no first
        # search of a process pays for them.
        for query in self.groups:
            for group in self.groups:
                shared = tuple(i for i in group.columns if query.mask >> i & 1)
                if len(shared) >= 2:
                    self._sorted_rows(group, shared, DEFAULT_WEIGHTS)

    def __len__(self) -> int:
        return len(self.raw)

    def scaled(self, row: Values) -> list[float | None]:
        return [scale(value) for scale, value in zip(self.scales, row, strict=True)]

    def percentile(self, index: int, value: float | None) -> float | None:
        """Share (%) of the level's territories below `value`, ties counting half; None if unknown."""
        known = self.sorted[index]
        if value is None or not known:
            return None
        return 100 * (bisect_left(known, value) + bisect_right(known, value)) / 2 / len(known)

    def _sorted_rows(self, group: _Group, columns: tuple[int, ...], weights: Weights) -> _SortedRows:
        """The group's rows projected on `columns` for these weights, sorted (cached per weight set)."""
        cache = self._sorted.get(weights)
        if cache is None:
            cache = self._sorted[weights] = {}
            while len(self._sorted) > _CACHE_SETS:
                self._sorted.popitem(last=False)
        else:
            self._sorted.move_to_end(weights)
        key = (group.mask, sum(1 << i for i in columns))
        found = cache.get(key)
        if found is None:
            found = cache[key] = _SortedRows.of(group, columns, weights)
        return found

    def nearest(
        self,
        values: Values,
        *,
        weights: Weights = DEFAULT_WEIGHTS,
        k: int = 10,
        exclude: Iterable[int] = (),
        accept: Callable[[int], bool] | None = None,
    ) -> list[tuple[float, int]]:
        """The `k` territories closest to one with these figures, as (distance, id), closest first.

        `exclude` are never returned (the territory itself); `accept`, if given, filters the ids
        (a région, a size class) before the k best are kept.
        """
        query = self.scaled(values)
        wanted = [i for i, value in enumerate(query) if value is not None and weights[i] > 0]
        wanted_weight = sum(weights[i] for i in wanted)
        skip = set(exclude)
        best: list[tuple[float, int]] = []
        for group in self.groups:
            columns = tuple(i for i in wanted if group.mask >> i & 1)
            total = sum(weights[i] for i in columns)
            if len(columns) < 2 or total < MIN_SHARED_WEIGHT * wanted_weight:
                continue
            point = tuple([query[i] * math.sqrt(weights[i]) for i in columns])  # type: ignore[operator]
            kept = self._sorted_rows(group, columns, weights).nearest(point, k, skip, accept)
            # Within a group the weight total is constant: renormalise only the k kept.
            norm = 1 / math.sqrt(total)
            best = heapq.nsmallest(k, [*best, *((d * norm, i) for d, i in kept)])
        return best

    def distance(self, a: Values, b: Values, *, weights: Weights = DEFAULT_WEIGHTS) -> float | None:
        """The distance `nearest` uses between two territories; None when they cannot be compared."""
        sa, sb = self.scaled(a), self.scaled(b)
        wanted = [i for i, value in enumerate(sa) if value is not None and weights[i] > 0]
        common = [i for i in wanted if sb[i] is not None]
        total = sum(weights[i] for i in common)
        if len(common) < 2 or total < MIN_SHARED_WEIGHT * sum(weights[i] for i in wanted):
            return None
        gaps = [
            (a_i - b_i) ** 2 * weights[i]
            for i in common
            if (a_i := sa[i]) is not None and (b_i := sb[i]) is not None
        ]
        return math.sqrt(sum(gaps) / total)

    def explain(self, a: Values, b: Values, *, weights: Weights = DEFAULT_WEIGHTS) -> str:
        """Why `b` resembles `a`, in plain French: the close figures, then the main difference."""
        return reasons(self.scaled(a), self.scaled(b), a, b, weights)

    def match(self, values: Values, territory_id: int, distance: float, weights: Weights) -> Match:
        return Match(territory_id, distance, self.explain(values, self.raw[territory_id], weights=weights))


def french_number(value: float, decimals: int = 0) -> str:
    """12345.6 → « 12 345,6 » (no-break space between thousands, as Django's French format)."""
    shown = f"{value:,.{decimals}f}"
    if shown.startswith("-") and not shown.strip("-0.,"):
        shown = shown[1:]  # -0.04 is « 0 », not « -0 »
    return shown.replace(",", "\u00a0").replace(".", ",")


def _shown(indicator: Indicator, a: float, b: float) -> tuple[str, str]:
    """Both figures as a reader compares them: € to the ten, small or equal-looking % to 0.1."""
    decimals = 0
    if indicator.unit == "€":
        a, b = round(a, -1), round(b, -1)
    elif indicator.unit == "%" and (min(abs(a), abs(b)) < 10 or round(a) == round(b)):
        decimals = 1
    unit = "\u00a0habitants" if indicator.unit == "hab." else f"\u00a0{indicator.unit}"
    return french_number(a, decimals) + unit, french_number(b, decimals) + unit


def reasons(
    scaled_a: Sequence[float | None],
    scaled_b: Sequence[float | None],
    raw_a: Values,
    raw_b: Values,
    weights: Weights = DEFAULT_WEIGHTS,
) -> str:
    """Why `b` resembles `a`: « population et densité proches ; taux de pauvreté proche : 18 % contre 19 % ».

    `a` is the territory one starts from, `b` the comparable one: « x contre y » gives `b`'s figure,
    then `a`'s. Only figures both know and the person weighs are cited, closest first. The largest
    weighted difference, if a figure is not close, ends the sentence (« mais part de résidences
    secondaires plus élevée : 31 % contre 4 % »).
    """
    compared = [
        (abs(sa - sb), i)
        for i, (sa, sb) in enumerate(zip(scaled_a, scaled_b, strict=True))
        if sa is not None and sb is not None and weights[i] > 0
    ]
    if not compared:
        return "aucun indicateur connu des deux territoires"
    close = sorted((gap, i) for gap, i in compared if gap <= CLOSE)
    parts: list[str] = []
    size = [INDICATORS[i].noun for i in sorted(i for _gap, i in close) if INDICATORS[i].key in _SIZE]
    if size:
        parts.append(f"{' et '.join(size)} {'proches' if len(size) > 1 else 'proche'}")
    for _gap, i in close:
        if INDICATORS[i].key not in _SIZE:
            parts.append(f"{INDICATORS[i].noun} proche : {_versus(INDICATORS[i], raw_b[i], raw_a[i])}")
    if not parts:
        parts.append("les plus proches sur l'ensemble des indicateurs")
    far = max(((gap * math.sqrt(weights[i]), i) for gap, i in compared if gap > CLOSE), default=None)
    if far is not None:
        i = far[1]
        indicator = INDICATORS[i]
        way = "plus élevé" if (raw_b[i] or 0) > (raw_a[i] or 0) else "plus faible"
        parts.append(
            f"mais {indicator.noun} {_agree(indicator.noun, way)} : {_versus(indicator, raw_b[i], raw_a[i])}"
        )
    return " ; ".join(parts)


def _versus(indicator: Indicator, b: float | None, a: float | None) -> str:
    shown_b, shown_a = _shown(indicator, b or 0.0, a or 0.0)
    return f"{shown_b} contre {shown_a}"


_FEMININE = ("population", "densité", "évolution", "part ")


def _agree(noun: str, adjective: str) -> str:
    """« plus élevé » → « plus élevée » after a feminine noun (« faible » does not change)."""
    return adjective + "e" if adjective.endswith("é") and noun.startswith(_FEMININE) else adjective


# The weights a person picks on the pages: URL value → (French label, weight).
WEIGHT_LEVELS: Mapping[str, tuple[str, float]] = {
    "0": ("ignoré", 0.0),
    "1": ("secondaire", 0.5),
    "2": ("normal", 1.0),
    "3": ("important", 2.0),
}
DEFAULT_LEVEL = "2"


def weights_from(params: Callable[[str], str | None]) -> tuple[Weights, dict[str, str]]:
    """Weights from a query string reader (`QueryDict.get`), and the level chosen per parameter.

    Unknown values count as « normal »; if every figure is ignored, all count as « normal »
    (a comparison over nothing would answer nothing).
    """
    chosen = {}
    for indicator in INDICATORS:
        value = params(indicator.param) or DEFAULT_LEVEL
        chosen[indicator.param] = value if value in WEIGHT_LEVELS else DEFAULT_LEVEL
    weights = tuple(WEIGHT_LEVELS[chosen[indicator.param]][1] for indicator in INDICATORS)
    if not any(weights):
        return DEFAULT_WEIGHTS, {indicator.param: DEFAULT_LEVEL for indicator in INDICATORS}
    return weights, chosen

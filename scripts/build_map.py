"""Rebuild the vendored map of France (`essaim/territories/data/departements_map.json`) from GeoJSON.

    .venv/bin/python scripts/build_map.py [GEOJSON] [--output FILE] [--tolerance UNITS]

Reads the outlines of the 101 départements (gregoiredavid/france-geojson, IGN Admin Express),
projects them (metropolitan France in Lambert conformal conic, like Lambert-93; each overseas
département in its own inset box along the bottom, at its own scale), simplifies them with
Douglas–Peucker and writes integer SVG path data in a 1000-unit-wide viewBox.

Borders shared by two départements are simplified once and reused by both (as TopoJSON does), so
neighbours never gap or overlap. Same source, same bytes: keys are sorted and nothing depends on
the date or on dictionary order.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import pairwise
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "reference" / "geo" / "departements-avec-outre-mer.geojson"
DEFAULT_OUTPUT = REPO / "essaim" / "territories" / "data" / "departements_map.json"

Point = tuple[float, float]
Ring = list[Point]

WIDTH = 1000
MARGIN = 8
# Overseas départements, in the order of their insets (left to right).
INSETS = {"971": "Guadeloupe", "972": "Martinique", "973": "Guyane", "974": "La Réunion", "976": "Mayotte"}
INSET_GAP = 12
INSET_HEIGHT = 170
INSET_LABEL = 26  # room at the top of each box for its label
INSET_PADDING = 8
# Douglas–Peucker tolerance, in viewBox units (1 unit ≈ 1 km in metropolitan France).
DEFAULT_TOLERANCE = 0.9
# Islands smaller than this (in square units, after quantisation) are left out, except the
# largest piece of each département.
MIN_AREA = 3.0

# Lambert conformal conic with the parameters of Lambert-93 (standard parallels 44° and 49°).
_PHI1, _PHI2, _PHI0, _LAMBDA0 = (math.radians(v) for v in (44.0, 49.0, 46.5, 3.0))
_N = math.log(math.cos(_PHI1) / math.cos(_PHI2)) / math.log(
    math.tan(math.pi / 4 + _PHI2 / 2) / math.tan(math.pi / 4 + _PHI1 / 2)
)
_F = math.cos(_PHI1) * math.tan(math.pi / 4 + _PHI1 / 2) ** _N / _N
_RHO0 = _F / math.tan(math.pi / 4 + _PHI0 / 2) ** _N

ATTRIBUTION_MARKER = "## Carte des départements / Map of the départements"
ATTRIBUTION = f"""
{ATTRIBUTION_MARKER}

Fichier / file: `departements_map.json`, généré par / built by `scripts/build_map.py`.

Contours des départements (métropole et outre-mer) : **IGN, Admin Express**, codes **INSEE**, tels
que simplifiés et publiés en GeoJSON par le dépôt public `gregoiredavid/france-geojson`
(`departements-avec-outre-mer.geojson`), **Licence Ouverte / Open Licence** (IGN, INSEE).
Transformations : projection conique conforme de Lambert (métropole) ; chaque département
d'outre-mer dans son propre cartouche, à sa propre échelle ; simplification de Douglas–Peucker
(frontières communes simplifiées une seule fois) ; coordonnées arrondies à l'unité.

Outlines of the départements (metropolitan and overseas): **IGN, Admin Express**, **INSEE**
codes, as simplified and published in GeoJSON by the public repository
`gregoiredavid/france-geojson`, **Licence Ouverte / Open Licence** (IGN, INSEE). Processing:
Lambert conformal conic projection (metropolitan France); each overseas département in its own
inset at its own scale; Douglas–Peucker simplification (shared borders simplified once);
coordinates rounded to whole units.
"""


# --- reading and projecting ---------------------------------------------------------------------


def read_departements(path: Path) -> dict[str, tuple[str, list[list[Ring]]]]:
    """Code → (name, polygons), each polygon a list of rings (outer first) without closing point."""
    with path.open(encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    departements = {}
    for feature in features:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        rings = [[[(lon, lat) for lon, lat in ring[:-1]] for ring in polygon] for polygon in polygons]
        departements[feature["properties"]["code"]] = (feature["properties"]["nom"], rings)
    return departements


def lambert(point: Point) -> Point:
    """Lambert conformal conic, y pointing down (SVG), in Earth radii."""
    lon, lat = point
    rho = _F / math.tan(math.pi / 4 + math.radians(lat) / 2) ** _N
    theta = _N * (math.radians(lon) - _LAMBDA0)
    return rho * math.sin(theta), -(_RHO0 - rho * math.cos(theta))


def equirectangular(reference_lat: float) -> Callable[[Point], Point]:
    """Plate carrée scaled by cos(latitude): faithful enough for an island or Guyane."""
    factor = math.cos(math.radians(reference_lat))
    return lambda point: (point[0] * factor, -point[1])


def all_points(polygons: Iterable[list[Ring]]) -> list[Point]:
    return [point for polygon in polygons for ring in polygon for point in ring]


def fit(points: list[Point], box: tuple[float, float, float, float]) -> Callable[[Point], Point]:
    """Scale and centre (same scale on both axes) so that the points fill the box (x, y, w, h)."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x, y, w, h = box
    scale = min(w / (max(xs) - min(xs)), h / (max(ys) - min(ys)))
    dx = x + (w - (max(xs) - min(xs)) * scale) / 2 - min(xs) * scale
    dy = y + (h - (max(ys) - min(ys)) * scale) / 2 - min(ys) * scale
    return lambda p: (p[0] * scale + dx, p[1] * scale + dy)


def layout(departements: dict[str, tuple[str, list[list[Ring]]]]) -> tuple[dict, list[dict], int]:
    """Each code → function from (lon, lat) to viewBox units; the inset boxes; the viewBox height."""
    metropole = [
        polygon for code, (_, polygons) in departements.items() if code not in INSETS for polygon in polygons
    ]
    projected = [lambert(p) for p in all_points(metropole)]
    xs, ys = [p[0] for p in projected], [p[1] for p in projected]
    inner = WIDTH - 2 * MARGIN
    metro_height = round(inner * (max(ys) - min(ys)) / (max(xs) - min(xs)))
    to_metro = fit(projected, (MARGIN, MARGIN, inner, metro_height))
    transforms: dict[str, Callable[[Point], Point]] = {
        code: (lambda p, f=to_metro: f(lambert(p))) for code in departements if code not in INSETS
    }

    box_width = (inner - INSET_GAP * (len(INSETS) - 1)) / len(INSETS)
    top = MARGIN + metro_height + INSET_GAP
    insets = []
    for index, (code, label) in enumerate(INSETS.items()):
        box = {"code": code, "label": label, "x": round(MARGIN + index * (box_width + INSET_GAP))}
        box.update(y=top, w=round(box_width), h=INSET_HEIGHT)
        insets.append(box)
        points = all_points(departements[code][1])
        local = equirectangular(sum(p[1] for p in points) / len(points))
        area = (
            box["x"] + INSET_PADDING,
            top + INSET_LABEL,
            box["w"] - 2 * INSET_PADDING,
            INSET_HEIGHT - INSET_LABEL - INSET_PADDING,
        )
        to_box = fit([local(p) for p in points], area)
        transforms[code] = lambda p, f=to_box, g=local: f(g(p))
    return transforms, insets, top + INSET_HEIGHT + MARGIN


# --- topology-preserving simplification ---------------------------------------------------------


def junctions(rings: list[Ring]) -> set[Point]:
    """Points where a border starts or ends: seen with different neighbours in different rings."""
    neighbours: dict[Point, set[tuple[Point, Point]]] = defaultdict(set)
    for ring in rings:
        for i, point in enumerate(ring):
            before, after = ring[i - 1], ring[(i + 1) % len(ring)]
            neighbours[point].add((min(before, after), max(before, after)))
    return {point for point, pairs in neighbours.items() if len(pairs) > 1}


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """Keep the first and last points and every point farther than `tolerance` from the chords."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        farthest, distance = first, tolerance
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                d = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                d = math.hypot(px - ax, py - ay)
            if d > distance:
                farthest, distance = i, d
        if farthest != first:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


class Simplifier:
    """Simplifies rings arc by arc, each arc (a border between two junctions) once for everyone."""

    def __init__(self, rings: list[Ring], project: dict[Point, Point], tolerance: float) -> None:
        self.junctions = junctions(rings)
        self.project = project
        self.tolerance = tolerance
        self.arcs: dict[tuple[Point, ...], list[Point]] = {}

    def arc(self, points: list[Point]) -> list[Point]:
        """The simplified, projected arc; both directions of a border give the same points."""
        key = tuple(points)
        backwards = key[::-1]
        if backwards < key:
            return self.arc(list(backwards))[::-1]
        if key not in self.arcs:
            self.arcs[key] = douglas_peucker([self.project[p] for p in points], self.tolerance)
        return self.arcs[key]

    def ring(self, ring: Ring) -> list[Point]:
        cuts = [i for i, point in enumerate(ring) if point in self.junctions]
        if not cuts:
            # A closed loop (island, enclave): start at its smallest point, in a canonical
            # direction, so that the enclave and the hole around it are cut the same way.
            start = ring.index(min(ring))
            ring = ring[start:] + ring[:start]
            if ring[-1] < ring[1]:
                ring = [ring[0], *ring[:0:-1]]
            middle = len(ring) // 2
            return self.arc(ring[: middle + 1])[:-1] + self.arc([*ring[middle:], ring[0]])[:-1]
        ring = ring[cuts[0] :] + ring[: cuts[0]]
        cuts = [c - cuts[0] for c in cuts] + [len(ring)]
        closed = [*ring, ring[0]]
        result: list[Point] = []
        for first, last in pairwise(cuts):
            result += self.arc(closed[first : last + 1])[:-1]
        return result


# --- quantising and writing ---------------------------------------------------------------------


def quantise(ring: list[Point]) -> list[tuple[int, int]]:
    """Whole units, without repeated points."""
    result: list[tuple[int, int]] = []
    for x, y in ring:
        point = (math.floor(x + 0.5), math.floor(y + 0.5))
        if not result or result[-1] != point:
            result.append(point)
    while len(result) > 1 and result[-1] == result[0]:
        result.pop()
    return result


def area(ring: list[tuple[int, int]]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise([*ring, ring[0]]))) / 2


def path_data(polygons: list[list[list[tuple[int, int]]]]) -> str:
    """SVG path: absolute move, then relative lines ("M12 34l3-2 5 1Z"), the shortest common form."""
    parts = []
    for polygon in polygons:
        for ring in polygon:
            numbers = []
            for (x0, y0), (x1, y1) in pairwise(ring):
                numbers += [x1 - x0, y1 - y0]
            text = "".join(f"{n}" if n < 0 else f" {n}" for n in numbers)
            parts.append(f"M{ring[0][0]} {ring[0][1]}l{text.lstrip()}Z")
    return "".join(parts)


def build_map(source: Path, tolerance: float = DEFAULT_TOLERANCE) -> dict:
    departements = read_departements(source)
    transforms, insets, height = layout(departements)
    project = {
        point: transforms[code](point)
        for code, (_, polygons) in departements.items()
        for point in all_points(polygons)
    }
    simplifier = Simplifier(
        [ring for _, polygons in departements.values() for polygon in polygons for ring in polygon],
        project,
        tolerance,
    )
    shapes = {}
    for code, (name, polygons) in sorted(departements.items()):
        kept = []
        for polygon in polygons:
            rings = [quantise(simplifier.ring(ring)) for ring in polygon]
            rings = [rings[0]] + [r for r in rings[1:] if len(r) >= 3 and area(r) >= MIN_AREA]
            if len(rings[0]) >= 3:
                kept.append(rings)
        largest = max(kept, key=lambda rings: area(rings[0]))
        kept = [rings for rings in kept if rings is largest or area(rings[0]) >= MIN_AREA]
        shapes[code] = {"name": name, "d": path_data(kept), "inset": code in INSETS}
    return {"viewBox": f"0 0 {WIDTH} {height}", "departements": shapes, "insets": insets}


def encode(data: dict) -> bytes:
    """One département per line (readable diffs), sorted keys: same source, same bytes."""
    lines = [
        f"  {json.dumps(code)}: {json.dumps(shape, ensure_ascii=False, sort_keys=True)}"
        for code, shape in sorted(data["departements"].items())
    ]
    insets = ",\n".join(f"  {json.dumps(box, ensure_ascii=False, sort_keys=True)}" for box in data["insets"])
    text = (
        '{"departements": {\n' + ",\n".join(lines) + "\n},\n"
        f'"insets": [\n{insets}\n],\n"viewBox": {json.dumps(data["viewBox"])}}}\n'
    )
    return text.encode("utf-8")


def add_attribution(folder: Path) -> bool:
    """Append the map's paragraph to the folder's ATTRIBUTION.md if it is missing (never rewrites)."""
    path = folder / "ATTRIBUTION.md"
    if not path.exists() or ATTRIBUTION_MARKER in path.read_text(encoding="utf-8"):
        return False
    with path.open("a", encoding="utf-8") as handle:
        handle.write(ATTRIBUTION)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, nargs="?", default=DEFAULT_SOURCE, help="GeoJSON outlines")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="JSON file to write")
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE, help="in viewBox units")
    args = parser.parse_args(argv)

    data = build_map(args.source, args.tolerance)
    encoded = encode(data)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(encoded)
    attributed = add_attribution(args.output.parent)
    print(f"Départements : {len(data['departements'])} (dont {len(INSETS)} en cartouche)")
    print(f"viewBox : {data['viewBox']}, tolérance : {args.tolerance}")
    print(f"Écrit : {args.output} ({len(encoded):,} octets)".replace(",", " "))
    if attributed:
        print(f"Attribution ajoutée à {args.output.parent / 'ATTRIBUTION.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The map of a practice's adoptions: the départements of the original and of its adopters,
drawn on the vendored outlines of the directory's map (`territories.france_map`).

Plain data for `portal/_adoption_map.html`; an adopter whose perimeter is wider than a
département (a région, the whole country) has no département to colour: the list of adopters
above the map names it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from essaim.territories.france_map import Inset, load_outlines
from essaim.territories.models import Level, Territory

ORIGINAL_BUCKET = 5  # darkest class of essaim/map.css
ADOPTER_BUCKET = 2
NONE_BUCKET = 0


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    d: str
    bucket: int
    label: str


@dataclass(frozen=True)
class AdoptionMap:
    view_box: str
    insets: tuple[Inset, ...]
    areas: tuple[Area, ...]

    @property
    def marked(self) -> tuple[Area, ...]:
        """The coloured départements, for the table that follows the map."""
        return tuple(area for area in self.areas if area.bucket != NONE_BUCKET)


def departement_code(territory: Territory) -> str | None:
    """The code of the département a perimeter lies in (None for a région or the whole country)."""
    if territory.level == Level.DEPARTEMENT:
        return territory.code
    departement = territory.departement if territory.departement_id else None
    return departement.code if departement else None


def _label(is_original: bool, adoptions: int) -> str:
    parts = ["initiative d'origine"] if is_original else []
    if adoptions:
        parts.append(f"{adoptions} adoption{'s' if adoptions > 1 else ''}")
    return " et ".join(parts) if parts else "aucune adoption"


def adoption_map(original: Territory, adopters: list[Territory]) -> AdoptionMap:
    """The original's département in the darkest colour, the adopters' in a light one."""
    origin = departement_code(original)
    counts = Counter(code for code in map(departement_code, adopters) if code)
    outlines = load_outlines()
    areas = tuple(
        Area(
            code=outline.code,
            name=outline.name,
            d=outline.d,
            bucket=ORIGINAL_BUCKET
            if outline.code == origin
            else (ADOPTER_BUCKET if counts[outline.code] else NONE_BUCKET),
            label=_label(outline.code == origin, counts[outline.code]),
        )
        for outline in outlines.departements
    )
    return AdoptionMap(view_box=outlines.view_box, insets=outlines.insets, areas=areas)

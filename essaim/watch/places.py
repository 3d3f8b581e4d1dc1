"""The territory a spreadsheet row names in its own columns (commune, département), when it is
unambiguous: more reliable than finding places in free text, which the enrichment still does."""

from __future__ import annotations

import re
from collections.abc import Iterable

from essaim.territories.models import Level, Territory
from essaim.territories.names import normalize_name

_DEPARTEMENT_CODE = re.compile(r"^(\d{1,3}|2[ABab])$")
_CHUNK = 500  # names per query


class RowPlaces:
    """Places named by the rows of one run, the geography read in bulk: a 5,000-row file names
    thousands of communes, one query each would be most of its import. Not kept beyond the run:
    the geography may be reloaded in between."""

    def __init__(self) -> None:
        self._departements: list[Territory] | None = None
        self._communes: dict[str, list[Territory]] = {}

    def prefetch(self, places: Iterable[str]) -> None:
        """Read at once the communes these names may be."""
        names = sorted({normalize_name(place) for place in places if place.strip()} - set(self._communes))
        for start in range(0, len(names), _CHUNK):
            chunk = names[start : start + _CHUNK]
            for name in chunk:
                self._communes[name] = []
            found = Territory.objects.filter(level=Level.COMMUNE, search_name__in=chunk, is_current=True)
            for commune in found.select_related("departement").order_by("code"):
                self._communes[commune.search_name].append(commune)

    def _communes_named(self, name: str) -> list[Territory]:
        if name not in self._communes:
            self.prefetch([name])
        return self._communes.get(name, [])

    def departement(self, value: str) -> Territory | None:
        """The département given by its code ("59", "2A", "(974)") or its only name."""
        value = value.strip()
        if not value:
            return None
        if self._departements is None:
            found = Territory.objects.filter(level=Level.DEPARTEMENT, is_current=True).order_by("code")
            self._departements = list(found)
        head = value.split()[0].strip("()-–")
        if _DEPARTEMENT_CODE.match(head):
            code = head.upper().zfill(2)
            return next((item for item in self._departements if item.code == code), None)
        name = normalize_name(value)
        named = [item for item in self._departements if item.search_name == name]
        return named[0] if len(named) == 1 else None

    def __call__(self, place: str, departement: str) -> Territory | None:
        """The commune named in `place` (in `departement` when given), else the département, else
        None. An ambiguous commune name (several « Saint-Martin ») gives the département or nothing."""
        found_departement = self.departement(departement)
        place = place.strip()
        if place:
            matches = self._communes_named(normalize_name(place))
            if found_departement is not None:
                matches = [commune for commune in matches if commune.departement_id == found_departement.pk]
            if len(matches) == 1:
                return matches[0]
            if not matches:
                # "Nord" in the commune column of a departmental action.
                by_departement = self.departement(place)
                if by_departement is not None and found_departement is None:
                    return by_departement
        return found_departement


def territory_of_row(place: str, departement: str) -> Territory | None:
    """`RowPlaces` for a single row."""
    return RowPlaces()(place, departement)

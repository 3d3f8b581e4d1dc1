"""The territory a spreadsheet row names in its own columns (commune, département), when it is
unambiguous: more reliable than finding places in free text, which the enrichment still does."""

from __future__ import annotations

import re

from essaim.territories.models import Level, Territory
from essaim.territories.names import normalize_name

_DEPARTEMENT_CODE = re.compile(r"^(\d{1,3}|2[ABab])$")


def _departement(value: str) -> Territory | None:
    value = value.strip()
    if not value:
        return None
    head = value.split()[0].strip("()-–")
    if _DEPARTEMENT_CODE.match(head):
        code = head.upper().zfill(2)
        return Territory.objects.filter(level=Level.DEPARTEMENT, code=code, is_current=True).first()
    found = list(
        Territory.objects.filter(level=Level.DEPARTEMENT, search_name=normalize_name(value), is_current=True)[
            :2
        ]
    )
    return found[0] if len(found) == 1 else None


def territory_of_row(place: str, departement: str) -> Territory | None:
    """The commune named in `place` (in `departement` when given), else the département, else None.
    An ambiguous commune name (several « Saint-Martin ») gives the département or nothing."""
    found_departement = _departement(departement)
    place = place.strip()
    if place:
        communes = Territory.objects.filter(
            level=Level.COMMUNE, search_name=normalize_name(place), is_current=True
        ).select_related("departement")
        if found_departement is not None:
            communes = communes.filter(departement=found_departement)
        matches = list(communes[:2])
        if len(matches) == 1:
            return matches[0]
        if not matches:
            # "Nord" in the commune column of a departmental action.
            by_departement = _departement(place)
            if by_departement is not None and found_departement is None:
                return by_departement
    return found_departement

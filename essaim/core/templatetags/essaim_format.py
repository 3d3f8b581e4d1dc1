"""French formatting helpers for templates."""

import datetime as dt

from django import template
from django.utils.formats import date_format, number_format

from essaim.core.numbers import rounded

register = template.Library()

_DATE_FORMATS = {"jour": "j F Y", "mois": "F Y", "annee": "Y"}


@register.filter
def date_with_precision(value: dt.date | None, precision: str = "jour") -> str:
    """ "12 mars 2020", "mars 2020" or "2020", depending on how precisely the date is known."""
    if value is None:
        return ""
    return date_format(value, _DATE_FORMATS.get(precision, "j F Y"))


@register.filter
def figure(value: float | int | None, decimals: int = 0) -> str:
    """A statistical figure in French, or "inconnu" when secret or missing (never 0)."""
    if value is None:
        return "inconnu"
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def estimate(value: int | None) -> str:
    """An estimated count, to two significant digits: 866 312 → "870 000" (small ones as they are)."""
    return "inconnu" if value is None else figure(rounded(int(value)))

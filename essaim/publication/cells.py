"""How a record's values are written in a cell: lists joined, formulas neutralised (CSV only)."""

from __future__ import annotations

from typing import Any

from essaim.publication.schema import LIST_SEPARATOR

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection); tab and
# carriage return are added as OWASP recommends.
FORMULA_STARTS = frozenset("=+-@\t\r")


def neutralised(text: str) -> str:
    """The text, prefixed with an apostrophe if a spreadsheet would read it as a formula."""
    return "'" + text if text and text[0] in FORMULA_STARTS else text


def flat(value: Any) -> Any:
    """A list as one string (a separator inside a value becomes "/"); other values unchanged."""
    if not isinstance(value, list):
        return value
    joined = LIST_SEPARATOR.join(value)
    if joined.count(LIST_SEPARATOR) != max(len(value) - 1, 0):  # rare: a value holds the separator
        joined = LIST_SEPARATOR.join(item.replace(LIST_SEPARATOR, "/") for item in value)
    return joined


def csv_cell(value: Any) -> Any:
    """The CSV cell of a flat value: empty for none, text neutralised, numbers as they are."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralised(value)
    return value

"""Spreadsheet cells safe to open: a text a spreadsheet would run as a formula (CSV injection) is
prefixed with an apostrophe. Pure (no Django); used by every CSV export."""

from __future__ import annotations

from typing import Any

# A spreadsheet runs a cell starting with one of these as a formula; tab and carriage return are
# added as OWASP recommends.
FORMULA_STARTS = frozenset("=+-@\t\r")


def neutralised(text: str) -> str:
    """The text, prefixed with an apostrophe if a spreadsheet would read it as a formula."""
    return "'" + text if text and text[0] in FORMULA_STARTS else text


def csv_cell(value: Any) -> Any:
    """The CSV cell of a value: empty for none, text neutralised, numbers as they are."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralised(value)
    return value

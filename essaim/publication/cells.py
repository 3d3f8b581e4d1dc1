"""How a record's values are written in a cell: lists joined (`csv_cell`, from core, neutralises
formulas)."""

from __future__ import annotations

from typing import Any

from essaim.core.cells import csv_cell
from essaim.publication.schema import LIST_SEPARATOR

__all__ = ["csv_cell", "flat"]


def flat(value: Any) -> Any:
    """A list as one string (a separator inside a value becomes "/"); other values unchanged."""
    if not isinstance(value, list):
        return value
    joined = LIST_SEPARATOR.join(value)
    if joined.count(LIST_SEPARATOR) != max(len(value) - 1, 0):  # rare: a value holds the separator
        joined = LIST_SEPARATOR.join(item.replace(LIST_SEPARATOR, "/") for item in value)
    return joined

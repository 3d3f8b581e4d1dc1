"""Reading the batch CLI's input: JSON lines with at least `id`, `title`, `summary`. Pure.

A bad line is reported with its number and skipped; the others go on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

MAX_LINE_BYTES = 5_000_000


@dataclass(frozen=True)
class InputRecord:
    line: int
    id: Any  # echoed as given (string or number)
    title: str
    summary: str


@dataclass(frozen=True)
class BadLine:
    line: int
    reason: str  # French, for the person who prepared the file


def read_records(lines: Iterable[str | bytes]) -> Iterator[InputRecord | BadLine]:
    for number, raw in enumerate(lines, start=1):
        try:
            line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        except UnicodeDecodeError:
            yield BadLine(number, "la ligne n'est pas en UTF-8")
            continue
        text = line.strip()
        if not text:
            continue  # blank lines are not records
        if len(text) > MAX_LINE_BYTES:
            yield BadLine(
                number, f"ligne trop longue (plus de {MAX_LINE_BYTES:,} caractères)".replace(",", " ")
            )
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            yield BadLine(number, f"JSON invalide ({error.msg}, colonne {error.colno})")
            continue
        if not isinstance(data, dict):
            yield BadLine(number, "un objet JSON est attendu ({…})")
            continue
        missing = [key for key in ("id", "title", "summary") if key not in data]
        if missing:
            yield BadLine(number, "champ(s) manquant(s) : " + ", ".join(missing))
            continue
        record_id = data["id"]
        if not isinstance(record_id, str | int) or isinstance(record_id, bool) or record_id == "":
            yield BadLine(number, "« id » doit être une chaîne ou un entier non vide")
            continue
        if not isinstance(data["title"], str) or not isinstance(data["summary"], str):
            yield BadLine(number, "« title » et « summary » doivent être des chaînes")
            continue
        yield InputRecord(number, record_id, data["title"], data["summary"])

"""What extraction produces: items (one per reported initiative) and French errors. Pure, no Django."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date


class ExtractionError(Exception):
    """A document that cannot be read, with the French message shown to the analyst."""


@dataclass(frozen=True)
class Item:
    """One reported initiative found in a document.

    `key` is stable across runs for the same initiative (a feed entry's id, a row's identifier or
    content, a section's title): the watch derives the candidate's origin key from it.
    `fields` holds what a spreadsheet's mapping read (lead actor, place, dates, contact…).
    """

    key: str
    title: str
    text: str
    summary: str = ""
    url: str = ""
    publisher: str = ""
    published_on: date | None = None
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        """Changes when anything the inbox would show changes."""
        parts = [self.title, self.summary, self.text, self.url, self.publisher, str(self.published_on or "")]
        parts += [f"{name}={value}" for name, value in sorted(self.fields.items())]
        return digest("\x1f".join(parts))


@dataclass
class Extracted:
    """A document's readable text, its title and the initiatives it reports."""

    title: str
    text: str
    items: list[Item]
    warnings: list[str] = field(default_factory=list)


def digest(value: str | bytes) -> str:
    data = value.encode() if isinstance(value, str) else value
    return hashlib.sha256(data).hexdigest()


def normalise(text: str) -> str:
    """Lower case, no accents, words separated by one space: for comparing headers and titles."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def tidy(text: str) -> str:
    """Whitespace collapsed inside lines, at most one blank line between paragraphs."""
    lines = [
        " ".join(line.split()) for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def first_sentences(text: str, limit: int = 400) -> str:
    """A short summary: the first sentences of the text, cut at `limit` characters."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    if end > limit // 3:
        return cut[: end + 1]
    return cut.rsplit(" ", 1)[0] + "…"

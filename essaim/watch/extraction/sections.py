"""A document that reports several initiatives (a newsletter, a RETEX report) becomes one item per
initiative: it is split on its headings when several sections each read as an initiative."""

from __future__ import annotations

import re
from dataclasses import dataclass

from essaim.watch.extraction.base import Item, first_sentences, normalise, tidy

MIN_SECTION_CHARS = 150  # a section's text must say enough to be an initiative
MIN_TITLE_CHARS = 6
MAX_TITLE_CHARS = 150

_NUMBERED = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*|[IVX]{1,5}|[A-H])\s*[\.\)\-–—:]\s*(?=\S)")
_MARKDOWN = re.compile(r"^#{1,6}\s+")


@dataclass(frozen=True)
class Block:
    text: str
    heading: bool = False
    level: int = 0  # 1 = h1 (the document's title), 2 = h2, 3 = h3


def _letters(text: str) -> str:
    return "".join(char for char in text if char.isalpha())


def is_title_line(line: str) -> bool:
    """A numbered line ("1. Portage de repas", "II – …") or one in capitals, short, with no final period."""
    line = line.strip()
    if not (MIN_TITLE_CHARS <= len(line) <= MAX_TITLE_CHARS) or line.endswith((".", ",", ";")):
        return False
    letters = _letters(line)
    if len(letters) < 4:
        return False
    if _NUMBERED.match(line):
        return len(line.split()) <= 16
    return letters.isupper() and len(line.split()) >= 2


def _continues_title(blocks: list[Block], paragraph: list[str], line: str) -> bool:
    if paragraph or not blocks or not blocks[-1].heading or blocks[-1].text.endswith(":"):
        return False
    return line[0].islower() and len(line) <= 60 and not line.endswith((".", ",", ";"))


def blocks_from_lines(text: str) -> list[Block]:
    """Blocks of a plain text (PDF, TXT, Markdown-like): title lines become headings."""
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block(" ".join(paragraph)))
            paragraph.clear()

    for raw in tidy(text).split("\n"):
        line = raw.strip()
        if not line:
            flush()
            continue
        if _MARKDOWN.match(line):
            flush()
            level = len(line) - len(line.lstrip("#"))
            blocks.append(Block(_MARKDOWN.sub("", line).strip(" *"), heading=True, level=level))
        elif is_title_line(line):
            flush()
            blocks.append(Block(line, heading=True, level=2))
        elif _continues_title(blocks, paragraph, line):
            # A title wrapped on two lines (PDF): "2. Ligne d'écoute pour les femmes victimes de" +
            # "violences"
            blocks[-1] = Block(f"{blocks[-1].text} {line}", heading=True, level=blocks[-1].level)
        else:
            paragraph.append(line)
    flush()
    return blocks


def heading_title(text: str) -> str:
    """ "2. Portage de repas" → "Portage de repas"; capitals kept as the author wrote them, but tidied."""
    title = _NUMBERED.sub("", text.strip()).strip(" :–—-*")
    if title and _letters(title).isupper():
        title = title[0] + title[1:].lower()
    return title


def split_items(
    blocks: list[Block], *, title: str, url: str = "", publisher: str = ""
) -> tuple[str, list[Item]]:
    """(the document's text, its items): one per section that reads as an initiative when there
    are at least two of them, else one item for the whole document."""
    text = "\n\n".join(block.text for block in blocks if block.text)
    sections: list[tuple[str, list[str]]] = []
    for block in blocks:
        if block.heading and block.level != 1:
            sections.append((heading_title(block.text), []))
        elif sections and not block.heading:
            sections[-1][1].append(block.text)
    kept = [
        (section_title, "\n\n".join(paragraphs))
        for section_title, paragraphs in sections
        if len(section_title) >= MIN_TITLE_CHARS and sum(len(p) for p in paragraphs) >= MIN_SECTION_CHARS
    ]
    if not title:
        first_heading = next((block.text for block in blocks if block.heading), "")
        title = heading_title(first_heading) if first_heading else first_sentences(text, 120)
    if len(kept) >= 2:
        items = []
        seen: dict[str, int] = {}
        for section_title, body in kept:
            key = normalise(section_title)[:100]
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 1:
                key = f"{key}~{seen[key]}"
            items.append(
                Item(
                    key=key,
                    title=section_title,
                    text=body,
                    summary=first_sentences(body),
                    url=url,
                    publisher=publisher,
                )
            )
        return text, items
    if not text.strip():
        return text, []
    body = "\n\n".join(block.text for block in blocks if not (block.heading and block.text == title))
    return text, [
        Item(
            key="",
            title=title.strip()[:250],
            text=text,
            summary=first_sentences(body),
            url=url,
            publisher=publisher,
        )
    ]

"""The sanitised HTML subset read back as plain blocks (paragraphs, list items, headings, quotes).

DOCX and ODT exports write these blocks with their own libraries, and the version diff compares
their text line by line. Pure functions over the standard library's HTML parser.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_SPACES = re.compile(r"\s+")

BOLD = frozenset({"strong", "b"})
ITALIC = frozenset({"em", "i"})
BLOCKS = {"p": "paragraph", "li": "item", "h3": "heading", "h4": "heading", "blockquote": "quote"}


@dataclass(frozen=True)
class Run:
    """A piece of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str = ""


@dataclass
class Block:
    """A paragraph, a list item (with its number when the list is ordered), a heading or a quote."""

    kind: str
    runs: list[Run] = field(default_factory=list)
    number: int | None = None

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs).strip()


class _BlockParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._current: Block | None = None
        self._bold = 0
        self._italic = 0
        self._href = ""
        self._lists: list[list[int]] = []  # one counter per open list; [-1] for bullets

    def _open(self, kind: str, number: int | None = None) -> None:
        self._close()
        self._current = Block(kind=kind, number=number)

    def _close(self) -> None:
        if self._current is not None and self._current.text:
            self.blocks.append(self._current)
        self._current = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"ul", "ol"}:
            self._close()
            self._lists.append([0 if tag == "ol" else -1])
        elif tag == "li":
            counter = self._lists[-1] if self._lists else [-1]
            if counter[0] >= 0:
                counter[0] += 1
            self._open("item", counter[0] if counter[0] >= 0 else None)
        elif tag in BLOCKS:
            self._open(BLOCKS[tag])
        elif tag == "br":
            self._text("\n")
        elif tag in BOLD:
            self._bold += 1
        elif tag in ITALIC:
            self._italic += 1
        elif tag == "a":
            self._href = dict(attrs).get("href") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag in {"ul", "ol"}:
            self._close()
            if self._lists:
                self._lists.pop()
        elif tag in BLOCKS:
            self._close()
        elif tag in BOLD:
            self._bold = max(0, self._bold - 1)
        elif tag in ITALIC:
            self._italic = max(0, self._italic - 1)
        elif tag == "a":
            self._href = ""

    def handle_data(self, data: str) -> None:
        self._text(_SPACES.sub(" ", data))

    def _text(self, text: str) -> None:
        if not text:
            return
        if self._current is None:
            if not text.strip():
                return
            self._current = Block(kind="paragraph")
        self._current.runs.append(Run(text, bool(self._bold), bool(self._italic), self._href))

    def close(self) -> None:
        super().close()
        self._close()


def html_blocks(html: str) -> list[Block]:
    """The blocks of a sanitised HTML fragment, in order (empty blocks dropped)."""
    parser = _BlockParser()
    parser.feed(html or "")
    parser.close()
    return parser.blocks


def block_line(block: Block) -> str:
    """One block as one line of plain text (list items marked, as a reader would see them)."""
    if block.kind == "item":
        return f"{block.number}. {block.text}" if block.number is not None else f"• {block.text}"
    return block.text


def html_text(html: str) -> str:
    """Plain text of a fragment, one block per line (for diffs and searches)."""
    return "\n".join(block_line(block) for block in html_blocks(html))

"""Readable text of web pages, PDF, DOCX, ODT and plain text documents."""

from __future__ import annotations

import io
import logging
import re
import warnings

from essaim.core.decoding import decode_text
from essaim.watch.extraction.archives import zip_check
from essaim.watch.extraction.base import Extracted, ExtractionError, tidy
from essaim.watch.extraction.sections import Block, blocks_from_lines, heading_title, split_items

MIN_TEXT_CHARS = 20
_EMPHASIS = re.compile(r"(\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w))")

for _name in ("pypdf", "trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).setLevel(logging.ERROR)


def _empty(label: str) -> ExtractionError:
    return ExtractionError(f"Ce {label} ne contient aucun texte lisible.")


def html_title(html: str) -> str:
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except Exception:
        return ""
    for path in ("//h1", "//title"):
        found = tree.xpath(path)
        if found:
            text = " ".join(found[0].text_content().split())
            if text:
                return text
    return ""


def html_text(html: str) -> str:
    """Plain text of an HTML fragment (a feed entry's summary): tags dropped, scripts never kept."""
    from lxml import html as lxml_html
    from lxml.etree import ParserError

    if "<" not in html:
        return tidy(html)
    try:
        tree = lxml_html.fromstring(f"<div>{html}</div>")
    except (ParserError, ValueError):
        return tidy(re.sub(r"<[^>]+>", " ", html))
    for bad in tree.xpath("//script|//style|//noscript|//iframe|//object"):
        bad.drop_tree()
    for br in tree.xpath("//br|//p|//div|//li|//h1|//h2|//h3|//h4"):
        br.tail = "\n" + (br.tail or "")
    return tidy(tree.text_content())


def extract_html(content: bytes, *, url: str = "", publisher: str = "") -> Extracted:
    """The page's main text (menus, footers, scripts left out), split on its h2/h3 headings."""
    import trafilatura

    html = decode_text(content) if isinstance(content, bytes) else content
    if not html.strip():
        raise _empty("document HTML")
    markdown = trafilatura.extract(
        html,
        output_format="markdown",
        include_formatting=True,
        include_comments=False,
        include_tables=True,
        include_links=False,
        include_images=False,
        favor_recall=True,
    )
    if not markdown:
        markdown = html_text(html)
    markdown = _EMPHASIS.sub("", markdown)
    if len(markdown.strip()) < MIN_TEXT_CHARS:
        raise _empty("document HTML")
    title = html_title(html)
    blocks = blocks_from_lines(markdown)
    if not title:
        title = next((heading_title(b.text) for b in blocks if b.heading), "")
    # The page's own title, when trafilatura kept it as a heading, is not a section.
    blocks = [Block(b.text, True, 1) if b.heading and b.text.strip() == title.strip() else b for b in blocks]
    text, items = split_items(blocks, title=title, url=url, publisher=publisher)
    return Extracted(title=title, text=text, items=items)


def extract_pdf(content: bytes, *, url: str = "", publisher: str = "") -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reader = PdfReader(io.BytesIO(content))
            if reader.is_encrypted:
                raise ExtractionError("Ce PDF est protégé par un mot de passe : il ne peut pas être lu.")
            pages = [page.extract_text() or "" for page in reader.pages]
            title = ""
            if reader.metadata is not None and reader.metadata.title:
                title = str(reader.metadata.title).strip()
        except ExtractionError:
            raise
        except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError, IndexError):
            raise ExtractionError("Ce PDF est endommagé : il ne peut pas être lu.") from None
    text = tidy("\n\n".join(pages))
    if len(text.replace(" ", "")) < MIN_TEXT_CHARS:
        raise ExtractionError("Ce PDF ne contient pas de texte (document numérisé ?).")
    blocks = blocks_from_lines(text)
    text, items = split_items(blocks, title=title, url=url, publisher=publisher)
    return Extracted(title=title or (items[0].title if len(items) == 1 else ""), text=text, items=items)


def extract_docx(content: bytes, *, url: str = "", publisher: str = "") -> Extracted:
    zip_check(content, label="DOCX")
    import docx

    try:
        document = docx.Document(io.BytesIO(content))
    except Exception:  # python-docx raises many kinds on a broken package
        raise ExtractionError("Ce fichier DOCX est endommagé : il ne peut pas être lu.") from None
    blocks: list[Block] = []
    title = (document.core_properties.title or "").strip()
    for paragraph in document.paragraphs:
        text = " ".join(paragraph.text.split())
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        level = _heading_level(style)
        if level == 1 and not title:
            title = text
        if level or is_title(text):
            blocks.append(Block(text, heading=True, level=level or 2))
        else:
            blocks.append(Block(text))
    for table in document.tables:
        for row in table.rows:
            cells = [" ".join(cell.text.split()) for cell in row.cells]
            line = " | ".join(dict.fromkeys(cell for cell in cells if cell))
            if line:
                blocks.append(Block(line))
    if not blocks:
        raise _empty("document DOCX")
    text, items = split_items(blocks, title=title, url=url, publisher=publisher)
    return Extracted(title=title, text=text, items=items)


def _heading_level(style: str) -> int:
    match = re.match(r"^(?:heading|titre|title)\s*(\d)?$", style.strip().lower())
    if not match:
        return 0
    return int(match.group(1) or 1)


def is_title(text: str) -> bool:
    from essaim.watch.extraction.sections import is_title_line

    return is_title_line(text)


def extract_odt(content: bytes, *, url: str = "", publisher: str = "") -> Extracted:
    zip_check(content, label="ODT")
    from odf import teletype
    from odf.opendocument import load

    try:
        document = load(io.BytesIO(content))
    except Exception:
        raise ExtractionError("Ce fichier ODT est endommagé : il ne peut pas être lu.") from None
    blocks: list[Block] = []
    title = ""
    body = document.text
    for element in _walk(body):
        tag = element.qname[1] if hasattr(element, "qname") else ""
        if tag not in {"h", "p"}:
            continue
        value = " ".join(teletype.extractText(element).split())
        if not value:
            continue
        if tag == "h":
            level = int(element.getAttribute("outlinelevel") or 1)
            if level == 1 and not title:
                title = value
            blocks.append(Block(value, heading=True, level=level))
        elif is_title(value):
            blocks.append(Block(value, heading=True, level=2))
        else:
            blocks.append(Block(value))
    if not blocks:
        raise _empty("document ODT")
    text, items = split_items(blocks, title=title, url=url, publisher=publisher)
    return Extracted(title=title, text=text, items=items)


def _walk(node):
    for child in node.childNodes:
        if getattr(child, "qname", None) and child.qname[1] in {"h", "p"}:
            yield child
        else:
            yield from _walk(child)


def extract_txt(content: bytes, *, url: str = "", publisher: str = "") -> Extracted:
    text = tidy(decode_text(content).replace("\x00", ""))
    if len(text) < MIN_TEXT_CHARS:
        raise _empty("document texte")
    blocks = blocks_from_lines(text)
    text, items = split_items(blocks, title="", url=url, publisher=publisher)
    return Extracted(title=items[0].title if len(items) == 1 else "", text=text, items=items)

"""Extraction: bytes of a document → its text and the initiatives it reports. Pure, no Django.

    fmt = detect_format(content, filename=..., content_type=...)
    extracted = extract(content, fmt, url=..., publisher=..., mapping=saved_mapping)

Spreadsheets need a column mapping (`mapping.mapping_guess` / `mapping_from`); everything else is
split into one item per initiative (`sections.split_items`). Errors are `ExtractionError` with a
French message.
"""

from __future__ import annotations

import io
import re
import zipfile

from essaim.watch.extraction.base import Extracted, ExtractionError, Item, digest, normalise
from essaim.watch.extraction.documents import (
    extract_docx,
    extract_html,
    extract_odt,
    extract_pdf,
    extract_txt,
)
from essaim.watch.extraction.feeds import extract_feed
from essaim.watch.extraction.mapping import FIELDS, Mapping, mapping_from, mapping_guess, table_items
from essaim.watch.extraction.tables import Table, read_table

__all__ = [
    "DOCUMENT_FORMATS",
    "FIELDS",
    "FORMAT_LABELS",
    "SPREADSHEET_FORMATS",
    "Extracted",
    "ExtractionError",
    "Item",
    "Mapping",
    "Table",
    "detect_format",
    "digest",
    "extract",
    "mapping_from",
    "mapping_guess",
    "normalise",
    "read_table",
]

DOCUMENT_FORMATS = ("html", "pdf", "docx", "odt", "txt")
SPREADSHEET_FORMATS = ("csv", "xlsx", "ods")
FORMAT_LABELS = {
    "feed": "flux RSS/Atom",
    "html": "page HTML",
    "pdf": "PDF",
    "docx": "DOCX",
    "odt": "ODT",
    "txt": "texte",
    "csv": "CSV",
    "xlsx": "XLSX",
    "ods": "ODS",
}
_EXTENSIONS = {
    "htm": "html",
    "html": "html",
    "xhtml": "html",
    "pdf": "pdf",
    "docx": "docx",
    "odt": "odt",
    "txt": "txt",
    "md": "txt",
    "text": "txt",
    "csv": "csv",
    "tsv": "csv",
    "xlsx": "xlsx",
    "ods": "ods",
    "rss": "feed",
    "atom": "feed",
    "xml": "feed",
}
_CONTENT_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.text": "odt",
    "text/plain": "txt",
    "text/csv": "csv",
    "application/csv": "csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/xml": "feed",
    "text/xml": "feed",
}
_FEED = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML = re.compile(rb"<(!doctype html|html|body|head|p|div|h1|article)[\s>]", re.IGNORECASE)


def _zip_format(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if mimetype.endswith("opendocument.text"):
                    return "odt"
                if mimetype.endswith("opendocument.spreadsheet"):
                    return "ods"
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    return None


def detect_format(content: bytes, *, filename: str = "", content_type: str = "") -> str:
    """The document's format, from its first bytes, then its name, then the announced type."""
    head = content[:2048].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        found = _zip_format(content)
        if found:
            return found
    extension = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    by_name = _EXTENSIONS.get(extension)
    by_type = _CONTENT_TYPES.get(content_type.split(";", maxsplit=1)[0].strip().lower())
    if by_name in {"csv", "txt"} or by_type == "csv":
        return by_name or "csv"
    if _FEED.search(head) and not re.search(rb"<html[\s>]", head, re.IGNORECASE):
        return "feed"
    if _HTML.search(head):
        return "html"
    found = by_name or by_type
    if found:
        return found
    raise ExtractionError(
        "Format de document non reconnu : sont acceptés les flux RSS/Atom, les pages HTML, "
        "les PDF, DOCX, ODT, "
        "TXT et les tableaux CSV, XLSX, ODS."
    )


def extract(
    content: bytes,
    fmt: str,
    *,
    url: str = "",
    publisher: str = "",
    mapping: Mapping | None = None,
) -> Extracted:
    """Text and items of a document; spreadsheets use `mapping` (guessed from the headers if None)."""
    if not content or not content.strip():
        raise ExtractionError("Ce document est vide.")
    if fmt == "feed":
        return extract_feed(content, url=url)
    if fmt in SPREADSHEET_FORMATS:
        table = read_table(content, fmt)
        mapping = mapping or mapping_guess(table.headers)
        items, warnings = table_items(table, mapping, publisher=publisher)
        text = "\n".join("\t".join(row) for row in [table.headers, *table.rows])
        return Extracted(title="", text=text, items=items, warnings=warnings)
    extractor = {
        "html": extract_html,
        "pdf": extract_pdf,
        "docx": extract_docx,
        "odt": extract_odt,
        "txt": extract_txt,
    }.get(fmt)
    if extractor is None:
        raise ExtractionError(f"Format de document non pris en charge : {fmt}.")
    return extractor(content, url=url, publisher=publisher)

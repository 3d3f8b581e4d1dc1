"""The booklet of all published fiches as one PDF: a cover, the contents with page numbers, then
every fiche on a new page with the single fiche's layout (the same template and style sheet).

Cached on disk like the single fiche's PDF: keyed by the digest of its HTML, which only changes
when a fiche's published version (or its initiative's title or territory) changes. The cover is
dated by the most recent publication, not by today, so that the cache holds until a new one.
"""

from collections.abc import Callable

from django.template.loader import render_to_string

from essaim.sheets.exports.document import SheetDocument, sheet_document
from essaim.sheets.models import Sheet

TEMPLATE = "sheets/booklet_pdf.html"
FILENAME = "livret-fiches-action"


def booklet_documents(sheets: list[Sheet], *, permalink: Callable[[Sheet], str]) -> list[SheetDocument]:
    """The published edition of each fiche, in the given order."""
    return [
        sheet_document(sheet, sheet.published_version, permalink=permalink(sheet))
        for sheet in sheets
        if sheet.published_version is not None
    ]


def booklet_html(sheets: list[Sheet], documents: list[SheetDocument]) -> str:
    dates = [sheet.published_at for sheet in sheets if sheet.published_at]
    return render_to_string(
        TEMPLATE, {"sheets": sheets, "documents": documents, "edition": max(dates) if dates else None}
    )


def booklet_pdf(sheets: list[Sheet], *, base_url: str, permalink: Callable[[Sheet], str]) -> bytes:
    from essaim.sheets.exports.pdf import cached_pdf

    html = booklet_html(sheets, booklet_documents(sheets, permalink=permalink))
    return cached_pdf(html, base_url=base_url, prefix=FILENAME)

"""A fiche action as a print-quality A4 PDF, cached on disk by content (`essaim.core.pdf`).

Running header with the initiative's title, footer « page X sur Y ».
"""

from django.template.loader import render_to_string

from essaim.core import pdf
from essaim.sheets.exports.document import SheetDocument

TEMPLATE = "sheets/sheet_pdf.html"


def sheet_pdf_html(document: SheetDocument) -> str:
    return render_to_string(TEMPLATE, {"document": document})


def sheet_pdf(document: SheetDocument, *, base_url: str) -> bytes:
    """The PDF of this document, from the cache when the same HTML was already laid out."""
    return cached_pdf(sheet_pdf_html(document), base_url=base_url, prefix=document.filename)


def cached_pdf(html: str, *, base_url: str, prefix: str) -> bytes:
    """The fiches' PDFs (a fiche, the booklet, the annex) share one cache folder."""
    return pdf.cached_pdf(html, base_url=base_url, folder="sheets-pdf", prefix=prefix)

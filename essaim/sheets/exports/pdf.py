"""A fiche action as a print-quality A4 PDF (WeasyPrint), cached on disk by content.

Running header with the initiative's title, footer « page X sur Y ». WeasyPrint fetches nothing
from the network: its URL fetcher serves Essaim's static files and refuses every other address
(the fiche's links were typed by people). Same approach as the portal's initiative PDF, which
this app may not import (layers).
"""

import hashlib
import logging
import mimetypes
import os
import tempfile
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string

from essaim.sheets.exports.document import SheetDocument

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

import weasyprint  # noqa: E402 -- after quieting its progress logger
from weasyprint.urls import URLFetcherResponse  # noqa: E402

TEMPLATE = "sheets/sheet_pdf.html"


class StaticFilesOnlyFetcher(weasyprint.URLFetcher):
    """Serves `<base_url>static/…` from disk and refuses anything else (http, file, data…)."""

    def __init__(self, *, base_url: str) -> None:
        super().__init__(allowed_protocols=())
        self._static_prefix = urljoin(base_url, settings.STATIC_URL)

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        path = _static_file(url[len(self._static_prefix) :]) if url.startswith(self._static_prefix) else None
        if path is None:
            raise ValueError(f"Adresse refusée (seuls les fichiers statiques d'Essaim sont lus) : {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})


def _static_file(name: str) -> Path | None:
    """The file behind a static URL, from the apps (development, tests) or STATIC_ROOT."""
    name = unquote(urlsplit(name).path)
    try:
        found = finders.find(name)
    except SuspiciousFileOperation:
        return None
    if found and Path(found).is_file():
        return Path(found)
    root = Path(settings.STATIC_ROOT).resolve()
    path = (root / name).resolve()
    return path if path.is_relative_to(root) and path.is_file() else None


def sheet_pdf_html(document: SheetDocument) -> str:
    return render_to_string(TEMPLATE, {"document": document})


def sheet_pdf(document: SheetDocument, *, base_url: str) -> bytes:
    """The PDF of this document, from the cache when the same HTML was already laid out."""
    return cached_pdf(sheet_pdf_html(document), base_url=base_url, prefix=document.filename)


def render_pdf(html: str, *, base_url: str) -> bytes:
    """Lay out this HTML as a PDF (no cache), fetching nothing but Essaim's static files."""
    return weasyprint.HTML(
        string=html, base_url=base_url, url_fetcher=StaticFilesOnlyFetcher(base_url=base_url)
    ).write_pdf(pdf_tags=True)


def cached_pdf(html: str, *, base_url: str, prefix: str) -> bytes:
    """The PDF of this HTML, kept on disk under `<prefix>-<digest of the HTML>.pdf`: the same
    content is laid out once; a new content replaces the older PDFs of the same prefix."""
    digest = hashlib.sha256(f"{weasyprint.__version__}\n{html}".encode()).hexdigest()[:24]
    path = Path(settings.VAR_DIR) / "cache" / "sheets-pdf" / f"{prefix}-{digest}.pdf"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    content = render_pdf(html, base_url=base_url)
    _store(path, content, prefix=prefix)
    return content


def _store(path: Path, content: bytes, *, prefix: str) -> None:
    """Write atomically (a reader never sees half a PDF), then drop this fiche's older PDFs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    for old in path.parent.glob(f"{prefix}-*.pdf"):
        if old != path:
            old.unlink(missing_ok=True)

"""An initiative as a print-quality PDF, rendered by WeasyPrint and cached on disk.

The document is always the public version (no contact, no history, no private source text), whoever
asks for it, so one cached file serves everybody. WeasyPrint fetches nothing from the network: its URL
fetcher serves the project's own static files and refuses every other address.
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

from essaim.catalog.models import Initiative

# WeasyPrint reports every step (already while importing) at INFO level: too chatty for the server's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

import weasyprint  # noqa: E402 -- after quieting its progress logger
from weasyprint.urls import URLFetcherResponse  # noqa: E402

TEMPLATE = "portal/initiative_pdf.html"


class StaticFilesOnlyFetcher(weasyprint.URLFetcher):
    """Serves `<base_url>static/…` from disk and refuses anything else (http, file, data…): an
    address typed by a contributor must never make the server fetch it."""

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
    # After collectstatic, URLs carry the manifest's hashed names, which only STATIC_ROOT holds.
    root = Path(settings.STATIC_ROOT).resolve()
    path = (root / name).resolve()
    return path if path.is_relative_to(root) and path.is_file() else None


def initiative_pdf_html(initiative: Initiative, *, base_url: str) -> str:
    """The document WeasyPrint lays out. Rendered without a request, hence without the visitor's
    abilities: staff get the public version too."""
    return render_to_string(
        TEMPLATE,
        {
            "initiative": initiative,
            "theme_links": list(initiative.theme_links.all()),
            "sources": list(initiative.sources.all()),
            "permalink": urljoin(base_url, initiative.get_absolute_url()),
        },
    )


def initiative_pdf(initiative: Initiative, *, base_url: str) -> bytes:
    """The PDF of this initiative, from the cache when nothing it shows has changed since.

    The cache key is the initiative's id and a digest of the HTML (which carries `updated_at`), so
    an edit, a new source or new territory figures all give a fresh PDF, and only one file is kept
    per initiative.
    """
    html = initiative_pdf_html(initiative, base_url=base_url)
    digest = hashlib.sha256(f"{weasyprint.__version__}\n{html}".encode()).hexdigest()[:24]
    cache_dir = Path(settings.VAR_DIR) / "cache" / "pdf"
    path = cache_dir / f"{initiative.pk}-{digest}.pdf"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    content = weasyprint.HTML(
        string=html, base_url=base_url, url_fetcher=StaticFilesOnlyFetcher(base_url=base_url)
    ).write_pdf(pdf_tags=True)
    _store(path, content)
    return content


def _store(path: Path, content: bytes) -> None:
    """Write atomically (a reader never sees half a PDF), then drop this initiative's older PDFs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    initiative_id = path.name.split("-", 1)[0]
    for old in path.parent.glob(f"{initiative_id}-*.pdf"):
        if old != path:
            old.unlink(missing_ok=True)

"""Print-quality PDFs with WeasyPrint, for every app: a URL fetcher that reads nothing but
Essaim's static files, and a disk cache keyed by the HTML laid out.

WeasyPrint fetches nothing from the network: an address typed by a contributor must never make
the server fetch it.
"""

import hashlib
import logging
import mimetypes
import os
import re
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation


class _ProgressRelay(logging.Handler):
    """Hands WeasyPrint's progress messages to the callback of the render running in this thread
    (a background export shows « Mise en page : page 12 »)."""

    local = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        callback = getattr(self.local, "callback", None)
        if callback is not None:
            step = _french_step(record.getMessage())
            if step:
                callback(step)


# WeasyPrint reports every step (already while importing) at INFO level: too chatty for the server's
# log, so its progress logger goes to the relay only.
_progress_logger = logging.getLogger("weasyprint.progress")
_progress_logger.setLevel(logging.INFO)
_progress_logger.propagate = False
_progress_logger.addHandler(_ProgressRelay())

_PAGE = re.compile(r"Step 5 - Creating layout - Page (\d+)")


def _french_step(message: str) -> str:
    if match := _PAGE.match(message):
        return f"Mise en page : page {match[1]}"
    if message.startswith("Step 6"):
        return "Écriture du PDF"
    return ""


import weasyprint  # noqa: E402 -- after quieting its progress logger
from weasyprint.urls import URLFetcherResponse  # noqa: E402


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
    # After collectstatic, URLs carry the manifest's hashed names, which only STATIC_ROOT holds.
    root = Path(settings.STATIC_ROOT).resolve()
    path = (root / name).resolve()
    return path if path.is_relative_to(root) and path.is_file() else None


def render_pdf(html: str, *, base_url: str, on_step: Callable[[str], None] | None = None) -> bytes:
    """Lay out this HTML as a PDF (no cache), fetching nothing but Essaim's static files; `on_step`
    hears the layout's progress in French."""
    _ProgressRelay.local.callback = on_step
    try:
        return weasyprint.HTML(
            string=html, base_url=base_url, url_fetcher=StaticFilesOnlyFetcher(base_url=base_url)
        ).write_pdf(pdf_tags=True)
    finally:
        _ProgressRelay.local.callback = None


def cached_pdf(html: str, *, base_url: str, folder: str, prefix: str) -> bytes:
    """The PDF of this HTML, kept as `var/cache/<folder>/<prefix>-<digest of the HTML>.pdf`: the
    same content is laid out once; a new content replaces the older PDFs of the same prefix."""
    digest = hashlib.sha256(f"{weasyprint.__version__}\n{html}".encode()).hexdigest()[:24]
    path = Path(settings.VAR_DIR) / "cache" / folder / f"{prefix}-{digest}.pdf"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    content = render_pdf(html, base_url=base_url)
    _store(path, content, prefix=prefix)
    return content


def _store(path: Path, content: bytes, *, prefix: str) -> None:
    """Write atomically (a reader never sees half a PDF), then drop the older PDFs of this prefix."""
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

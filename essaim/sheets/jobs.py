"""The long exports of fiches and of the directory's annex, made by the background worker.

Their key names the content (a digest of the booklet's HTML; the search index generation for the
annex, plus the day for its dated PDF): the same content is made once, then served again.
"""

import hashlib
from urllib.parse import urljoin

from django.utils import timezone

from essaim.core.pdf import render_pdf
from essaim.jobs.models import Job
from essaim.jobs.progress import Progress
from essaim.jobs.registry import JobOutput, register
from essaim.search.sync import generation
from essaim.sheets import selectors
from essaim.sheets.exports import annex
from essaim.sheets.exports.booklet import FILENAME as BOOKLET_FILENAME
from essaim.sheets.exports.booklet import booklet_html
from essaim.sheets.exports.document import sheet_document

BOOKLET = "sheets.booklet"
ANNEX = "sheets.annex"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
ANNEX_LABELS = {
    "pdf": "Annexe du répertoire (PDF)",
    "csv": "Annexe du répertoire (CSV)",
    "xlsx": "Annexe du répertoire (XLSX)",
    "ods": "Annexe du répertoire (ODS)",
}


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


def booklet_key(*, base_url: str) -> str:
    """Which booklet the published fiches make now (cheap: no layout)."""
    sheets = selectors.sheets_for_booklet()
    editions = [
        f"{sheet.pk}:{sheet.published_version_id}:{sheet.initiative.updated_at.isoformat()}"
        for sheet in sheets
    ]
    return _digest(base_url, *editions)


def annex_key(fmt: str, *, base_url: str) -> str:
    day = timezone.localdate().isoformat() if fmt == "pdf" else ""
    return f"{fmt}:{generation()}:{day}:{_digest(base_url)}"


@register(BOOKLET)
def booklet_make(job: Job, progress: Progress) -> JobOutput:
    base_url = job.params["base_url"]
    sheets = selectors.sheets_for_booklet()
    progress.start(len(sheets), unit="fiches", step="Préparation des fiches")
    documents = []
    for sheet in sheets:
        if sheet.published_version is not None:
            documents.append(
                sheet_document(
                    sheet, sheet.published_version, permalink=urljoin(base_url, sheet.get_absolute_url())
                )
            )
        progress.advance()
    progress.step("Mise en page")
    content = render_pdf(booklet_html(sheets, documents), base_url=base_url, on_step=progress.step)
    return JobOutput(content=content, filename=f"{BOOKLET_FILENAME}.pdf", content_type=CONTENT_TYPES["pdf"])


@register(ANNEX)
def annex_make(job: Job, progress: Progress) -> JobOutput:
    fmt = job.params["format"]
    initiatives = selectors.initiatives_for_annex()
    progress.start(initiatives.count(), unit="initiatives", step="Lecture du répertoire")

    def counted():
        for initiative in initiatives.iterator(chunk_size=2000):
            progress.advance()
            yield initiative

    rows = annex.annex_rows(counted())
    if fmt == "pdf":
        progress.step("Mise en page")
        html = annex.annex_pdf_html(rows, today=timezone.localdate())
        content = render_pdf(html, base_url=job.params["base_url"], on_step=progress.step)
    else:
        progress.step("Écriture du fichier")
        content = {"csv": annex.annex_csv, "xlsx": annex.annex_xlsx, "ods": annex.annex_ods}[fmt](rows)
    return JobOutput(content=content, filename=f"annexe-initiatives.{fmt}", content_type=CONTENT_TYPES[fmt])

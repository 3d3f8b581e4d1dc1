"""The fiche as one plain document every export writes: title, identity lines, sections in order.

Built once from a fiche and the version being exported, so the PDF, the DOCX and the ODT cannot
disagree on structure (they all walk `SECTIONS`).
"""

from dataclasses import dataclass

from django.utils.formats import date_format

from essaim.sheets.models import Sheet, SheetVersion
from essaim.sheets.richtext import Block, html_blocks
from essaim.sheets.sections import DRAFT_MARKER, SECTIONS


@dataclass(frozen=True)
class DocumentSection:
    code: str
    title: str
    html: str

    @property
    def blocks(self) -> list[Block]:
        return html_blocks(self.html)


@dataclass(frozen=True)
class SheetDocument:
    title: str
    territory: str
    status_line: str
    marker: str  # the draft marker, or "" once a person has edited the fiche
    sections: tuple[DocumentSection, ...]
    permalink: str
    filename: str  # without extension


def sheet_document(sheet: Sheet, version: SheetVersion, *, permalink: str) -> SheetDocument:
    """What an export of this version of the fiche shows."""
    if sheet.published_version_id == version.pk and sheet.published_at:
        status_line = f"Fiche action publiée le {date_format(sheet.published_at, 'j F Y')}"
    else:
        status_line = (
            f"Version de travail n° {version.number} du {date_format(version.created_at, 'j F Y')} "
            f"({sheet.get_status_display().lower()}) — ne pas diffuser"
        )
    return SheetDocument(
        title=sheet.initiative.title,
        territory=str(sheet.initiative.territory),
        status_line=status_line,
        marker=DRAFT_MARKER if version.is_generated else "",
        sections=tuple(
            DocumentSection(code=code, title=title, html=version.sections.get(code, ""))
            for code, title in SECTIONS
        ),
        permalink=permalink,
        filename=f"fiche-action-{sheet.pk}",
    )

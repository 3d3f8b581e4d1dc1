"""The directory's annex: every published initiative, grouped by primary theme then département.

Like the annex of a study. `annex_rows` builds the rows once (pure: it only reads the objects it
is given) and every format writes them: CSV, XLSX, ODS and the PDF (see `annex_pdf_html`). Text
cells that a spreadsheet would run as a formula (starting with = + - @, tab, carriage return) are
neutralised: an apostrophe in the CSV, a forced text type in the XLSX and the ODS.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from django.utils.formats import date_format

from essaim.catalog.models import Initiative
from essaim.catalog.periods import Precision
from essaim.core.cells import neutralised
from essaim.territories.models import Level

NO_THEME = "Sans thématique"
NO_DEPARTEMENT = "Hors département (échelle régionale ou nationale)"

HEADERS = [
    "Thématique principale",
    "Département",
    "Initiative",
    "Résumé",
    "Territoire",
    "Porteur",
    "Date de début",
]


@dataclass(frozen=True)
class AnnexRow:
    theme: str
    departement: str
    title: str
    summary: str
    territory: str
    lead_actor: str
    start: str
    sort_key: tuple[object, ...]

    def values(self) -> list[str]:
        """The cells of this row, in `HEADERS` order."""
        return [
            self.theme,
            self.departement,
            self.title,
            self.summary,
            self.territory,
            self.lead_actor,
            self.start,
        ]


@dataclass(frozen=True)
class AnnexDepartement:
    label: str
    rows: list[AnnexRow]


@dataclass(frozen=True)
class AnnexTheme:
    label: str
    anchor: str
    departements: list[AnnexDepartement]

    @property
    def count(self) -> int:
        return sum(len(group.rows) for group in self.departements)


def _start(initiative: Initiative) -> str:
    if initiative.start_date is None:
        return ""
    if initiative.start_precision == Precision.YEAR:
        return str(initiative.start_date.year)
    if initiative.start_precision == Precision.MONTH:
        return date_format(initiative.start_date, "F Y")
    return date_format(initiative.start_date, "d/m/Y")


def _departement(initiative: Initiative) -> tuple[tuple[int, str], str]:
    """(sort key, label) of the initiative's département; regional and national ones come last."""
    territory = initiative.territory
    departement = territory if territory.level == Level.DEPARTEMENT else territory.departement
    if departement is None:
        return (1, ""), NO_DEPARTEMENT
    return (0, departement.code), str(departement)


def annex_rows(initiatives: Iterable[Initiative]) -> list[AnnexRow]:
    """One row per initiative, sorted by primary theme (its order in the referential), then
    département (by code), then title. Expects `theme_links` prefetched with their themes."""
    rows = []
    for initiative in initiatives:
        links = sorted(initiative.theme_links.all(), key=lambda link: link.position)
        theme = links[0].theme if links else None
        theme_key = (0, theme.position, theme.label.casefold()) if theme else (1, 0, "")
        departement_key, departement_label = _departement(initiative)
        rows.append(
            AnnexRow(
                theme=theme.label if theme else NO_THEME,
                departement=departement_label,
                title=initiative.title,
                summary=" ".join(initiative.summary.split()),
                territory=str(initiative.territory),
                lead_actor=initiative.lead_actor.name if initiative.lead_actor else "",
                start=_start(initiative),
                sort_key=(*theme_key, *departement_key, initiative.title.casefold(), initiative.pk),
            )
        )
    rows.sort(key=lambda row: row.sort_key)
    return rows


def annex_groups(rows: list[AnnexRow]) -> list[AnnexTheme]:
    """The sorted rows as themes, each with its départements (for the PDF and its contents)."""
    themes = []
    for number, (label, theme_rows) in enumerate(groupby(rows, key=lambda row: row.theme), start=1):
        departements = [
            AnnexDepartement(label=departement, rows=list(group))
            for departement, group in groupby(theme_rows, key=lambda row: row.departement)
        ]
        themes.append(AnnexTheme(label=label, anchor=f"theme-{number}", departements=departements))
    return themes


def annex_csv(rows: list[AnnexRow]) -> bytes:
    """UTF-8 with a byte-order mark (for spreadsheets), comma-separated, formulas neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([neutralised(value) for value in row.values()])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def annex_xlsx(rows: list[AnnexRow]) -> bytes:
    """One sheet « Annexe », header row frozen; every cell is text (never read as a formula)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Annexe"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row.values())
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    sheet.freeze_panes = "A2"
    for column, width in {"A": 30, "B": 28, "C": 45, "D": 70, "E": 28, "F": 30, "G": 14}.items():
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def annex_ods(rows: list[AnnexRow]) -> bytes:
    """One table « Annexe »; every cell is a string cell (no formula attribute is ever written)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TextProperties
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    bold = Style(name="Entete", family="table-cell")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    table = Table(name="Annexe")

    def add(values: list[str], style: Style | None = None) -> None:
        line = TableRow()
        for value in values:
            cell = TableCell(valuetype="string", stylename=style) if style else TableCell(valuetype="string")
            cell.addElement(P(text=value))
            line.addElement(cell)
        table.addElement(line)

    add(HEADERS, bold)
    for row in rows:
        add(row.values())
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def annex_pdf_html(rows: list[AnnexRow], *, today: object) -> str:
    from django.template.loader import render_to_string

    return render_to_string(
        "sheets/annex_pdf.html", {"themes": annex_groups(rows), "total": len(rows), "today": today}
    )


def annex_pdf(rows: list[AnnexRow], *, today: object, base_url: str) -> bytes:
    """The annex as an A4 PDF (cached on disk by content, like the fiches' PDFs)."""
    from essaim.sheets.exports.pdf import cached_pdf

    return cached_pdf(annex_pdf_html(rows, today=today), base_url=base_url, prefix="annexe-initiatives")

"""The ranking table as CSV and XLSX for the observatory's staff.

Text cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage
return) are neutralised: an apostrophe in the CSV, and a forced text type in the XLSX.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from essaim.core.cells import csv_cell
from essaim.review.grid import CORE, QUALIFIER
from essaim.review.selectors import RankingRow

HEADERS = [
    "Rang",
    "N°",
    "Initiative",
    "Territoire",
    "Grille",
    "Score pondéré (1 à 5)",
    "Critères essentiels",
    "Critères complémentaires",
    "Écart entre experts",
    "Critères en désaccord",
    "Désaccords non arbitrés",
    "Évaluations soumises",
    "Experts chargés",
    "État au classement",
    "Décision",
    "Motivation",
]


def _number(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def table(rows: Sequence[RankingRow]) -> list[list[object]]:
    """One list of plain values per ranking row, in `HEADERS` order."""
    lines: list[list[object]] = []
    for row in rows:
        agg = row.aggregate
        decision = row.decision
        lines.append(
            [
                row.rank,
                row.entry.initiative_id,
                row.entry.initiative.title,
                str(row.entry.initiative.territory),
                f"{row.entry.grid.name} (v{row.entry.grid.version})",
                _number(agg.score) if agg.ranked else None,
                _number(agg.tier_scores.get(CORE)),
                _number(agg.tier_scores.get(QUALIFIER)),
                _number(agg.spread),
                len(agg.disagreements),
                len(agg.unresolved),
                row.submitted,
                row.assigned,
                agg.gate_label,
                decision.get_outcome_display() if decision else "",
                decision.rationale if decision else "",
            ]
        )
    return lines


def ranking_csv(rows: Sequence[RankingRow]) -> bytes:
    """UTF-8 (with a byte-order mark, for spreadsheets), comma-separated, formulas neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for line in table(rows):
        writer.writerow([csv_cell(value) for value in line])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def ranking_xlsx(rows: Sequence[RankingRow]) -> bytes:
    """One sheet « Classement », header row frozen; text never read as a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Classement"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in table(rows):
        sheet.append(line)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
    sheet.freeze_panes = "A2"
    for column, width in {"C": 50, "D": 28, "E": 30, "N": 40, "P": 60}.items():
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

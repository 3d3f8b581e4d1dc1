"""Spreadsheets (CSV of any delimiter and encoding, XLSX, ODS) as a header row and data rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import warnings
from dataclasses import dataclass

from essaim.core.decoding import decode_text
from essaim.watch.extraction.archives import zip_check
from essaim.watch.extraction.base import ExtractionError

MAX_ROWS = 100_000
MAX_COLUMNS = 200
HEADER_SEARCH_ROWS = 10  # the header is the first row with at least two filled cells among these


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]  # as many cells as headers


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _table(raw_rows, *, label: str) -> Table:
    rows: list[list[str]] = []
    headers: list[str] | None = None
    for index, raw in enumerate(raw_rows):
        cells = [_cell(value) for value in list(raw)[:MAX_COLUMNS]]
        while cells and not cells[-1]:
            cells.pop()
        if headers is None:
            if sum(1 for cell in cells if cell) >= 2 or (index >= HEADER_SEARCH_ROWS and cells):
                headers = cells
            elif index >= HEADER_SEARCH_ROWS * 10:
                break
            continue
        if not any(cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise ExtractionError(
                f"Ce tableau a plus de {MAX_ROWS:,} lignes : découpez-le.".replace(",", "\u202f")
            )
        rows.append(cells)
    if headers is None:
        raise ExtractionError(f"Ce fichier {label} ne contient aucune ligne d'en-têtes : il est vide ?")
    width = max([len(headers), *(len(row) for row in rows)])
    headers = headers + [""] * (width - len(headers))
    headers = [header or f"Colonne {position}" for position, header in enumerate(headers, start=1)]
    rows = [row + [""] * (width - len(row)) for row in rows]
    return Table(headers=headers, rows=rows)


def read_csv(content: bytes) -> Table:
    text = decode_text(content).replace("\x00", "")
    if not text.strip():
        raise ExtractionError("Ce fichier CSV est vide.")
    sample = text[:20_000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        delimiter = max(";,\t|", key=first.count)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
        return _table(reader, label="CSV")
    except csv.Error as error:
        raise ExtractionError(f"Ce fichier CSV est mal formé : {error}.") from None


def read_xlsx(content: bytes) -> Table:
    zip_check(content, label="XLSX")
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception:
            raise ExtractionError("Ce fichier XLSX est endommagé : il ne peut pas être lu.") from None
        try:
            for sheet in workbook.worksheets:
                try:
                    return _table(sheet.iter_rows(values_only=True), label="XLSX")
                except ExtractionError as error:
                    if "en-têtes" not in str(error):
                        raise
            raise ExtractionError("Ce fichier XLSX ne contient aucune ligne d'en-têtes : il est vide ?")
        finally:
            workbook.close()


def _ods_value(cell) -> str:
    from odf import teletype

    kind = cell.getAttribute("valuetype")
    if kind in {"float", "percentage", "currency"}:
        value = cell.getAttribute("value")
        try:
            return _cell(float(value))
        except (TypeError, ValueError):
            pass
    if kind == "date":
        return (cell.getAttribute("datevalue") or "")[:10]
    parts = [teletype.extractText(p) for p in cell.childNodes if getattr(p, "qname", ("", ""))[1] == "p"]
    return "\n".join(parts)


def _ods_rows(table):
    emitted = 0
    for row in table.childNodes:
        if getattr(row, "qname", ("", ""))[1] == "table-header-rows":
            yield from _ods_rows(row)
            continue
        if getattr(row, "qname", ("", ""))[1] != "table-row":
            continue
        cells: list[str] = []
        for cell in row.childNodes:
            if getattr(cell, "qname", ("", ""))[1] not in {"table-cell", "covered-table-cell"}:
                continue
            repeat = int(cell.getAttribute("numbercolumnsrepeated") or 1)
            value = _ods_value(cell)
            cells.extend([value] * min(repeat, MAX_COLUMNS if value else 1))
            if len(cells) > MAX_COLUMNS:
                break
        repeat = int(row.getAttribute("numberrowsrepeated") or 1)
        if not any(cells):
            repeat = 1  # the usual million of empty rows at a sheet's end
        for _ in range(min(repeat, MAX_ROWS + 1)):
            emitted += 1
            yield cells


def read_ods(content: bytes) -> Table:
    zip_check(content, label="ODS")
    from odf.opendocument import load
    from odf.table import Table as OdfTable

    try:
        document = load(io.BytesIO(content))
        sheets = document.spreadsheet.getElementsByType(OdfTable)
    except Exception:
        raise ExtractionError("Ce fichier ODS est endommagé : il ne peut pas être lu.") from None
    for sheet in sheets:
        try:
            return _table(_ods_rows(sheet), label="ODS")
        except ExtractionError as error:
            if "en-têtes" not in str(error):
                raise
    raise ExtractionError("Ce fichier ODS ne contient aucune ligne d'en-têtes : il est vide ?")


def read_table(content: bytes, fmt: str) -> Table:
    if not content:
        raise ExtractionError("Ce fichier est vide.")
    return {"csv": read_csv, "xlsx": read_xlsx, "ods": read_ods}[fmt](content)

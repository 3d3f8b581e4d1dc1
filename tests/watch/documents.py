"""Documents written by the tests: a feed, HTML pages, PDF, DOCX, ODT, XLSX, ODS and CSV files,
each reporting French local initiatives, plus hostile ones (zip bombs, scanned PDF, scripts)."""

from __future__ import annotations

import io
import zipfile

MEALS = (
    "Portage de repas à Lille",
    "Le CCAS de Lille livre chaque jour des repas chauds aux personnes âgées isolées pendant le "
    "confinement. Des agents municipaux et des bénévoles du quartier assurent les tournées, et "
    "prennent des nouvelles de chacun.",
)
TABLETS = (
    "Tablettes pour les collégiens du Nord",
    "Le Département du Nord prête des tablettes aux collégiens qui n'ont pas d'ordinateur, pour "
    "assurer la continuité pédagogique. Les principaux des collèges repèrent les familles concernées "
    "et la livraison se fait par La Poste.",
)
LISTENING = (
    "Ligne d'écoute pour les femmes victimes de violences",
    "L'association Solidarité Femmes de Roubaix ouvre une ligne d'écoute joignable tous les jours "
    "pour les femmes victimes de violences conjugales, avec des juristes et des psychologues "
    "bénévoles, pendant toute la durée du confinement.",
)
SECTIONS = [MEALS, TABLETS, LISTENING]


def feed_xml(entries=SECTIONS, *, title: str = "Lettre des solidarités") -> bytes:
    items = "".join(
        f"""<item><title>{name}</title><link>https://presse.example.org/{index}</link>
        <guid>https://presse.example.org/{index}</guid><pubDate>Thu, 02 Apr 2020 08:00:00 GMT</pubDate>
        <description><![CDATA[<p>{text}</p><script>alert('x')</script>]]></description></item>"""
        for index, (name, text) in enumerate(entries)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://presse.example.org/</link><description>Actualités</description>{items}</channel></rss>"
    ).encode()


def newsletter_html(sections=SECTIONS, *, script: str = "") -> bytes:
    body = "".join(f"<h2>{name}</h2><p>{text}</p>" for name, text in sections)
    return (
        "<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>Lettre d'avril</title>"
        f"<script>{script or 'window.pwned = 1'}</script></head><body><nav><a href='/'>Accueil</a></nav>"
        f"<main><article><h1>Lettre des solidarités d'avril</h1><p>Ce mois-ci, trois initiatives locales.</p>"
        f"{body}</article></main><footer>Mentions légales</footer></body></html>"
    ).encode()


def single_page_html() -> bytes:
    name, text = MEALS
    return (
        "<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>Actualité</title></head><body>"
        f"<article><h1>{name}</h1><p>{text}</p><p>{text}</p></article></body></html>"
    ).encode()


def pdf_bytes(sections=SECTIONS) -> bytes:
    from essaim.core.pdf import render_pdf

    body = "".join(f"<h2>{index}. {name}</h2><p>{text}</p>" for index, (name, text) in enumerate(sections, 1))
    return render_pdf(
        f"<html lang='fr'><body><h1>Retour d'expérience</h1>{body}</body></html>", base_url="http://test/"
    )


def pdf_without_text() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(sections=SECTIONS) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Retour d'expérience du confinement", level=1)
    for name, text in sections:
        document.add_heading(name, level=2)
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt_bytes(sections=SECTIONS) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Bilan des actions solidaires"))
    for name, text in sections:
        document.text.addElement(H(outlinelevel=2, text=name))
        document.text.addElement(P(text=text))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


HEADERS = [
    "N°",
    "Nom de l'action",
    "Structure porteuse",
    "Département",
    "Commune",
    "Date de début",
    "Description",
]


def rows(count: int = 3) -> list[list[str]]:
    base = [
        ["1", MEALS[0], "CCAS de Lille", "Nord", "Lille", "17/03/2020", MEALS[1]],
        ["2", TABLETS[0], "Département du Nord", "Nord", "", "23/03/2020", TABLETS[1]],
        ["3", LISTENING[0], "Solidarité Femmes", "Nord", "Roubaix", "2020-03-20", LISTENING[1]],
    ]
    out = []
    for index in range(count):
        row = list(base[index % 3])
        if index >= 3:
            row[0] = str(index + 1)
            row[1] = f"{row[1]} (site n° {index + 1})"
        out.append(row)
    return out


def csv_cp1252(headers=HEADERS, data=None) -> bytes:
    data = rows() if data is None else data
    lines = [";".join(headers)] + [
        ";".join(f'"{cell}"' if ";" in cell else cell for cell in row) for row in data
    ]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def xlsx_bytes(headers=HEADERS, data=None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows() if data is None else data:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def ods_bytes(headers=HEADERS, data=None) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Actions")
    for row in [headers, *(rows() if data is None else data)]:
        table_row = TableRow()
        for value in row:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            table_row.addElement(cell)
        table.addElement(table_row)
    document.spreadsheet.addElement(table)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def zip_bomb(kind: str) -> bytes:
    """A valid-looking DOCX or XLSX with one member that inflates to 300 MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        if kind == "docx":
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", "<w:document/>")
            name = "word/media/bombe.bin"
        else:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/workbook.xml", "<workbook/>")
            name = "xl/worksheets/sheet1.xml"
        with archive.open(name, "w", force_zip64=True) as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(300):
                member.write(block)
    return out.getvalue()

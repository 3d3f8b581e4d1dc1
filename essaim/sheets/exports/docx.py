"""A fiche action as a Word document (python-docx), with the same sections as the page and the PDF."""

from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor

from essaim.sheets.exports.document import SheetDocument
from essaim.sheets.richtext import Block

BROWN = RGBColor(0x5F, 0x33, 0x05)
WARNING = RGBColor(0x8A, 0x2A, 0x0B)


def _write_block(document, block: Block) -> None:
    if block.kind == "heading":
        paragraph = document.add_heading(level=3)
    elif block.kind == "item" and block.number is not None:
        # Word's « List Number » would continue one numbering across the whole document.
        paragraph = document.add_paragraph(f"{block.number}. ", style="List Paragraph")
    elif block.kind == "item":
        paragraph = document.add_paragraph(style="List Bullet")
    elif block.kind == "quote":
        paragraph = document.add_paragraph(style="Quote")
    else:
        paragraph = document.add_paragraph()
    for run in block.runs:
        written = paragraph.add_run(run.text)
        written.bold = run.bold or None
        written.italic = run.italic or None
        if run.href:
            paragraph.add_run(f" ({run.href})")


def sheet_docx(sheet: SheetDocument) -> bytes:
    """The DOCX file: A4, a running header with the title, page numbers in the footer."""
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Mm(20))
    document.styles["Normal"].font.size = Pt(10.5)
    document.core_properties.title = f"Fiche action — {sheet.title}"
    document.core_properties.author = "Essaim"
    document.core_properties.language = "fr-FR"
    section.header.paragraphs[0].text = f"Essaim — fiche action : {sheet.title}"
    _page_numbers(section.footer.paragraphs[0])

    document.add_heading(sheet.title, level=0)
    document.add_paragraph(sheet.territory)
    document.add_paragraph(sheet.status_line)
    if sheet.marker:
        marker = document.add_paragraph().add_run(sheet.marker)
        marker.bold = True
        marker.font.color.rgb = WARNING
    for part in sheet.sections:
        heading = document.add_heading(part.title, level=1)
        for run in heading.runs:
            run.font.color.rgb = BROWN
        blocks = part.blocks
        if not blocks:
            document.add_paragraph().add_run("Non renseigné.").italic = True
        for block in blocks:
            _write_block(document, block)
    document.add_paragraph(sheet.permalink)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page_numbers(paragraph) -> None:
    """« page X sur Y » with Word's PAGE and NUMPAGES fields (python-docx has no API for fields)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def field(instruction: str) -> None:
        run = paragraph.add_run()
        for kind, text in (
            ("begin", None),
            (None, instruction),
            ("separate", None),
            (None, "1"),
            ("end", None),
        ):
            if kind is not None:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            elif text == instruction:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = f" {instruction} "
            else:
                element = OxmlElement("w:t")
                element.text = text
            run._r.append(element)

    paragraph.add_run("page ")
    field("PAGE")
    paragraph.add_run(" sur ")
    field("NUMPAGES")

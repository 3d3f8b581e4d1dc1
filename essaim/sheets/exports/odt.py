"""A fiche action as an OpenDocument text (odfpy), with the same sections as the page and the PDF."""

from io import BytesIO

from odf.dc import Title
from odf.opendocument import OpenDocumentText
from odf.style import (
    Footer,
    Header,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TextProperties,
)
from odf.text import H, List, ListItem, P, PageCount, PageNumber, Span

from essaim.sheets.exports.document import SheetDocument
from essaim.sheets.richtext import Block


def _styles(document: OpenDocumentText) -> dict[str, Style]:
    layout = PageLayout(name="A4")
    layout.addElement(
        PageLayoutProperties(
            pagewidth="210mm",
            pageheight="297mm",
            margintop="18mm",
            marginbottom="18mm",
            marginleft="20mm",
            marginright="20mm",
            printorientation="portrait",
        )
    )
    document.automaticstyles.addElement(layout)
    styles = {
        "title": Style(name="Titre fiche", family="paragraph"),
        "heading": Style(name="Titre section", family="paragraph"),
        "subheading": Style(name="Intertitre", family="paragraph"),
        "body": Style(name="Texte fiche", family="paragraph"),
        "quote": Style(name="Citation fiche", family="paragraph"),
        "marker": Style(name="Avertissement", family="paragraph"),
        "small": Style(name="Pied de page", family="paragraph"),
        "bold": Style(name="Gras", family="text"),
        "italic": Style(name="Italique", family="text"),
    }
    styles["title"].addElement(TextProperties(fontsize="20pt", fontweight="bold"))
    styles["heading"].addElement(TextProperties(fontsize="13pt", fontweight="bold", color="#5f3305"))
    styles["heading"].addElement(
        ParagraphProperties(margintop="5mm", marginbottom="2mm", keepwithnext="always")
    )
    styles["subheading"].addElement(TextProperties(fontsize="11pt", fontweight="bold"))
    styles["body"].addElement(TextProperties(fontsize="10.5pt"))
    styles["body"].addElement(ParagraphProperties(marginbottom="2mm", textalign="justify"))
    styles["quote"].addElement(TextProperties(fontsize="10.5pt", color="#3b3732"))
    styles["quote"].addElement(ParagraphProperties(marginleft="6mm", marginbottom="2mm"))
    styles["marker"].addElement(TextProperties(fontweight="bold", color="#8a2a0b"))
    styles["small"].addElement(TextProperties(fontsize="8pt", color="#55504a"))
    styles["bold"].addElement(TextProperties(fontweight="bold"))
    styles["italic"].addElement(TextProperties(fontstyle="italic"))
    for style in styles.values():
        document.styles.addElement(style)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    document.masterstyles.addElement(master)
    return styles


def _paragraph(block: Block, styles: dict[str, Style], *, prefix: str = ""):
    style = {"heading": "subheading", "quote": "quote"}.get(block.kind, "body")
    paragraph = P(stylename=styles[style])
    if prefix:
        paragraph.addText(prefix)
    for run in block.runs:
        text = run.text + (f" ({run.href})" if run.href else "")
        if run.bold:
            paragraph.addElement(Span(stylename=styles["bold"], text=text))
        elif run.italic:
            paragraph.addElement(Span(stylename=styles["italic"], text=text))
        else:
            paragraph.addText(text)
    return paragraph


def sheet_odt(sheet: SheetDocument) -> bytes:
    """The ODT file: A4, a running header with the title, « page X sur Y » in the footer."""
    document = OpenDocumentText()
    styles = _styles(document)
    master = document.masterstyles.getElementsByType(MasterPage)[0]
    header = Header()
    header.addElement(P(stylename=styles["small"], text=f"Essaim — fiche action : {sheet.title}"))
    master.addElement(header)
    footer = Footer()
    numbers = P(stylename=styles["small"], text="page ")
    numbers.addElement(PageNumber(selectpage="current", text="1"))
    numbers.addText(" sur ")
    numbers.addElement(PageCount(text="1"))
    footer.addElement(numbers)
    master.addElement(footer)

    body = document.text
    body.addElement(H(outlinelevel=1, stylename=styles["title"], text=sheet.title))
    body.addElement(P(stylename=styles["body"], text=sheet.territory))
    body.addElement(P(stylename=styles["body"], text=sheet.status_line))
    if sheet.marker:
        body.addElement(P(stylename=styles["marker"], text=sheet.marker))
    for part in sheet.sections:
        body.addElement(H(outlinelevel=2, stylename=styles["heading"], text=part.title))
        blocks = part.blocks
        if not blocks:
            body.addElement(P(stylename=styles["body"], text="Non renseigné."))
        current_list = None
        for block in blocks:
            if block.kind != "item":
                current_list = None
                body.addElement(_paragraph(block, styles))
                continue
            if current_list is None:
                current_list = List()
                body.addElement(current_list)
            item = ListItem()
            prefix = f"{block.number}. " if block.number is not None else "• "
            item.addElement(_paragraph(block, styles, prefix=prefix))
            current_list.addElement(item)
    body.addElement(P(stylename=styles["small"], text=sheet.permalink))
    document.meta.addElement(Title(text=f"Fiche action — {sheet.title}"))
    buffer = BytesIO()
    document.write(buffer)
    return buffer.getvalue()

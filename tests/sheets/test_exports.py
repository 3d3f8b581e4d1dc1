"""PDF, DOCX and ODT exports: every section title, opened with pypdf, python-docx and odfpy."""

import io

import pytest
from docx import Document
from odf import teletype
from odf.opendocument import load
from odf.text import H, P
from pypdf import PdfReader

from essaim.sheets.exports.document import sheet_document
from essaim.sheets.exports.pdf import sheet_pdf_html
from essaim.sheets.sections import DRAFT_MARKER, SECTIONS
from tests.factories import sheet_drafted, sheet_published

pytestmark = pytest.mark.django_db

TITLES = [title for _, title in SECTIONS]


@pytest.fixture
def published():
    return sheet_published(description="Des bénévoles livrent les repas.", results="1 200 repas livrés.")


def _flat(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


def test_pdf_has_every_section_title_and_page_numbers(client, published, settings, tmp_path):
    """A4 PDF: section titles, the title in the running header, « page X sur Y » in the footer."""
    settings.VAR_DIR = tmp_path
    response = client.get(f"/fiches/{published.pk}/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    pages = [page.extract_text() for page in reader.pages]
    text = _flat(" ".join(pages))
    for title in TITLES:
        assert _flat(title) in text, title
    assert "Associer le CCAS dès le départ." in text
    assert f"page 1 sur {len(pages)}" in text
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (210, 297)
    if len(pages) > 1:
        assert published.initiative.title in pages[1]  # running header from page 2
    again = client.get(f"/fiches/{published.pk}/pdf/")
    assert again.content == response.content  # served from the cache


def test_pdf_fetches_nothing_but_static_files(published):
    """A link typed in the fiche is never fetched by the renderer."""
    from essaim.core.pdf import StaticFilesOnlyFetcher

    fetcher = StaticFilesOnlyFetcher(base_url="http://testserver/")
    with pytest.raises(ValueError, match="Adresse refusée"):
        fetcher.fetch("http://169.254.169.254/latest/meta-data")
    with pytest.raises(ValueError, match="Adresse refusée"):
        fetcher.fetch("file:///etc/passwd")


def test_docx_has_every_section_title(client, published):
    response = client.get(f"/fiches/{published.pk}/docx/")

    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == TITLES
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Associer le CCAS dès le départ." in text and "1 200 repas livrés." in text
    assert published.initiative.title in document.sections[0].header.paragraphs[0].text
    assert "NUMPAGES" in document.sections[0].footer._element.xml
    assert round(document.sections[0].page_width.mm) == 210


def test_odt_has_every_section_title(client, published):
    response = client.get(f"/fiches/{published.pk}/odt/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    document = load(io.BytesIO(response.content))
    headings = [teletype.extractText(h) for h in document.text.getElementsByType(H)]
    assert headings[1:] == TITLES
    text = "\n".join(teletype.extractText(p) for p in document.text.getElementsByType(P))
    assert "Associer le CCAS dès le départ." in text and "1 200 repas livrés." in text


def test_exports_of_a_generated_draft_carry_the_marker(client, expert):
    """Staff exporting a draft get the marker and a « ne pas diffuser » line in every format."""
    sheet = sheet_drafted(by=expert)
    client.force_login(expert)
    document = sheet_document(sheet, sheet.current_version, permalink="http://testserver/")
    assert DRAFT_MARKER in sheet_pdf_html(document)
    docx = Document(io.BytesIO(client.get(f"/fiches/{sheet.pk}/docx/").content))
    assert any(DRAFT_MARKER in p.text for p in docx.paragraphs)
    assert any("ne pas diffuser" in p.text for p in docx.paragraphs)
    odt = load(io.BytesIO(client.get(f"/fiches/{sheet.pk}/odt/").content))
    assert any(DRAFT_MARKER in teletype.extractText(p) for p in odt.text.getElementsByType(P))

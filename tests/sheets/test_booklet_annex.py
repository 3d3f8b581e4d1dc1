"""The booklet of published fiches (one PDF) and the directory's annex (PDF, CSV, XLSX, ODS)."""

import csv
import io
import re

import pytest
from odf import teletype
from odf.opendocument import load
from odf.table import Table, TableCell, TableRow
from openpyxl import load_workbook
from pypdf import PdfReader

from essaim.catalog.models import Actor, ActorType, Theme
from essaim.sheets.exports.annex import HEADERS, NO_DEPARTEMENT, annex_rows
from essaim.sheets.sections import SECTIONS
from essaim.sheets.selectors import initiatives_for_annex
from essaim.territories.models import Level
from tests.factories import InitiativeFactory, sheet_drafted, sheet_published, territory

pytestmark = pytest.mark.django_db


def _flat(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


def _pdf_text(content: bytes) -> tuple[list[str], str]:
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    return pages, _flat(" ".join(pages))


@pytest.fixture(autouse=True)
def _cache_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def _download(client, url: str):
    """What a visitor gets: a long export is made in the background (at once in tests) and its page
    offers the file; once made, the same address serves it directly. Returns (response, content)."""
    response = client.get(url)
    if response.status_code == 302:
        assert response["Location"].startswith("/taches/")
        job_page = client.get(response["Location"])
        assert job_page.status_code == 200
        assert "Terminée" in job_page.content.decode()
        link = re.search(r'href="(/taches/\d+/fichier/)"', job_page.content.decode())[1]
        response = client.get(link)
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, content


# --- The booklet -----------------------------------------------------------------------------


def test_booklet_has_every_published_fiche_and_section_but_no_draft(client):
    first = sheet_published(title="Épicerie solidaire itinérante")
    second = sheet_published(
        title="Portage de livres à domicile", territory=territory(Level.COMMUNE, "42218")
    )
    draft = sheet_drafted(title="Fiche encore en brouillon")

    response, content = _download(client, "/fiches/livret.pdf")

    assert response["Content-Type"] == "application/pdf"
    pages, text = _pdf_text(content)
    assert "Fiches action — Essaim" in pages[0]
    assert "Sommaire" in pages[1]
    for sheet in (first, second):
        assert sheet.initiative.title in text
    for _, title in SECTIONS:
        assert text.count(_flat(title)) >= 2, title  # in each of the two fiches
    assert draft.initiative.title not in text
    assert f"page 2 sur {len(pages)}" in text
    # Each fiche starts on a new page, found through the contents' page numbers.
    starts = {
        page.split("\n")[1].strip(): number
        for number, page in enumerate(pages, start=1)
        if page.lstrip().startswith("FICHE ACTION")
    }
    assert set(starts) == {first.initiative.title, second.initiative.title}
    for title, number in starts.items():
        assert re.search(rf"{re.escape(title)} \.+ {number}\b", _flat(pages[1])), title
        if number < len(pages) and number + 1 not in starts.values():  # running header, next page
            assert title in pages[number]
    again = client.get("/fiches/livret.pdf")
    assert again.status_code == 200  # made once, then served directly
    assert b"".join(again.streaming_content) == content


def test_booklet_without_published_fiche_is_a_cover_and_empty_contents(client):
    sheet_drafted(title="Fiche encore en brouillon")

    _, content = _download(client, "/fiches/livret.pdf")

    _, text = _pdf_text(content)
    assert "Aucune fiche action publiée" in text and "brouillon" not in text


# --- The annex ---------------------------------------------------------------------------------


@pytest.fixture
def directory():
    """Published initiatives in two themes and three départements, a formula-like title, a draft."""
    actor = Actor.objects.create(name="CCAS de Lille", type=ActorType.objects.first())
    lille, saint_etienne = territory(Level.COMMUNE, "59350"), territory(Level.COMMUNE, "42218")
    return {
        "culture_42": InitiativeFactory(
            published=True, title="Bibliothèque hors les murs", territory=saint_etienne, themes=["culture"]
        ),
        "age_59": InitiativeFactory(
            published=True, title="Portage de repas", territory=lille, lead_actor=actor
        ),
        "age_42": InitiativeFactory(published=True, title="Visites de convivialité", territory=saint_etienne),
        "age_region": InitiativeFactory(
            published=True, title="Plateforme régionale des aidants", territory=territory(Level.REGION, "32")
        ),
        "formula": InitiativeFactory(
            published=True,
            title='=HYPERLINK("http://mal.example","clic")',
            summary="+33 appelez-nous",
            territory=territory(Level.DEPARTEMENT, "59"),
            themes=["culture"],
        ),
        "draft": InitiativeFactory(title="Initiative non publiée"),
    }


def _expected_order(directory) -> list[str]:
    """Theme in the referential's order, then département by code (regional ones last), then title."""
    age, culture = Theme.objects.get(code="autonomie_age_handicap"), Theme.objects.get(code="culture")
    age_first = (age.position, age.label) < (culture.position, culture.label)
    age_titles = ["Visites de convivialité", "Portage de repas", "Plateforme régionale des aidants"]
    culture_titles = ["Bibliothèque hors les murs", '=HYPERLINK("http://mal.example","clic")']
    return age_titles + culture_titles if age_first else culture_titles + age_titles


def test_annex_rows_are_published_only_grouped_by_theme_then_departement(directory):
    rows = annex_rows(initiatives_for_annex())

    assert [row.title for row in rows] == _expected_order(directory)
    by_title = {row.title: row for row in rows}
    assert by_title["Portage de repas"].departement == "Nord (59)"
    assert by_title["Portage de repas"].lead_actor == "CCAS de Lille"
    assert by_title["Portage de repas"].start == "17/03/2020"
    assert by_title["Visites de convivialité"].departement == "Loire (42)"
    assert by_title["Plateforme régionale des aidants"].departement == NO_DEPARTEMENT
    assert by_title['=HYPERLINK("http://mal.example","clic")'].departement == "Nord (59)"


def test_annex_csv(client, directory):
    response = client.get("/fiches/annexe.csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == HEADERS
    titles = [line[2] for line in lines[1:]]
    expected = [t if not t.startswith("=") else "'" + t for t in _expected_order(directory)]
    assert titles == expected
    assert "Initiative non publiée" not in response.content.decode("utf-8-sig")
    formula = next(line for line in lines if line[2].startswith("'="))
    assert formula[3] == "'+33 appelez-nous"


def test_annex_xlsx(client, directory):
    _, content = _download(client, "/fiches/annexe.xlsx")

    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows())
    assert [cell.value for cell in rows[0]] == HEADERS
    assert [row[2].value for row in rows[1:]] == _expected_order(directory)
    assert [row[1].value for row in rows[1:]][:1] and all(row[0].value for row in rows[1:])
    formula = next(row for row in rows[1:] if str(row[2].value).startswith("="))
    assert formula[2].data_type == "s" and formula[3].data_type == "s"  # text, never a formula
    assert formula[3].value == "+33 appelez-nous"


def test_annex_ods(client, directory):
    _, content = _download(client, "/fiches/annexe.ods")

    document = load(io.BytesIO(content))
    table = document.spreadsheet.getElementsByType(Table)[0]
    lines = [
        [teletype.extractText(cell) for cell in row.getElementsByType(TableCell)]
        for row in table.getElementsByType(TableRow)
    ]
    assert lines[0] == HEADERS
    assert [line[2] for line in lines[1:]] == _expected_order(directory)
    for row in table.getElementsByType(TableRow):
        for cell in row.getElementsByType(TableCell):
            assert cell.getAttribute("valuetype") == "string"
            assert cell.getAttribute("formula") is None  # never run as a formula


def test_annex_pdf_has_theme_headings_and_contents(client, directory):
    response, content = _download(client, "/fiches/annexe.pdf")

    assert response["Content-Type"] == "application/pdf"
    pages, text = _pdf_text(content)
    for code in ("autonomie_age_handicap", "culture"):
        assert _flat(Theme.objects.get(code=code).label) in text
    for title in ("Portage de repas", "Visites de convivialité", "Bibliothèque hors les murs"):
        assert title in text
    assert "Nord (59)" in text and "Loire (42)" in text and "CCAS de Lille" in text
    assert "Initiative non publiée" not in text
    assert "page 1 sur" in text
    assert len(pages) >= 3  # contents, then each theme on a new page


def test_list_page_links_to_booklet_and_annex(client):
    response = client.get("/fiches/")

    content = response.content.decode()
    for url in ("/fiches/livret.pdf", "/fiches/annexe.pdf", "/fiches/annexe.csv", "/fiches/annexe.xlsx"):
        assert f'href="{url}"' in content
    assert 'href="/fiches/annexe.ods"' in content

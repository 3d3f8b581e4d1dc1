"""The ranking table: sorting, filters, excluded initiatives, and its CSV and XLSX exports."""

import csv
import io

import openpyxl
import pytest

from essaim.review.decisions import decision_record
from essaim.review.models import Outcome
from tests.factories import InitiativeFactory, ShortlistEntryFactory, UserFactory, assessment_scored

pytestmark = pytest.mark.django_db


def _scored_entry(title: str, default: int, *, gates: int = 1):
    entry = ShortlistEntryFactory(initiative=InitiativeFactory(title=title, published=True))
    for assessment in entry.assessments.all():
        assessment_scored(assessment, default=default, gates=gates)
    return entry


@pytest.fixture
def analyst(client):
    user = UserFactory(analyst=True)
    client.force_login(user)
    return user


@pytest.fixture
def three(analyst):
    good = _scored_entry("Bonne pratique", 5)
    average = _scored_entry('=HYPERLINK("http://mal.example","Cliquez")', 3)
    excluded = _scored_entry("-Hors du champ", 4, gates=0)
    decision_record(entry=good, outcome=Outcome.SELECTED, rationale="@Excellente.", by=analyst)
    return good, average, excluded


def test_ranking_sorted_with_excluded_shown_as_such(client, three):
    page = client.get("/selection/").text

    good = page.index("Bonne pratique")
    assert good < page.index("HYPERLINK") < page.index("-Hors du champ")
    assert "Exclue : critère éliminatoire non satisfait" in page

    ascending = client.get("/selection/", {"tri": "score", "ordre": "croissant"}).text
    assert ascending.index("HYPERLINK") < ascending.index("Bonne pratique")


def test_ranking_filters(client, three):
    only_ranked = client.get("/selection/", {"etat": "exclues"}).text
    assert "-Hors du champ" in only_ranked and "Bonne pratique" not in only_ranked
    selected = client.get("/selection/", {"decision": "retenue"}).text
    assert "Bonne pratique" in selected and "HYPERLINK" not in selected


def test_csv_export_neutralises_formulas(client, three):
    """Cells starting with = + - @ get a leading apostrophe; numbers stay numbers."""
    response = client.get("/selection/classement.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, first, second, third = rows
    assert header[0] == "Rang" and header[5] == "Score pondéré (1 à 5)"
    assert first[0] == "1" and first[2] == "Bonne pratique" and first[5] == "5.0"
    assert first[-2:] == ["Retenue", "'@Excellente."]
    assert second[2] == '\'=HYPERLINK("http://mal.example","Cliquez")'
    assert third[2] == "'-Hors du champ"
    assert third[0] == "" and third[5] == ""
    assert not any(cell[:1] in {"=", "+", "-", "@"} for row in rows for cell in row)


def test_xlsx_export_opens_with_openpyxl(client, three):
    """One sheet « Classement »; text stays text, never a formula; the filters apply."""
    response = client.get("/selection/classement.xlsx")

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Classement"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Rang", "N°", "Initiative")
    assert rows[1][0] == 1 and rows[1][2] == "Bonne pratique" and rows[1][5] == 5
    assert rows[2][2] == '=HYPERLINK("http://mal.example","Cliquez")'
    assert sheet.cell(row=3, column=3).data_type == "s"
    assert rows[3][13] == "Exclue : critère éliminatoire non satisfait"
    assert len(rows) == 4

    filtered = client.get("/selection/classement.xlsx", {"decision": "retenue"})
    assert len(list(openpyxl.load_workbook(io.BytesIO(filtered.content)).active.iter_rows())) == 2


def test_ranking_queries_do_not_grow_with_the_shortlist(client, analyst, django_assert_max_num_queries):
    """Snapshot of the ranking page's SQL: a fixed number of queries, whatever the number of entries."""
    _scored_entry("Première", 4)
    with django_assert_max_num_queries(20) as few:
        client.get("/selection/")
    for n in range(3):
        _scored_entry(f"Autre {n}", 3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/selection/").status_code == 200

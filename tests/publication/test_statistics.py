"""Statistics page: published initiatives only, same figures for everyone, accessible SVG charts
followed by their tables, downloads as SVG, PNG and CSV (formulas neutralised)."""

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from essaim.catalog.models import Theme
from essaim.publication import statistics
from tests.factories import FollowUpFactory, InitiativeFactory, UserFactory, territory

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def catalogue():
    """Four published initiatives in three régions and nationally, and a draft and a submitted one
    that must never be counted."""
    lille = InitiativeFactory(
        published=True,
        territory=territory("commune", "59350"),
        themes=["alimentation_agriculture", "culture"],
        start_date=dt.date(2020, 3, 20),
    )
    marseille = InitiativeFactory(
        published=True,
        territory=territory("departement", "13"),
        themes=["alimentation_agriculture"],
        start_date=dt.date(2020, 11, 1),
        start_precision="mois",
    )
    bretagne = InitiativeFactory(
        published=True,
        territory=territory("region", "53"),
        themes=["culture"],
        start_date=dt.date(2021, 1, 1),
        start_precision="annee",
    )
    national = InitiativeFactory(
        published=True, territory=territory("national", "FR"), themes=["culture"], start_date=None
    )
    for status in ("brouillon", "soumise"):
        InitiativeFactory(
            status=status,
            territory=territory("commune", "59350"),
            themes=["alimentation_agriculture", "enfance_education"],
            start_date=dt.date(2020, 3, 20),
        )
    return {"lille": lille, "marseille": marseille, "bretagne": bretagne, "national": national}


def test_theme_region_table_counts_published_initiatives_only(catalogue):
    """Theme × région: each published initiative under each of its themes, in its région (or
    « National »); a draft or a submitted initiative is never counted."""
    cross = statistics.figures().cross
    assert cross.total == 4
    assert cross.cell("alimentation_agriculture", "32") == 1
    assert cross.cell("alimentation_agriculture", "93") == 1
    assert cross.cell("culture", "32") == 1
    assert cross.cell("culture", "53") == 1
    assert cross.cell("culture", statistics.NATIONAL) == 1
    assert cross.theme_totals == {"alimentation_agriculture": 2, "culture": 3}
    assert cross.region_totals == {"32": 1, "93": 1, "53": 1, statistics.NATIONAL: 1}
    assert "enfance_education" not in [theme.code for theme in cross.themes]
    assert [region.label for region in cross.regions][-1] == "National"


def test_timeline_by_month_and_undated_starts(catalogue):
    """Starts known to the day or the month are charted by month; a year-only start and a
    missing start are counted apart; the draft started in March 2020 is not counted."""
    timeline = statistics.figures().timeline
    months = dict(timeline.months)
    assert months[dt.date(2020, 3, 1)] == 1
    assert months[dt.date(2020, 11, 1)] == 1
    assert timeline.charted == 2
    assert (timeline.year_only, timeline.unknown, timeline.earlier) == (1, 1, 0)
    assert min(months) == dt.date(2019, 1, 1) and max(months) >= dt.date(2021, 12, 1)


def test_departement_counts_of_the_map(catalogue):
    """The map counts published initiatives by département, as the directory's map does."""
    figures = statistics.figures()
    assert figures.departements == {"59": 1, "13": 1}
    assert figures.departements_estimated is False


def test_figures_take_the_same_queries_whatever_the_number_of_initiatives(catalogue):
    """Aggregated queries, not a loop over initiatives: ten more initiatives, no more queries."""
    statistics.figures()  # indexes the catalogue first
    cache.clear()
    with CaptureQueriesContext(connection) as before:
        statistics.figures()
    for _ in range(10):
        InitiativeFactory(published=True, territory=territory("commune", "75056"), themes=["culture"])
    cache.clear()
    statistics.figures()  # indexes the new initiatives first
    cache.clear()
    with CaptureQueriesContext(connection) as after:
        figures = statistics.figures()
    assert figures.cross.total == 14
    assert len(after.captured_queries) == len(before.captured_queries) <= 20


def test_figures_are_cached_until_the_catalogue_changes(catalogue):
    """A second reading hits the cache; publishing an initiative changes the figures at once."""
    assert statistics.figures().cross.total == 4
    InitiativeFactory(published=True, themes=["culture"])
    assert statistics.figures().cross.total == 5


def test_page_shows_accessible_charts_each_followed_by_its_table(client, catalogue):
    """Each chart is an SVG with role="img" named by its title and described by its desc, then its
    download links and its data table; the map is there."""
    response = client.get("/statistiques/")
    assert response.status_code == 200
    html = response.content.decode()
    for slug in ("thematiques-regions", "chronologie"):
        start = html.index(f'id="graphique-{slug}-titre"')
        assert f'aria-labelledby="graphique-{slug}-titre graphique-{slug}-desc"' in html
        assert f'id="graphique-{slug}-desc"' in html
        table = html.index(f'id="{slug}-donnees"', start)
        assert "<table>" in html[table:]
        assert f"/statistiques/{slug}.svg" in html and f"/statistiques/{slug}.csv" in html
    assert 'class="france-map-svg"' in html
    assert "/repertoire/?departement=59" in html
    assert "/statistiques/departements.csv" in html
    assert "0&nbsp;%</strong> avec une fiche action publiée" in html


def test_staff_see_the_same_public_figures(client, catalogue):
    """An analyst, who may see drafts elsewhere, sees the published figures here, like a visitor."""
    visitor = client.get("/statistiques/").context["figures"]
    client.force_login(UserFactory(analyst=True))
    staff = client.get("/statistiques/").context["figures"]
    assert staff.cross == visitor.cross
    assert staff.timeline == visitor.timeline


def test_continued_share_of_lockdown_practices(client, catalogue):
    """The share followed up as continued: lockdown initiatives by their latest follow-up."""
    FollowUpFactory(initiative=catalogue["lille"])
    FollowUpFactory(initiative=catalogue["marseille"], stopped=True)
    continuation = client.get("/statistiques/").context["continuation"]
    assert (continuation.total, continuation.followed, continuation.continued) == (2, 2, 1)


def test_share_of_initiatives_with_a_published_fiche(client, catalogue):
    """One of five published initiatives has a published fiche: 20 %."""
    from tests.factories import sheet_published

    sheet_published()
    html = client.get("/statistiques/").content.decode()
    assert "20&nbsp;%</strong> avec une fiche action publiée" in html
    assert "(1 sur 5)" in html


def test_svg_download_is_the_same_accessible_drawing(client, catalogue):
    """The SVG file is a standalone document with its title and description."""
    response = client.get("/statistiques/thematiques-regions.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert 'filename="essaim-thematiques-regions.svg"' in response["Content-Disposition"]
    root = ET.fromstring(response.content)  # noqa: S314 -- the site's own response
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "Initiatives publiées par thématique et par région"
    assert "4 initiatives publiées" in desc.text.replace("\u202f", " ")
    assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "Culture" in texts and "Hauts-de-France" in texts


def test_png_download_is_rendered_on_the_server(client, catalogue):
    """With CairoSVG installed, each chart is also a PNG image."""
    pytest.importorskip("cairosvg")
    response = client.get("/statistiques/chronologie.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_csv_download_neutralises_formulas(client, catalogue):
    """A theme label that a spreadsheet would run as a formula is written with a leading apostrophe."""
    Theme.objects.filter(code="culture").update(label='=HYPERLINK("http://pirate.example","Culture")')
    response = client.get("/statistiques/thematiques-regions.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0][0] == "Thématique" and rows[0][-1] == "Total"
    labels = [row[0] for row in rows[1:]]
    assert '\'=HYPERLINK("http://pirate.example","Culture")' in labels
    assert not any(cell.startswith("=") for row in rows for cell in row)
    assert rows[-1][-1] == "4"


def test_map_csv_and_unknown_downloads(client, catalogue):
    """The map's figures download as CSV (not as an image); unknown charts or formats are 404."""
    rows = list(csv.reader(io.StringIO(client.get("/statistiques/departements.csv").content.decode())))
    assert ["Nord", "59", "1"] in rows
    assert client.get("/statistiques/departements.svg").status_code == 404
    assert client.get("/statistiques/inconnu.csv").status_code == 404
    assert client.get("/statistiques/chronologie.pdf").status_code == 404


def test_page_of_an_empty_catalogue(client):
    """With nothing published (only a draft), the page still answers, with zeros and no chart error."""
    InitiativeFactory(themes=["culture"])
    response = client.get("/statistiques/")
    assert response.status_code == 200
    assert response.context["figures"].cross.total == 0
    assert "Aucune initiative publiée." in response.content.decode()
    assert client.get("/statistiques/thematiques-regions.csv").status_code == 200

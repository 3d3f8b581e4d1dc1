"""Extraction: every kind of document becomes the initiatives it reports, hostile ones a French error."""

import pytest

from essaim.watch.extraction import ExtractionError, detect_format, extract, mapping_guess, read_table
from essaim.watch.extraction.mapping import mapping_from, parse_date
from tests.watch import documents as docs

TITLES = [docs.MEALS[0], docs.TABLETS[0], docs.LISTENING[0]]


def _titles(content: bytes, fmt: str | None = None) -> list[str]:
    fmt = fmt or detect_format(content)
    return [item.title for item in extract(content, fmt).items]


def test_a_feed_gives_one_item_per_entry_with_its_link_and_date():
    extracted = extract(docs.feed_xml(), "feed")
    assert [item.title for item in extracted.items] == TITLES
    first = extracted.items[0]
    assert first.url == "https://presse.example.org/0"
    assert first.published_on.isoformat() == "2020-04-02"
    assert "alert" not in first.text and "CCAS de Lille" in first.text


def test_a_newsletter_page_is_split_on_its_headings_and_its_scripts_are_dropped():
    extracted = extract(docs.newsletter_html(script="document.cookie='vol'"), "html")
    assert [item.title for item in extracted.items] == TITLES
    assert "document.cookie" not in extracted.text
    assert "Mentions légales" not in extracted.text


def test_a_page_about_one_initiative_is_one_item():
    items = extract(docs.single_page_html(), "html").items
    assert len(items) == 1
    assert items[0].title == docs.MEALS[0]


@pytest.mark.parametrize(
    "builder, fmt",
    [(docs.pdf_bytes, "pdf"), (docs.docx_bytes, "docx"), (docs.odt_bytes, "odt")],
)
def test_reports_are_split_into_their_initiatives(builder, fmt):
    content = builder()
    assert detect_format(content) == fmt
    assert _titles(content, fmt) == TITLES


def test_a_text_file_with_numbered_sections_is_split():
    text = "\n\n".join(f"{i}. {name}\n{body}" for i, (name, body) in enumerate(docs.SECTIONS, 1))
    assert _titles(text.encode("cp1252"), "txt") == TITLES


def test_a_short_document_with_one_heading_stays_one_item():
    text = f"COMPTE RENDU\n\n{docs.MEALS[1]}"
    items = extract(text.encode(), "txt").items
    assert len(items) == 1


def test_a_pdf_without_text_says_it_may_be_scanned():
    with pytest.raises(ExtractionError, match="Ce PDF ne contient pas de texte"):
        extract(docs.pdf_without_text(), "pdf")


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_a_zip_bomb_is_refused_before_it_is_opened(kind):
    with pytest.raises(ExtractionError, match="bombe de décompression"):
        extract(docs.zip_bomb(kind), kind)


def test_an_empty_file_is_refused():
    with pytest.raises(ExtractionError, match="vide"):
        extract(b"   ", "txt")


def test_a_cp1252_csv_with_semicolons_is_read_with_its_accents():
    table = read_table(docs.csv_cp1252(), "csv")
    assert table.headers[1] == "Nom de l'action"
    assert table.rows[0][2] == "CCAS de Lille"
    assert table.rows[1][1] == docs.TABLETS[0]


@pytest.mark.parametrize("builder, fmt", [(docs.xlsx_bytes, "xlsx"), (docs.ods_bytes, "ods")])
def test_spreadsheets_give_one_item_per_row(builder, fmt):
    content = builder()
    assert detect_format(content) == fmt
    items = extract(content, fmt).items
    assert [item.title for item in items] == TITLES
    assert items[0].fields["lead_actor_name"] == "CCAS de Lille"
    assert items[0].fields["place"] == "Lille"


def test_columns_are_guessed_from_french_headers_whatever_the_accents_and_case():
    mapping = mapping_guess(
        ["INTITULE", "résumé", "Porteur du projet", "departement", "Date début", "Lien web"]
    )
    assert mapping.columns == {
        "title": "INTITULE",
        "summary": "résumé",
        "lead_actor_name": "Porteur du projet",
        "departement": "departement",
        "start_date": "Date début",
        "link": "Lien web",
    }
    assert "Intitulé de l'action ← « INTITULE »" in mapping.describe()


def test_a_spreadsheet_without_a_title_column_is_refused_clearly():
    content = docs.csv_cp1252(headers=["Colonne A", "Colonne B"], data=[["x", "y"]])
    with pytest.raises(ExtractionError, match="Aucune colonne ne ressemble à l'intitulé"):
        extract(content, "csv")


def test_a_saved_mapping_wins_over_the_guess():
    mapping = mapping_from({"title": "Commune"}, docs.HEADERS)
    assert mapping.columns["title"] == "Commune"
    assert "title" not in mapping.guessed


def test_rows_keep_the_same_key_from_one_file_to_the_next():
    first = extract(docs.csv_cp1252(), "csv").items
    again = extract(docs.xlsx_bytes(), "xlsx").items
    assert [item.key for item in first] == [item.key for item in again]


def test_french_dates_are_read():
    assert parse_date("17/03/2020").isoformat() == "2020-03-17"
    assert parse_date("mars 2020").isoformat() == "2020-03-01"
    assert parse_date("n'importe quoi") is None


def test_an_unknown_format_is_refused_in_french():
    with pytest.raises(ExtractionError, match="Format de document non reconnu"):
        detect_format(b"\x00\x01\x02binaire", filename="image.bin")


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("Intitulé,Porteur\nPortage de repas,CCAS de Lille\n", "utf-8-sig"),
        ("Intitulé\tPorteur\nPortage de repas\tCCAS de Lille\n", "utf-8"),
        ("Intitulé|Porteur\nPortage de repas|CCAS de Lille\n", "latin-1"),
    ],
)
def test_csv_of_any_delimiter_and_encoding(text, encoding):
    items = extract(text.encode(encoding), "csv").items
    assert [(item.title, item.fields["lead_actor_name"]) for item in items] == [
        ("Portage de repas", "CCAS de Lille")
    ]

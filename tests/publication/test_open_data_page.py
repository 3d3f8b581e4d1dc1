"""The public page /donnees/ and the command that regenerates the files."""

import re

import pytest
from django.core.management import call_command

from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def test_page_describes_files_fields_and_licence(client):
    """A visitor sees the download links, the sizes, the fields from the schema and the licence."""
    InitiativeFactory(published=True)
    response = client.get("/donnees/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="/donnees/initiatives.csv"' in page
    assert 'href="/donnees/initiatives.json"' in page
    assert 'href="/donnees/datapackage.json"' in page
    assert "Licence Ouverte" in page
    assert "<code>commune_code</code>" in page
    assert "Code INSEE de la commune" in page
    assert "1 initiative publiée" in page
    assert re.search(r"CSV, UTF-8, séparateur virgule · [\d,]+\xa0(octets|Kio|Mio)", page)


def test_command_regenerates_the_files(capsys, _export_dir):
    """`essaim opendata_export` writes the three files and says how many initiatives they hold."""
    InitiativeFactory.create_batch(2, published=True)
    call_command("opendata_export")
    assert "2 initiatives publiées" in capsys.readouterr().out
    assert (_export_dir / "initiatives.csv").read_text().count("\n") == 3

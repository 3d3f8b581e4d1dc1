"""`essaim status`: the counts of the database in use, as JSON for scripts or a French table."""

import json

import pytest
from django.core.management import call_command

from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def test_status_json_has_the_contract_keys(capsys):
    """The JSON object has the geography counts, initiatives per status and sources."""
    InitiativeFactory(published=True, sources=2)
    InitiativeFactory()

    call_command("status", "--json")
    status = json.loads(capsys.readouterr().out)

    assert status["communes"] > 34_900
    assert status["departements"] == 101
    assert status["regions"] == 18
    assert status["epci"] >= 1_250
    assert status["population"] > 60_000_000
    assert status["initiatives"]["publiee"] == 1
    assert status["initiatives"]["brouillon"] == 1
    assert status["initiatives"]["archivee"] == 0
    assert status["sources"] == 3


def test_status_table_is_in_french(capsys):
    """Without --json, a person reads a French table."""
    call_command("status")
    out = capsys.readouterr().out
    assert "Communes" in out
    assert "Initiatives — publiée" in out

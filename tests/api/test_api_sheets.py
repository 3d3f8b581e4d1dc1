"""`/api/fiches`: published fiches for everyone, editions in progress only with a staff token."""

import pytest

from essaim.sheets.sections import SECTIONS
from tests.api.conftest import bearer
from tests.factories import sheet_drafted, sheet_published

pytestmark = pytest.mark.django_db


def test_visitors_read_published_fiches_with_every_section(client):
    published = sheet_published()
    draft = sheet_drafted()
    listed = client.get("/api/fiches").json()
    assert [sheet["identifiant"] for sheet in listed] == [published.pk]
    one = client.get(f"/api/fiches/{published.pk}").json()
    assert [section["titre"] for section in one["sections"]] == [title for _code, title in SECTIONS]
    assert one["initiative"] == published.initiative_id and one["etat"] == "Publiée"
    assert "Associer le CCAS" in next(
        s["texte_html"] for s in one["sections"] if s["code"] == "recommandations"
    )
    missing = client.get(f"/api/fiches/{draft.pk}")
    assert missing.status_code == 404
    assert missing.json()["erreur"] == f"Aucune fiche action publiée n° {draft.pk}."


def test_staff_token_reads_fiches_being_written(client, staff_token):
    published = sheet_published()
    draft = sheet_drafted()
    listed = client.get("/api/fiches", **bearer(staff_token)).json()
    assert {sheet["identifiant"] for sheet in listed} == {published.pk, draft.pk}
    one = client.get(f"/api/fiches/{draft.pk}", **bearer(staff_token)).json()
    assert one["etat"] == "Brouillon"

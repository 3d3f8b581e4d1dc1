"""`/api/themes`, `/api/publics`, `/api/territoires`: codes, labels, indicators, counts."""

import pytest

from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def test_themes_with_counts_of_published_initiatives(client):
    InitiativeFactory(published=True, themes=["autonomie_age_handicap"])
    InitiativeFactory(themes=["autonomie_age_handicap"])  # a draft: not counted for visitors
    themes = {theme["code"]: theme for theme in client.get("/api/themes").json()}
    assert themes["autonomie_age_handicap"]["initiatives"] == 1
    assert themes["autonomie_age_handicap"]["libelle"]


def test_publics_are_listed(client):
    publics = client.get("/api/publics").json()
    assert publics and all(public["code"] and public["libelle"] for public in publics)


def test_territory_with_indicators(client):
    """A département with its région, INSEE indicators and the initiatives inside it."""
    InitiativeFactory(published=True)  # in Lille, so in the Nord
    body = client.get("/api/territoires/departement/59").json()
    assert body["nom"] == "Nord"
    assert body["region"]["code"] == "32"
    assert body["indicateurs"]["population_2018"] > 2_000_000
    assert body["initiatives"] == 1


def test_territory_lookup_by_name(client):
    found = client.get("/api/territoires", {"nom": "lille", "niveau": "commune"}).json()
    assert [territory["code"] for territory in found] == ["59350"]


def test_unknown_territory_is_a_french_404(client):
    response = client.get("/api/territoires/departement/00")
    assert response.status_code == 404
    assert response.json()["erreur"] == "Aucun territoire de niveau « departement » n'a le code « 00 »."
    assert client.get("/api/territoires/planete/00").status_code == 400

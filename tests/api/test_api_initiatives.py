"""`/api/initiatives`: visibility, facets, and French 4xx errors on bad input."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from essaim.catalog.models import Status
from tests.api.conftest import bearer
from tests.factories import InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["identifiant"] for item in response.json()["resultats"]]


def test_visitors_see_published_initiatives_only(client):
    """Without a token, a draft or a submitted initiative never appears, in the list or alone."""
    published = InitiativeFactory(published=True)
    draft = InitiativeFactory()
    InitiativeFactory(submitted=True)
    assert _ids(client.get("/api/initiatives")) == [published.pk]
    assert client.get(f"/api/initiatives/{published.pk}").json()["titre"] == published.title
    response = client.get(f"/api/initiatives/{draft.pk}")
    assert response.status_code == 404
    assert response.json()["erreur"] == f"Aucune initiative publiée n° {draft.pk}."


def test_staff_token_reads_unpublished_initiatives(client, staff_token):
    """With a staff token, drafts are listed with their status and can be filtered by it."""
    published = InitiativeFactory(published=True)
    draft = InitiativeFactory()
    assert sorted(_ids(client.get("/api/initiatives", **bearer(staff_token)))) == sorted(
        [published.pk, draft.pk]
    )
    response = client.get("/api/initiatives", {"statut": Status.DRAFT}, **bearer(staff_token))
    assert _ids(response) == [draft.pk]
    assert response.json()["resultats"][0]["statut"] == "brouillon"
    assert client.get(f"/api/initiatives/{draft.pk}", **bearer(staff_token)).status_code == 200


def test_contributor_token_reads_public_data_only(client):
    """A token whose owner is not staff (a contributor) gives no more than a visitor sees."""
    from essaim.api.tokens import token_create

    _, raw = token_create(owner=UserFactory(), name="Contributeur")
    InitiativeFactory()
    assert _ids(client.get("/api/initiatives", **bearer(raw))) == []


def test_no_private_field_in_answers(client):
    """Contact persons never appear in the API."""
    initiative = InitiativeFactory(published=True)
    content = (
        client.get("/api/initiatives").content.decode()
        + client.get(f"/api/initiatives/{initiative.pk}").content.decode()
    )
    for private in ("Camille Martin", "camille.martin@mairie-exemple.fr", "03 20 00 00 00", "contact"):
        assert private not in content


def test_text_search_and_facets(client):
    """The directory's search: text, theme, département, as query parameters."""
    meals = InitiativeFactory(
        published=True, title="Portage de repas à domicile", themes=["autonomie_age_handicap"]
    )
    InitiativeFactory(published=True, title="Atelier numérique", summary="Initiation aux outils numériques.")
    assert _ids(client.get("/api/initiatives", {"q": "repas"})) == [meals.pk]
    assert _ids(client.get("/api/initiatives", {"theme": "autonomie_age_handicap", "q": "repas"})) == [
        meals.pk
    ]
    assert len(_ids(client.get("/api/initiatives", {"departement": "59"}))) == 2
    assert _ids(client.get("/api/initiatives", {"departement": "13"})) == []


def test_record_carries_insee_codes(client):
    initiative = InitiativeFactory(published=True)
    item = client.get(f"/api/initiatives/{initiative.pk}").json()
    assert (item["commune_code"], item["departement_code"], item["region_code"]) == ("59350", "59", "32")
    assert item["thematiques_codes"] == ["autonomie_age_handicap"]
    assert item["date_debut"] == "2020-03-17"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"limite": "100000"}, "Paramètres invalides."),
        ({"limite": "0"}, "Paramètres invalides."),
        ({"limite": "beaucoup"}, "Paramètres invalides."),
        ({"curseur": "n'importe quoi"}, "Curseur invalide."),
        ({"tri": "recent"}, "Paramètre(s) inconnu(s) : « tri »."),
        ({"theme": "inexistante"}, "Valeur(s) de filtre inconnue(s)."),
        ({"q": "x" * 5000}, "Paramètres invalides."),
    ],
)
def test_bad_input_is_a_french_400(client, params, message):
    """Absurd sizes, malformed cursors, unknown parameters or values: 400 with a French JSON error."""
    response = client.get("/api/initiatives", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["erreur"] == message


def test_status_filter_is_reserved_to_staff(client):
    response = client.get("/api/initiatives", {"statut": "brouillon"})
    assert response.status_code == 403
    assert response.json()["erreur"] == "Le filtre « statut » est réservé aux jetons de l'équipe."


def test_unknown_api_address_is_a_json_404(client):
    response = client.get("/api/rien-ici")
    assert response.status_code == 404
    assert response.json()["code"] == "introuvable"
    assert client.get("/api/initiatives/abc").status_code == 400


def test_list_queries_do_not_grow_with_the_page(client):
    """A page of 30 initiatives costs as many queries as a page of 3 (no query per item)."""
    InitiativeFactory.create_batch(3, published=True)
    client.get("/api/initiatives")  # the index catches up with the catalogue on first use
    with CaptureQueriesContext(connection) as small:
        client.get("/api/initiatives", {"limite": "3"})
    InitiativeFactory.create_batch(27, published=True)
    client.get("/api/initiatives")
    with CaptureQueriesContext(connection) as large:
        assert len(client.get("/api/initiatives", {"limite": "30"}).json()["resultats"]) == 30
    assert len(large.captured_queries) == len(small.captured_queries) <= 30


def test_anonymous_answers_are_cached_until_the_directory_changes(client, staff_token):
    """A second anonymous read is served from the cache; a publication shows at once; a token
    reader is never served a cached (public-only) answer."""
    first = InitiativeFactory(published=True)
    draft = InitiativeFactory()
    assert _ids(client.get("/api/initiatives")) == [first.pk]
    with CaptureQueriesContext(connection) as queries:
        assert _ids(client.get("/api/initiatives")) == [first.pk]
    assert not any("catalog_initiative" in query["sql"] for query in queries.captured_queries)
    assert set(_ids(client.get("/api/initiatives", **bearer(staff_token)))) == {first.pk, draft.pk}
    second = InitiativeFactory(published=True)
    assert set(_ids(client.get("/api/initiatives"))) == {first.pk, second.pk}

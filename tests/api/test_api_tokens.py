"""Tokens: forged, malformed or revoked ones are refused with a French 401, never ignored."""

import pytest

from essaim.api.models import ApiToken
from essaim.api.tokens import token_create, token_hash, token_revoke
from tests.api.conftest import bearer
from tests.factories import InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "header",
    [
        "Bearer essaim_contrefait",
        "Bearer nimportequoi",
        "Basic dXNlcjpwYXNz",
        "Bearer ",
        "Bearer " + "a" * 5000,
    ],
)
def test_forged_or_malformed_tokens_are_refused(client, header):
    response = client.get("/api/initiatives", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["erreur"] in {
        "Jeton inconnu ou révoqué.",
        "En-tête Authorization invalide : utilisez « Bearer <jeton> ».",
    }


def test_revoked_token_is_refused(client, staff_token):
    """Once revoked in the admin, a token no longer opens anything."""
    token = ApiToken.objects.get(key_hash=token_hash(staff_token))
    token_revoke(token=token)
    response = client.get("/api/initiatives", **bearer(staff_token))
    assert response.status_code == 401
    assert response.json()["erreur"] == "Jeton inconnu ou révoqué."


def test_only_the_hash_is_stored(staff_token):
    assert not ApiToken.objects.filter(key_hash=staff_token).exists()
    assert ApiToken.objects.get().key_hash == token_hash(staff_token)


def test_admin_creates_a_token_shown_once(client):
    """An administrator creates a token in the admin; its value is shown once and works at once."""
    admin = UserFactory(administrator=True)
    analyst = UserFactory(analyst=True)
    client.force_login(admin)
    response = client.post(
        "/admin/api/apitoken/add/", {"name": "Tableau de bord", "owner": analyst.pk}, follow=True
    )
    assert response.status_code == 200
    shown = next(str(message) for message in response.context["messages"])
    raw = shown.split(" : ")[1].split(" — ")[0]
    client.logout()
    draft = InitiativeFactory()
    assert client.get(f"/api/initiatives/{draft.pk}", **bearer(raw)).status_code == 200
    assert ApiToken.objects.get().owner == analyst


def test_admin_revokes_tokens(client):
    token, _ = token_create(owner=UserFactory(analyst=True), name="Ancien script")
    client.force_login(UserFactory(administrator=True))
    client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.is_revoked

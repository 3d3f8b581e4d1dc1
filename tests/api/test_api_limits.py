"""Rate limiting (429 in French) and CORS headers for reads."""

import pytest

from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db


def test_429_after_the_limit(client, settings):
    """Past the limit per minute, the API answers 429 with a French JSON error and Retry-After."""
    settings.ESSAIM_API_RATE_LIMIT = 3
    statuses = [client.get("/api/themes").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/themes")
    assert response.status_code == 429
    assert response.json()["erreur"].startswith("Trop de requêtes : au plus 3 par minute.")
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response["Access-Control-Allow-Origin"] == "*"


def test_limit_counts_per_ip_and_per_token(client, settings, staff_token):
    """Another address, or a token, has its own allowance."""
    settings.ESSAIM_API_RATE_LIMIT = 1
    assert client.get("/api/themes").status_code == 200
    assert client.get("/api/themes").status_code == 429
    assert client.get("/api/themes", REMOTE_ADDR="10.0.0.2").status_code == 200
    assert client.get("/api/themes", **bearer(staff_token)).status_code == 200


def test_cors_headers_on_reads(client):
    response = client.get("/api/themes")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/api/initiatives")
    assert preflight.status_code == 204
    assert "Authorization" in preflight["Access-Control-Allow-Headers"]

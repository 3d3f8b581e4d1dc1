"""The OpenAPI description and the French documentation page (nothing loaded from a CDN)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_openapi_lists_every_endpoint(client):
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/initiatives",
        "/api/initiatives/{identifiant}",
        "/api/territoires",
        "/api/territoires/{niveau}/{code}",
        "/api/themes",
        "/api/publics",
        "/api/fiches",
        "/api/fiches/{identifiant}",
    }


def test_docs_page_is_french_and_self_contained(client):
    """/api/docs lists the endpoints in French and loads no script or style from elsewhere."""
    response = client.get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "API de lecture" in page
    assert "GET /api/initiatives" in page
    assert "Authorization: Bearer" in page
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?://', page)

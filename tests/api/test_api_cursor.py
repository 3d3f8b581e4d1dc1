"""Cursor pagination: every initiative once, in order, even when others are published meanwhile."""

import pytest

from essaim.catalog.models import Initiative, Status
from essaim.catalog.services import initiative_publish, initiative_transition
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def _walk(client, params, *, between=None) -> list[int]:
    seen: list[int] = []
    cursor = ""
    for page_number in range(100):
        response = client.get("/api/initiatives", {**params, **({"curseur": cursor} if cursor else {})})
        assert response.status_code == 200, response.content
        body = response.json()
        seen += [item["identifiant"] for item in body["resultats"]]
        cursor = body["suivant"]
        if not cursor:
            return seen
        if between:
            between(page_number)
    raise AssertionError("le curseur ne s'arrête pas")


def test_cursor_walks_all_pages_without_repeat(client):
    """23 initiatives by pages of 5: five pages, each initiative exactly once."""
    created = [InitiativeFactory(published=True).pk for _ in range(23)]
    seen = _walk(client, {"limite": "5"})
    assert len(seen) == len(set(seen)) == 23
    assert sorted(seen) == sorted(created)


def test_publications_between_pages_neither_repeat_nor_skip(client):
    """Initiatives published while someone pages through do not shift the pages already served."""
    created = [InitiativeFactory(published=True).pk for _ in range(12)]
    waiting = [InitiativeFactory(status=Status.QUALIFIED) for _ in range(3)]

    def publish_one(page_number):
        if waiting:
            initiative_publish(initiative=waiting.pop())

    seen = _walk(client, {"limite": "4"}, between=publish_one)
    assert len(seen) == len(set(seen))
    assert set(created) <= set(seen)


def test_withdrawal_between_pages_skips_nothing(client):
    """If the last initiative of a page is withdrawn, the next page still starts right after it."""
    created = [InitiativeFactory(published=True).pk for _ in range(10)]
    first = client.get("/api/initiatives", {"limite": "4"}).json()
    served = [item["identifiant"] for item in first["resultats"]]
    initiative_transition(initiative=Initiative.objects.get(pk=served[-1]), to_status=Status.ARCHIVED)
    rest = _walk(client, {"limite": "4", "curseur": first["suivant"]})
    assert sorted(served + rest) == sorted(created)
    assert len(rest) == 6


def test_cursor_of_another_search_is_refused(client):
    for _ in range(3):
        InitiativeFactory(published=True)
    cursor = client.get("/api/initiatives", {"limite": "1"}).json()["suivant"]
    response = client.get("/api/initiatives", {"limite": "1", "curseur": cursor, "departement": "59"})
    assert response.status_code == 400
    assert response.json()["erreur"] == "Ce curseur a été émis pour une autre recherche."

"""Who may open the selection pages: analysts and administrators manage, experts assess their own."""

import pytest

from essaim.accounts.roles import Role
from tests.factories import InitiativeFactory, ShortlistEntryFactory, UserFactory

pytestmark = pytest.mark.django_db

MANAGERS = {Role.ANALYST, Role.ADMINISTRATOR}


def _pages(entry):
    criterion = entry.grid.criteria.get(code="efficacite")
    return {
        "get": [
            "/selection/ajouter/",
            f"/selection/ajouter/{InitiativeFactory(published=True).pk}/",
            f"/selection/{entry.pk}/",
            "/selection/classement.csv",
            "/selection/classement.xlsx",
        ],
        "post": [
            f"/selection/{entry.pk}/experts/",
            f"/selection/{entry.pk}/arbitrage/{criterion.pk}/",
            f"/selection/{entry.pk}/decision/",
            f"/selection/{entry.pk}/message/",
        ],
    }


def test_visitors_are_sent_to_the_login_page(client):
    entry = ShortlistEntryFactory()
    pages = _pages(entry)
    assessment = entry.assessments.first()
    for url in ["/selection/", f"/selection/evaluations/{assessment.pk}/", *pages["get"]]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/compte/connexion/"), url
    for url in pages["post"]:
        assert client.post(url).status_code == 302, url


@pytest.mark.parametrize("role", Role.values)
def test_management_pages_only_for_analysts_and_administrators(client, role):
    entry = ShortlistEntryFactory()
    client.force_login(UserFactory(username=f"compte-{role}", role=role))
    pages = _pages(entry)

    for url in pages["get"]:
        assert client.get(url).status_code == (200 if role in MANAGERS else 403), url
    for url in pages["post"]:
        status = client.post(url).status_code
        assert (status != 403) if role in MANAGERS else (status == 403), url


@pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.SPONSOR, Role.ANALYST, Role.ADMINISTRATOR])
def test_scoring_pages_only_for_experts(client, role):
    """Nobody else opens an expert's scoring page, not even an analyst (they see the comparison)."""
    entry = ShortlistEntryFactory()
    client.force_login(UserFactory(username=f"compte-{role}", role=role))
    assert client.get(f"/selection/evaluations/{entry.assessments.first().pk}/").status_code == 403


@pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.SPONSOR])
def test_selection_home_forbidden_to_contributors_and_sponsor(client, role):
    client.force_login(UserFactory(username=f"compte-{role}", role=role))
    assert client.get("/selection/").status_code == 403

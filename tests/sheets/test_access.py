"""Visitors see only published fiches (404 otherwise); editing is for the selection team."""

import pytest

from essaim.catalog.models import Status
from tests.factories import AdoptionFactory, UserFactory, sheet_drafted, sheet_published

pytestmark = pytest.mark.django_db

PAGES = ["", "pdf/", "docx/", "odt/"]


@pytest.mark.parametrize("suffix", PAGES)
def test_visitors_get_404_for_a_draft(client, suffix):
    """A fiche not yet published does not exist for visitors and contributors (page and exports)."""
    sheet = sheet_drafted()
    assert client.get(f"/fiches/{sheet.pk}/{suffix}").status_code == 404
    client.force_login(UserFactory())  # a contributor
    assert client.get(f"/fiches/{sheet.pk}/{suffix}").status_code == 404


def test_the_list_shows_published_fiches_only_to_visitors(client):
    published = sheet_published()
    draft = sheet_drafted()

    response = client.get("/fiches/")

    assert response.status_code == 200
    assert published.initiative.title in response.text
    assert draft.initiative.title not in response.text
    assert "Fiches en cours de rédaction" not in response.text


def test_staff_see_drafts_in_the_list_and_on_their_page(client, expert):
    draft = sheet_drafted()
    client.force_login(UserFactory(sponsor=True))
    assert draft.initiative.title in client.get("/fiches/").text
    page = client.get(f"/fiches/{draft.pk}/")
    assert page.status_code == 200 and "Modifier la fiche" not in page.text  # sponsors read only
    client.force_login(expert)
    assert "Modifier la fiche" in client.get(f"/fiches/{draft.pk}/").text


def test_published_fiche_of_an_unpublished_initiative_is_hidden(client):
    sheet = sheet_published()
    sheet.initiative.status = Status.ARCHIVED
    sheet.initiative.save()
    assert client.get(f"/fiches/{sheet.pk}/").status_code == 404


@pytest.mark.parametrize("path", ["modifier/", "versions/", "versions/comparer/?de=1&a=1"])
def test_editing_pages_are_for_the_team(client, path):
    """Visitors are sent to the login page; contributors and sponsors may not edit."""
    sheet = sheet_drafted()
    assert client.get(f"/fiches/{sheet.pk}/{path}").status_code == 302
    client.force_login(UserFactory())
    assert client.get(f"/fiches/{sheet.pk}/{path}").status_code == 403


@pytest.mark.parametrize("action", ["soumettre", "approuver", "renvoyer", "publier"])
def test_transitions_refuse_visitors_and_contributors(client, action):
    sheet = sheet_drafted()
    assert client.post(f"/fiches/{sheet.pk}/{action}/").status_code == 302
    client.force_login(UserFactory())
    assert client.post(f"/fiches/{sheet.pk}/{action}/").status_code == 403


def test_the_fiche_lists_its_adopters(client):
    """Territories that took up the practice are listed on the fiche (published copies only)."""
    sheet = sheet_published()
    adoption = AdoptionFactory(original=sheet.initiative)
    hidden = AdoptionFactory(
        original=sheet.initiative, adopter__status=Status.DRAFT, adopter__published_at=None
    )

    page = client.get(f"/fiches/{sheet.pk}/").text

    assert adoption.adopter.title in page
    assert hidden.adopter.title not in page


def test_public_pages_query_counts(client, django_assert_max_num_queries):
    """The list and a fiche read a bounded number of rows, whatever the number of fiches (no N+1)."""
    sheets = [sheet_published() for _ in range(3)]
    with django_assert_max_num_queries(6):
        assert client.get("/fiches/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(f"/fiches/{sheets[0].pk}/").status_code == 200

"""Who may see what: each role against each page, and contact data never public."""

import pytest

from essaim.accounts.roles import Role
from tests.factories import InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = [None, *Role.values]  # None is the anonymous visitor
STAFF = {Role.ANALYST, Role.EXPERT, Role.SPONSOR, Role.ADMINISTRATOR}
SEE_CONTACTS = {Role.ANALYST, Role.EXPERT, Role.ADMINISTRATOR}


def _as(client, role):
    if role is not None:
        user = UserFactory(username=f"compte-{role}", role=role)
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_public_pages_open_to_everyone(client, role):
    """Home, directory, a published initiative and a territory page answer to every role."""
    initiative = InitiativeFactory(published=True)
    _as(client, role)
    for url in ["/", "/repertoire/", f"/initiatives/{initiative.pk}/", "/territoires/commune/59350/"]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ROLES)
def test_unpublished_initiative_only_for_staff(client, role):
    """A draft is invisible (404) to visitors and contributors, visible to the observatory's staff."""
    draft = InitiativeFactory(title="Projet encore en brouillon")
    _as(client, role)

    page = client.get(f"/initiatives/{draft.pk}/")
    listing = client.get("/repertoire/")

    if role in STAFF:
        assert page.status_code == 200
        assert "Projet encore en brouillon" in listing.text
    else:
        assert page.status_code == 404
        assert "Projet encore en brouillon" not in listing.text


@pytest.mark.parametrize("role", ROLES)
def test_contact_data_only_for_those_who_qualify_and_assess(client, role):
    """The contact person's e-mail and phone never appear to visitors, contributors or the sponsor."""
    initiative = InitiativeFactory(published=True)
    _as(client, role)
    pages = [
        client.get(url).text
        for url in [
            "/",
            "/repertoire/",
            f"/initiatives/{initiative.pk}/",
            "/territoires/commune/59350/",
            "/territoires/departement/59/",
        ]
    ]
    private = ("Camille Martin", "camille.martin@mairie-exemple.fr", "03 20 00 00 00")
    shown = any(value in page for page in pages for value in private)
    assert shown == (role in SEE_CONTACTS)


@pytest.mark.parametrize("role", ROLES)
def test_admin_is_for_administrators_only(client, role):
    """Only administrators open the Django admin; everybody else is sent to its sign-in page."""
    _as(client, role)
    response = client.get("/admin/")
    if role == Role.ADMINISTRATOR:
        assert response.status_code == 200
        assert "Administration" in response.text
    else:
        assert response.status_code == 302


@pytest.mark.parametrize("role", ROLES)
def test_history_only_for_analysts_and_administrators(client, role):
    """The change history of an initiative is shown to analysts and administrators."""
    initiative = InitiativeFactory(published=True)
    _as(client, role)
    page = client.get(f"/initiatives/{initiative.pk}/").text
    assert ("Historique" in page) == (role in {Role.ANALYST, Role.ADMINISTRATOR})

"""Saved searches: created from a directory query string, managed by their owner only (404 for
anyone else)."""

import pytest

from essaim.publication.models import SavedSearch
from tests.factories import SavedSearchFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_alerts_page_needs_an_account(client):
    """A visitor is sent to the sign-in page, then back."""
    response = client.get("/alertes/?recherche=q%3Drepas")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/?next=/alertes/")


@pytest.mark.parametrize("role", ["contributor", "analyst", "expert", "sponsor", "administrator"])
def test_any_role_saves_the_current_search(client, role):
    """Any signed-in person saves a directory search; unknown values, the page, the sort and the
    staff-only status filter are dropped from what is saved."""
    user = UserFactory(**({} if role == "contributor" else {role: True}))
    client.force_login(user)
    parameters = ("q=repas", "theme=alimentation_agriculture", "theme=inconnue", "departement=59")
    recherche = "&".join((*parameters, "page=3", "tri=recent", "statut=brouillon"))
    page = client.get("/alertes/", {"recherche": recherche})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Enregistrer cette recherche" in html
    assert "« repas »" in html and "Alimentation et agriculture" in html and "Nord (59)" in html
    response = client.post(
        "/alertes/",
        {"recherche": recherche, "name": "Repas dans le Nord", "frequency": "quotidienne"},
    )
    assert response.status_code == 302
    saved = SavedSearch.objects.get(user=user)
    assert saved.name == "Repas dans le Nord"
    assert saved.frequency == "quotidienne"
    assert saved.query == "q=repas&theme=alimentation_agriculture&departement=59"
    assert "Repas dans le Nord" in client.get("/alertes/").content.decode()


def test_a_name_is_required(client, owner):
    """An empty name is refused with a French message; nothing is saved."""
    response = client.post("/alertes/", {"recherche": "q=repas", "name": "  ", "frequency": "hebdomadaire"})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_list_shows_only_my_saved_searches(client, owner):
    """Someone else's saved search is not listed."""
    SavedSearchFactory(user=owner, name="La mienne")
    SavedSearchFactory(name="Celle d'une autre personne")
    html = client.get("/alertes/").content.decode()
    assert "La mienne" in html
    assert "Celle d'une autre personne" not in html


def test_owner_renames_and_changes_frequency(client, owner):
    saved = SavedSearchFactory(user=owner)
    assert client.get(f"/alertes/{saved.pk}/modifier/").status_code == 200
    response = client.post(
        f"/alertes/{saved.pk}/modifier/", {"name": "Nouveau nom", "frequency": "quotidienne"}
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.name, saved.frequency) == ("Nouveau nom", "quotidienne")


def test_owner_deletes_after_confirmation(client, owner):
    saved = SavedSearchFactory(user=owner, name="À supprimer")
    confirmation = client.get(f"/alertes/{saved.pk}/supprimer/")
    assert "Supprimer la recherche « À supprimer » ?" in confirmation.content.decode()
    assert SavedSearch.objects.filter(pk=saved.pk).exists()
    assert client.post(f"/alertes/{saved.pk}/supprimer/").status_code == 302
    assert not SavedSearch.objects.filter(pk=saved.pk).exists()


def test_another_person_gets_404(client, owner):
    """Someone else's saved search can be neither seen, renamed nor deleted: 404, unchanged."""
    other = SavedSearchFactory(name="Pas à vous")
    assert client.get(f"/alertes/{other.pk}/modifier/").status_code == 404
    assert (
        client.post(f"/alertes/{other.pk}/modifier/", {"name": "Piraté", "frequency": "aucune"}).status_code
        == 404
    )
    assert client.get(f"/alertes/{other.pk}/supprimer/").status_code == 404
    assert client.post(f"/alertes/{other.pk}/supprimer/").status_code == 404
    other.refresh_from_db()
    assert (other.name, other.frequency) == ("Pas à vous", "hebdomadaire")

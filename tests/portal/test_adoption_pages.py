"""Adoptions and follow-ups on the initiative pages: declared by analysts with plain forms,
shown on the original's and the copy's pages, never posted nor seen in draft by visitors."""

import datetime as dt

import pytest

from essaim.catalog.models import Adoption, FollowUp, Status
from tests.factories import AdoptionFactory, FollowUpFactory, InitiativeFactory, UserFactory, territory

pytestmark = pytest.mark.django_db

ROUBAIX = "59512"


def _adoption_post(adopter_pk: int, **overrides) -> dict:
    return {
        "adoption-adopter": adopter_pk,
        "adoption-kind": "adaptee",
        "adoption-adopted_on": "2021-09-01",
        "adoption-note": "Tournée étendue aux personnes handicapées.",
        **overrides,
    }


def test_adoption_declared_by_an_analyst_shows_on_both_pages(client):
    """The original lists its adopter and the map; the copy says « Adaptée de … » with a link."""
    original = InitiativeFactory(published=True, title="Repas livrés à Lille")
    copy = InitiativeFactory(
        published=True, title="Repas livrés à Roubaix", territory=territory("commune", ROUBAIX)
    )
    client.force_login(UserFactory(analyst=True))

    response = client.post(f"/initiatives/{original.pk}/adoptions/", _adoption_post(copy.pk))

    assert response.status_code == 302
    assert response["Location"] == f"/initiatives/{original.pk}/#adoptions"
    adoption = Adoption.objects.get()
    assert (adoption.original, adoption.adopter, adoption.kind) == (original, copy, "adaptee")
    client.logout()
    original_page = client.get(f"/initiatives/{original.pk}/").text
    copy_page = client.get(f"/initiatives/{copy.pk}/").text
    assert "Essaimage : territoires qui l'ont reprise" in original_page
    assert f'href="/initiatives/{copy.pk}/">Repas livrés à Roubaix</a>' in original_page
    assert "Carte des adoptions" in original_page
    assert '<th scope="row">Nord (59)</th><td>Initiative d&#x27;origine et 1 adoption</td>' in original_page
    assert f'Adaptée de <a href="/initiatives/{original.pk}/">Repas livrés à Lille</a> (Lille)' in copy_page


def test_a_visitor_never_sees_the_forms(client):
    """Visitors and contributors read the page without any staff form."""
    initiative = InitiativeFactory(published=True)
    for user in (None, UserFactory(), UserFactory(expert=True)):
        if user:
            client.force_login(user)
        page = client.get(f"/initiatives/{initiative.pk}/").text
        assert "Déclarer une adoption" not in page and "Ajouter un suivi" not in page
        assert "adoption-adopter" not in page


def test_analyst_sees_both_forms_with_csrf_tokens(client):
    """The forms are plain POST forms, CSRF-protected."""
    initiative = InitiativeFactory(published=True)
    client.force_login(UserFactory(analyst=True))

    page = client.get(f"/initiatives/{initiative.pk}/").text

    assert "Déclarer une adoption" in page and "Ajouter un suivi" in page
    assert page.count('name="csrfmiddlewaretoken"') >= 3  # the two forms and the logout button


@pytest.mark.parametrize("role", [None, "contributeur", "expert", "commanditaire"])
def test_visitors_and_other_roles_cannot_post(client, role):
    """Anonymous posts go to the login page, other roles get 403; nothing is recorded."""
    original = InitiativeFactory(published=True)
    copy = InitiativeFactory(published=True, territory=territory("commune", ROUBAIX))
    if role:
        client.force_login(UserFactory(role=role))

    adoption = client.post(f"/initiatives/{original.pk}/adoptions/", _adoption_post(copy.pk))
    follow_up = client.post(
        f"/initiatives/{original.pk}/suivi/",
        {"suivi-status": "poursuivie", "suivi-observed_on": "2021-01-01", "suivi-source_text": "x"},
    )

    for response in (adoption, follow_up):
        if role is None:
            assert response.status_code == 302 and response["Location"] == (
                f"/compte/connexion/?next=/initiatives/{original.pk}/"
            )
        else:
            assert response.status_code == 403
    assert not Adoption.objects.exists() and not FollowUp.objects.exists()


def test_the_forms_need_a_csrf_token(client):
    """Without the token, even an analyst's post is refused."""
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(UserFactory(analyst=True))
    original = InitiativeFactory(published=True)
    copy = InitiativeFactory(published=True, territory=territory("commune", ROUBAIX))

    response = csrf_client.post(f"/initiatives/{original.pk}/adoptions/", _adoption_post(copy.pk))

    assert response.status_code == 403
    assert not Adoption.objects.exists()


def test_a_bad_adoption_comes_back_with_french_errors(client):
    """An unknown number or a copy in the same territory: the page again, with the error, status 400."""
    original = InitiativeFactory(published=True)
    neighbour = InitiativeFactory(published=True)  # also in Lille
    client.force_login(UserFactory(analyst=True))

    unknown = client.post(f"/initiatives/{original.pk}/adoptions/", _adoption_post(999_999))
    same_place = client.post(f"/initiatives/{original.pk}/adoptions/", _adoption_post(neighbour.pk))

    assert unknown.status_code == 400 and "Aucune initiative ne porte ce numéro." in unknown.text
    assert same_place.status_code == 400 and "un autre territoire que l&#x27;originale" in same_place.text
    assert not Adoption.objects.exists()


def test_visitors_do_not_see_unpublished_adopters_on_the_page(client):
    """A copy still in draft appears to the analyst only."""
    adoption = AdoptionFactory(adopter__status=Status.DRAFT, adopter__title="Copie en brouillon")
    url = f"/initiatives/{adoption.original.pk}/"

    assert "Copie en brouillon" not in client.get(url).text
    client.force_login(UserFactory(analyst=True))
    assert "Copie en brouillon" in client.get(url).text


def test_follow_up_added_by_an_analyst_shows_as_a_timeline(client):
    """The statuses are listed latest first, with their dates and sources, for visitors too."""
    initiative = InitiativeFactory(published=True)
    FollowUpFactory(initiative=initiative, observed_on=dt.date(2020, 9, 1), source_text="Bulletin municipal")
    client.force_login(UserFactory(analyst=True))

    response = client.post(
        f"/initiatives/{initiative.pk}/suivi/",
        {
            "suivi-status": "generalisee",
            "suivi-observed_on": "2022-02-01",
            "suivi-source_text": "Rapport du CCAS",
            "suivi-source_url": "ccas.example.fr/rapport-2021",
        },
    )
    client.logout()
    page = client.get(f"/initiatives/{initiative.pk}/").text

    assert response.status_code == 302
    assert FollowUp.objects.get(status="generalisee").source_url == "https://ccas.example.fr/rapport-2021"
    assert "Suivi de la pratique" in page
    assert page.index("Généralisée") < page.index("Poursuivie")
    assert '<time datetime="2022-02-01">le 1 février 2022</time>' in page
    assert "Rapport du CCAS</a>" in page and "Bulletin municipal" in page


def test_follow_up_without_source_is_refused(client):
    """A status needs its source: the form says so."""
    initiative = InitiativeFactory(published=True)
    client.force_login(UserFactory(analyst=True))

    response = client.post(
        f"/initiatives/{initiative.pk}/suivi/", {"suivi-status": "arretee", "suivi-observed_on": "2021-01-01"}
    )

    assert response.status_code == 400
    assert "Indiquez la source" in response.text
    assert not FollowUp.objects.exists()


def test_follow_ups_of_an_unpublished_initiative_stay_hidden(client):
    """A visitor cannot reach a draft, hence neither its follow-up."""
    follow_up = FollowUpFactory(initiative__status=Status.DRAFT)

    assert client.get(f"/initiatives/{follow_up.initiative.pk}/").status_code == 404


def test_home_page_shows_how_many_lockdown_practices_were_continued(client):
    """Once a lockdown practice is followed, the key figures say how many were continued."""
    assert "pratique des confinements poursuivie" not in client.get("/").text
    FollowUpFactory(initiative__start_date=dt.date(2020, 4, 1))
    FollowUpFactory(initiative__start_date=dt.date(2020, 4, 1), stopped=True)

    page = client.get("/").text

    assert "<strong>1</strong> pratique des confinements poursuivie" in page
    assert "(sur 2 suivies)" in page


def test_adoption_map_colours_the_departements_of_the_original_and_of_the_adopters():
    """The original's département is the darkest; a région-wide adopter has no département to colour."""
    from essaim.portal.adoption_map import adoption_map

    lille, roubaix = territory("commune", "59350"), territory("commune", ROUBAIX)
    marseille, paca = territory("commune", "13055"), territory("region", "93")

    shown = adoption_map(lille, [roubaix, marseille, paca])

    assert {area.code: (area.bucket, area.label) for area in shown.marked} == {
        "59": (5, "initiative d'origine et 1 adoption"),
        "13": (2, "1 adoption"),
    }
    assert len(shown.areas) > 95 and shown.view_box

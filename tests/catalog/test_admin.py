"""Administrators edit initiatives and taxonomies in the French admin; bad input is explained there."""

import pytest

from essaim.catalog.models import Initiative, Status, Theme
from essaim.territories.models import Level, Territory
from tests.factories import InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db

INLINES = ("theme_links", "sources", "links", "attachments", "transitions")


def _add_form(**fields) -> dict:
    data = {
        "title": "Navette solidaire vers les commerces",
        "summary": "Une navette gratuite conduit les personnes âgées aux commerces.",
        "description": "",
        "territory": Territory.objects.get(level=Level.COMMUNE, code="59350").pk,
        "start_date": "02/04/2020",
        "start_precision": "jour",
        "end_date": "",
        "evidence_level": "declaratif",
        "theme_links-0-theme": Theme.objects.get(code="autonomie_age_handicap").pk,
        "theme_links-0-position": "0",
        "sources-0-kind": "saisie",
        "sources-0-publisher": "Mairie de Lille",
        "sources-0-url": "https://www.lille.fr/navette",
    }
    for prefix in INLINES:
        data |= {
            f"{prefix}-TOTAL_FORMS": "1" if prefix in {"theme_links", "sources"} else "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    data.update(fields)
    return data


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin-essaim", administrator=True))
    return client


def test_admin_creates_a_draft_with_its_first_history_row(admin_client):
    """An initiative added in the admin starts as a draft, with its creator and a history row."""
    response = admin_client.post("/admin/catalog/initiative/add/", _add_form())

    assert response.status_code == 302, response.context["errors"] if response.context else response
    initiative = Initiative.objects.get(title="Navette solidaire vers les commerces")
    assert initiative.status == Status.DRAFT
    assert initiative.created_by.username == "admin-essaim"
    assert initiative.transitions.get().to_status == Status.DRAFT
    assert initiative.history.first().history_user.username == "admin-essaim"
    assert initiative.sources.get().publisher == "Mairie de Lille"


def test_admin_refuses_an_end_before_the_start_in_french(admin_client):
    """The admin form shows the French date rule and saves nothing."""
    response = admin_client.post("/admin/catalog/initiative/add/", _add_form(end_date="01/04/2020"))

    assert response.status_code == 200
    assert "La date de fin ne peut pas précéder la date de début." in response.text
    assert not Initiative.objects.exists()


def test_publish_action_goes_through_the_lifecycle(admin_client):
    """The admin's « Publier » action refuses a draft (it must be qualified first) and says why."""
    draft = InitiativeFactory()
    response = admin_client.post(
        "/admin/catalog/initiative/",
        {"action": "to_publiee", "_selected_action": [draft.pk]},
        follow=True,
    )
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert (
        "Impossible de passer une initiative du statut « Brouillon » au statut « Publiée »." in response.text
    )


def test_administrator_rewords_a_theme_label(admin_client):
    """Taxonomy labels are data an administrator can change; the code stays."""
    theme = Theme.objects.get(code="culture")
    response = admin_client.post(
        f"/admin/catalog/theme/{theme.pk}/change/",
        {
            "code": "culture",
            "label": "Culture et patrimoine",
            "description": "",
            "position": 3,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.label == "Culture et patrimoine"

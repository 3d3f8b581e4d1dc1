"""The public crisis form: short, no account, protected against robots, straight to the inbox."""

import pytest
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse

from essaim.inbox.models import Candidate, Origin
from essaim.territories.models import Level
from tests.contributions.form_factories import CampaignFactory
from tests.factories import territory

pytestmark = pytest.mark.django_db

REPORT = {
    "title": "Courses livrées aux personnes isolées",
    "description": "Des bénévoles du quartier font les courses des voisins âgés "
    "et les déposent devant leur porte.",
    "place_text": "Quartier de Wazemmes, Lille",
    "actor": "Collectif d'habitants",
    "contact_name": "Jeanne Leroy",
    "contact_email": "jeanne.leroy@example.org",
    "site_web": "",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


@pytest.fixture
def campaign():
    return CampaignFactory(crisis=True)


def report(client, campaign, **changes):
    return client.post(reverse("contributions:crisis_submit", args=[campaign.slug]), {**REPORT, **changes})


def test_the_form_renders_on_the_campaign_page_with_the_campaign_alone(campaign):
    html = render_to_string("contributions/_crisis_form.html", {"campaign": campaign})

    assert f'action="{reverse("contributions:crisis_submit", args=[campaign.slug])}"' in html
    assert '<label for="crise-place-text">Où ?' in html
    assert 'data-autocomplete-url="/contribuer/territoires.json"' in html
    assert 'class="crisis-trap" aria-hidden="true"' in html


def test_a_report_lands_in_the_inbox_and_the_visitor_is_thanked(client, campaign):
    lille = territory(Level.COMMUNE, "59350")

    response = report(client, campaign, territory=lille.pk)

    assert response["Location"] == reverse("contributions:crisis_thanks", args=[campaign.slug])
    assert "Merci pour votre signalement" in client.get(response["Location"]).content.decode()
    candidate = Candidate.objects.get()
    assert candidate.origin == Origin.CRISIS
    assert candidate.origin_key.startswith("crise:")
    assert candidate.title == "Courses livrées aux personnes isolées"
    assert candidate.place_text == "Quartier de Wazemmes, Lille"
    assert candidate.territory == lille
    assert candidate.lead_actor_name == "Collectif d'habitants"
    assert candidate.contact_email == "jeanne.leroy@example.org"
    assert candidate.provenance_label == "Formulaire de crise « Canicule 2026 »"


def test_two_reports_make_two_candidates(client, campaign):
    report(client, campaign)
    report(client, campaign)

    assert Candidate.objects.count() == 2


def test_the_honeypot_is_thanked_and_dropped(client, campaign):
    response = report(client, campaign, site_web="https://casino.example.com")

    assert response["Location"] == reverse("contributions:crisis_thanks", args=[campaign.slug])
    assert not Candidate.objects.exists()


def test_more_than_five_reports_an_hour_from_one_address_are_refused(client, campaign):
    for _ in range(5):
        assert report(client, campaign).status_code == 302

    response = report(client, campaign)

    assert response.status_code == 429
    assert "merci de réessayer dans une heure" in response.content.decode()
    assert Candidate.objects.count() == 5
    other = client.post(
        reverse("contributions:crisis_submit", args=[campaign.slug]), REPORT, REMOTE_ADDR="192.0.2.8"
    )
    assert other.status_code == 302


def test_a_closed_crisis_form_takes_no_report(client):
    campaign = CampaignFactory(crisis=True, closed=True)

    response = report(client, campaign)

    assert response.status_code == 410
    assert "Ce formulaire de crise est fermé" in response.content.decode()
    assert not Candidate.objects.exists()


def test_a_campaign_by_invitation_has_no_public_form(client):
    assert report(client, CampaignFactory()).status_code == 404
    assert not Candidate.objects.exists()


def test_an_oversized_field_is_refused_and_the_text_kept(client, campaign):
    response = report(client, campaign, description="Très long. " * 500)

    page = response.content.decode()
    assert response.status_code == 400
    assert "Ce texte est trop long : 5000 caractères au plus." in page
    assert 'aria-invalid="true" aria-describedby="crise-description-aide crise-description-erreur"' in page
    assert "Quartier de Wazemmes, Lille" in page  # nothing typed is lost
    assert not Candidate.objects.exists()


def test_an_oversized_body_is_refused(client, campaign):
    response = report(client, campaign, actor="x" * 70_000)

    assert response.status_code == 413
    assert "Ce signalement est trop long" in response.content.decode()
    assert not Candidate.objects.exists()


def test_a_way_to_reach_the_reporter_is_required(client, campaign):
    response = report(client, campaign, contact_email="", contact_phone="")

    assert response.status_code == 400
    assert "Laissez un courriel ou un téléphone" in response.content.decode()
    assert '<a href="#crise-contact-email">' in response.content.decode()
    assert report(client, campaign, contact_email="", contact_phone="03 20 00 00 00").status_code == 302


def test_hostile_html_is_escaped_when_the_form_comes_back(client, campaign):
    response = report(client, campaign, title='<script>alert("x")</script>', description="")

    assert "<script>alert" not in response.content.decode()
    assert "&lt;script&gt;" in response.content.decode()

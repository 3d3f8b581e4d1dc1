"""Campaigns: the analysts' pages, the public pages, and who may do what."""

import datetime as dt

import pytest
from django.urls import reverse

from essaim.contributions.models import Campaign, CampaignKind
from tests.contributions.factories import CampaignFactory, ContributorFactory, InvitationFactory, today
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst_client(client):
    client.force_login(UserFactory(analyst=True))
    return client


def _campaign_post(**overrides):
    data = {
        "title": "Confinement 2020",
        "slug": "",
        "kind": CampaignKind.INVITATION,
        "description": "Les solidarités du premier confinement.",
        "introduction": "Décrivez vos actions.",
        "audience": "Départements",
        "opens_on": today().isoformat(),
        "closes_on": (today() + dt.timedelta(days=20)).isoformat(),
        "required_fields": ["budget", "results"],
    }
    data.update(overrides)
    return data


def test_an_analyst_creates_a_campaign_with_required_fields(analyst_client):
    response = analyst_client.post(reverse("contributions:campaign_create"), _campaign_post())
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("contributions:campaign_manage", kwargs={"slug": "confinement-2020"})
    assert campaign.slug == "confinement-2020"
    assert campaign.required_fields == ["budget", "results"]
    page = analyst_client.get(reverse("contributions:campaign_list"))
    assert "Confinement 2020" in page.content.decode()


def test_the_form_offers_only_optional_fields_to_require(analyst_client):
    page = analyst_client.get(reverse("contributions:campaign_create")).content.decode()
    assert "Budget" in page and "Résultats observés" in page
    assert 'value="title"' not in page  # always required: not a choice
    response = analyst_client.post(
        reverse("contributions:campaign_create"), _campaign_post(required_fields=["title"])
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_a_closing_date_before_the_opening_is_refused_in_french(analyst_client):
    response = analyst_client.post(
        reverse("contributions:campaign_create"),
        _campaign_post(opens_on="2026-05-10", closes_on="2026-05-01"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "La clôture doit suivre l&#x27;ouverture." in page
    assert 'aria-describedby="id_closes_on_erreurs' in page
    assert "Le formulaire contient 1 erreur" in page
    assert not Campaign.objects.exists()


def test_two_campaigns_with_the_same_title_get_distinct_addresses(analyst_client):
    analyst_client.post(reverse("contributions:campaign_create"), _campaign_post())
    analyst_client.post(reverse("contributions:campaign_create"), _campaign_post())
    assert sorted(Campaign.objects.values_list("slug", flat=True)) == [
        "confinement-2020",
        "confinement-2020-2",
    ]


def test_an_analyst_edits_a_campaign(analyst_client):
    campaign = CampaignFactory(slug="canicule", title="Canicule")
    response = analyst_client.post(
        reverse("contributions:campaign_edit", kwargs={"slug": "canicule"}),
        _campaign_post(title="Canicule 2025", slug="canicule", required_fields=["staff"]),
    )
    campaign.refresh_from_db()
    assert response.status_code == 302
    assert campaign.title == "Canicule 2025"
    assert campaign.required_fields == ["staff"]


@pytest.mark.parametrize("name", ["campaign_list", "campaign_create"])
def test_contributors_and_visitors_cannot_manage_campaigns(client, name):
    url = reverse(f"contributions:{name}")
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(ContributorFactory())
    assert client.get(url).status_code == 403
    campaign = CampaignFactory()
    for other in ("campaign_manage", "campaign_edit"):
        assert (
            client.get(reverse(f"contributions:{other}", kwargs={"slug": campaign.slug})).status_code == 403
        )


def test_contribuer_lists_open_campaigns_and_crisis_forms_only(client):
    CampaignFactory(title="Confinement 2020")
    CampaignFactory(crisis=True, title="Inondations du Pas-de-Calais")
    CampaignFactory(closed=True, title="Campagne close")
    CampaignFactory(
        title="Campagne à venir",
        opens_on=today() + dt.timedelta(days=3),
        closes_on=today() + dt.timedelta(days=30),
    )
    page = client.get(reverse("contributions:home")).content.decode()
    assert "Confinement 2020" in page
    assert "Inondations du Pas-de-Calais" in page
    assert "Campagne close" not in page
    assert "Campagne à venir" not in page


def test_the_public_page_offers_to_answer_only_to_invited_contributors(client):
    campaign = CampaignFactory(introduction="Parlez-nous de vos actions.")
    invited = ContributorFactory()
    InvitationFactory(campaign=campaign, organisation=invited.organisation)
    url = reverse("contributions:campaign_detail", kwargs={"slug": campaign.slug})

    anonymous = client.get(url).content.decode()
    assert "Parlez-nous de vos actions." in anonymous
    assert "Répondre" not in anonymous
    assert "lien personnel" in anonymous

    client.force_login(ContributorFactory())
    assert "Répondre" not in client.get(url).content.decode()

    client.force_login(invited)
    assert "Répondre" in client.get(url).content.decode()


def test_a_crisis_campaign_shows_its_form_to_everyone(client):
    campaign = CampaignFactory(crisis=True)
    page = client.get(
        reverse("contributions:campaign_detail", kwargs={"slug": campaign.slug})
    ).content.decode()
    assert "Signaler une initiative" in page


def test_hostile_html_in_a_campaign_is_shown_as_text(client):
    campaign = CampaignFactory(title="<script>alert(1)</script>", introduction="<img src=x onerror=alert(1)>")
    page = client.get(
        reverse("contributions:campaign_detail", kwargs={"slug": campaign.slug})
    ).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_an_unknown_campaign_is_a_404(client):
    assert (
        client.get(reverse("contributions:campaign_detail", kwargs={"slug": "inconnue"})).status_code == 404
    )

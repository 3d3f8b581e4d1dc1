"""The demo of `make run`: a campaign the demo contributor can answer at once, a crisis form, and one
contribution already waiting in the analysts' inbox; loading twice changes nothing."""

import pytest
from django.core.management import call_command

from essaim.accounts.demo import demo_accounts_create
from essaim.contributions.demo import CAMPAIGN_SLUG, CRISIS_SLUG
from essaim.contributions.models import Campaign, Contribution, ContributionStatus
from essaim.inbox.models import Candidate, CandidateStatus

pytestmark = pytest.mark.django_db


def test_demo_campaigns_and_a_pending_candidate_loaded_once(client):
    demo_accounts_create()

    call_command("load_demo_contributions", verbosity=0)
    call_command("load_demo_contributions", verbosity=0)

    campaign = Campaign.objects.get(slug=CAMPAIGN_SLUG)
    assert campaign.is_open() and Campaign.objects.get(slug=CRISIS_SLUG).is_open()
    contribution = Contribution.objects.get()
    assert contribution.status == ContributionStatus.SUBMITTED
    candidate = Candidate.objects.get()
    assert candidate.status == CandidateStatus.PENDING
    assert "exemple de démonstration" in candidate.title
    # The visitor sees both forms; the demo contributor can describe a new initiative at once.
    home = client.get("/contribuer/").content.decode()
    assert campaign.title in home and "Signaler une initiative de crise" in home
    client.login(username="contributeur", password="essaim-demo")
    space = client.get("/espace/").content.decode()
    assert "En cours de qualification" in space and "Décrire une initiative" in space

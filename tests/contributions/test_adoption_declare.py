"""A contributor declares that their territory took up a practice of the directory: a draft
pre-filled from the original, sent to the analysts, and once accepted the adoption links the two
initiatives (both pages show it)."""

import pytest

from essaim.catalog.models import ActorType, Adoption, AdoptionKind
from essaim.contributions.models import Contribution
from essaim.contributions.submission import contribution_submit
from essaim.inbox.decisions import candidate_accept
from essaim.inbox.models import Candidate
from essaim.territories.models import Level
from tests.contributions.form_factories import (
    CampaignFactory,
    InvitationFactory,
    OrganisationFactory,
    contributor,
)
from tests.factories import InitiativeFactory, UserFactory, territory

pytestmark = pytest.mark.django_db


@pytest.fixture
def original():
    return InitiativeFactory(
        published=True, title="Portage de repas par les agents de la médiathèque", themes=["culture"]
    )


@pytest.fixture
def roubaix_agent():
    campaign = CampaignFactory()
    organisation = OrganisationFactory(name="CCAS de Roubaix")
    InvitationFactory(
        campaign=campaign, organisation=organisation, territory=territory(Level.COMMUNE, "59512")
    )
    return contributor(organisation=organisation)


def test_declared_adoption_becomes_a_link_once_the_analysts_accept_it(client, original, roubaix_agent):
    client.force_login(roubaix_agent)
    page = client.get(f"/espace/reprises/{original.pk}/").content.decode()
    assert "Votre territoire a repris « Portage de repas par les agents de la médiathèque »" in page

    response = client.post(f"/espace/reprises/{original.pk}/", {"type": AdoptionKind.ADAPTED, "campagne": ""})
    assert response.status_code == 400
    assert "Choisissez la campagne" in response.content.decode()
    campaign = roubaix_agent.organisation.invitations.get().campaign
    response = client.post(
        f"/espace/reprises/{original.pk}/", {"type": AdoptionKind.ADAPTED, "campagne": campaign.pk}
    )

    draft = Contribution.objects.get(adopts=original)
    assert response["Location"] == f"/espace/contributions/{draft.pk}/"
    assert draft.territory.code == "59512" and draft.lead_actor_name == "CCAS de Roubaix"
    assert list(draft.themes.values_list("code", flat=True)) == ["culture"]
    edit = client.get(response["Location"]).content.decode()
    assert "Reprise de la pratique « " in edit and "adaptée" in edit

    draft.lead_actor_type = ActorType.objects.get(code="ccas_cias")  # step 2 of the form
    draft.save()
    contribution_submit(contribution=draft, by=roubaix_agent)
    candidate = Candidate.objects.get()
    assert "reprise de « Portage de repas par les agents de la médiathèque »" in candidate.provenance_label
    adopter = candidate_accept(candidate=candidate, by=UserFactory(role="analyste"), publish=True)

    adoption = Adoption.objects.get()
    assert (adoption.original, adoption.adopter, adoption.kind) == (original, adopter, AdoptionKind.ADAPTED)
    assert "Roubaix" in client.get(f"/initiatives/{original.pk}/").content.decode()


def test_only_invited_contributors_declare_adoptions_of_published_practices(client, original, roubaix_agent):
    url = f"/espace/reprises/{original.pk}/"
    assert client.get(url)["Location"].startswith("/compte/connexion/")
    client.force_login(UserFactory(role="analyste"))
    assert client.get(url).status_code == 403
    client.force_login(roubaix_agent)
    assert client.get(f"/espace/reprises/{InitiativeFactory().pk}/").status_code == 404  # a draft
    uninvited = contributor(organisation=OrganisationFactory(name="Mairie sans campagne"))
    client.force_login(uninvited)
    assert "Aucune campagne n'est ouverte à votre organisation" in client.get(url).content.decode()
    client.force_login(roubaix_agent)
    campaign = roubaix_agent.organisation.invitations.get().campaign
    response = client.post(url, {"type": "copiee", "campagne": campaign.pk})
    assert response.status_code == 400
    assert "reprise telle quelle ou adaptée" in response.content.decode()
    assert not Contribution.objects.exists()


def test_a_contributor_finds_the_declaration_on_the_practice_page(client, original, roubaix_agent):
    link = f'href="/espace/reprises/{original.pk}/"'
    assert link not in client.get(f"/initiatives/{original.pk}/").content.decode()  # visitors
    client.force_login(roubaix_agent)
    assert link in client.get(f"/initiatives/{original.pk}/").content.decode()

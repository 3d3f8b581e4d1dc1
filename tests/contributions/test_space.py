"""The contributor's space: the organisation's contributions, their status, and nobody else's."""

import pytest
from django.urls import reverse

from essaim.catalog.models import Status
from essaim.contributions.models import ContributionStatus
from essaim.contributions.space import contribution_visible, contributions_of
from tests.contributions.factories import (
    CampaignFactory,
    ContributionAttachmentFactory,
    ContributionFactory,
    ContributorFactory,
    InvitationFactory,
    OrganisationFactory,
)
from tests.factories import InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_space_shows_each_contribution_with_what_became_of_it(client):
    author = ContributorFactory()
    ContributionFactory(author=author, title="Brouillon en cours")
    ContributionFactory(author=author, submitted=True, title="Envoyée hier")
    ContributionFactory(
        author=author,
        status=ContributionStatus.ACCEPTED,
        title="Acceptée non publiée",
        initiative=InitiativeFactory(status=Status.QUALIFIED),
    )
    published = InitiativeFactory(published=True)
    ContributionFactory(
        author=author, status=ContributionStatus.ACCEPTED, title="Déjà publiée", initiative=published
    )
    ContributionFactory(
        author=author,
        status=ContributionStatus.REJECTED,
        title="Hors sujet",
        decision_reason="Action nationale, pas locale.",
    )
    client.force_login(author)
    page = client.get(reverse("contributions:space")).content.decode()
    assert "Brouillon en cours" in page and "Brouillon</span>" in page
    assert "En cours de qualification" in page
    assert "Acceptée</span>" in page
    assert "Publiée</span>" in page and published.get_absolute_url() in page
    assert "Non retenue" in page and "Motif : Action nationale, pas locale." in page


def test_colleagues_share_the_organisations_contributions(client):
    organisation = OrganisationFactory(name="Département du Nord")
    author, colleague = (
        ContributorFactory(organisation=organisation),
        ContributorFactory(organisation=organisation),
    )
    contribution = ContributionFactory(author=author, title="Portage de repas")
    client.force_login(colleague)
    page = client.get(reverse("contributions:space")).content.decode()
    assert "Portage de repas" in page
    assert "Département du Nord" in page
    assert reverse("contributions:contribution_edit", kwargs={"pk": contribution.pk}) in page
    assert contribution_visible(colleague, contribution)


def test_a_contributor_never_sees_another_organisations_contributions(client):
    theirs = ContributionFactory(title="Secret de l'organisation B", submitted=True)
    outsider = ContributorFactory()
    client.force_login(outsider)
    page = client.get(reverse("contributions:space")).content.decode()
    assert "Secret de l" not in page
    assert list(contributions_of(outsider)) == []
    assert not contribution_visible(outsider, theirs)
    direct = client.get(reverse("contributions:contribution_edit", kwargs={"pk": theirs.pk}))
    assert direct.status_code in (403, 404)
    assert "Secret de l" not in direct.content.decode()
    document = ContributionAttachmentFactory(contribution=theirs)
    download = reverse(
        "contributions:attachment_download", kwargs={"pk": theirs.pk, "attachment_pk": document.pk}
    )
    assert client.get(download).status_code in (403, 404)


def test_analysts_see_contributions_but_visitors_and_experts_do_not():
    contribution = ContributionFactory()
    assert contribution_visible(UserFactory(analyst=True), contribution)
    assert not contribution_visible(UserFactory(expert=True), contribution)


def test_the_space_lists_the_open_campaigns_the_organisation_is_invited_to(client):
    contributor = ContributorFactory()
    invited = CampaignFactory(title="Confinement 2020")
    InvitationFactory(campaign=invited, organisation=contributor.organisation)
    InvitationFactory(
        campaign=CampaignFactory(closed=True, title="Canicule 2019"), organisation=contributor.organisation
    )
    CampaignFactory(title="Campagne d'un autre")
    client.force_login(contributor)
    page = client.get(reverse("contributions:space")).content.decode()
    assert "Confinement 2020" in page
    assert "Canicule 2019" not in page
    assert "Campagne d" not in page
    assert "Décrire une initiative" in page
    assert reverse("contributions:contribution_create", kwargs={"slug": invited.slug}) in page


def test_the_space_is_for_contributors(client):
    url = reverse("contributions:space")
    assert client.get(url).status_code == 302
    client.force_login(UserFactory(analyst=True))
    assert client.get(url).status_code == 403

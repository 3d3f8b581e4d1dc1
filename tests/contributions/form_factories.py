"""Factories of the contribution form's tests: an open campaign, an invited organisation and its
contributors, drafts at several stages."""

import datetime as dt

import factory
from django.utils import timezone

from essaim.accounts.models import Organisation
from essaim.contributions.models import Campaign, CampaignKind, Contribution, Invitation
from essaim.territories.models import Level
from tests.factories import UserFactory, territory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"CCAS de la commune n° {n}")


class CampaignFactory(factory.django.DjangoModelFactory):
    """A campaign by invitation, open since last week until next month."""

    class Meta:
        model = Campaign

    title = factory.Sequence(lambda n: f"Confinement 2020, appel n° {n}")
    slug = factory.Sequence(lambda n: f"confinement-2020-{n}")
    kind = CampaignKind.INVITATION
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=7))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))

    class Params:
        closed = factory.Trait(
            opens_on=factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=60)),
            closes_on=factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=1)),
        )
        crisis = factory.Trait(kind=CampaignKind.CRISIS, title="Canicule 2026", slug="canicule-2026")


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    campaign = factory.SubFactory(CampaignFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"agent{n}@ccas-exemple.fr")


def contributor(campaign=None, *, organisation=None, **fields):
    """A contributor of an organisation invited to `campaign` (when given)."""
    organisation = organisation or OrganisationFactory()
    if campaign is not None:
        InvitationFactory(campaign=campaign, organisation=organisation)
    return UserFactory(organisation=organisation, first_name="Marie", last_name="Dupont", **fields)


class ContributionFactory(factory.django.DjangoModelFactory):
    """An empty draft of a contributor of an invited organisation."""

    class Meta:
        model = Contribution

    campaign = factory.SubFactory(CampaignFactory)
    author = factory.LazyAttribute(lambda c: contributor(c.campaign))
    organisation = factory.LazyAttribute(lambda c: c.author.organisation)

    class Params:
        complete = factory.Trait(
            title="Épicerie solidaire mobile",
            summary="Un camion aménagé apporte chaque semaine des produits à petit prix "
            "dans les villages isolés.",
            territory=factory.LazyFunction(lambda: territory(Level.COMMUNE, "59350")),
            lead_actor_name="CCAS de Lille",
        )

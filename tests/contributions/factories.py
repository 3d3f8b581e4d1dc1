"""Factories of the calls for contributions: organisations, campaigns, invitations, contributions."""

import datetime as dt

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from essaim.accounts.models import Organisation
from essaim.contributions.models import (
    Campaign,
    CampaignKind,
    Contribution,
    ContributionAttachment,
    ContributionStatus,
    Invitation,
    InvitationStatus,
)
from essaim.territories.models import Level
from tests.factories import UserFactory, territory


def today() -> dt.date:
    return timezone.localdate()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Département n° {n}")


class ContributorFactory(UserFactory):
    """A contributor of an organisation."""

    first_name = "Marie"
    last_name = factory.Sequence(lambda n: f"Dupont {n}")
    organisation = factory.SubFactory(OrganisationFactory)


class CampaignFactory(factory.django.DjangoModelFactory):
    """An invitation campaign open from a month ago to a month ahead."""

    class Meta:
        model = Campaign

    title = factory.Sequence(lambda n: f"Confinement 2020 n° {n}")
    slug = factory.Sequence(lambda n: f"confinement-2020-{n}")
    kind = CampaignKind.INVITATION
    description = "Les initiatives locales nées pendant le premier confinement."
    introduction = "Décrivez les actions menées auprès des personnes isolées."
    audience = "Départements et communes"
    opens_on = factory.LazyFunction(lambda: today() - dt.timedelta(days=30))
    closes_on = factory.LazyFunction(lambda: today() + dt.timedelta(days=30))

    class Params:
        crisis = factory.Trait(
            kind=CampaignKind.CRISIS, title=factory.Sequence(lambda n: f"Inondations n° {n}")
        )
        closed = factory.Trait(
            opens_on=factory.LazyFunction(lambda: today() - dt.timedelta(days=60)),
            closes_on=factory.LazyFunction(lambda: today() - dt.timedelta(days=1)),
        )


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    campaign = factory.SubFactory(CampaignFactory)
    email = factory.Sequence(lambda n: f"invite{n}@departement-exemple.fr")
    name = "Marie Dupont"
    organisation = factory.SubFactory(OrganisationFactory)
    status = InvitationStatus.SENT

    class Params:
        failed = factory.Trait(status=InvitationStatus.FAILED, last_error="550 Boîte aux lettres inconnue")


class ContributionFactory(factory.django.DjangoModelFactory):
    """A draft by a contributor, in their organisation, for an open campaign."""

    class Meta:
        model = Contribution

    campaign = factory.SubFactory(CampaignFactory)
    author = factory.SubFactory(ContributorFactory)
    organisation = factory.LazyAttribute(lambda contribution: contribution.author.organisation)
    status = ContributionStatus.DRAFT
    title = factory.Sequence(lambda n: f"Épicerie solidaire itinérante n° {n}")
    summary = "Un camion-épicerie dessert les villages sans commerce."
    territory = factory.LazyFunction(lambda: territory(Level.COMMUNE, "59350"))
    lead_actor_name = "CCAS de Lille"

    class Params:
        submitted = factory.Trait(
            status=ContributionStatus.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now)
        )


class ContributionAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContributionAttachment

    contribution = factory.SubFactory(ContributionFactory)
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4 bilan", name="bilan.pdf"))
    original_name = "bilan.pdf"
    content_type = "application/pdf"
    size = 14

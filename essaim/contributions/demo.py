"""The calls for contributions of `make run`: an open campaign the demo contributor is invited to,
an open crisis form, and one submitted contribution waiting in the analysts' inbox — all marked
« exemple de démonstration ». Idempotent: what exists is never touched again."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from essaim.accounts.demo import DEMO_ORGANISATION
from essaim.accounts.models import Organisation, User
from essaim.catalog.models import ActorType, Public, Theme
from essaim.contributions.models import (
    Campaign,
    CampaignKind,
    Contribution,
    Invitation,
    InvitationStatus,
)
from essaim.contributions.submission import contribution_submit
from essaim.territories.models import Level, Territory

CAMPAIGN_SLUG = "exemple-initiatives-solidaires"
CRISIS_SLUG = "exemple-formulaire-de-crise"
MARK = "(exemple de démonstration)"


@dataclass(frozen=True)
class DemoContributionsReport:
    campaigns_created: int
    contribution_submitted: bool


def _campaigns(today: dt.date) -> int:
    created = 0
    _, made = Campaign.objects.get_or_create(
        slug=CAMPAIGN_SLUG,
        defaults={
            "title": f"Initiatives solidaires des territoires {MARK}",
            "kind": CampaignKind.INVITATION,
            "description": "Décrivez les initiatives d'action sociale de votre collectivité : "
            "une initiative par formulaire, à votre rythme, en brouillon puis envoyée aux analystes.",
            "introduction": "L'observatoire recense les pratiques inventées depuis 2020 pour les "
            "capitaliser et les faire essaimer. Cette campagne est un exemple de démonstration.",
            "audience": "Départements, communes, intercommunalités, CCAS et CIAS",
            "opens_on": today - dt.timedelta(days=15),
            "closes_on": today + dt.timedelta(days=90),
            "required_fields": ["results"],
        },
    )
    created += made
    _, made = Campaign.objects.get_or_create(
        slug=CRISIS_SLUG,
        defaults={
            "title": f"Signaler une initiative de crise {MARK}",
            "kind": CampaignKind.CRISIS,
            "description": "Un formulaire très court, ouvert à tous, pour signaler une initiative née "
            "pendant une crise : quoi, où, qui, et comment vous joindre.",
            "introduction": "Les analystes complètent ensuite chaque signalement.",
            "audience": "Tout le monde",
            "opens_on": today - dt.timedelta(days=15),
            "closes_on": today + dt.timedelta(days=90),
        },
    )
    return created + made


def _draft(campaign: Campaign, contributor: User) -> Contribution:
    contribution = Contribution.objects.create(
        campaign=campaign,
        organisation=contributor.organisation,
        author=contributor,
        title=f"Épicerie solidaire itinérante dans les villages {MARK}",
        summary="Un camion aménagé apporte chaque semaine des produits à prix solidaires aux habitants "
        "des villages sans commerce, avec une permanence de travailleurs sociaux.",
        description="Lancée pendant le premier confinement pour les personnes âgées isolées, la tournée "
        "dessert douze communes rurales. Les bénévoles livrent aussi à domicile les personnes qui ne "
        "peuvent pas se déplacer.",
        territory=Territory.objects.get(level=Level.DEPARTEMENT, code="59"),
        lead_actor_name=DEMO_ORGANISATION,
        lead_actor_type=ActorType.objects.filter(code="departement").first(),
        partners="Banque alimentaire, associations locales d'aide à domicile",
        start_date=dt.date(2020, 4, 6),
        staff="Deux travailleurs sociaux, quinze bénévoles",
        funding="Département, fondation d'entreprise",
        results="Quatre cents foyers servis chaque mois ; des personnes isolées repérées et accompagnées.",
        contact_name="Personne de démonstration",
        contact_email="contact@essaim.invalid",
    )
    contribution.themes.set(Theme.objects.filter(code="alimentation_agriculture"))
    contribution.publics.set(Public.objects.filter(code__in=["personnes_agees", "personnes_precaires"]))
    return contribution


@transaction.atomic
def demo_contributions_load(*, today: dt.date | None = None) -> DemoContributionsReport:
    today = today or timezone.localdate()
    created = _campaigns(today)
    contributor = User.objects.filter(username="contributeur").select_related("organisation").first()
    if contributor is None:
        return DemoContributionsReport(created, False)
    if contributor.organisation is None:
        contributor.organisation, _ = Organisation.objects.get_or_create(name=DEMO_ORGANISATION)
        contributor.save(update_fields=["organisation"])
    campaign = Campaign.objects.get(slug=CAMPAIGN_SLUG)
    Invitation.objects.get_or_create(
        campaign=campaign,
        email=contributor.email,
        defaults={
            "name": contributor.get_full_name(),
            "organisation": contributor.organisation,
            "status": InvitationStatus.ACCEPTED,
            "accepted_at": timezone.now(),
            "user": contributor,
        },
    )
    if Contribution.objects.filter(campaign=campaign, author=contributor).exists() or not campaign.is_open(
        today
    ):
        return DemoContributionsReport(created, False)
    contribution_submit(contribution=_draft(campaign, contributor), by=contributor)
    return DemoContributionsReport(created, True)

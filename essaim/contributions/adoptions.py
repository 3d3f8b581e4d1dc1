"""Essaimage through the call for contributions: a contributor declares that their territory took up
a practice of the directory. The declaration is a contribution (their own initiative, pre-filled
from the original, that they correct and complete); when the analysts accept it, the adoption is
recorded between the two initiatives, so both pages and the original's fiche show the link."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from essaim.catalog.adoption import adoption_declare
from essaim.catalog.models import Adoption, AdoptionKind, Initiative, Status
from essaim.contributions.campaigns import campaigns_for_organisation
from essaim.contributions.models import Campaign, Contribution, Invitation
from essaim.contributions.submission import campaign_open_to

logger = logging.getLogger(__name__)


def adoption_campaigns(user) -> list[Campaign]:
    """The open campaigns in which this contributor may declare an adoption."""
    return list(campaigns_for_organisation(getattr(user, "organisation", None)))


def adoption_draft_create(*, original: Initiative, campaign: Campaign, kind: str, by) -> Contribution:
    """A draft of `by`'s organisation that takes up `original`: its title, summary, themes and
    publics are copied (to be adapted), the territory is the invited one when known."""
    if original.status != Status.PUBLISHED:
        raise Http404("Cette pratique n'est pas publiée.")
    if not campaign_open_to(by, campaign) or not campaign.is_open():
        raise ValidationError("Cette campagne ne vous est pas ouverte : choisissez-en une autre.")
    if kind not in AdoptionKind.values:
        raise ValidationError("Dites si la pratique a été reprise telle quelle ou adaptée.")
    invitation = (
        Invitation.objects.filter(campaign=campaign, organisation_id=by.organisation_id)
        .exclude(territory=None)
        .first()
    )
    with transaction.atomic():
        contribution = Contribution.objects.create(
            campaign=campaign,
            organisation=by.organisation,
            author=by,
            adopts=original,
            adoption_kind=kind,
            title=original.title[:250],
            summary=original.summary,
            territory=invitation.territory if invitation else None,
            lead_actor_name=by.organisation.name[:200],
        )
        contribution.themes.set(original.themes.all())
        contribution.publics.set(original.publics.all())
    return contribution


def adoption_record(contribution: Contribution, *, by=None) -> Adoption | None:
    """Once the analysts accepted a contribution that takes up a practice: record the adoption
    (once). An adoption the catalogue refuses (same territory, a merged initiative…) is logged and
    left to the analysts, never a reason to undo their decision."""
    if contribution.adopts_id is None or contribution.initiative_id is None:
        return None
    if contribution.adopts_id == contribution.initiative_id:
        return None  # merged into the original itself: nothing to link
    existing = Adoption.objects.filter(
        original_id=contribution.adopts_id, adopter_id=contribution.initiative_id
    )
    if existing.exists():
        return existing.first()
    try:
        return adoption_declare(
            original=contribution.adopts,
            adopter=contribution.initiative,
            kind=contribution.adoption_kind or AdoptionKind.ADAPTED,
            adopted_on=min(contribution.start_date or timezone.localdate(), timezone.localdate()),
            note=f"Déclarée par {contribution.organisation or 'un contributeur'} "
            f"(contribution n° {contribution.pk}).",
            by=by,
        )
    except ValidationError as error:
        logger.warning("Adoption not recorded for contribution %s: %s", contribution.pk, error.messages)
        return None

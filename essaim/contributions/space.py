"""The contributor's space: which contributions a person sees, and what became of each."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from essaim.accounts.abilities import can_manage_campaigns
from essaim.catalog.models import Status
from essaim.contributions.models import Contribution, ContributionStatus


def contributions_of(user) -> QuerySet[Contribution]:
    """The contributions a contributor sees and shares: those of their organisation (and their own,
    should they have none). Nobody else's."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Contribution.objects.none()
    mine = Q(author=user)
    if user.organisation_id:
        mine |= Q(organisation_id=user.organisation_id)
    return (
        Contribution.objects.filter(mine)
        .select_related("campaign", "initiative", "author", "territory")
        .order_by("-updated_at", "-pk")
    )


def contribution_visible(user, contribution: Contribution) -> bool:
    """Whether this person may read this contribution: its organisation's members, its author, and
    the analysts who manage campaigns."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if can_manage_campaigns(user):
        return True
    if contribution.author_id is not None and contribution.author_id == user.pk:
        return True
    return bool(user.organisation_id) and contribution.organisation_id == user.organisation_id


@dataclass(frozen=True)
class StatusShown:
    label: str
    css: str  # a badge class suffix
    reason: str = ""


def status_shown(contribution: Contribution) -> StatusShown:
    """What a contributor reads about their contribution: draft, being qualified, accepted or
    published (after the initiative's own status), or not retained with the reason."""
    if contribution.status == ContributionStatus.DRAFT:
        return StatusShown("Brouillon", "brouillon")
    if contribution.status == ContributionStatus.SUBMITTED:
        return StatusShown("En cours de qualification", "soumise")
    if contribution.status == ContributionStatus.REJECTED:
        return StatusShown("Non retenue", "non-retenue", contribution.decision_reason)
    initiative = contribution.initiative
    if initiative is not None and initiative.status == Status.PUBLISHED:
        return StatusShown("Publiée", "publiee")
    return StatusShown("Acceptée", "acceptee")

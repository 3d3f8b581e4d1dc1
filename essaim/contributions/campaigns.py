"""Campaigns: creation and edition by the analysts, and what is open to whom."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from essaim.contributions.form_steps import ALWAYS_REQUIRED, FIELD_LABELS
from essaim.contributions.models import Campaign, CampaignKind, Invitation, InvitationStatus

# The form's optional fields a campaign may make required: (Contribution field, French label).
OPTIONAL_FIELDS: tuple[tuple[str, str], ...] = tuple(
    (name, label) for name, label in FIELD_LABELS.items() if name not in ALWAYS_REQUIRED
)


# Addresses of other pages under /contribuer/: no campaign may take them.
RESERVED_SLUGS = frozenset({"campagnes", "invitation", "nouvelle"})


def slug_unique(title: str, *, exclude_pk: int | None = None) -> str:
    """A free address for a campaign titled `title` ("confinement-2020", then "confinement-2020-2"…)."""
    base = slugify(title)[:70].strip("-") or "campagne"
    if base in RESERVED_SLUGS:
        base = f"{base}-campagne"
    taken = Campaign.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    used = set(taken.values_list("slug", flat=True))
    slug, counter = base, 2
    while slug in used:
        slug = f"{base}-{counter}"
        counter += 1
    return slug


@transaction.atomic
def campaign_save(campaign: Campaign, *, by=None) -> Campaign:
    """Save a new or edited campaign (from the analysts' form); a new one gets a free address."""
    known = {name for name, _ in OPTIONAL_FIELDS}
    campaign.required_fields = [name for name in campaign.required_fields or [] if name in known]
    if not campaign.slug:
        campaign.slug = slug_unique(campaign.title, exclude_pk=campaign.pk)
    if campaign.pk is None and by is not None and by.is_authenticated:
        campaign.created_by = by
    campaign.save()
    return campaign


def campaigns_open(today: dt.date | None = None) -> QuerySet[Campaign]:
    """Campaigns open today, closing soonest first."""
    today = today or timezone.localdate()
    return Campaign.objects.filter(opens_on__lte=today, closes_on__gte=today).order_by("closes_on", "pk")


def crisis_forms_open(today: dt.date | None = None) -> QuerySet[Campaign]:
    return campaigns_open(today).filter(kind=CampaignKind.CRISIS)


def invitation_campaigns_open(today: dt.date | None = None) -> QuerySet[Campaign]:
    return campaigns_open(today).filter(kind=CampaignKind.INVITATION)


def campaigns_for_organisation(organisation, today: dt.date | None = None) -> QuerySet[Campaign]:
    """Open invitation campaigns to which someone of this organisation is invited."""
    if organisation is None:
        return Campaign.objects.none()
    invited = Invitation.objects.filter(organisation=organisation).values("campaign_id")
    return invitation_campaigns_open(today).filter(pk__in=invited)


def is_invited(user, campaign: Campaign) -> bool:
    """Whether this user's organisation is invited to this campaign (so may answer it)."""
    organisation_id = getattr(user, "organisation_id", None)
    if not organisation_id or campaign.kind != CampaignKind.INVITATION:
        return False
    return campaign.invitations.filter(organisation_id=organisation_id).exists()


def invitation_counts(campaign: Campaign) -> dict[str, int]:
    """How many invitations of this campaign are at each status (every status present, 0 if none)."""
    return invitation_counts_of([campaign.pk])[campaign.pk]


def invitation_counts_of(campaign_ids: list[int]) -> dict[int, dict[str, int]]:
    """`invitation_counts` of several campaigns, in one query."""
    counts = {pk: dict.fromkeys(InvitationStatus.values, 0) for pk in campaign_ids}
    rows = (
        Invitation.objects.filter(campaign_id__in=campaign_ids)
        .values_list("campaign_id", "status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for campaign_id, status, count in rows:
        counts[campaign_id][status] = count
    return counts

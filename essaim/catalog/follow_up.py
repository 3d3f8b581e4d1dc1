"""Follow-up of practices: what became of an initiative over time, with a source for each status.

One write (`follow_up_add`), the timeline of an initiative (`follow_ups_of`, latest first) and the
summary the statistics use (`lockdown_continuation`: how many lockdown initiatives were continued).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, QuerySet, Subquery

from essaim.catalog.continuation import LOCKDOWN_PERIODS, ContinuedShare, continued_share
from essaim.catalog.models import FollowUp, FollowUpStatus, Initiative, Status
from essaim.catalog.selectors import initiatives_published


def follow_up_add(
    *,
    initiative: Initiative,
    status: str,
    observed_on: dt.date,
    source_text: str = "",
    source_url: str = "",
    by=None,
) -> FollowUp:
    """Record the status of a practice at a date, according to a source."""
    errors = []
    if initiative.status == Status.MERGED:
        errors.append("Une initiative fusionnée ne se suit plus : suivez celle qui la remplace.")
    if status not in FollowUpStatus.values:
        errors.append("Statut de suivi inconnu.")
    if observed_on > dt.date.today():  # noqa: DTZ011 -- a calendar date, as entered
        errors.append("La date du suivi ne peut pas être dans le futur.")
    if initiative.start_date and observed_on < initiative.start_date:
        errors.append("La date du suivi ne peut pas précéder le début de l'initiative.")
    if not source_text.strip() and not source_url.strip():
        errors.append("Indiquez la source : un texte, une adresse ou les deux.")
    if errors:
        raise ValidationError(errors)
    return FollowUp.objects.create(
        initiative=initiative,
        status=status,
        observed_on=observed_on,
        source_text=source_text.strip(),
        source_url=source_url.strip(),
        author=by,
    )


def follow_ups_of(initiative: Initiative) -> QuerySet[FollowUp]:
    """The timeline of an initiative, latest first (whoever may see the initiative sees it)."""
    return initiative.follow_ups.select_related("author").order_by("-observed_on", "-pk")


def latest_follow_up_status() -> Subquery:
    """For an initiative queryset: the status of its latest follow-up (None without one)."""
    latest = FollowUp.objects.filter(initiative=OuterRef("pk")).order_by("-observed_on", "-pk")
    return Subquery(latest.values("status")[:1])


def lockdown_continuation(queryset: QuerySet[Initiative] | None = None) -> ContinuedShare:
    """How many lockdown initiatives (published ones by default) were continued, by their latest
    follow-up (continued, generalised or adapted) — the figure of the statistics page."""
    initiatives = initiatives_published() if queryset is None else queryset
    statuses = (
        initiatives.filter(crisis_period__in=LOCKDOWN_PERIODS)
        .annotate(latest_status=latest_follow_up_status())
        .values_list("latest_status", flat=True)
    )
    return continued_share(statuses)

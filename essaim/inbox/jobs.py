"""The inbox's work started by the worker: the analysts' daily digest of new candidates (as
`essaim inbox_digest`), and the enrichment of candidates a crash left waiting."""

import datetime as dt

from django.utils import timezone

from essaim.inbox.digest import digest_send
from essaim.inbox.models import Candidate, CandidateStatus
from essaim.jobs.schedule import register_daily, register_periodic

# Enrichment is queued right after a candidate is received; one still waiting this long after was
# lost (a worker or a web process died between the commit and the queueing).
FORGOTTEN_AFTER = dt.timedelta(minutes=10)
FORGOTTEN_BATCH = 2_000


@register_daily("inbox.digest", "Récapitulatif de la veille")
def inbox_digest(job, progress) -> None:
    digest_send()


@register_periodic
def enrichment_forgotten_requeue(*, now: dt.datetime | None = None) -> int:
    """Queue again the enrichment of pending candidates that waited too long for it."""
    from essaim.inbox.tasks import candidates_enrich_task

    now = now or timezone.now()
    waiting = Candidate.objects.filter(
        status=CandidateStatus.PENDING, enriched_at=None, updated_at__lt=now - FORGOTTEN_AFTER
    ).values_list("pk", flat=True)[:FORGOTTEN_BATCH]
    ids = list(waiting)
    if ids:
        # Touch them first, so that the next sweep does not queue them again while this one runs.
        Candidate.objects.filter(pk__in=ids).update(updated_at=now)
        candidates_enrich_task.enqueue(ids)
    return len(ids)

"""Running a source as a background job, so the analyst follows « Import : 120 / 300 lignes »."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.urls import reverse

from essaim.inbox.enrich import candidates_enrich_ids
from essaim.jobs.models import Job
from essaim.jobs.progress import Progress
from essaim.jobs.registry import register
from essaim.jobs.schedule import register_periodic
from essaim.jobs.services import JobError, job_request
from essaim.watch.ingestion import source_campaign, source_run
from essaim.watch.models import RunStatus, Source
from essaim.watch.selectors import sources_due

logger = logging.getLogger(__name__)

SOURCE_RUN = "watch.source_run"


def _candidates_link(job: Job) -> tuple[str, str] | None:
    source = Source.objects.filter(pk=job.params.get("source_id")).first()
    if source is None:
        return None
    query = urlencode({"campagne": source_campaign(source)})
    return f"{reverse('inbox:list')}?{query}", "Voir les candidats de cette source dans la boîte de réception"


@register(SOURCE_RUN, follow=_candidates_link)
def source_run_job(job: Job, progress: Progress) -> None:
    """Run the source; a failed run fails the job with its French reason (the run keeps the details)."""
    source = Source.objects.filter(pk=job.params.get("source_id")).first()
    if source is None:
        raise JobError("Cette source de veille a été supprimée.")
    outcome = source_run(source, progress=progress, job=job, force=bool(job.params.get("force")))
    run = outcome.run
    if outcome.candidate_ids:
        progress.start(len(outcome.candidate_ids), unit="candidats", step="Enrichissement")
        try:
            candidates_enrich_ids(outcome.candidate_ids, on_done=progress.advance)
        except Exception:  # the candidates are in the inbox: the housekeeping enriches them later
            logger.exception("Enrichment after the run of source %s failed", source.pk)
    if run.status == RunStatus.FAILED:
        raise JobError(run.errors[0] if run.errors else "L'exécution de la source a échoué.")


def source_run_request(source: Source, *, user=None, force: bool = False) -> tuple[Job, bool]:
    """Queue a run of the source (joined when one is already queued or running)."""
    return job_request(
        kind=SOURCE_RUN,
        key=f"source:{source.pk}",
        label=f"Veille — {source.name}"[:200],
        params={"source_id": source.pk, "force": force},
        user=user,
    )


@register_periodic
def sources_due_start() -> int:
    """The worker's housekeeping starts the sources that are due (daily, weekly): no crontab
    needed. A run already queued or running is joined, never doubled. Returns the runs started."""
    started = 0
    for source in sources_due():
        _, created = source_run_request(source)
        started += created
    return started

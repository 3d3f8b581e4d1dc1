"""Ask for a job, run it, recover the jobs of a crashed worker.

A job is claimed by an atomic "queued → running" update, so two workers never run the same one;
a running job whose heartbeat stopped is queued again (its handler must be idempotent: the ones of
Essaim write their result under the job's own folder, atomically).
"""

import datetime as dt
import logging
import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from essaim.jobs.models import ACTIVE_STATUSES, Job, JobStatus
from essaim.jobs.progress import Progress, heartbeat
from essaim.jobs.registry import JobOutput, handler_for

logger = logging.getLogger(__name__)

# A running job whose heartbeat is older than this is taken for a crashed worker's.
STALE_AFTER = dt.timedelta(minutes=2)
MAX_ATTEMPTS = 3
# Finished jobs' files are kept this long, then removed by `essaim worker`'s housekeeping.
KEEP_RESULTS = dt.timedelta(days=7)


def jobs_dir() -> Path:
    return Path(settings.VAR_DIR) / "taches"


def job_request(
    *, kind: str, label: str, key: str = "", params: dict | None = None, user=None, is_public: bool = False
) -> tuple[Job, bool]:
    """The active job of this kind and key, or a new one queued for the worker.

    Returns (job, created): a second request while the first is under way joins it.
    """
    handler_for(kind)  # an unknown kind is a programming error: fail now, not in the worker
    existing = Job.objects.filter(kind=kind, key=key, status__in=ACTIVE_STATUSES).first()
    if existing is not None:
        return existing, False
    requester = user if user is not None and user.is_authenticated else None
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=kind,
                key=key,
                label=label,
                params=params or {},
                requested_by=requester,
                is_public=is_public,
            )
    except IntegrityError:
        # Another request created it between our look and our insert: join that one.
        return Job.objects.get(kind=kind, key=key, status__in=ACTIVE_STATUSES), False
    _enqueue(job)
    return job, True


def _enqueue(job: Job) -> None:
    from essaim.jobs.tasks import job_run_task

    job_run_task.enqueue(job.pk)


def job_run(job_id: int) -> Job | None:
    """Run a queued job (the worker's task). Returns None when another worker already has it."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1, error=""
    )
    if not claimed:
        return None
    job = Job.objects.get(pk=job_id)
    try:
        with heartbeat(job.pk):
            output = handler_for(job.kind)(job, Progress(job))
        if output is not None:
            _store_output(job, output)
    except Exception as error:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        message = str(error) if isinstance(error, JobError) else "Une erreur inattendue l'a interrompue."
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, error=message, finished_at=timezone.now()
        )
    else:
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.DONE,
            finished_at=timezone.now(),
            done=job.total if job.total is not None else job.done,
            total=job.total,
            step="",
            result_file=job.result_file,
            result_name=job.result_name,
            result_type=job.result_type,
        )
    job.refresh_from_db()
    return job


class JobError(Exception):
    """A failure to tell the person who follows the job, in French (other errors are logged and
    shown as an unexpected error)."""


def _store_output(job: Job, output: JobOutput) -> None:
    folder = jobs_dir() / str(job.pk)
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(output.content)
        os.replace(temporary, folder / "resultat")
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    job.result_file = f"{job.pk}/resultat"
    job.result_name = output.filename
    job.result_type = output.content_type


def job_result_path(job: Job) -> Path | None:
    if job.status != JobStatus.DONE or not job.result_file:
        return None
    path = (jobs_dir() / job.result_file).resolve()
    return path if path.is_relative_to(jobs_dir().resolve()) and path.is_file() else None


def jobs_recover(*, now: dt.datetime | None = None) -> list[Job]:
    """Queue again the running jobs whose worker stopped beating (a crash, a kill -9); give up after
    MAX_ATTEMPTS. Returns the jobs queued again."""
    now = now or timezone.now()
    stale = Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
    requeued = []
    for job in stale:
        if job.attempts >= MAX_ATTEMPTS:
            Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
                status=JobStatus.FAILED,
                error=f"Abandonnée après {job.attempts} tentatives interrompues.",
                finished_at=now,
            )
            continue
        if Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, heartbeat_at=job.heartbeat_at).update(
            status=JobStatus.QUEUED, step="Reprise après l'arrêt d'un processus de fond"
        ):
            job.refresh_from_db()
            _enqueue(job)
            requeued.append(job)
            logger.warning("Job %s (%s) queued again: its worker stopped", job.pk, job.kind)
    return requeued


def jobs_prune(*, now: dt.datetime | None = None) -> int:
    """Remove finished jobs older than KEEP_RESULTS, and their files."""
    now = now or timezone.now()
    old = list(
        Job.objects.filter(status__in=[JobStatus.DONE, JobStatus.FAILED], finished_at__lt=now - KEEP_RESULTS)
    )
    for job in old:
        shutil.rmtree(jobs_dir() / str(job.pk), ignore_errors=True)
    Job.objects.filter(pk__in=[job.pk for job in old]).delete()
    return len(old)


def job_done_for(*, kind: str, key: str) -> tuple[Job, Path] | None:
    """The latest finished job of this kind and key whose file is still there (the made file is
    served again until its input changes, which changes the key)."""
    for job in Job.objects.filter(kind=kind, key=key, status=JobStatus.DONE).order_by("-finished_at")[:3]:
        path = job_result_path(job)
        if path is not None:
            return job, path
    return None

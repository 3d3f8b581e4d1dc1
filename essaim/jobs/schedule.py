"""Daily work the worker starts by itself once a day, after ESSAIM_DAILY_HOUR (local time): the
saved searches' alerts, the invitations' reminders, the analysts' digest, the watch's due sources,
the classifier's retraining on what analysts validated.
Nothing to put in a crontab for `make run`; each is a job (visible in the admin, with its errors).

A day's job is keyed by its date, so several workers start it once (and each handler is itself
idempotent for the day: it records what it sent)."""

import datetime as dt
import logging
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone

from essaim.jobs.models import Job
from essaim.jobs.registry import Handler, register
from essaim.jobs.services import job_request

logger = logging.getLogger(__name__)

_DAILY: dict[str, str] = {}
_PERIODIC: list[Callable[[], object]] = []


def register_periodic(check: Callable[[], object]) -> Callable[[], object]:
    """Register a cheap check the worker's housekeeping runs every minute (a safety net: work a
    crash left undone is queued again)."""
    _PERIODIC.append(check)
    return check


def periodic_run() -> None:
    for check in _PERIODIC:
        try:
            check()
        except Exception:  # one failing check must not stop the others, nor the worker
            logger.exception("Periodic check %s failed", getattr(check, "__name__", check))


def register_daily(kind: str, label: str):
    """Register `handler(job, progress)` to run once a day (label in French, e.g. « Alertes »)."""

    def decorator(handler: Handler) -> Handler:
        _DAILY[kind] = label
        return register(kind)(handler)

    return decorator


def daily_start(*, now: dt.datetime | None = None) -> list[Job]:
    """Queue today's daily jobs not started yet (none before the daily hour). Returns them."""
    now = timezone.localtime(now or timezone.now())
    if now.hour < settings.ESSAIM_DAILY_HOUR:
        return []
    day = now.date().isoformat()
    started = []
    for kind, label in sorted(_DAILY.items()):
        if Job.objects.filter(kind=kind, key=day).exists():
            continue
        job, created = job_request(kind=kind, key=day, label=f"{label} du {now:%d/%m/%Y}")
        if created:
            started.append(job)
    return started

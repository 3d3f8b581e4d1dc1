"""Daily and weekly sources are started by the worker's housekeeping, once, without a crontab."""

import datetime as dt

import pytest
from django.utils import timezone

from essaim.jobs.models import Job, JobStatus
from essaim.watch.jobs import SOURCE_RUN, sources_due_start
from essaim.watch.models import Schedule
from tests.watch.factories import WatchSourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _queued_not_run(settings):
    """Jobs are queued for the worker (not run at once): this is about what gets started."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_due_sources_are_started_once_and_manual_ones_never():
    daily = WatchSourceFactory(schedule=Schedule.DAILY, name="Presse quotidienne")
    WatchSourceFactory(schedule=Schedule.WEEKLY, last_run_at=timezone.now() - dt.timedelta(days=2))
    WatchSourceFactory(schedule=Schedule.MANUAL)

    assert sources_due_start() == 1
    assert sources_due_start() == 0  # the run is queued: joined, not doubled

    job = Job.objects.get(kind=SOURCE_RUN)
    assert job.status == JobStatus.QUEUED
    assert job.params["source_id"] == daily.pk and "Presse quotidienne" in job.label

"""The worker starts the daily work itself, once a day after the daily hour."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from essaim.accounts.roles import Role
from essaim.inbox.models import Origin
from essaim.inbox.services import CandidateData, Provenance, candidate_receive
from essaim.jobs.models import Job, JobStatus
from essaim.jobs.schedule import daily_start
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DAILY = {"publication.alerts", "inbox.digest", "contributions.reminders"}


def _at(hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(hour, 5)))


def test_daily_work_starts_once_a_day_after_the_daily_hour(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.ESSAIM_DAILY_HOUR = 7
    UserFactory(role=Role.ANALYST, email="analyste@example.org")
    candidate_receive(
        origin=Origin.CRISIS,
        origin_key="crise:test",
        data=CandidateData(title="Distribution de masques", summary="Des bénévoles distribuent des masques."),
        provenance=Provenance(label="Formulaire de crise"),
    )

    assert daily_start(now=_at(6)) == []  # too early
    started = daily_start(now=_at(8))

    assert {job.kind for job in started} >= DAILY
    assert all(job.status == JobStatus.DONE for job in Job.objects.filter(kind__in=DAILY))
    digest = [message for message in mail.outbox if "analyste@example.org" in message.to]
    assert len(digest) == 1 and "Distribution de masques" in digest[0].body
    assert daily_start(now=_at(20)) == []  # once a day, whatever the number of workers
    assert Job.objects.filter(kind__in=DAILY).count() == len(DAILY)

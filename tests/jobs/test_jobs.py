"""Background jobs: asked once even when asked twice, run by the real worker with visible progress,
picked up again after a worker crash, failures told in French, files only for who may see them."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from essaim.accounts.roles import Role
from essaim.jobs.models import Job, JobStatus
from essaim.jobs.registry import JobOutput, register
from essaim.jobs.services import JobError, job_request, job_run, jobs_recover
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ran: list[int] = []


@register("tests.count")
def _count(job, progress):
    ran.append(job.pk)
    total = job.params.get("total", 3)
    progress.start(total, unit="lignes", step="Lecture")
    for _ in range(total):
        progress.advance()
    return JobOutput(content=f"{total} lignes\n".encode(), filename="compte.txt", content_type="text/plain")


@register("tests.fails")
def _fails(job, progress):
    if job.params.get("expected"):
        raise JobError("Le fichier envoyé est vide.")
    raise RuntimeError("internal detail that visitors must not see")


@pytest.fixture
def worker_backend(settings, monkeypatch):
    """Tasks are queued in the database and run by `essaim worker`, as in production. (The worker
    recycles its database connection between tasks, which would close the test's transaction.)"""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


@pytest.fixture(autouse=True)
def _var(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    ran.clear()


def test_an_export_asked_twice_is_made_once(worker_backend):
    first, created = job_request(kind="tests.count", key="annexe", label="Compte")
    again, created_again = job_request(kind="tests.count", key="annexe", label="Compte")

    assert created and not created_again
    assert again.pk == first.pk
    assert Job.objects.count() == 1

    call_command("worker", batch=True, verbosity=0)

    assert ran == [first.pk]
    first.refresh_from_db()
    assert first.status == JobStatus.DONE and (first.done, first.total, first.unit) == (3, 3, "lignes")
    # Once made, asking again makes a new one only if wanted: the old one is finished, not active.
    _, created_after = job_request(kind="tests.count", key="annexe", label="Compte")
    assert created_after


def test_a_request_racing_another_joins_its_job(worker_backend, monkeypatch):
    """Two requests at the same instant: both look, find nothing, insert; the database's partial
    unique constraint refuses the second insert, which then joins the first job."""
    first, _ = job_request(kind="tests.count", key="meme-instant", label="Compte")
    looked = []
    real_filter = Job.objects.filter

    def blind_first_look(*args, **kwargs):
        queryset = real_filter(*args, **kwargs)
        if not looked:  # the racing request looked before the first one inserted
            looked.append(True)
            return queryset.none()
        return queryset

    monkeypatch.setattr(Job.objects, "filter", blind_first_look)
    joined, created = job_request(kind="tests.count", key="meme-instant", label="Compte")

    assert looked and not created
    assert joined.pk == first.pk
    assert real_filter(key="meme-instant").count() == 1


def test_job_page_shows_progress_then_the_download_link(client, worker_backend):
    user = UserFactory(role=Role.ANALYST)
    job, _ = job_request(
        kind="tests.count", key="page", label="Compte des lignes", params={"total": 5}, user=user
    )
    client.force_login(user)

    waiting = client.get(f"/taches/{job.pk}/").content.decode()
    assert "Compte des lignes" in waiting and "En attente" in waiting
    assert f'href="/taches/{job.pk}/fichier/"' in waiting  # present but hidden until the file exists
    assert client.get(f"/taches/{job.pk}/fichier/").status_code == 404

    call_command("worker", batch=True, verbosity=0)

    state = client.get(f"/taches/{job.pk}/etat.json").json()
    assert state["etat"] == "terminee" and state["fait"] == 5 and state["fichier"] == "compte.txt"
    done = client.get(f"/taches/{job.pk}/").content.decode()
    assert "Terminée" in done and "compte.txt" in done
    download = client.get(f"/taches/{job.pk}/fichier/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"5 lignes\n"
    assert 'filename="compte.txt"' in download["Content-Disposition"]


def test_a_crashed_workers_job_is_run_again_once(worker_backend):
    job, _ = job_request(kind="tests.count", key="crash", label="Compte")
    # A worker took it, then died (kill -9): the job stays "running" and stops beating.
    long_ago = timezone.now() - dt.timedelta(minutes=10)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, heartbeat_at=long_ago, attempts=1)
    call_command("worker", batch=True, verbosity=0)  # its old task was claimed already: nothing to do
    # …but the housekeeping at the worker's start queued it again and ran it.
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert ran == [job.pk]
    assert job.attempts == 2
    assert jobs_recover() == []  # nothing left to recover: never run twice more


def test_a_job_interrupted_three_times_is_given_up_with_a_french_reason(worker_backend):
    job, _ = job_request(kind="tests.count", key="abandon", label="Compte")
    long_ago = timezone.now() - dt.timedelta(minutes=10)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, heartbeat_at=long_ago, attempts=3)

    assert jobs_recover() == []

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "Abandonnée après 3 tentatives interrompues."


def test_a_running_job_is_never_run_by_a_second_worker():
    job, _ = job_request(kind="tests.count", key="deux-workers", label="Compte")  # run at once in tests
    assert ran == [job.pk]
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)

    assert job_run(job.pk) is None  # a second claim finds it taken
    assert ran == [job.pk]


def test_failures_are_told_in_french_without_internals(client):
    expected, _ = job_request(
        kind="tests.fails", key="a", label="Import", params={"expected": True}, is_public=True
    )
    unexpected, _ = job_request(kind="tests.fails", key="b", label="Import", is_public=True)

    expected.refresh_from_db()
    unexpected.refresh_from_db()
    assert expected.status == unexpected.status == JobStatus.FAILED
    page = client.get(f"/taches/{expected.pk}/").content.decode()
    assert "Échec" in page and "Le fichier envoyé est vide." in page
    page = client.get(f"/taches/{unexpected.pk}/").content.decode()
    assert "Une erreur inattendue l&#x27;a interrompue." in page
    assert "internal detail" not in page


def test_a_private_job_is_its_requesters_only(client):
    owner, other = UserFactory(role=Role.ANALYST), UserFactory(role=Role.ANALYST)
    job, _ = job_request(kind="tests.count", key="prive", label="Export", user=owner)

    for url in (f"/taches/{job.pk}/", f"/taches/{job.pk}/etat.json", f"/taches/{job.pk}/fichier/"):
        assert client.get(url).status_code == 404  # anonymous
        client.force_login(other)
        assert client.get(url).status_code == 404
        client.force_login(owner)
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:  # read it (the test client then closes the file)
            b"".join(response.streaming_content)
        client.logout()


def test_an_unknown_kind_is_refused_before_anything_is_queued():
    with pytest.raises(LookupError, match="Type de tâche inconnu"):
        job_request(kind="tests.nothing", label="Rien")
    assert not Job.objects.exists()

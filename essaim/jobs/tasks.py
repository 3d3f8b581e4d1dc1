"""The one task the worker runs for every job: the job's own row says what to do."""

from django_tasks import task

from essaim.jobs.services import job_run


@task()
def job_run_task(job_id: int) -> None:
    job_run(job_id)

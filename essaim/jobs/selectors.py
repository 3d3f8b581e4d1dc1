"""Who may follow a job and download what it made."""

from django.http import Http404

from essaim.accounts.abilities import can_administer
from essaim.jobs.models import Job


def job_visible_to(job: Job, user) -> bool:
    if job.is_public:
        return True
    if user is None or not user.is_authenticated:
        return False
    return job.requested_by_id == user.pk or can_administer(user)


def job_get_for(*, user, pk: int) -> Job:
    job = Job.objects.filter(pk=pk).first()
    # Someone else's job is "not found", not "forbidden": its existence is nobody else's business.
    if job is None or not job_visible_to(job, user):
        raise Http404("Tâche introuvable.")
    return job


def job_state(job: Job) -> dict:
    """What the page's script shows while it waits (French labels, no internals)."""
    return {
        "etat": job.status,
        "libelle_etat": job.get_status_display(),
        "etape": job.step,
        "fait": job.done,
        "total": job.total,
        "unite": job.unit,
        "pourcentage": job.percent,
        "erreur": job.error,
        "fichier": job.result_name if job.result_file else "",
    }

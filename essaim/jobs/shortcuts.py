"""For views that offer a long export: the file at once when it is already made, else the page of
the job that makes it (joined if somebody already asked)."""

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from essaim.jobs.services import job_done_for, job_request


def prepared_file_or_job(
    request: HttpRequest,
    *,
    kind: str,
    key: str,
    label: str,
    params: dict | None = None,
    is_public: bool = False,
) -> HttpResponse:
    if not is_public:
        # A private file is its requester's: another person asking makes (and sees) their own.
        key = f"{key}:u{request.user.pk}"
    done = job_done_for(kind=kind, key=key)
    if done is not None:
        job, path = done
        response = FileResponse(
            path.open("rb"), as_attachment=True, filename=job.result_name, content_type=job.result_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
    job, created = job_request(
        kind=kind, key=key, label=label, params=params, user=request.user, is_public=is_public
    )
    url = reverse("jobs:detail", args=[job.pk])
    return redirect(url if created else f"{url}?deja=1", permanent=False)

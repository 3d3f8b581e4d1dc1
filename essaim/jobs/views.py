"""A job's page: its progress while it runs, then the link to what it made."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from essaim.jobs.registry import follow_for
from essaim.jobs.selectors import job_get_for, job_state
from essaim.jobs.services import job_result_path


@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = job_get_for(user=request.user, pk=pk)
    context = {"job": job, "joined": request.GET.get("deja") == "1", "follow": follow_for(job)}
    return render(request, "jobs/job_detail.html", context)


@require_GET
def job_state_json(request: HttpRequest, pk: int) -> JsonResponse:
    job = job_get_for(user=request.user, pk=pk)
    response = JsonResponse(job_state(job))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = job_get_for(user=request.user, pk=pk)
    path = job_result_path(job)
    if path is None:
        raise Http404("Ce fichier n'est pas (ou plus) disponible.")
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=job.result_name, content_type=job.result_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response

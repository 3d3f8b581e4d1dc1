"""Views of the analysts' inbox (placeholder until the inbox is built)."""

from django.http import HttpRequest, HttpResponse


def candidate_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Boîte de réception")

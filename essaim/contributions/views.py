"""Views of the calls for contributions (placeholder until they are built)."""

from django.http import HttpRequest, HttpResponse


def home(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Contribuer")


def space(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Mon espace")

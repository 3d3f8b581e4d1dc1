"""Answers outside the ninja API object: unknown API paths get a JSON 404 too."""

from django.http import HttpRequest, JsonResponse

from essaim.api.errors import error_response


def not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    return error_response(404, "Cette adresse ne correspond à aucune ressource de l'API.", "introuvable")

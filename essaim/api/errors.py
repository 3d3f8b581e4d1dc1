"""Every API error is JSON with a French message: `{"erreur": "…", "code": "…"}`."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError


class ErrorOut(Schema):
    erreur: str
    code: str
    details: list[str] | None = None


class ApiError(Exception):
    """An error answered as JSON with its HTTP status."""

    def __init__(self, status: int, message: str, code: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.code, self.details = status, message, code, details


def error_response(
    status: int, message: str, code: str, details: list[str] | None = None, **headers: str
) -> JsonResponse:
    body: dict[str, Any] = {"erreur": message, "code": code}
    if details:
        body["details"] = details
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _where(error: dict[str, Any]) -> str:
    location = [str(part) for part in error.get("loc", ()) if part not in {"query", "path", "filters"}]
    return location[0] if location else "requête"


def _validation_details(exc: ValidationError) -> list[str]:
    return [f"Valeur invalide pour « {_where(error)} »." for error in exc.errors]


def install_handlers(api: NinjaAPI) -> None:
    """French JSON for validation errors (400, not ninja's 422), unknown objects and the rest."""

    @api.exception_handler(ApiError)
    def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return error_response(exc.status, exc.message, exc.code, exc.details)

    @api.exception_handler(ValidationError)
    def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return error_response(400, "Paramètres invalides.", "parametres_invalides", _validation_details(exc))

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(404, "Ressource introuvable.", "introuvable")

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return error_response(exc.status_code, "Requête refusée.", "requete_refusee")


# Documented on every operation so that clients (and schemathesis) know the error shapes.
ERROR_RESPONSES: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 429: ErrorOut}

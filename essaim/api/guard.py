"""What every API URL does around its view: CORS, the reader's token, the rate limit.

Applied to the URL patterns (essaim.api.urls), so that no endpoint can forget it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse

from essaim.api.access import reader_for
from essaim.api.errors import ApiError, error_response
from essaim.api.limits import limit_for, over_limit

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, OPTIONS",
    "Access-Control-Allow-Headers": "Authorization",
    "Access-Control-Max-Age": "86400",
}


def _with_cors(response: HttpResponse) -> HttpResponse:
    for name, value in CORS_HEADERS.items():
        response[name] = value
    return response


def guarded(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":  # CORS preflight (a token in Authorization needs one)
            return _with_cors(HttpResponse(status=204))
        try:
            reader = reader_for(request)
        except ApiError as error:
            return _with_cors(error_response(error.status, error.message, error.code))
        wait = over_limit(request, reader)
        if wait:
            message = (
                f"Trop de requêtes : au plus {limit_for(reader)} par minute. "
                f"Réessayez dans {wait} seconde{'s' if wait > 1 else ''}."
            )
            return _with_cors(error_response(429, message, "trop_de_requetes", Retry_After=str(wait)))
        request.api_reader = reader  # type: ignore[attr-defined]
        response = view(request, *args, **kwargs)
        if reader.token is not None:
            response["Cache-Control"] = "private, no-store"
            response["Vary"] = "Authorization"
        return _with_cors(response)

    return wrapper

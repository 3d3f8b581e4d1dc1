"""Cache of whole result pages for visitors (who all see the same thing).

The key holds the index generation, so a page is never served after the directory changed;
a short lifetime covers what the index does not track (a theme relabelled in the admin).
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from essaim.search.sync import generation

LIFETIME_SECONDS = 300


def cached_for_visitors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "GET" or request.user.is_authenticated or messages.get_messages(request):
            return view(request, *args, **kwargs)
        partial = request.headers.get("X-Essaim-Partial", "")
        name = getattr(view, "__name__", type(view).__name__)
        raw = f"{name}|{generation()}|{partial}|{request.get_full_path()}"
        key = "page:" + hashlib.sha256(raw.encode()).hexdigest()
        cached = cache.get(key)
        if cached is not None:
            content, content_type, vary = cached
            response = HttpResponse(content, content_type=content_type)
            if vary:
                response["Vary"] = vary
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies:
            cache.set(
                key, (response.content, response["Content-Type"], response.get("Vary", "")), LIFETIME_SECONDS
            )
        return response

    return wrapper

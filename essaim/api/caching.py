"""Answers to anonymous readers, cached like the directory's pages for visitors.

Everyone without a token reads the same public data, so an answer is kept under the search
index generation (never served after the directory changed). The guard has already checked the
rate limit and the token; readers with a token are never served from the cache.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse

from essaim.portal.page_cache import cached_for_visitors


def cached_for_anonymous(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    cached = cached_for_visitors(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        reader = getattr(request, "api_reader", None)
        if reader is not None and reader.token is None and "Authorization" not in request.headers:
            return cached(request, *args, **kwargs)
        return view(request, *args, **kwargs)

    return wrapper

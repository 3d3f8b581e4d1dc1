"""Rate limiting with Django's cache: a fixed one-minute window per token, or per IP address."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from essaim.api.access import Reader

WINDOW_SECONDS = 60
# Requests per minute; settings may raise them (a partner platform) or lower them (tests).
VISITOR_LIMIT = 120
TOKEN_LIMIT = 1200


def limit_for(reader: Reader) -> int:
    if reader.token is not None:
        return int(getattr(settings, "ESSAIM_API_TOKEN_RATE_LIMIT", TOKEN_LIMIT))
    return int(getattr(settings, "ESSAIM_API_RATE_LIMIT", VISITOR_LIMIT))


def _client_key(request: HttpRequest, reader: Reader) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is written by the client unless a trusted proxy sets it.
    who = (
        f"token:{reader.token.pk}"
        if reader.token is not None
        else f"ip:{request.META.get('REMOTE_ADDR', '')}"
    )
    return f"essaim:api:rate:{who}"


def over_limit(request: HttpRequest, reader: Reader) -> int:
    """0 if this request may go on; else the seconds to wait before the next window."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"{_client_key(request, reader)}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr: count this request as the first
        cache.set(key, 1, timeout=WINDOW_SECONDS + 5)
        count = 1
    if count <= limit_for(reader):
        return 0
    return max(1, int((window + 1) * WINDOW_SECONDS - now))

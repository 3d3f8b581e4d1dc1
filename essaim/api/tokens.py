"""Create, check and revoke API tokens (the admin and the API both go through here)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.utils import timezone

from essaim.api.models import ApiToken

TOKEN_PREFIX = "essaim_"  # noqa: S105 (a marker, not a secret: it tells a token at a glance)
# Refresh `last_used_at` at most this often, so that reads do not write at every request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=5)


def token_hash(raw: str) -> str:
    """SHA-256 suffices: tokens are 256 random bits, not passwords that could be guessed."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def token_create(*, owner, name: str) -> tuple[ApiToken, str]:
    """A new token for `owner`; returns it with the raw value, which is never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(owner=owner, name=name, prefix=raw[:12], key_hash=token_hash(raw))
    return token, raw


def token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_authenticate(raw: str) -> ApiToken | None:
    """The live token with this value, or None (unknown, forged, revoked or inactive owner)."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("owner").filter(key_hash=token_hash(raw)).first()
    if token is None or token.is_revoked or not token.owner.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token

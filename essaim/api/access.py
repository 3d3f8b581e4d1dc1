"""Who is reading: a visitor (public data only) or a staff member with a valid token."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from essaim.accounts.abilities import can_see_unpublished
from essaim.api.errors import ApiError
from essaim.api.models import ApiToken
from essaim.api.tokens import token_authenticate


@dataclass(frozen=True)
class Reader:
    user: object  # the token's owner, or AnonymousUser
    token: ApiToken | None = None

    @property
    def staff(self) -> bool:
        return can_see_unpublished(self.user)


VISITOR = Reader(user=AnonymousUser())


def reader_for(request: HttpRequest) -> Reader:
    """The reader of this request; a token that is sent must be valid (never silently ignored)."""
    header = request.headers.get("Authorization", "")
    if not header:
        return VISITOR
    scheme, _, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        raise ApiError(401, "En-tête Authorization invalide : utilisez « Bearer <jeton> ».", "jeton_invalide")
    token = token_authenticate(raw.strip())
    if token is None:
        raise ApiError(401, "Jeton inconnu ou révoqué.", "jeton_invalide")
    return Reader(user=token.owner, token=token)


def reader_of(request: HttpRequest) -> Reader:
    """The reader the guard attached to this request."""
    return getattr(request, "api_reader", VISITOR)

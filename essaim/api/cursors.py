"""Opaque, signed cursors for the initiatives list.

The list is in a total order over a unique key (publication time, then id, newest first). A
cursor holds the position reached and the ids of the last items served: the next page starts
right after the last of them still listed, wherever it now stands, so pages never repeat or
skip an item even when others are published or withdrawn meanwhile. It is signed, so a client
cannot forge one, and bound to its search, so it cannot be replayed on another one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core import signing

SALT = "essaim.api.cursor"


@dataclass(frozen=True)
class Cursor:
    offset: int  # items served so far
    last_ids: tuple[int, ...]  # the last items served, the very last first


class BadCursor(ValueError):
    pass


def search_key(parts: list[tuple[str, str]]) -> str:
    """A short digest of the search a cursor belongs to."""
    return hashlib.sha256(repr(sorted(parts)).encode()).hexdigest()[:12]


def cursor_encode(cursor: Cursor, *, search: str) -> str:
    encoded: str = signing.dumps([cursor.offset, list(cursor.last_ids), search], salt=SALT, compress=False)
    return encoded


def cursor_decode(value: str, *, search: str) -> Cursor:
    """The cursor, or BadCursor if it was altered, made up, or issued for another search."""
    try:
        offset, last_ids, for_search = signing.loads(value, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadCursor("Curseur invalide.") from error
    if for_search != search:
        raise BadCursor("Ce curseur a été émis pour une autre recherche.")
    if not isinstance(offset, int) or offset < 0 or not all(isinstance(pk, int) for pk in last_ids):
        raise BadCursor("Curseur invalide.")
    return Cursor(offset=offset, last_ids=tuple(last_ids))

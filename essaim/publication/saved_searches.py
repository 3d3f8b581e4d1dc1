"""Saved searches: the one home of their writes, their reads (owner only) and unsubscribe tokens.

A saved search keeps the directory's query string (`SearchFilters.query_string`), cleaned of
unknown values, of the page, the sort and the staff-only status filter: alerts are about
published initiatives, whoever saved them.
"""

from __future__ import annotations

from dataclasses import replace

from django.core import signing
from django.db import transaction
from django.db.models import QuerySet
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone

from essaim.catalog.models import ActorType, EvidenceLevel, Public, Theme
from essaim.catalog.models.initiatives import PeriodChoices
from essaim.publication.models import Frequency, SavedSearch
from essaim.search.filters import FACETS, SearchFilters
from essaim.territories.models import Level, Territory

UNSUBSCRIBE_SALT = "essaim.publication.alertes.desabonnement"
YEARS = [str(year) for year in range(1990, 2036)]


class BadToken(Exception):
    """An unsubscribe link that was altered, made up, or whose search no longer exists."""


def facet_labels() -> dict[str, dict[str, str]]:
    """Every known value of the public facets with its French label (as the directory shows them)."""
    labels: dict[str, dict[str, str]] = {
        "theme": dict(Theme.objects.values_list("code", "label")),
        "public": dict(Public.objects.values_list("code", "label")),
        "region": {},
        "departement": {},
        "porteur": dict(ActorType.objects.values_list("code", "label")),
        "periode": dict(PeriodChoices.choices),
        "annee": {year: year for year in YEARS},
        "preuve": dict(EvidenceLevel.choices),
    }
    territories = Territory.objects.filter(level__in=[Level.REGION, Level.DEPARTEMENT], is_current=True)
    for level, code, name in territories.values_list("level", "code", "name"):
        labels[level][code] = f"{name} ({code})" if level == Level.DEPARTEMENT else name
    return labels


def filters_from_query(query: str, labels: dict[str, dict[str, str]] | None = None) -> SearchFilters:
    """The filters of a directory query string, known public values only, first page, no sort."""
    parsed = SearchFilters.from_params(QueryDict(query).getlist, allowed=labels or facet_labels())
    return replace(parsed, page=1, sort="")


def describe(filters: SearchFilters, labels: dict[str, dict[str, str]]) -> list[str]:
    """The search in French words: « texte », then each facet's selected labels."""
    parts = [f"« {filters.q} »"] if filters.q else []
    for facet in FACETS:
        values = filters.values(facet.key)
        if values:
            names = ", ".join(labels.get(facet.key, {}).get(value, value) for value in values)
            parts.append(f"{facet.label} : {names}")
    return parts or ["Toutes les initiatives publiées"]


def saved_searches_of(user) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user=user).order_by("name", "pk")


def saved_search_get_for(*, user, pk: int) -> SavedSearch:
    """One saved search of this person (404 for anyone else's, so they are not even revealed)."""
    return get_object_or_404(SavedSearch, pk=pk, user=user)


def saved_search_create(*, user, name: str, query: str, frequency: str) -> SavedSearch:
    """Save a search; its alert will report initiatives published from now on."""
    filters = filters_from_query(query)
    return SavedSearch.objects.create(
        user=user,
        name=name.strip(),
        query=filters.query_string(),
        frequency=frequency,
        checked_until=timezone.now(),
    )


def saved_search_update(*, saved: SavedSearch, name: str, frequency: str) -> SavedSearch:
    """Rename a saved search or change how often its alert is sent."""
    saved.name = name.strip()
    if frequency != saved.frequency and saved.frequency == Frequency.NONE:
        # An alert switched back on reports what is published from now on, not the backlog.
        saved.checked_until = timezone.now()
    saved.frequency = frequency
    saved.save(update_fields=["name", "frequency", "checked_until"])
    return saved


def saved_search_delete(*, saved: SavedSearch) -> None:
    saved.delete()


def unsubscribe_token(saved: SavedSearch) -> str:
    """A token naming this saved search and its owner, signed with the site's secret key."""
    return signing.dumps([saved.pk, saved.user_id], salt=UNSUBSCRIBE_SALT, compress=False)


def saved_search_from_token(token: str) -> SavedSearch:
    try:
        pk, user_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return SavedSearch.objects.select_related("user").get(pk=int(pk), user_id=int(user_id))
    except (signing.BadSignature, SavedSearch.DoesNotExist, TypeError, ValueError) as error:
        raise BadToken from error


@transaction.atomic
def saved_search_unsubscribe(*, saved: SavedSearch) -> SavedSearch:
    """Stop the alert's e-mails; the search itself stays saved (its owner may switch it back on)."""
    saved.frequency = Frequency.NONE
    saved.save(update_fields=["frequency"])
    return saved

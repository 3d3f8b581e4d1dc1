"""E-mail digests of saved searches: the initiatives published since the last digest that match.

`digests_send` is what `essaim send_alerts` runs (daily, by cron). A saved search is due once a
day or once a week; its new initiatives are those published after its watermark
(`checked_until`) that the directory's search service finds for its filters. The watermark moves
forward in the same transaction as the sending, so a second run sends nothing again, and a
failed sending is retried by the next run.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, replace

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from essaim.catalog.models import Initiative, Status
from essaim.core.site import site_url
from essaim.publication.models import Frequency, SavedSearch
from essaim.publication.saved_searches import describe, facet_labels, filters_from_query, unsubscribe_token
from essaim.search import service
from essaim.search.filters import SearchFilters

logger = logging.getLogger(__name__)

# How long after the previous check a search is due again (a little less than the period, so a
# cron that runs a few minutes early one day does not skip a day).
DUE_AFTER = {Frequency.DAILY: dt.timedelta(hours=20), Frequency.WEEKLY: dt.timedelta(days=6, hours=20)}
# Initiatives published in the last minutes wait for the next digest: a publication whose
# transaction commits just after the check would otherwise fall behind the watermark.
SETTLE = dt.timedelta(minutes=5)
WALK_PAGE_SIZE = 100
WALK_PAGES = 10  # at most 1,000 new initiatives are counted for one digest
LISTED = 20  # initiatives listed in an e-mail; the others are counted and linked to


@dataclass(frozen=True)
class NewMatches:
    initiatives: list[Initiative]  # the first LISTED, newest first
    total: int


@dataclass(frozen=True)
class DigestReport:
    checked: int
    sent: int


def saved_searches_due(now: dt.datetime) -> list[SavedSearch]:
    due = Q()
    for frequency, delay in DUE_AFTER.items():
        due |= Q(frequency=frequency, checked_until__lte=now - delay)
    return list(SavedSearch.objects.filter(due).order_by("pk"))


def new_matches(filters: SearchFilters, *, since: dt.datetime, until: dt.datetime) -> NewMatches:
    """Published initiatives matching `filters`, published in (since, until], newest first.

    Walks the search service's recency order page by page and stops at the first initiative
    published before `since`: everything after it is older still.
    """
    found: list[int] = []
    for page in range(1, WALK_PAGES + 1):
        outcome = service.search(
            replace(filters, page=page, sort="recent"),
            statuses=(Status.PUBLISHED,),
            page_size=WALK_PAGE_SIZE,
            facets=(),
        )
        moments = dict(
            Initiative.objects.filter(pk__in=outcome.ids, status=Status.PUBLISHED).values_list(
                "pk", "published_at"
            )
        )
        reached_older = False
        for pk in outcome.ids:
            moment = moments.get(pk)
            if moment is None:
                continue
            if moment <= since:
                reached_older = True
            elif moment <= until:
                found.append(pk)
        if reached_older or len(outcome.ids) < WALK_PAGE_SIZE:
            break
    listed = (
        Initiative.objects.filter(pk__in=found[:LISTED])
        .select_related("territory")
        .order_by("-published_at", "-pk")
    )
    return NewMatches(initiatives=list(listed), total=len(found))


def _message(saved: SavedSearch, matches: NewMatches, *, site: str, labels) -> EmailMultiAlternatives:
    filters = filters_from_query(saved.query, labels)
    unsubscribe = site + reverse("publication:unsubscribe", kwargs={"token": unsubscribe_token(saved)})
    query = replace(filters, sort="recent").query_string()
    context = {
        "saved": saved,
        "description": describe(filters, labels),
        "initiatives": [(item, site + item.get_absolute_url()) for item in matches.initiatives],
        "total": matches.total,
        "others": matches.total - len(matches.initiatives),
        "directory_url": f"{site}{reverse('portal:directory')}?{query}",
        "alerts_url": site + reverse("publication:alerts"),
        "unsubscribe_url": unsubscribe,
    }
    plural = "s" if matches.total > 1 else ""
    subject = f"Essaim — {matches.total} nouvelle{plural} initiative{plural} : {saved.name}"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("publication/email/digest.txt", context),
        to=[saved.user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string("publication/email/digest.html", context), "text/html")
    return message


def digest_send(saved: SavedSearch, *, now: dt.datetime, site: str, labels=None) -> bool:
    """Send this saved search's digest if anything new matches; move its watermark either way."""
    until = now - SETTLE
    with transaction.atomic():
        locked = SavedSearch.objects.select_for_update().select_related("user").get(pk=saved.pk)
        if locked.frequency == Frequency.NONE or locked.checked_until >= until:
            return False  # switched off, or checked meanwhile by another run
        labels = labels or facet_labels()
        matches = new_matches(
            filters_from_query(locked.query, labels), since=locked.checked_until, until=until
        )
        sent = bool(matches.total and locked.user.email and locked.user.is_active)
        if sent:
            _message(locked, matches, site=site, labels=labels).send()
            locked.last_sent_at = now
        locked.checked_until = until
        locked.save(update_fields=["checked_until", "last_sent_at"])
    return sent


def digests_send(*, now: dt.datetime | None = None, site: str | None = None) -> DigestReport:
    """Every due saved search: one e-mail per search with something new. A failure to send one
    is logged and retried next time; the others go on."""
    now = now or timezone.now()
    site = (site or site_url()).rstrip("/")
    labels = facet_labels()
    due = saved_searches_due(now)
    sent = 0
    for saved in due:
        try:
            sent += digest_send(saved, now=now, site=site, labels=labels)
        except Exception:  # one bad mailbox or SMTP hiccup must not stop the others
            logger.exception("Alerte n° %s non envoyée", saved.pk)
    return DigestReport(checked=len(due), sent=sent)

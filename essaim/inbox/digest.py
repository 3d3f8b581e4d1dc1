"""The analysts' daily digest: the candidates received since the previous one, counted per source.

`digest_send` is what the worker runs once a day (and `essaim inbox_digest` on demand). One
`Digest` row per day, created in the same transaction as the sending: a second run the same day
sends nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from essaim.accounts.models import User
from essaim.accounts.roles import Role
from essaim.core.site import site_url
from essaim.inbox.models import Candidate, CandidateStatus, Digest, Origin

LISTED = 30  # candidates listed in the e-mail; the others are counted
FIRST_WINDOW = dt.timedelta(days=1)  # what the very first digest covers


@dataclass(frozen=True)
class DigestOutcome:
    sent: bool
    candidates: int
    recipients: int
    reason: str = ""  # French, when nothing was sent


def analysts_emails() -> list[str]:
    people = User.objects.filter(Q(role__in=[Role.ANALYST, Role.ADMINISTRATOR]) | Q(is_superuser=True))
    return sorted({email for email in people.filter(is_active=True).values_list("email", flat=True) if email})


def _message(candidates: list[Candidate], total: int, *, to: list[str], site: str) -> EmailMultiAlternatives:
    origins = Counter(candidate.origin for candidate in candidates)
    provenances = Counter(candidate.campaign or candidate.get_origin_display() for candidate in candidates)
    context = {
        "total": total,
        "origins": [(label, origins[value]) for value, label in Origin.choices if origins[value]],
        "provenances": sorted(provenances.items(), key=lambda item: (-item[1], item[0])),
        "candidates": [
            (candidate, site + reverse("inbox:detail", kwargs={"pk": candidate.pk}))
            for candidate in candidates[:LISTED]
        ],
        "others": max(0, total - LISTED),
        "inbox_url": site + reverse("inbox:list"),
    }
    plural = "s" if total > 1 else ""
    message = EmailMultiAlternatives(
        subject=f"Essaim — veille : {total} nouveau{'x' if total > 1 else ''} candidat{plural} à traiter",
        body=render_to_string("inbox/email/digest.txt", context),
        to=to,
    )
    message.attach_alternative(render_to_string("inbox/email/digest.html", context), "text/html")
    return message


def digest_send(*, now: dt.datetime | None = None, site: str | None = None) -> DigestOutcome:
    """Send today's digest unless it was already sent today or nothing new arrived."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    site = (site or site_url()).rstrip("/")
    if Digest.objects.filter(day=today).exists():
        return DigestOutcome(False, 0, 0, "Le récapitulatif du jour a déjà été envoyé.")
    previous = Digest.objects.order_by("-sent_at").values_list("sent_at", flat=True).first()
    since = previous or now - FIRST_WINDOW
    new = Candidate.objects.filter(
        status=CandidateStatus.PENDING, received_at__gt=since, received_at__lte=now
    ).order_by("-received_at", "-pk")
    candidates = list(new)
    recipients = analysts_emails()
    if not candidates:
        return DigestOutcome(
            False, 0, len(recipients), "Aucun nouveau candidat depuis le précédent récapitulatif."
        )
    if not recipients:
        return DigestOutcome(False, len(candidates), 0, "Aucun analyste n'a d'adresse de courriel.")
    try:
        with transaction.atomic():
            Digest.objects.create(
                day=today, sent_at=now, candidates=len(candidates), recipients=len(recipients)
            )
            _message(candidates, len(candidates), to=recipients, site=site).send()
    except IntegrityError:  # another run created today's row meanwhile
        return DigestOutcome(False, 0, 0, "Le récapitulatif du jour a déjà été envoyé.")
    return DigestOutcome(True, len(candidates), len(recipients))

"""The public crisis form: a very short report by anyone, straight to the analysts' inbox.

No account: robots are kept out by a honeypot field (its reports are silently dropped), a rate
limit per client address and size limits. Enrichment happens later, in the inbox.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.cache import cache

from essaim.contributions.models import Campaign
from essaim.inbox.models import Origin
from essaim.inbox.services import CandidateData, Provenance, candidate_receive
from essaim.territories.models import Territory

RATE_LIMIT = 5  # reports per client address…
RATE_WINDOW = 60 * 60  # …per hour
MAX_BODY_BYTES = 64 * 1024
SUMMARY_CHARS = 600

RATE_LIMITED = (
    "Vous avez déjà envoyé plusieurs signalements depuis cette connexion : merci de réessayer dans une heure."
)
BODY_TOO_LARGE = "Ce signalement est trop long : raccourcissez la description (5 000 caractères au plus)."


def rate_limit_hit(client: str) -> bool:
    """Count one report from `client`; True when it went past the limit of the hour."""
    key = f"contributions:crise:{client}"
    cache.add(key, 0, RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, RATE_WINDOW)
        count = 1
    return count > RATE_LIMIT


@dataclass(frozen=True)
class CrisisReport:
    title: str
    description: str
    place_text: str
    territory: Territory | None = None
    actor: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""


def _summary(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= SUMMARY_CHARS:
        return text
    return text[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"


def crisis_receive(*, campaign: Campaign, report: CrisisReport):
    """Put a crisis report in the inbox under a key of its own; the inbox candidate."""
    return candidate_receive(
        origin=Origin.CRISIS,
        origin_key=f"crise:{uuid.uuid4()}",
        data=CandidateData(
            title=report.title,
            summary=_summary(report.description),
            description=report.description,
            territory=report.territory,
            place_text=report.place_text,
            lead_actor_name=report.actor,
            contact_name=report.contact_name,
            contact_email=report.contact_email,
            contact_phone=report.contact_phone,
            raw_text=f"{report.title}\n\n{report.description}\n\n{report.place_text}",
        ),
        provenance=Provenance(
            label=f"Formulaire de crise « {campaign.title} »",
            campaign=campaign.title,
            contributor=report.contact_name,
        ),
    )

"""Receiving candidates into the inbox: the one entry point of the watch, contributions and crisis form.

Decisions (accept, merge, reject) are in `decisions.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from essaim.inbox.enrich import derived_fields
from essaim.inbox.models import Candidate, CandidateStatus, Origin

if TYPE_CHECKING:
    from essaim.catalog.models import Initiative
    from essaim.territories.models import Territory


@dataclass(frozen=True)
class CandidateData:
    """A reported initiative, as typed by a contributor or extracted by the watch."""

    title: str
    summary: str
    description: str = ""
    territory: Territory | None = None
    place_text: str = ""  # where, as typed (crisis form); geotagged when no territory
    lead_actor_name: str = ""
    lead_actor_type_code: str = ""  # catalog.ActorType code
    partners: str = ""
    theme_codes: tuple[str, ...] = ()
    public_codes: tuple[str, ...] = ()
    start_date: date | None = None
    end_date: date | None = None
    staff: str = ""
    budget: Decimal | None = None
    funding: str = ""
    results: str = ""
    contact_name: str = ""
    contact_role: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    links: tuple[str, ...] = ()
    raw_text: str = ""
    source_url: str = ""
    publisher: str = ""
    published_on: date | None = None


@dataclass(frozen=True)
class Provenance:
    """Who reported the candidate: shown in the inbox and kept on the source once accepted."""

    label: str  # e.g. "Campagne « Confinement 2020 » — Marie Dupont, Département du Nord"
    campaign: str = ""
    contributor: str = ""
    organisation: str = ""


_TEXT_FIELDS = (
    "title",
    "summary",
    "description",
    "place_text",
    "lead_actor_name",
    "lead_actor_type_code",
    "partners",
    "staff",
    "funding",
    "results",
    "contact_name",
    "contact_role",
    "contact_email",
    "contact_phone",
    "raw_text",
    "source_url",
    "publisher",
)


def _fit(field: str, value: str) -> str:
    """Text cut to the column's length: a long title must not make a report fail."""
    value = (value or "").strip()
    limit = Candidate._meta.get_field(field).max_length
    return value[:limit] if limit else value


def _fill(candidate: Candidate, data: CandidateData, provenance: Provenance) -> None:
    for name in _TEXT_FIELDS:
        setattr(candidate, name, _fit(name, getattr(data, name)))
    candidate.territory = data.territory
    candidate.theme_codes = list(dict.fromkeys(data.theme_codes))
    candidate.public_codes = list(dict.fromkeys(data.public_codes))
    candidate.links = [link.strip() for link in data.links if link and link.strip()]
    candidate.start_date = data.start_date
    candidate.end_date = data.end_date
    candidate.budget = data.budget
    candidate.published_on = data.published_on
    candidate.provenance_label = _fit("provenance_label", provenance.label)
    candidate.campaign = _fit("campaign", provenance.campaign)
    candidate.contributor = _fit("contributor", provenance.contributor)
    candidate.organisation = _fit("organisation", provenance.organisation)


def enrichment_schedule(candidate: Candidate) -> None:
    """Enrich in the background once the candidate is committed."""
    from essaim.inbox.tasks import candidate_enrich_task

    pk = candidate.pk
    transaction.on_commit(lambda: candidate_enrich_task.enqueue(pk), robust=True)


@transaction.atomic
def candidate_receive(
    *,
    origin: str,
    origin_key: str,
    data: CandidateData,
    provenance: Provenance,
    target: Initiative | None = None,
    enrich: bool = True,
) -> Candidate:
    """Put a report in the inbox, or update the one already received under `origin_key`.

    Idempotent: the same key never makes a second candidate. A decided candidate received again
    (a contributor's correction) is reopened as pending; when it had produced or been merged into
    an initiative, accepting it again updates that initiative. `target` names the initiative a
    report is about, when its sender knows it. Enrichment runs in the background after commit,
    unless `enrich` is false: the sender enriches its candidates together (`candidates_enrich`).
    """
    if origin not in Origin.values:
        raise ValidationError(f"Origine de candidat inconnue : « {origin} ».", code="unknown_origin")
    origin_key = (origin_key or "").strip()
    if not origin_key or len(origin_key) > Candidate._meta.get_field("origin_key").max_length:
        raise ValidationError("Identifiant d'origine manquant ou trop long.", code="bad_origin_key")
    if not (data.title or "").strip():
        raise ValidationError("Un candidat doit avoir un titre.", code="no_title")

    candidate = Candidate.objects.select_for_update().filter(origin_key=origin_key).first()
    if candidate is None:
        candidate = Candidate(origin=origin, origin_key=origin_key)
    elif not candidate.is_pending:
        if candidate.status in {CandidateStatus.ACCEPTED, CandidateStatus.MERGED}:
            candidate.revision += 1  # its new source will not overwrite the earlier one
        candidate.status = CandidateStatus.PENDING
        candidate.reason = ""
        candidate.decided_by = None
        candidate.decided_at = None
        candidate.received_at = timezone.now()  # back at the top of the inbox and in the digest
    if target is not None:
        candidate.initiative = target
    _fill(candidate, data, provenance)
    candidate.enriched_at = None
    derived_fields(candidate)
    candidate.save()
    if enrich:
        enrichment_schedule(candidate)
    return candidate

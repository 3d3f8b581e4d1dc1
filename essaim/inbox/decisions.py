"""Deciding on a candidate: accept (create or update an initiative), merge into one, or reject.

Each decision locks the candidate's row (`select_for_update`): when two analysts decide at once,
the second gets a French message naming the first. Every decision sends `candidate_decided`
inside its transaction, so that listeners (contributions) notify people only if it commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from essaim.catalog.models import ActorType, Initiative, InitiativeLink, Public, SourceKind, Status, Theme
from essaim.catalog.services import (
    ActorData,
    InitiativeData,
    SourceData,
    actor_get_or_create,
    initiative_create,
    initiative_set_themes,
    initiative_transition,
    source_add,
    territory_resolve,
)
from essaim.enrichment.classify import ASSERTED
from essaim.enrichment.store import classifier_load
from essaim.inbox.models import Candidate, CandidateStatus, Origin
from essaim.inbox.partners import partners_parse
from essaim.inbox.signals import candidate_decided
from essaim.territories.models import Territory

REASON_MAX = 2000


@dataclass(frozen=True)
class AcceptEdits:
    """The labels as the analyst leaves them on the accept form (pre-filled by `accept_defaults`)."""

    title: str
    summary: str
    territory: Territory | None
    theme_codes: tuple[str, ...]
    public_codes: tuple[str, ...] = ()
    lead_actor_name: str = ""
    lead_actor_type_code: str = ""


@dataclass
class BulkReport:
    done: list[Candidate] = field(default_factory=list)
    failed: list[tuple[Candidate, str]] = field(default_factory=list)  # with the French reason


def _suggested_territory(candidate: Candidate) -> Territory | None:
    suggestion = (candidate.suggestions or {}).get("territory")
    if not suggestion:
        return None
    return Territory.objects.filter(level=suggestion["level"], code=suggestion["code"]).first()


def suggested_theme_codes(candidate: Candidate) -> tuple[str, ...]:
    """The themes typed in the report, or else the main suggested theme and the asserted others."""
    if candidate.theme_codes:
        return tuple(candidate.theme_codes)
    themes = (candidate.suggestions or {}).get("themes", [])
    return tuple(item["code"] for rank, item in enumerate(themes) if rank == 0 or item["score"] >= ASSERTED)


def suggested_public_codes(candidate: Candidate) -> tuple[str, ...]:
    if candidate.public_codes:
        return tuple(candidate.public_codes)
    publics = (candidate.suggestions or {}).get("publics", [])
    return tuple(item["code"] for item in publics if item["score"] >= ASSERTED)


def suggested_actor_type(candidate: Candidate) -> str:
    if candidate.lead_actor_type_code:
        return candidate.lead_actor_type_code
    actor = (candidate.suggestions or {}).get("actor_type")
    return actor["code"] if actor and actor["score"] >= ASSERTED else ""


def accept_defaults(candidate: Candidate) -> AcceptEdits:
    """What accepting would keep if the analyst changed nothing: the report, completed by the
    suggestions where it is silent."""
    return AcceptEdits(
        title=candidate.title,
        summary=candidate.summary or candidate.description[:1000] or candidate.title,
        territory=candidate.territory or _suggested_territory(candidate),
        theme_codes=suggested_theme_codes(candidate),
        public_codes=suggested_public_codes(candidate),
        lead_actor_name=candidate.lead_actor_name,
        lead_actor_type_code=suggested_actor_type(candidate),
    )


def _lock(candidate: Candidate) -> Candidate:
    """The candidate's row, locked until the end of the transaction; refused if already decided."""
    locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if not locked.is_pending:
        who = str(locked.decided_by) if locked.decided_by_id else "une autre personne"
        raise ValidationError(
            f"Ce candidat a déjà été traité par {who} ({locked.get_status_display().lower()}).",
            code="already_decided",
        )
    return locked


def _source(candidate: Candidate) -> SourceData:
    kind = SourceKind.WATCH if candidate.origin == Origin.WATCH else SourceKind.CONTRIBUTION
    url = candidate.source_url if candidate.source_url.startswith(("http://", "https://")) else ""
    raw = candidate.raw_text or "\n\n".join(
        part for part in (candidate.title, candidate.summary, candidate.description) if part
    )
    return SourceData(
        kind=kind,
        url=url,
        publisher=candidate.publisher or candidate.organisation,
        title=candidate.provenance_label or candidate.title,
        published_on=candidate.published_on,
        raw_text=raw,
        external_key=candidate.source_key,
    )


def _links_add(initiative: Initiative, candidate: Candidate) -> None:
    known = set(initiative.links.values_list("url", flat=True))
    for url in candidate.links:
        if url not in known and url.startswith(("http://", "https://")):
            link = InitiativeLink(initiative=initiative, url=url[:500])
            link.full_clean()
            link.save()
            known.add(url)


def _actor(edits: AcceptEdits) -> ActorData | None:
    if edits.lead_actor_name.strip() and edits.lead_actor_type_code:
        return ActorData(edits.lead_actor_name.strip()[:200], edits.lead_actor_type_code, edits.territory)
    return None


def _decided(
    candidate: Candidate, *, status: str, by, initiative: Initiative | None, reason: str = ""
) -> None:
    candidate.status = status
    candidate.reason = reason
    candidate.initiative = initiative
    candidate.decided_by = by
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "reason", "initiative", "decided_by", "decided_at", "updated_at"])
    candidate_decided.send(sender=Candidate, candidate=candidate)


def _bring_to(initiative: Initiative, *, publish: bool, by) -> None:
    """Qualified (or published): walk the lifecycle from wherever the initiative stands.

    An initiative already published stays published: correcting it must not withdraw it.
    """
    steps = {
        Status.DRAFT: [Status.SUBMITTED, Status.QUALIFIED],
        Status.SUBMITTED: [Status.QUALIFIED],
        Status.ARCHIVED: [Status.QUALIFIED],
    }.get(initiative.status, [])
    if publish and initiative.status != Status.PUBLISHED:
        steps = [*steps, Status.PUBLISHED]
    for step in steps:
        initiative_transition(initiative=initiative, to_status=step, by=by)


def _current(initiative: Initiative) -> Initiative:
    """Follow merges: a report about a merged initiative updates the one it was merged into."""
    seen = set()
    while initiative.status == Status.MERGED and initiative.merged_into_id and initiative.pk not in seen:
        seen.add(initiative.pk)
        initiative = Initiative.objects.get(pk=initiative.merged_into_id)
    return initiative


def _check_edits(edits: AcceptEdits) -> None:
    errors: dict[str, list[str]] = {}
    if not edits.title.strip():
        errors["title"] = ["Indiquez le titre de l'initiative."]
    if not edits.summary.strip():
        errors["summary"] = ["Indiquez un résumé."]
    if edits.territory is None:
        errors["territory"] = ["Indiquez le territoire de l'initiative (aucun n'a été trouvé dans le texte)."]
    if not edits.theme_codes:
        errors["main_theme"] = ["Choisissez la thématique principale."]
    if edits.lead_actor_name.strip() and not edits.lead_actor_type_code:
        errors["lead_actor_type"] = ["Indiquez le type du porteur."]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def candidate_accept(
    *, candidate: Candidate, by, edits: AcceptEdits | None = None, publish: bool = False
) -> Initiative:
    """Accept a candidate: a new initiative (qualified, or published), or, for a candidate reopened
    with `initiative` set, an update of that initiative. Either way it gets the candidate's source."""
    candidate = _lock(candidate)
    edits = edits or accept_defaults(candidate)
    _check_edits(edits)
    assert edits.territory is not None  # noqa: S101 (checked above, for the type checker)
    if candidate.initiative_id:
        initiative = _update(_current(candidate.initiative), candidate=candidate, edits=edits, by=by)
        _bring_to(initiative, publish=publish, by=by)
    else:
        data = InitiativeData(
            title=edits.title,
            summary=edits.summary,
            territory_level=edits.territory.level,
            territory_code=edits.territory.code,
            theme_codes=list(edits.theme_codes),
            public_codes=list(edits.public_codes),
            description=candidate.description,
            lead_actor=_actor(edits),
            start_date=candidate.start_date,
            end_date=candidate.end_date,
            staff=candidate.staff,
            budget=float(candidate.budget) if candidate.budget is not None else None,
            funding=candidate.funding,
            results=candidate.results,
            contact_name=candidate.contact_name,
            contact_email=candidate.contact_email,
            contact_phone=candidate.contact_phone,
            sources=(_source(candidate),),
            partners=_partners(candidate),
        )
        initiative = initiative_create(
            data=data, by=by, status=Status.PUBLISHED if publish else Status.QUALIFIED
        )
        if candidate.contact_role:
            initiative.contact_role = candidate.contact_role[:200]
            initiative.save(update_fields=["contact_role", "updated_at"])
    _links_add(initiative, candidate)
    _decided(candidate, status=CandidateStatus.ACCEPTED, by=by, initiative=initiative)
    return initiative


# What a correction replaces when the candidate has it (empty fields never erase anything).
_UPDATED = (
    "description",
    "start_date",
    "end_date",
    "staff",
    "budget",
    "funding",
    "results",
    "contact_name",
    "contact_role",
    "contact_email",
    "contact_phone",
)


def _update(initiative: Initiative, *, candidate: Candidate, edits: AcceptEdits, by) -> Initiative:
    """Apply a corrected report to its initiative; the history keeps every earlier value."""
    assert edits.territory is not None  # noqa: S101
    initiative.title = edits.title.strip()
    initiative.summary = edits.summary.strip()
    initiative.territory = territory_resolve(edits.territory.level, edits.territory.code)
    for name in _UPDATED:
        value = getattr(candidate, name)
        if value not in ("", None):
            setattr(initiative, name, value)
    actor = _actor(edits)
    if actor is not None:
        initiative.lead_actor = actor_get_or_create(actor)
    initiative.full_clean()
    initiative.save()
    themes = _ordered(Theme, edits.theme_codes, "Thématique")
    initiative_set_themes(initiative=initiative, themes=themes)
    initiative.publics.set(_ordered(Public, edits.public_codes, "Public"))
    _partners_add(initiative, candidate)
    source_add(initiative=initiative, data=_source(candidate))
    return initiative


def _partners(candidate: Candidate) -> tuple[ActorData, ...]:
    return partners_parse(candidate.partners, classifier_load()) if candidate.partners.strip() else ()


def _partners_add(initiative: Initiative, candidate: Candidate) -> None:
    """A report's partners join the initiative's (none is ever removed by a report)."""
    if partners := _partners(candidate):
        initiative.partners.add(*[actor_get_or_create(partner) for partner in partners])


def _ordered(model, codes: Iterable[str], noun: str) -> list:
    codes = list(dict.fromkeys(codes))
    found = {item.code: item for item in model.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        listed = ", ".join(f"« {code} »" for code in unknown)
        raise ValidationError(f"{noun} inconnue(s) dans la nomenclature : {listed}.", code="unknown_code")
    return [found[code] for code in codes]


# --- Merge ---------------------------------------------------------------------------------------

# Fields the analyst may take from the candidate when merging it into an initiative, in the order
# of the side-by-side view.
MERGE_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "Titre"),
    ("summary", "Résumé"),
    ("description", "Description"),
    ("territory", "Territoire"),
    ("lead_actor", "Porteur"),
    ("themes", "Thématiques"),
    ("publics", "Publics"),
    ("start_date", "Date de début"),
    ("end_date", "Date de fin"),
    ("staff", "Moyens humains"),
    ("budget", "Budget (€)"),
    ("funding", "Financements"),
    ("results", "Résultats observés"),
    ("contact_name", "Personne à contacter"),
    ("contact_role", "Fonction du contact"),
    ("contact_email", "Courriel du contact"),
    ("contact_phone", "Téléphone du contact"),
)
MERGE_FIELD_NAMES = frozenset(name for name, _ in MERGE_FIELDS)
_PLAIN = ("title", "summary", *_UPDATED)  # fields copied as they are


def candidate_values(candidate: Candidate) -> dict[str, Any]:
    """The candidate's side of the side-by-side view (labels completed by the suggestions)."""
    defaults = accept_defaults(candidate)
    values: dict[str, Any] = {name: getattr(candidate, name) for name in _PLAIN}
    values["territory"] = defaults.territory
    actor_label = ""
    if defaults.lead_actor_name:
        type_label = (
            ActorType.objects.filter(code=defaults.lead_actor_type_code)
            .values_list("label", flat=True)
            .first()
        )
        actor_label = f"{defaults.lead_actor_name} ({type_label})" if type_label else defaults.lead_actor_name
    values["lead_actor"] = actor_label
    themes = {theme.code: theme.label for theme in Theme.objects.filter(code__in=defaults.theme_codes)}
    values["themes"] = ", ".join(themes.get(code, code) for code in defaults.theme_codes)
    publics = {public.code: public.label for public in Public.objects.filter(code__in=defaults.public_codes)}
    values["publics"] = ", ".join(publics.get(code, code) for code in defaults.public_codes)
    return values


def initiative_values(initiative: Initiative) -> dict[str, Any]:
    """The initiative's side of the side-by-side view."""
    values: dict[str, Any] = {name: getattr(initiative, name) for name in _PLAIN}
    values["territory"] = initiative.territory
    actor = initiative.lead_actor
    values["lead_actor"] = f"{actor.name} ({actor.type.label})" if actor else ""
    values["themes"] = ", ".join(link.theme.label for link in initiative.theme_links.select_related("theme"))
    values["publics"] = ", ".join(public.label for public in initiative.publics.all())
    return values


@transaction.atomic
def candidate_merge(
    *, candidate: Candidate, target: Initiative, by, take: Iterable[str] = (), note: str = ""
) -> Initiative:
    """Merge a candidate into an existing initiative: its source is added, and the fields named in
    `take` are taken from the candidate (the others stay as they are; the history keeps the old
    values)."""
    candidate = _lock(candidate)
    target = Initiative.objects.select_for_update().get(pk=target.pk)
    if target.status == Status.MERGED:
        raise ValidationError(
            "Cette initiative a été fusionnée dans une autre : fusionnez plutôt le candidat dans celle-ci.",
            code="merged_target",
        )
    take = set(take)
    unknown = take - MERGE_FIELD_NAMES
    if unknown:
        raise ValidationError(f"Champ(s) inconnu(s) : {', '.join(sorted(unknown))}.", code="unknown_field")
    defaults = accept_defaults(candidate)
    changed: list[str] = []
    for name in _PLAIN:
        value = getattr(candidate, name)
        if name in take and value not in ("", None):
            setattr(target, name, value.strip() if isinstance(value, str) else value)
            changed.append(name)
    if "territory" in take and defaults.territory is not None:
        target.territory = defaults.territory
        changed.append("territory")
    if "lead_actor" in take and (actor := _actor(defaults)) is not None:
        target.lead_actor = actor_get_or_create(actor)
        changed.append("lead_actor")
    if changed:
        target.full_clean()
        target.save(update_fields=[*changed, "updated_at"])
    if "themes" in take and defaults.theme_codes:
        initiative_set_themes(initiative=target, themes=_ordered(Theme, defaults.theme_codes, "Thématique"))
    if "publics" in take and defaults.public_codes:
        target.publics.set(_ordered(Public, defaults.public_codes, "Public"))
    _partners_add(target, candidate)
    source_add(initiative=target, data=_source(candidate))
    _links_add(target, candidate)
    _decided(candidate, status=CandidateStatus.MERGED, by=by, initiative=target, reason=note.strip())
    return target


# --- Reject and bulk -----------------------------------------------------------------------------


@transaction.atomic
def candidate_reject(*, candidate: Candidate, by, reason: str) -> Candidate:
    """Reject a candidate; the reason is required (the contributor may read it)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Indiquez le motif du rejet."]})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": [f"Le motif ne doit pas dépasser {REASON_MAX} caractères."]})
    candidate = _lock(candidate)
    _decided(
        candidate, status=CandidateStatus.REJECTED, by=by, initiative=candidate.initiative, reason=reason
    )
    return candidate


def candidates_decide(
    *, candidates: Iterable[Candidate], action: str, by, reason: str = "", publish: bool = False
) -> BulkReport:
    """Accept (with the suggested labels) or reject several candidates, each in its own transaction:
    one that cannot be decided is reported and the others go on."""
    if action not in {"accept", "reject"}:
        raise ValidationError("Action groupée inconnue.", code="unknown_action")
    if action == "reject" and not (reason or "").strip():
        raise ValidationError({"reason": ["Indiquez le motif du rejet."]})
    report = BulkReport()
    for candidate in candidates:
        try:
            if action == "accept":
                candidate_accept(candidate=candidate, by=by, publish=publish)
            else:
                candidate_reject(candidate=candidate, by=by, reason=reason)
        except ValidationError as error:
            report.failed.append((candidate, " ".join(error.messages)))
        else:
            report.done.append(candidate)
    return report


def merge_choices(data: Mapping[str, str]) -> set[str]:
    """The fields a side-by-side form asks to take from the candidate (`field=candidat`)."""
    return {name for name in MERGE_FIELD_NAMES if data.get(name) == "candidat"}

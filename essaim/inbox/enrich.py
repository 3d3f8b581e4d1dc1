"""Enrichment of a candidate: territory, themes, publics, actor type and near duplicates.

Adapts the pure engine of `essaim.enrichment` (geotagger, classifier, duplicate scorer) to the
candidates. Duplicates are looked for in a cheap set: the directory's initiatives and the pending
candidates of the same département, plus what the search service finds for the title, scored
together in a `DuplicateIndex` (every pair of so small a set is compared).
"""

from __future__ import annotations

import functools
import logging
from collections import OrderedDict
from typing import Any

from django.db import DatabaseError
from django.db.models import Count, Max, Q
from django.utils import timezone

from essaim.catalog.models import ActorType, Initiative, Public, Status, Theme
from essaim.enrichment.classify import ASSERTED, Classification, Classifier
from essaim.enrichment.dedupe import DuplicateIndex, Record
from essaim.enrichment.geotag import GeoResult, Geotagger
from essaim.inbox.models import Candidate, CandidateStatus
from essaim.territories.models import Level, Territory

logger = logging.getLogger(__name__)

SCORE_DIGITS = 3
NEIGHBOURS = 300  # initiatives (and as many candidates) of the same département compared at most
SEARCHED = 20  # initiatives the search service adds for the title
DUPLICATES = 5  # suggestions kept
DUPLICATE_MIN_SCORE = 0.22  # the scorer's own threshold (`dedupe.DEFAULT_THRESHOLD`)


def _classifier() -> Classifier:
    from essaim.enrichment.store import classifier_current

    try:
        return classifier_current()
    except DatabaseError:  # tables not migrated yet: the vendored lexicons still work
        return Classifier.default()


# What a duplicate check reads of a pending candidate (not its suggestions: JSON to decode).
_CANDIDATE_READ = (
    "title",
    "summary",
    "description",
    "place_text",
    "lead_actor_name",
    "raw_text",
    "lead_actor_type_code",
    "start_date",
    "territory__level",
    "territory__code",
    "territory__departement__code",
)


def candidate_text(candidate: Candidate) -> str:
    """The text the engine reads: everything the report says about the initiative."""
    parts = [candidate.summary, candidate.description, candidate.place_text, candidate.lead_actor_name]
    if not candidate.summary and not candidate.description:
        parts.append(candidate.raw_text)
    return "\n".join(part for part in parts if part)


def _departement_of(territory: Territory | None) -> str:
    if territory is None:
        return ""
    if territory.level == Level.DEPARTEMENT:
        return territory.code
    if territory.level == Level.COMMUNE:
        return territory.departement_code
    if territory.departement_id:
        return territory.departement.code
    return ""


def _territory_suggestion(geo: GeoResult) -> tuple[dict[str, Any] | None, Territory | None]:
    place = geo.best
    if place is None:
        return None, None
    territory = (
        Territory.objects.select_related("departement").filter(level=place.level, code=place.code).first()
    )
    if territory is None:
        return None, None
    evidence = [p.evidence for p in geo.places if p.evidence][:5] or [place.evidence]
    return (
        {
            "level": territory.level,
            "code": territory.code,
            "name": str(territory),
            "score": round(place.score, SCORE_DIGITS),
            "evidence": evidence,
        },
        territory,
    )


def _labels(found, taxonomy) -> list[dict[str, Any]]:
    names = dict(taxonomy.objects.values_list("code", "label"))
    return [
        {
            "code": label.code,
            "label": names.get(label.code, label.code),
            "score": round(label.score, SCORE_DIGITS),
            "evidence": list(label.evidence),
        }
        for label in found
        if label.code in names
    ]


# What a duplicate check reads of an initiative: plain values, no model instances (thousands of
# rows per candidate when the watch imports a large file).
_INITIATIVE_VALUES = (
    "pk",
    "title",
    "summary",
    "description",
    "start_date",
    "territory__level",
    "territory__code",
    "territory__departement__code",
    "lead_actor__type__code",
)


@functools.lru_cache(maxsize=128)
def _territories_of(departement: str) -> tuple[int, ...]:
    """The département and the territories within it (the geography does not change while the
    site runs): initiatives are then found through their territory's index, not by a scan."""
    within = Q(departement__code=departement) | Q(level=Level.DEPARTEMENT, code=departement)
    return tuple(Territory.objects.filter(within).values_list("pk", flat=True))


Titles = dict[str, tuple[str, str, int]]  # record id -> (kind, title, pk), for the suggestions
# Per process: each département's index of its most recent initiatives, with the version of the
# directory it was built from (the watch asks about thousands of candidates of a few départements).
_INDEXES: OrderedDict[str, tuple[tuple, DuplicateIndex, Titles, frozenset[int]]] = OrderedDict()
_INDEXES_KEPT = 32


def _departement_index_built(
    departement: str, *, exclude: int | None = None
) -> tuple[DuplicateIndex, Titles]:
    index, titles = DuplicateIndex(), {}
    if not departement:
        return index, titles
    rows = (
        Initiative.objects.exclude(status=Status.MERGED)
        .filter(territory_id__in=_territories_of(departement))
        .exclude(pk=exclude)
        .order_by("-pk")
        .values(*_INITIATIVE_VALUES)[:NEIGHBOURS]
    )
    for row in rows:
        record = _record_of_initiative(row)
        index.add(record)
        titles[record.id] = ("initiative", row["title"], row["pk"])
    return index, titles


def _departement_index(departement: str) -> tuple[DuplicateIndex, Titles, frozenset[int]]:
    """A copy of the département's index (built again only when one of its initiatives was added,
    changed, merged or deleted), its titles, and the initiatives it holds."""
    if not departement:
        return DuplicateIndex(), {}, frozenset()
    version = tuple(
        Initiative.objects.exclude(status=Status.MERGED)
        .filter(territory_id__in=_territories_of(departement))
        .aggregate(count=Count("pk"), last=Max("pk"), edited=Max("updated_at"))
        .values()
    )
    cached = _INDEXES.get(departement)
    if cached is None or cached[0] != version:
        index, titles = _departement_index_built(departement)
        held = frozenset(pk for _, _, pk in titles.values())
        cached = _INDEXES[departement] = (version, index, titles, held)
        while len(_INDEXES) > _INDEXES_KEPT:
            _INDEXES.popitem(last=False)
    _INDEXES.move_to_end(departement)
    _, index, titles, held = cached
    return index.copy(), dict(titles), held


def _record_of_initiative(row: dict[str, Any]) -> Record:
    level, code = row["territory__level"], row["territory__code"]
    if level == Level.DEPARTEMENT:  # as _departement_of, on plain values
        departement = code
    elif level == Level.COMMUNE:  # Territory.departement_code, on the code
        departement = code[:3] if code[:2] in {"97", "98"} else code[:2]
    else:
        departement = row["territory__departement__code"]
    return Record(
        id=f"initiative:{row['pk']}",
        title=row["title"],
        text=f"{row['summary']}\n{row['description']}",
        departement_code=departement or None,
        commune_code=code if level == Level.COMMUNE else None,
        actor=row["lead_actor__type__code"],
        start=f"{row['start_date']:%Y-%m}" if row["start_date"] else None,
    )


def _record_of_candidate(
    candidate: Candidate, territory: Territory | None, actor: str | None, places: tuple[str, ...] = ()
) -> Record:
    return Record(
        id=f"candidate:{candidate.pk}",
        title=candidate.title,
        text=candidate_text(candidate),
        departement_code=_departement_of(territory) or None,
        commune_code=territory.code if territory and territory.level == Level.COMMUNE else None,
        actor=actor,
        start=f"{candidate.start_date:%Y-%m}" if candidate.start_date else None,
        places=places,
    )


def _searched_ids(title: str) -> list[int]:
    """Initiatives the search service finds for the title (the index may lag: best effort)."""
    from essaim.search import service
    from essaim.search.filters import SearchFilters

    statuses = tuple(status for status in Status.values if status != Status.MERGED)
    try:
        outcome = service.search(
            SearchFilters(q=title[:200]), statuses=statuses, page_size=SEARCHED, facets=(), suggest=False
        )
    except Exception:  # the index is a help here, never a reason to lose a candidate
        logger.warning("Recherche de doublons impossible pour « %s »", title, exc_info=True)
        return []
    return list(outcome.ids)


def duplicates_find(
    candidate: Candidate, *, territory: Territory | None, actor: str | None, places: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """Initiatives of the directory and pending candidates that may report the same initiative."""
    departement = _departement_of(territory)
    initiatives = Initiative.objects.exclude(status=Status.MERGED)
    index, titles, known = _departement_index(departement)
    searched = [pk for pk in _searched_ids(candidate.title) if pk not in known]
    neighbours = list(initiatives.filter(pk__in=searched).values(*_INITIATIVE_VALUES))
    if candidate.initiative_id in known:  # a correction is not a duplicate of what it corrects
        index, titles = _departement_index_built(departement, exclude=candidate.initiative_id)
    neighbours = [row for row in neighbours if row["pk"] != candidate.initiative_id]

    others = Candidate.objects.filter(status=CandidateStatus.PENDING).exclude(pk=candidate.pk)
    others = (
        others.filter(departement_code=departement) if departement else others.filter(departement_code="")
    )
    pending = list(
        others.select_related("territory__departement").only(*_CANDIDATE_READ).order_by("-pk")[:NEIGHBOURS]
    )

    for row in neighbours:
        record = _record_of_initiative(row)
        index.add(record)
        titles[record.id] = ("initiative", row["title"], row["pk"])
    for other in pending:
        record = _record_of_candidate(other, other.territory, other.lead_actor_type_code or None)
        index.add(record)
        titles[record.id] = ("candidate", other.title, other.pk)
    if not len(index):
        return []
    found = index.candidates(
        _record_of_candidate(candidate, territory, actor, places), DUPLICATES, min_score=DUPLICATE_MIN_SCORE
    )
    suggestions = []
    for key, scored in found:
        kind, title, pk = titles[key]
        suggestions.append(
            {
                "kind": kind,
                "id": pk,
                "title": title,
                "score": round(scored.score, SCORE_DIGITS),
                "reasons": list(scored.reasons),
            }
        )
    return suggestions


def _confidence(candidate: Candidate, suggestions: dict[str, Any]) -> float:
    """How sure the engine is of what the analyst must check: territory, main theme, actor type.

    What the report itself gives (a contributor picked the territory) counts as certain.
    """
    territory = 1.0 if candidate.territory_id else (suggestions["territory"] or {}).get("score", 0.0)
    themes = suggestions["themes"]
    theme = 1.0 if candidate.theme_codes else (themes[0]["score"] if themes else 0.0)
    actor_suggestion = suggestions["actor_type"] or {}
    actor = 1.0 if candidate.lead_actor_type_code else actor_suggestion.get("score", 0.0)
    return round((territory + theme + actor) / 3, SCORE_DIGITS)


def suggestions_compute(candidate: Candidate, *, classifier: Classifier | None = None) -> dict[str, Any]:
    """Every suggestion for this candidate, as stored in `Candidate.suggestions` (JSON)."""
    text = candidate_text(candidate)
    geo = Geotagger.vendored().tag(f"{candidate.title}\n{text}")
    labels: Classification = (classifier or _classifier()).classify(candidate.title, text)
    territory_suggestion, suggested = _territory_suggestion(geo)
    actor = labels.actor_type
    actor_types = _labels([actor] if actor else [], ActorType)
    territory = candidate.territory or suggested
    actor_code = candidate.lead_actor_type_code or (actor.code if actor and actor.score >= ASSERTED else None)
    places = tuple(place.evidence for place in geo.places)
    return {
        "territory": territory_suggestion,
        "themes": _labels(labels.themes, Theme),
        "publics": _labels(labels.publics, Public),
        "actor_type": actor_types[0] if actor_types else None,
        "duplicates": duplicates_find(candidate, territory=territory, actor=actor_code, places=places),
    }


def derived_fields(candidate: Candidate) -> None:
    """Fill the fields the inbox filters on, from the report and the suggestions."""
    suggestions = candidate.suggestions or {}
    territory = candidate.territory
    departement = _departement_of(territory) if territory else ""
    if not departement and suggestions.get("territory"):
        level, code = suggestions["territory"]["level"], suggestions["territory"]["code"]
        suggested = Territory.objects.select_related("departement").filter(level=level, code=code).first()
        departement = _departement_of(suggested)
    candidate.departement_code = departement
    codes = list(candidate.theme_codes) or [
        item["code"]
        for rank, item in enumerate(suggestions.get("themes", []))
        if rank == 0 or item["score"] >= ASSERTED
    ]
    candidate.theme_index = (" " + " ".join(codes) + " ")[:600] if codes else ""
    candidate.has_duplicate = bool(suggestions.get("duplicates"))


def candidate_enrich(candidate: Candidate, *, classifier: Classifier | None = None) -> Candidate:
    """Compute and store the suggestions, the confidence and the fields derived from them."""
    candidate.suggestions = suggestions_compute(candidate, classifier=classifier)
    candidate.confidence = _confidence(candidate, candidate.suggestions)
    candidate.enriched_at = timezone.now()
    derived_fields(candidate)
    Candidate.objects.filter(pk=candidate.pk).update(
        suggestions=candidate.suggestions,
        confidence=candidate.confidence,
        enriched_at=candidate.enriched_at,
        departement_code=candidate.departement_code,
        theme_index=candidate.theme_index,
        has_duplicate=candidate.has_duplicate,
    )
    _point_back(candidate)
    return candidate


def _point_back(candidate: Candidate) -> None:
    """A pending candidate this one resembles learns it too: the earlier one was enriched alone."""
    for item in candidate.suggestions.get("duplicates", []):
        if item["kind"] != "candidate":
            continue
        other = Candidate.objects.filter(pk=item["id"], status=CandidateStatus.PENDING).first()
        if other is None:
            continue
        suggestions = dict(other.suggestions or {})
        duplicates = [
            entry
            for entry in suggestions.get("duplicates", [])
            if not (entry["kind"] == "candidate" and entry["id"] == candidate.pk)
        ]
        duplicates.append({**item, "id": candidate.pk, "title": candidate.title})
        duplicates.sort(key=lambda entry: -entry["score"])
        suggestions["duplicates"] = duplicates[:DUPLICATES]
        Candidate.objects.filter(pk=other.pk).update(suggestions=suggestions, has_duplicate=True)

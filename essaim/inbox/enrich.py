"""Enrichment of candidates: territory, themes, publics, actor type and near duplicates.

Adapts the pure engine of `essaim.enrichment` (geotagger, classifier, duplicate scorer) to the
candidates. Duplicates are looked for in a cheap set: the directory's initiatives and the pending
candidates of the same département, plus what the search service finds for the titles, scored
together in a `DuplicateIndex`. Candidates are enriched in batches (a file's hundreds of rows at
once): one index per département answers for all of its candidates.
"""

from __future__ import annotations

import functools
import logging
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, transaction
from django.db.models import Max, Q
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
_CHUNK = 500  # ids per query
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


class _Lookups:
    """What enriching reads of the database besides the candidates, read once per batch: the
    taxonomies' labels and the territories found (the geography does not change meanwhile)."""

    def __init__(self, *, labels: bool = True) -> None:
        self.labels = {
            taxonomy: dict(taxonomy.objects.values_list("code", "label")) if labels else {}
            for taxonomy in (Theme, Public, ActorType)
        }
        self._territories: dict[tuple[str, str], Territory | None] = {}

    def territory(self, level: str, code: str) -> Territory | None:
        key = (level, code)
        if key not in self._territories:
            self._territories[key] = (
                Territory.objects.select_related("departement").filter(level=level, code=code).first()
            )
        return self._territories[key]


def _territory_suggestion(
    geo: GeoResult, lookups: _Lookups
) -> tuple[dict[str, Any] | None, Territory | None]:
    place = geo.best
    if place is None:
        return None, None
    territory = lookups.territory(place.level, place.code)
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


def _labels(found, names: dict[str, str]) -> list[dict[str, Any]]:
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
_INDEXES_KEPT = 110  # every département (~6 kB a record, under 200 MB in all)


def _departement_index_built(departement: str) -> tuple[DuplicateIndex, Titles]:
    index, titles = DuplicateIndex(), {}
    if not departement:
        return index, titles
    rows = (
        Initiative.objects.exclude(status=Status.MERGED)
        .filter(territory_id__in=_territories_of(departement))
        .order_by("-pk")
        .values(*_INITIATIVE_VALUES)[:NEIGHBOURS]
    )
    for row in rows:
        record = _record_of_initiative(row)
        index.add(record)
        titles[record.id] = ("initiative", row["title"], row["pk"])
    return index, titles


def _directory_version() -> tuple:
    """Changes whenever an initiative is added, changed, merged or deleted (three small queries;
    counting one département's initiatives through its territories took 8 ms on SQLite)."""
    # Apart: SQLite reads a lone MAX() from an index, several in one query by a scan.
    initiatives = Initiative.objects.order_by()
    last = initiatives.aggregate(last=Max("pk"))["last"]
    edited = initiatives.aggregate(edited=Max("updated_at"))["edited"]
    return initiatives.count(), last, edited


def _departement_index(departement: str, version: tuple) -> tuple[DuplicateIndex, Titles, frozenset[int]]:
    """A copy of the département's index (built again only when an initiative was added, changed,
    merged or deleted since), its titles, and the initiatives it holds."""
    if not departement:
        return DuplicateIndex(), {}, frozenset()
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
        region_code=code if level == Level.REGION else None,
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
        region_code=territory.code if territory and territory.level == Level.REGION else None,
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


# Per process: each département's pending candidates as duplicate records, with the time each was
# last saved (read again once changed): a file's candidates are compared with the same hundreds.
_PENDING: dict[str, dict[int, tuple[Any, Record, str]]] = {}


def _pending_records(departement: str, ours: set[int], theirs: int) -> list[tuple[int, Record, str]]:
    """The département's most recent pending candidates but ours (`theirs` of which may be among
    them, their département not derived yet): (pk, record, title)."""
    others = Candidate.objects.filter(status=CandidateStatus.PENDING, departement_code=departement)
    # The batch's own are left out in Python: thousands of ids would make a slow query.
    current = [
        (pk, saved)
        for pk, saved in others.order_by("-pk").values_list("pk", "updated_at")[: NEIGHBOURS + theirs]
        if pk not in ours
    ][:NEIGHBOURS]
    known = _PENDING.setdefault(departement, {})
    stale = [pk for pk, saved in current if pk not in known or known[pk][0] != saved]
    if stale:
        rows = Candidate.objects.filter(pk__in=stale).select_related("territory__departement")
        for other in rows.only(*_CANDIDATE_READ, "updated_at"):
            record = _record_of_candidate(other, other.territory, other.lead_actor_type_code or None)
            known[other.pk] = (other.updated_at, record, other.title)
    wanted = {pk for pk, _ in current}
    for pk in [pk for pk in known if pk not in wanted]:
        del known[pk]
    return [(pk, known[pk][1], known[pk][2]) for pk, _ in current if pk in known]


@dataclass
class _Analysis:
    """What the engine found in one candidate, before its duplicates are looked for."""

    candidate: Candidate
    suggestions: dict[str, Any]
    territory: Territory | None  # the report's own, else the one found in its text
    actor: str | None  # the report's actor type, else the one suggested if asserted
    places: tuple[str, ...]  # place names the text cites

    @property
    def departement(self) -> str:
        return _departement_of(self.territory)

    @property
    def key(self) -> str:
        return f"candidate:{self.candidate.pk}"

    def record(self) -> Record:
        return _record_of_candidate(self.candidate, self.territory, self.actor, self.places)


def _analysis(candidate: Candidate, classifier: Classifier, lookups: _Lookups) -> _Analysis:
    text = candidate_text(candidate)
    geo = Geotagger.vendored().tag(f"{candidate.title}\n{text}")
    labels: Classification = classifier.classify(candidate.title, text, epcis=geo.epci_names())
    territory_suggestion, suggested = _territory_suggestion(geo, lookups)
    actor = labels.actor_type
    named = classifier.actor_of_name(candidate.lead_actor_name) if candidate.lead_actor_name else None
    if named is not None and named.score >= ASSERTED:  # the report names its lead: « CCAS de Roubaix »
        actor = named
    actor_types = _labels([actor] if actor else [], lookups.labels[ActorType])
    asserted_actor = actor.code if actor and actor.score >= ASSERTED else None
    return _Analysis(
        candidate=candidate,
        suggestions={
            "territory": territory_suggestion,
            "themes": _labels(labels.themes, lookups.labels[Theme]),
            "publics": _labels(labels.publics, lookups.labels[Public]),
            "actor_type": actor_types[0] if actor_types else None,
            "duplicates": [],
        },
        territory=candidate.territory or suggested,
        actor=candidate.lead_actor_type_code or asserted_actor,
        places=geo.cited_names(),
    )


def _duplicates_of_departement(
    departement: str, group: list[_Analysis], ours: set[int], batch: Counter[str], version: tuple
) -> None:
    """Fill the duplicates of candidates of one département: the département's index of the
    directory, its other pending candidates, what the search service finds for their titles and
    the candidates of the group themselves, compared together."""
    index, titles, known = _departement_index(departement, version)
    pending = _pending_records(departement, ours, batch[departement])
    for pk, record, title in pending:
        index.add(record)
        titles[record.id] = ("candidate", title, pk)
    compared = len(index)  # the directory and pending candidates: each candidate is compared with all
    hits = {analysis.key: _searched_ids(analysis.candidate.title) for analysis in group}
    searched = sorted({pk for found in hits.values() for pk in found} - known)
    initiatives = Initiative.objects.exclude(status=Status.MERGED)
    for start in range(0, len(searched), _CHUNK):  # a large file's titles find thousands
        rows = initiatives.filter(pk__in=searched[start : start + _CHUNK]).order_by("pk")
        for row in rows.values(*_INITIATIVE_VALUES):
            record = _record_of_initiative(row)
            index.add(record)
            titles[record.id] = ("initiative", row["title"], row["pk"])
    for analysis in group:
        index.add(analysis.record())
        titles[analysis.key] = ("candidate", analysis.candidate.title, analysis.candidate.pk)
    found = index.neighbours(
        [analysis.key for analysis in group],
        DUPLICATES + 1,
        min_score=DUPLICATE_MIN_SCORE,
        compared=compared,
        also={key: [f"initiative:{pk}" for pk in found] for key, found in hits.items()},
    )
    for analysis in group:
        # A correction is not a duplicate of the initiative it corrects.
        corrected = f"initiative:{analysis.candidate.initiative_id}"
        suggestions = []
        for key, scored in found.get(analysis.key, []):
            if key == corrected:
                continue
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
        analysis.suggestions["duplicates"] = suggestions[:DUPLICATES]


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


def derived_fields(candidate: Candidate, lookups: _Lookups | None = None) -> None:
    """Fill the fields the inbox filters on, from the report and the suggestions."""
    suggestions = candidate.suggestions or {}
    territory = candidate.territory
    departement = _departement_of(territory) if territory else ""
    if not departement and suggestions.get("territory"):
        level, code = suggestions["territory"]["level"], suggestions["territory"]["code"]
        departement = _departement_of((lookups or _Lookups(labels=False)).territory(level, code))
    candidate.departement_code = departement
    codes = list(candidate.theme_codes) or [
        item["code"]
        for rank, item in enumerate(suggestions.get("themes", []))
        if rank == 0 or item["score"] >= ASSERTED
    ]
    candidate.theme_index = (" " + " ".join(codes) + " ")[:600] if codes else ""
    candidate.has_duplicate = bool(suggestions.get("duplicates"))


def candidates_enrich(
    candidates: Iterable[Candidate],
    *,
    classifier: Classifier | None = None,
    on_done: Callable[[int], None] | None = None,
) -> list[Candidate]:
    """Compute and store the suggestions, confidence and derived fields of these candidates.

    Enriched together (the watch sends a file's candidates at once): the taxonomies and places
    are read once, and the candidates of one département are compared in one index, with each
    other too. `on_done(count)` reports progress, a département at a time.
    """
    candidates = list(candidates)
    if not candidates:
        return []
    classifier = classifier or _classifier()
    lookups = _Lookups()
    groups: dict[str, list[_Analysis]] = {}
    for candidate in candidates:
        try:
            analysis = _analysis(candidate, classifier, lookups)
        except Exception:  # one bad candidate must not hold back the file: it stays unenriched
            logger.exception("Enrichment of candidate %s failed", candidate.pk)
            continue
        groups.setdefault(analysis.departement, []).append(analysis)
    ours = {candidate.pk for candidate in candidates}
    stored = Counter(candidate.departement_code for candidate in candidates)  # before this enrichment
    version = _directory_version()  # once a batch: a change meanwhile is seen by the next one
    enriched: list[Candidate] = []
    for departement, group in groups.items():
        try:
            _duplicates_of_departement(departement, group, ours, stored, version)
            done = group
        except Exception:
            logger.exception("Duplicate search failed for %s candidates of %r", len(group), departement)
            done = [one for one in group if _duplicates_alone(departement, one, ours, stored, version)]
        enriched += _store(done, lookups)
        if on_done is not None:
            on_done(len(group))
    return enriched


def _duplicates_alone(
    departement: str, analysis: _Analysis, ours: set[int], stored: Counter[str], version: tuple
) -> bool:
    """The duplicate search of one candidate, when that of its group failed (logged)."""
    try:
        _duplicates_of_departement(departement, [analysis], ours, stored, version)
    except Exception:
        logger.exception("Enrichment of candidate %s failed", analysis.candidate.pk)
        return False
    return True


def _store(group: list[_Analysis], lookups: _Lookups) -> list[Candidate]:
    """Write what was found, unless the candidate changed meanwhile (decided, or received again:
    its new content is enriched by its own task); the candidates written."""
    now = timezone.now()
    written = []
    with transaction.atomic():
        for analysis in group:
            candidate = analysis.candidate
            candidate.suggestions = analysis.suggestions
            candidate.confidence = _confidence(candidate, candidate.suggestions)
            candidate.enriched_at = now
            derived_fields(candidate, lookups)
            unchanged = Candidate.objects.filter(
                pk=candidate.pk, status=CandidateStatus.PENDING, updated_at=candidate.updated_at
            )
            if unchanged.update(
                suggestions=candidate.suggestions,
                confidence=candidate.confidence,
                enriched_at=candidate.enriched_at,
                departement_code=candidate.departement_code,
                theme_index=candidate.theme_index,
                has_duplicate=candidate.has_duplicate,
            ):
                written.append(analysis)
    # Apart from the transaction: two runs pointing at each other's candidates must not each
    # hold a row the other waits for.
    _point_back(written)
    return [analysis.candidate for analysis in written]


ENRICH_BATCH = 2_000  # candidates enriched together at most (memory stays bounded)


def candidates_enrich_ids(
    candidate_ids: Iterable[int], *, on_done: Callable[[int], None] | None = None
) -> int:
    """Enrich those of these candidates still pending and not enriched yet; how many were."""
    ids = list(dict.fromkeys(candidate_ids))
    classifier = _classifier() if ids else None
    enriched = 0
    for start in range(0, len(ids), ENRICH_BATCH):
        waiting = Candidate.objects.filter(
            pk__in=ids[start : start + ENRICH_BATCH],
            status=CandidateStatus.PENDING,
            enriched_at__isnull=True,
        ).select_related("territory__departement")
        enriched += len(candidates_enrich(waiting.order_by("pk"), classifier=classifier, on_done=on_done))
    return enriched


def candidate_enrich(candidate: Candidate, *, classifier: Classifier | None = None) -> Candidate:
    """Enrich one candidate (a contribution, a crisis report): `candidates_enrich` of one."""
    candidates_enrich([candidate], classifier=classifier)
    return candidate


def _point_back(group: list[_Analysis]) -> None:
    """A pending candidate these resemble learns it too: it was enriched before them. (Those of
    the group were compared with each other already.)"""
    ours = {analysis.candidate.pk for analysis in group}
    learnt: dict[int, list[tuple[Candidate, dict[str, Any]]]] = {}
    for analysis in group:
        for item in analysis.suggestions["duplicates"]:
            if item["kind"] == "candidate" and item["id"] not in ours:
                learnt.setdefault(item["id"], []).append((analysis.candidate, item))
    if not learnt:
        return
    others = Candidate.objects.filter(pk__in=learnt, status=CandidateStatus.PENDING).only("suggestions")
    for other in others:
        suggestions = dict(other.suggestions or {})
        duplicates = list(suggestions.get("duplicates", []))
        for candidate, item in learnt[other.pk]:
            duplicates = [
                entry
                for entry in duplicates
                if not (entry["kind"] == "candidate" and entry["id"] == candidate.pk)
            ]
            duplicates.append({**item, "id": candidate.pk, "title": candidate.title})
        duplicates.sort(key=lambda entry: -entry["score"])
        suggestions["duplicates"] = duplicates[:DUPLICATES]
        Candidate.objects.filter(pk=other.pk).update(suggestions=suggestions, has_duplicate=True)

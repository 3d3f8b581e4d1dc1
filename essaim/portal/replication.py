"""Essaimage on the public pages: practices proven in comparable territories, and the comparable
territories that do not have a practice yet.

Combines the territorial similarity (`territories.comparison`) with the catalogue's published
initiatives; only published initiatives are ever read here, whoever asks. Two initiatives are
*equivalent* when they share their primary theme and their texts are close (`text_likeness`):
the duplicate scorer of the enrichment engine answers another question (is it the *same*
initiative?) and penalises different départements, which is exactly the case here.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Case, FloatField, Q, Value, When

from essaim.catalog import selectors as catalog
from essaim.catalog.models import EvidenceLevel, Initiative, Theme
from essaim.search.analysis import STOPWORDS, stems
from essaim.territories.comparison import Comparable, comparables, similar_matches
from essaim.territories.models import Level, Territory
from essaim.territories.similarity import Match

EQUIVALENT_TEXT = 0.3  # cosine of the stemmed title + summary above which two practices match
CANDIDATE_POOL = 40  # comparable territories examined for a practice, before removing equivalents
ADOPTERS_SHOWN = 8
NEARBY_TERRITORIES = 30  # comparable territories whose practices a territory page lists
PRACTICES_SHOWN = 30
# Distance cut-offs a visitor may choose: URL value → (label, maximal distance).
PROXIMITY = {
    "tres": ("très proches", 0.35),
    "proches": ("proches", 0.7),
    "assez": ("assez proches", 1.2),
}
# Relevance of a practice besides similarity: how well its effects are known.
_EVIDENCE_BONUS = {EvidenceLevel.EVALUATED: 0.5, EvidenceLevel.DOCUMENTED: 0.25}
_EVIDENCE_FACTOR = Case(
    *(When(evidence_level=level, then=Value(1 + bonus)) for level, bonus in _EVIDENCE_BONUS.items()),
    default=Value(1.0),
    output_field=FloatField(),
)


def _terms(text: str) -> Counter[str]:
    return Counter(term for term in stems(text) if len(term) > 2 and term not in STOPWORDS)


def text_likeness(a: str, b: str) -> float:
    """Cosine (0-1) of the stemmed words of two texts, grammatical words left out."""
    ta, tb = _terms(a), _terms(b)
    dot = sum(count * tb[term] for term, count in ta.items() if term in tb)
    norm = math.sqrt(sum(c * c for c in ta.values())) * math.sqrt(sum(c * c for c in tb.values()))
    return dot / norm if norm else 0.0


# --- For a territory: practices proven in comparable territories ---------------------------------


@dataclass(frozen=True)
class Practice:
    initiative: Initiative
    comparable: Comparable
    score: float


@dataclass(frozen=True)
class ThemeGroup:
    theme: Theme | None
    practices: list[Practice] = field(default_factory=list)


def _within(level: str, ids: list[int]) -> Q:
    """Initiatives whose perimeter is one of these territories or lies inside one."""
    inside = {
        Level.EPCI: Q(territory__epci_id__in=ids),
        Level.DEPARTEMENT: Q(territory__departement_id__in=ids),
    }.get(level, Q(pk__in=[]))
    return Q(territory_id__in=ids) | inside


def _similarity(level: str, by_id: dict[int, Comparable]) -> Case:
    """1 / (1 + distance) of the comparable territory an initiative belongs to: its own perimeter
    first, then the EPCI or département containing it (as `_within` finds them)."""
    fields = [
        "territory_id",
        *{Level.EPCI: ["territory__epci_id"], Level.DEPARTEMENT: ["territory__departement_id"]}.get(
            level, []
        ),
    ]
    return Case(
        *(
            When(**{field: pk}, then=Value(1 / (1 + comparable.distance)))
            for field in fields
            for pk, comparable in by_id.items()
        ),
        default=Value(0.0),
        output_field=FloatField(),
    )


def practices_nearby(
    nearby: list[Comparable],
    *,
    level: str,
    user,
    theme_code: str = "",
    proximity: str = "",
) -> list[ThemeGroup]:
    """Published initiatives of these comparable territories (of `level`), grouped by primary theme.

    Ranked by similarity of their territory (1 / (1 + distance)), raised by their level of
    evidence (evaluated +50 %, documented +25 %); groups follow their best practice. `proximity`
    (a `PROXIMITY` key) drops the territories beyond its distance.
    """
    if proximity in PROXIMITY:
        nearby = [c for c in nearby if c.distance <= PROXIMITY[proximity][1]]
    if not nearby:
        return []
    by_id = {c.territory.pk: c for c in nearby}
    published = catalog.initiatives_published().filter(_within(level, list(by_id)))
    if theme_code:
        published = published.filter(theme_links__theme__code=theme_code)
    # Ranked by the database, which returns only the rows shown: a city's comparable cities may
    # hold thousands of practices, never loaded here.
    rows = (
        published.annotate(score=_similarity(level, by_id) * _EVIDENCE_FACTOR)
        .order_by("-score", "-pk")
        .values_list("pk", "score", "territory_id", "territory__epci_id", "territory__departement_id")
    )[:PRACTICES_SHOWN]
    shown: list[tuple[float, int, int]] = []
    for pk, score, territory_id, epci_id, departement_id in rows:
        owner = next(t for t in (territory_id, epci_id, departement_id) if t in by_id)
        shown.append((score, pk, owner))
    initiatives = {i.pk: i for i in catalog.initiatives_in_order(user=user, ids=[pk for _s, pk, _o in shown])}
    groups: dict[int | None, ThemeGroup] = {}
    for score, pk, owner in shown:
        initiative = initiatives.get(pk)
        if initiative is None:
            continue
        links = list(initiative.theme_links.all())
        theme = links[0].theme if links else None
        group = groups.setdefault(theme.pk if theme else None, ThemeGroup(theme))
        group.practices.append(Practice(initiative, by_id[owner], score))
    return list(groups.values())


def practice_themes() -> list[Theme]:
    """Themes a visitor may filter practices by."""
    return list(Theme.objects.filter(is_active=True))


# --- For a practice: comparable territories that could adopt it ----------------------------------


def _covering(territory: Territory) -> set[int]:
    """The territory and those containing it, whose initiatives reach it."""
    return {t for t in (territory.pk, territory.epci_id, territory.departement_id, territory.region_id) if t}


def adoption_candidates(
    initiative: Initiative,
    *,
    primary_theme_id: int | None,
    region_id: int | None = None,
    size: str | None = None,
) -> list[Comparable]:
    """Territories most like the practice's own (same level) where no equivalent is published yet.

    An equivalent reaches a territory when its perimeter is that territory, lies inside it, or
    contains it (a département-wide practice reaches each of its communes).
    """
    matches: list[Match] = similar_matches(
        initiative.territory, k=CANDIDATE_POOL, region_id=region_id, size=size
    )
    if not matches:
        return []
    candidates = comparables(matches)
    if primary_theme_id is None:
        return candidates[:ADOPTERS_SHOWN]
    ids = [c.territory.pk for c in candidates]
    reaching = set().union(*(_covering(c.territory) for c in candidates))
    rows = (
        catalog.initiatives_published()
        .filter(theme_links__position=0, theme_links__theme_id=primary_theme_id)
        .filter(Q(territory_id__in=reaching) | _within(initiative.territory.level, ids))
        .exclude(pk=initiative.pk)
        .values_list("territory_id", "territory__epci_id", "territory__departement_id", "title", "summary")
    )
    own_text = f"{initiative.title}. {initiative.summary}"
    covered: set[int] = set()
    for territory_id, epci_id, departement_id, title, summary in rows:
        if text_likeness(own_text, f"{title}. {summary}") < EQUIVALENT_TEXT:
            continue
        for candidate in candidates:
            if territory_id in _covering(candidate.territory) or candidate.territory.pk in {
                epci_id,
                departement_id,
            }:
                covered.add(candidate.territory.pk)
    return [c for c in candidates if c.territory.pk not in covered][:ADOPTERS_SHOWN]

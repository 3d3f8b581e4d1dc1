"""What the form suggests to a contributor: territories as they type, themes and publics read from
their text (with the words that justify them), and initiatives of the directory that look the same.

Suggestions only: the contributor confirms or ignores each of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import F, Q

from essaim.catalog.models import Initiative, Status
from essaim.enrichment.dedupe import DEFAULT_THRESHOLD, Record, pair_score
from essaim.enrichment.geotag import Geotagger
from essaim.enrichment.store import classifier_load
from essaim.territories.models import Level, Territory
from essaim.territories.names import normalize_name

AUTOCOMPLETE_LIMIT = 10
MIN_QUERY_CHARS = 2
SIMILAR_LIMIT = 3
SIMILAR_POOL = 200
# Alone, a pair has no population to weigh common words against: ask for more than the batch threshold.
SIMILAR_THRESHOLD = max(DEFAULT_THRESHOLD, 0.35)

_LEVELS = (Level.NATIONAL, Level.REGION, Level.DEPARTEMENT, Level.EPCI, Level.COMMUNE)
_WORD = re.compile(r"\w{5,}")


# --- Territories ---------------------------------------------------------------------------------


def territory_label(territory: Territory) -> str:
    """How a territory is written in the field: « Lille (59) », « Nord (59) », « France »."""
    return str(territory)


def territory_suggest(query: str, *, limit: int = AUTOCOMPLETE_LIMIT) -> list[Territory]:
    """Current territories of every level whose name starts like `query` (accents, case, hyphens and
    « St » ignored) or whose official code starts with it, most populous first; « France » for the
    national perimeter."""
    key = normalize_name(query)
    if len(key) < MIN_QUERY_CHARS:
        return []
    matches = Q(search_name__startswith=key)
    if key.replace(" ", "").isalnum() and any(char.isdigit() for char in key):
        matches = Q(code__startswith=key.replace(" ", "")) | Q(postal_codes__contains=key.replace(" ", ""))
    territories = (
        Territory.objects.filter(matches, is_current=True, level__in=_LEVELS)
        .select_related("departement")
        .order_by(F("population").desc(nulls_last=True), "level", "code")
    )
    return list(territories[:limit])


def territory_resolve(text: str) -> list[Territory]:
    """The territories a typed name may mean, exact names first (the form's fallback without
    JavaScript): one means found, several means « choose », none means « not found »."""
    from essaim.territories.selectors import territory_lookup

    label = text.strip()
    bare = re.sub(r"\s*\((\w{2,3})\)\s*$", "", label)  # « Lille (59) » as the autocompletion writes it
    found = territory_lookup(bare)
    if bare != label:
        code = label[len(bare) :].strip(" ()")
        narrowed = [t for t in found if code in {t.code, t.departement_code}]
        found = narrowed or found
    if not found and normalize_name(label) in {"national", "france entiere", "toute la france"}:
        found = list(Territory.objects.filter(level=Level.NATIONAL, is_current=True))
    return found


# --- Themes, publics, actor type -----------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    code: str
    score: float
    words: tuple[str, ...]  # the words of the text that justify it


@dataclass(frozen=True)
class LabelSuggestions:
    themes: dict[str, Suggestion]
    publics: dict[str, Suggestion]
    actor_type: Suggestion | None


NO_SUGGESTIONS = LabelSuggestions(themes={}, publics={}, actor_type=None)


def labels_suggest(*, title: str, summary: str, description: str = "") -> LabelSuggestions:
    """Themes, publics and actor type the enrichment classifier reads in the contributor's text
    (the main theme and those it asserts), with their evidence words."""
    text = "\n".join(part for part in (summary, description) if part)
    if not (title.strip() or text.strip()):
        return NO_SUGGESTIONS
    # An EPCI named in the text is an institution the actor type may be (« Grand Chambéry »).
    epcis = Geotagger.vendored().tag(f"{title}\n{text}").epci_names()
    labels = classifier_load().classify(title, text, epcis=epcis)
    actor = labels.actor_type
    return LabelSuggestions(
        themes={
            label.code: Suggestion(label.code, label.score, label.evidence)
            for label in labels.asserted_themes()
        },
        publics={
            label.code: Suggestion(label.code, label.score, label.evidence)
            for label in labels.asserted_publics()
        },
        actor_type=Suggestion(actor.code, actor.score, actor.evidence)
        if actor and actor.score >= 0.5
        else None,
    )


# --- Similar initiatives -------------------------------------------------------------------------


@dataclass(frozen=True)
class Similar:
    initiative: Initiative
    score: float
    reasons: tuple[str, ...]


def _codes(territory: Territory | None) -> tuple[str | None, str | None]:
    """(département code, commune code) of a territory, for the duplicate scorer."""
    if territory is None:
        return None, None
    if territory.level == Level.COMMUNE:
        return territory.departement_code, territory.code
    if territory.level == Level.DEPARTEMENT:
        return territory.code, None
    if territory.level == Level.EPCI and territory.departement_id:
        return territory.departement.code, None
    return None, None


def _record(key: str, title: str, text: str, territory: Territory | None, actor: str = "") -> Record:
    departement, commune = _codes(territory)
    return Record(
        id=key,
        title=title,
        text=text,
        departement_code=departement,
        commune_code=commune,
        actor=actor or None,
    )


def similar_initiatives(
    *, title: str, summary: str, territory: Territory | None, actor: str = "", limit: int = SIMILAR_LIMIT
) -> list[Similar]:
    """Published initiatives of the directory that may describe the same initiative, best first.

    The pool is the initiatives sharing a long word of the title or the département; each is then
    scored by the enrichment's duplicate scorer.
    """
    if not title.strip():
        return []
    words = sorted(set(_WORD.findall(title.lower())), key=len, reverse=True)[:3]
    pool = Q()
    for word in words:
        pool |= Q(title__icontains=word)
    departement, _ = _codes(territory)
    if departement:
        pool |= Q(territory__code__startswith=departement, territory__level=Level.COMMUNE)
        pool |= Q(territory__level=Level.DEPARTEMENT, territory__code=departement)
    if not pool:
        return []
    initiatives = (
        Initiative.objects.filter(pool, status=Status.PUBLISHED)
        .select_related("territory__departement", "lead_actor")
        .order_by("-pk")[:SIMILAR_POOL]
    )
    mine = _record("contribution", title, summary, territory, actor)
    found = []
    for initiative in initiatives:
        other = _record(
            str(initiative.pk),
            initiative.title,
            initiative.summary,
            initiative.territory,
            initiative.lead_actor.name if initiative.lead_actor else "",
        )
        scored = pair_score(mine, other)
        if scored.score >= SIMILAR_THRESHOLD:
            found.append(Similar(initiative, scored.score, scored.reasons))
    found.sort(key=lambda item: (-item.score, -item.initiative.pk))
    return found[:limit]

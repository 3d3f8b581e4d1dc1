"""What the open data says of an initiative: one flat record, public fields only.

The exports (CSV, JSON) and the API all build their rows here, so none of them can leak a
private field: contact persons, the raw text typed by a contributor and attachments are never
read. Lists (themes, publics, sources…) stay lists; each format decides how to write them.

Rows are read as plain values, a chunk at a time, with the referentials looked up in
dictionaries: building model instances would cost ten times more on a full export.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from essaim.catalog.models import (
    Actor,
    ActorType,
    EvidenceLevel,
    Initiative,
    InitiativeLink,
    InitiativeTheme,
    Public,
    Source,
    Theme,
)
from essaim.catalog.models.initiatives import PeriodChoices
from essaim.territories.models import Level, Territory

Record = dict[str, Any]

_INITIATIVE_FIELDS = (
    "pk",
    "title",
    "summary",
    "description",
    "results",
    "staff",
    "budget",
    "funding",
    "territory_id",
    "lead_actor_id",
    "start_date",
    "start_precision",
    "end_date",
    "crisis_period",
    "evidence_level",
    "published_at",
    "status",
)
_TERRITORY_FIELDS = ("pk", "level", "code", "name", "region_id", "departement_id", "epci_id")
_PERIOD_LABELS = dict(PeriodChoices.choices)
_EVIDENCE_LABELS = dict(EvidenceLevel.choices)


@dataclass(frozen=True)
class _Place:
    level: str
    code: str
    name: str
    region_id: int | None
    departement_id: int | None
    epci_id: int | None


@dataclass
class _Lookups:
    """Referentials read once per export; territories and actors as they are met."""

    themes: dict[int, tuple[str, str]] = field(default_factory=dict)
    publics: dict[int, tuple[int, str, str]] = field(default_factory=dict)
    actor_types: dict[int, tuple[str, str]] = field(default_factory=dict)
    places: dict[int, _Place] = field(default_factory=dict)
    actors: dict[int, tuple[str, int]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> _Lookups:
        return cls(
            themes={
                pk: (code, label) for pk, code, label in Theme.objects.values_list("pk", "code", "label")
            },
            publics={
                pk: (position, code, label)
                for pk, position, code, label in Public.objects.values_list("pk", "position", "code", "label")
            },
            actor_types={
                pk: (code, label) for pk, code, label in ActorType.objects.values_list("pk", "code", "label")
            },
        )

    def need_places(self, ids: Iterable[int | None]) -> None:
        """Load these territories and the région, département and EPCI they belong to."""
        missing = {pk for pk in ids if pk is not None and pk not in self.places}
        while missing:
            rows = Territory.objects.filter(pk__in=missing).values_list(*_TERRITORY_FIELDS)
            for pk, *values in rows:
                self.places[pk] = _Place(*values)
            parents = {
                parent
                for pk in missing
                if pk in self.places
                for parent in (
                    self.places[pk].region_id,
                    self.places[pk].departement_id,
                    self.places[pk].epci_id,
                )
            }
            missing = {pk for pk in parents if pk is not None and pk not in self.places}

    def need_actors(self, ids: Iterable[int | None]) -> None:
        missing = {pk for pk in ids if pk is not None and pk not in self.actors}
        if missing:
            rows = Actor.objects.filter(pk__in=missing).values_list("pk", "name", "type_id")
            self.actors.update({pk: (name, type_id) for pk, name, type_id in rows})


def _grouped(rows: Iterable[tuple[Any, ...]]) -> dict[int, list[tuple[Any, ...]]]:
    grouped: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for initiative_id, *values in rows:
        grouped[initiative_id].append(tuple(values))
    return grouped


def _utc(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _perimeter(place: _Place, places: dict[int, _Place]) -> dict[str, _Place | None]:
    """The commune, EPCI, département and région a perimeter lies in (itself at its own level)."""
    by_level: dict[str, _Place | None] = {
        Level.COMMUNE: None,
        Level.EPCI: places.get(place.epci_id) if place.level == Level.COMMUNE and place.epci_id else None,
        Level.DEPARTEMENT: places.get(place.departement_id) if place.departement_id else None,
        Level.REGION: places.get(place.region_id) if place.region_id else None,
    }
    if place.level in by_level:
        by_level[place.level] = place
    return by_level


def _chunk_records(ids: list[int], lookups: _Lookups) -> Iterator[Record]:
    rows = list(Initiative.objects.filter(pk__in=ids).order_by("pk").values_list(*_INITIATIVE_FIELDS))
    themes = _grouped(
        InitiativeTheme.objects.filter(initiative_id__in=ids)
        .order_by("position")
        .values_list("initiative_id", "theme_id")
    )
    publics = _grouped(
        Initiative.publics.through.objects.filter(initiative_id__in=ids).values_list(
            "initiative_id", "public_id"
        )
    )
    partners = _grouped(
        Initiative.partners.through.objects.filter(initiative_id__in=ids).values_list(
            "initiative_id", "actor_id"
        )
    )
    links = _grouped(
        InitiativeLink.objects.filter(initiative_id__in=ids)
        .order_by("pk")
        .values_list("initiative_id", "url")
    )
    sources = _grouped(
        Source.objects.filter(initiative_id__in=ids)
        .order_by("collected_at", "pk")
        .values_list("initiative_id", "url", "publisher")
    )
    records = [dict(zip(_INITIATIVE_FIELDS, row, strict=True)) for row in rows]
    lookups.need_places(initiative["territory_id"] for initiative in records)
    lookups.need_actors(
        [initiative["lead_actor_id"] for initiative in records]
        + [actor for group in partners.values() for (actor,) in group]
    )
    related = _Related(themes, publics, partners, links, sources)
    for initiative in records:
        yield _record(initiative, lookups, related)


@dataclass(frozen=True)
class _Related:
    """The many-valued relations of a chunk of initiatives, by initiative id."""

    themes: dict[int, list[tuple[Any, ...]]]
    publics: dict[int, list[tuple[Any, ...]]]
    partners: dict[int, list[tuple[Any, ...]]]
    links: dict[int, list[tuple[Any, ...]]]
    sources: dict[int, list[tuple[Any, ...]]]


def _record(initiative: dict[str, Any], lookups: _Lookups, related: _Related) -> Record:
    pk = initiative["pk"]
    themes, publics, partners = related.themes, related.publics, related.partners
    links, sources = related.links, related.sources
    place = lookups.places[initiative["territory_id"]]
    perimeter = _perimeter(place, lookups.places)
    theme_rows = [lookups.themes[theme_id] for (theme_id,) in themes.get(pk, ())]
    public_rows = sorted(lookups.publics[public_id] for (public_id,) in publics.get(pk, ()))
    source_rows = sources.get(pk, [])
    actor = lookups.actors.get(initiative["lead_actor_id"]) if initiative["lead_actor_id"] else None
    actor_type = lookups.actor_types[actor[1]] if actor else None
    commune, epci = perimeter[Level.COMMUNE], perimeter[Level.EPCI]
    departement, region = perimeter[Level.DEPARTEMENT], perimeter[Level.REGION]
    return {
        "identifiant": pk,
        "titre": initiative["title"],
        "resume": initiative["summary"],
        "description": initiative["description"] or None,
        "resultats": initiative["results"] or None,
        "moyens_humains": initiative["staff"] or None,
        "budget_euros": _number(initiative["budget"]),
        "financements": initiative["funding"] or None,
        "perimetre_niveau": place.level,
        "perimetre_code": place.code,
        "perimetre_nom": place.name,
        "commune_code": commune.code if commune else None,
        "commune_nom": commune.name if commune else None,
        "epci_code": epci.code if epci else None,
        "epci_nom": epci.name if epci else None,
        "departement_code": departement.code if departement else None,
        "departement_nom": departement.name if departement else None,
        "region_code": region.code if region else None,
        "region_nom": region.name if region else None,
        "thematiques_codes": [code for code, _ in theme_rows],
        "thematiques_libelles": [label for _, label in theme_rows],
        "publics_codes": [code for _, code, _ in public_rows],
        "publics_libelles": [label for _, _, label in public_rows],
        "porteur_nom": actor[0] if actor else None,
        "porteur_type_code": actor_type[0] if actor_type else None,
        "porteur_type_libelle": actor_type[1] if actor_type else None,
        "partenaires": sorted(lookups.actors[actor_id][0] for (actor_id,) in partners.get(pk, ())),
        "date_debut": _iso(initiative["start_date"]),
        "precision_debut": initiative["start_precision"],
        "date_fin": _iso(initiative["end_date"]),
        "periode_crise_code": initiative["crisis_period"],
        "periode_crise_libelle": _PERIOD_LABELS.get(initiative["crisis_period"], ""),
        "niveau_preuve_code": initiative["evidence_level"],
        "niveau_preuve_libelle": _EVIDENCE_LABELS.get(initiative["evidence_level"], ""),
        "date_publication": _utc(initiative["published_at"]),
        "sources_urls": [url for url, _ in source_rows if url],
        "sources_editeurs": [publisher for _, publisher in source_rows if publisher],
        "liens_urls": [url for (url,) in links.get(pk, ())],
        # Not a column of the files: the API shows it (staff see every status).
        "statut": initiative["status"],
    }


def records_of(queryset: QuerySet[Initiative], *, chunk: int = 2000) -> Iterator[Record]:
    """Records of these initiatives in id order, by chunks (memory stays flat at any size)."""
    lookups = _Lookups.load()
    ids = queryset.order_by("pk").values_list("pk", flat=True)
    last = 0
    while True:
        batch = list(ids.filter(pk__gt=last)[:chunk])
        if not batch:
            return
        yield from _chunk_records(batch, lookups)
        last = batch[-1]


def records_by_id(queryset: QuerySet[Initiative], ids: list[int]) -> dict[int, Record]:
    """Records of those of `ids` that are in `queryset` (a page of the API)."""
    found = list(queryset.filter(pk__in=ids).values_list("pk", flat=True))
    return {record["identifiant"]: record for record in _chunk_records(found, _Lookups.load())}

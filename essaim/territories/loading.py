"""Load the vendored official geography into the database: the one service that writes territories.

The file (`data/territories.json.gz`, rebuilt by `scripts/build_territories.py`) holds the régions,
départements, EPCI, current communes with their INSEE rows, and the aliases. Loading it:

- does nothing when a `GeographyRelease` with the file's checksum exists (unless forced);
- upserts territories by (level, code), so existing rows keep their ids: initiatives point to them;
- rebuilds aliases and indicators, which nothing else references;
- aggregates indicators for every EPCI, département, région and the country in one place
  (`indicators.aggregate`), so no page or export re-derives them.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.db import transaction

from essaim.territories.indicators import Figures, Rates, aggregate, commune_figures, derive
from essaim.territories.models import (
    AliasKind,
    GeographyRelease,
    Indicators,
    Level,
    Territory,
    TerritoryAlias,
)
from essaim.territories.names import normalize_name

logger = logging.getLogger(__name__)

DEFAULT_PATH = Path(__file__).parent / "data" / "territories.json.gz"
SUPPORTED_FORMAT = 1
NATIONAL_CODE = "FR"
# Fields refreshed on an existing territory; its id and anything pointing to it stay.
UPDATED_FIELDS = [
    "is_current",
    "name",
    "name_type",
    "search_name",
    "zone",
    "kind",
    "population",
    "postal_codes",
    "region",
    "departement",
    "epci",
]
# From the widest level to the narrowest: parents are written before the rows pointing to them.
LEVEL_ORDER = [Level.NATIONAL, Level.REGION, Level.DEPARTEMENT, Level.EPCI, Level.COMMUNE]


@dataclass
class LoadReport:
    """What `geography_load` did: territories per level (in the file), and whether it was skipped."""

    skipped: bool
    checksum: str
    counts: dict[str, int] = field(default_factory=dict)
    aliases: int = 0
    indicators: int = 0
    # Territories in the database that the file no longer has; kept because initiatives may point to them.
    stale: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class _Commune:
    """A commune row of the file, with the aggregate of its INSEE rows."""

    code: str
    name: str
    name_type: int | None
    departement: str
    region: str
    epci: str
    zone: str
    population: int | None
    postal_codes: str
    figures: Figures


# Level → group code → its communes; level → code → territory id.
Members = dict[Level, dict[str, list[_Commune]]]
Ids = dict[Level, dict[str, int]]


def read_bundle(data: bytes) -> dict:
    """Decode the vendored file's bytes and check that this code understands its format."""
    bundle = json.loads(gzip.decompress(data))
    if bundle.get("format") != SUPPORTED_FORMAT:
        raise ValueError(f"Format de fichier géographique non pris en charge : {bundle.get('format')!r}")
    return bundle


def geography_load(*, path: Path | None = None, force: bool = False) -> LoadReport:
    """Load (or refresh) the official geography from the vendored file, in one transaction."""
    started = time.perf_counter()
    data = (path or DEFAULT_PATH).read_bytes()
    checksum = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        if not force and GeographyRelease.objects.filter(checksum=checksum).exists():
            report = LoadReport(skipped=True, checksum=checksum, counts=_database_counts())
        else:
            report = _load_bundle(read_bundle(data), checksum)
            GeographyRelease.objects.update_or_create(checksum=checksum, defaults={"summary": asdict(report)})
    report.seconds = time.perf_counter() - started
    if report.stale:
        logger.warning("Territoires absents du nouveau fichier, conservés : %s", report.stale)
    return report


def _database_counts() -> dict[str, int]:
    counts = Counter(Territory.objects.values_list("level", flat=True))
    return {str(level): counts.get(level, 0) for level in LEVEL_ORDER}


def _load_bundle(bundle: dict, checksum: str) -> LoadReport:
    communes = _read_communes(bundle)
    members = _members_by_level(communes)
    report = LoadReport(skipped=False, checksum=checksum)
    ids: dict[Level, dict[str, int]] = {}
    for level in LEVEL_ORDER:
        rows = _ROW_BUILDERS[level](bundle, members, ids)
        ids[level] = _upsert(level, rows)
        report.counts[str(level)] = len(rows)
        stale = sorted(set(ids[level]) - {row.code for row in rows})
        if stale:
            report.stale[str(level)] = len(stale)
            _mark_not_current(level, stale)
    report.aliases = _replace_aliases(bundle["aliases"], ids[Level.COMMUNE])

    figures = {ids[Level.COMMUNE][c.code]: c.figures for c in communes}
    for level in (Level.NATIONAL, Level.REGION, Level.DEPARTEMENT, Level.EPCI):
        for code, territory_id in ids[level].items():
            # A group without communes (a territory the file no longer has) gets unknown figures.
            figures[territory_id] = aggregate(c.figures for c in members[level].get(code, []))
    report.indicators = _replace_indicators(figures)
    return report


# Each builder below turns the file's rows of one level into unsaved territories, given the ids
# of the wider levels already written.


def _national_rows(bundle: dict, members: Members, ids: Ids) -> list[Territory]:
    communes = members[Level.NATIONAL][NATIONAL_CODE]
    return [_territory(Level.NATIONAL, NATIONAL_CODE, "France", population=_population(communes))]


def _region_rows(bundle: dict, members: Members, ids: Ids) -> list[Territory]:
    return [
        _territory(
            Level.REGION,
            code,
            name,
            name_type=name_type,
            zone=zone,
            population=_population(members[Level.REGION][code]),
        )
        for code, name, name_type, zone in bundle["regions"]
    ]


def _departement_rows(bundle: dict, members: Members, ids: Ids) -> list[Territory]:
    return [
        _territory(
            Level.DEPARTEMENT,
            code,
            name,
            name_type=name_type,
            zone=zone,
            population=_population(members[Level.DEPARTEMENT][code]),
            region_id=ids[Level.REGION][region],
        )
        for code, name, name_type, region, zone in bundle["departements"]
    ]


def _epci_rows(bundle: dict, members: Members, ids: Ids) -> list[Territory]:
    departements = {code: (region, zone) for code, _name, _type, region, zone in bundle["departements"]}
    rows = []
    for code, name, kind in bundle["epci"]:
        main_departement = _main_departement(members[Level.EPCI][code])
        # The région is that of the main département (with the current data it is also the région
        # holding most of the population), so containment stays a strict hierarchy.
        region, zone = departements.get(main_departement, (None, ""))
        rows.append(
            _territory(
                Level.EPCI,
                code,
                name,
                kind=kind,
                zone=zone,
                population=_population(members[Level.EPCI][code]),
                region_id=ids[Level.REGION].get(region),
                departement_id=ids[Level.DEPARTEMENT].get(main_departement),
            )
        )
    return rows


def _commune_rows(bundle: dict, members: Members, ids: Ids) -> list[Territory]:
    return [
        _territory(
            Level.COMMUNE,
            c.code,
            c.name,
            name_type=c.name_type,
            zone=c.zone,
            population=c.population,
            postal_codes=c.postal_codes,
            region_id=ids[Level.REGION][c.region],
            departement_id=ids[Level.DEPARTEMENT][c.departement],
            epci_id=ids[Level.EPCI][c.epci] if c.epci else None,
        )
        for c in members[Level.NATIONAL][NATIONAL_CODE]
    ]


_ROW_BUILDERS = {
    Level.NATIONAL: _national_rows,
    Level.REGION: _region_rows,
    Level.DEPARTEMENT: _departement_rows,
    Level.EPCI: _epci_rows,
    Level.COMMUNE: _commune_rows,
}


def _read_communes(bundle: dict) -> list[_Commune]:
    """Communes of the file, each with the aggregate of its INSEE rows (several after a merger)."""
    figure_columns = bundle["figure_columns"]
    communes = []
    for values in bundle["communes"]:
        row = dict(zip(bundle["commune_columns"], values, strict=True))
        insee_rows = [dict(zip(figure_columns, r[1:], strict=True)) for r in row.pop("figures")]
        communes.append(_Commune(**row, figures=aggregate(commune_figures(**r) for r in insee_rows)))
    return communes


def _members_by_level(communes: list[_Commune]) -> Members:
    """Communes of every group: the country, each région, département and EPCI."""
    members: Members = {
        Level.NATIONAL: {NATIONAL_CODE: communes},
        Level.REGION: defaultdict(list),
        Level.DEPARTEMENT: defaultdict(list),
        Level.EPCI: defaultdict(list),
    }
    for commune in communes:
        members[Level.REGION][commune.region].append(commune)
        members[Level.DEPARTEMENT][commune.departement].append(commune)
        if commune.epci:
            members[Level.EPCI][commune.epci].append(commune)
    return members


def _main_departement(communes: list[_Commune]) -> str | None:
    """The département holding most of these communes' population (ties: the smallest code)."""
    population: Counter[str] = Counter()
    for commune in communes:
        population[commune.departement] += commune.population or 0
    return min(population, key=lambda code: (-population[code], code), default=None)


def _population(communes: Iterable[_Commune]) -> int | None:
    known = [c.population for c in communes if c.population is not None]
    return sum(known) if known else None


def _territory(level: Level, code: str, name: str, **values: object) -> Territory:
    return Territory(level=level, code=code, name=name, search_name=normalize_name(name), **values)


def _upsert(level: Level, rows: list[Territory]) -> dict[str, int]:
    """Insert or update one level's rows by (level, code); return every code of that level → id."""
    Territory.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["level", "code"], update_fields=UPDATED_FIELDS
    )
    return dict(Territory.objects.filter(level=level).values_list("code", "id"))


def _mark_not_current(level: Level, codes: list[str]) -> None:
    # In chunks: SQLite limits the number of parameters of one statement.
    for start in range(0, len(codes), 500):
        Territory.objects.filter(level=level, code__in=codes[start : start + 500]).update(is_current=False)


def _replace_aliases(rows: list[list[str]], commune_ids: dict[str, int]) -> int:
    # Aliases are not referenced by anything: replacing them is simpler than reconciling.
    TerritoryAlias.objects.all().delete()
    aliases = [
        TerritoryAlias(
            kind=AliasKind(kind),
            code=code,
            name=name,
            search_name=normalize_name(name),
            territory_id=commune_ids[commune],
        )
        for kind, code, name, commune in rows
    ]
    TerritoryAlias.objects.bulk_create(aliases)
    return len(aliases)


def _values(record: Figures | Rates) -> dict[str, float | int | None]:
    # Not dataclasses.asdict: it deep-copies every value, a noticeable cost over 36,000 rows.
    return {name: getattr(record, name) for name in record.__dataclass_fields__}


def _replace_indicators(figures_by_territory: dict[int, Figures]) -> int:
    Indicators.objects.all().delete()
    rows = [
        Indicators(territory_id=territory_id, **_values(figures), **_values(derive(figures)))
        for territory_id, figures in figures_by_territory.items()
    ]
    Indicators.objects.bulk_create(rows)
    return len(rows)

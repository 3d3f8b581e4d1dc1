"""Load the vendored demo corpus: real initiatives of 2020–2021, published, with their sources.

Idempotent: each record is a `Source` keyed by "corpus:<id>"; a group whose records are already
known is left as it is, so running it twice changes nothing.
"""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from essaim.catalog.demo_corpus import DemoInitiative, demo_initiatives
from essaim.catalog.models import EvidenceLevel, Initiative, Source, SourceKind, Status
from essaim.catalog.periods import Precision
from essaim.catalog.services import ActorData, InitiativeData, SourceData, initiative_create, source_add
from essaim.territories.models import Level, Territory, TerritoryAlias
from essaim.territories.wording import name_with_of

DEMO_PATH = Path(__file__).parent / "data" / "demo_initiatives.jsonl"


@dataclass
class DemoReport:
    created: int = 0
    unchanged: int = 0
    sources_added: int = 0


def _commune(code: str) -> Territory | None:
    commune = Territory.objects.filter(level=Level.COMMUNE, code=code, is_current=True).first()
    if commune is None:
        alias = TerritoryAlias.objects.select_related("territory").filter(code=code).first()
        commune = alias.territory if alias else None
    return commune


def _perimeter(item: DemoInitiative) -> Territory:
    """The most specific territory the records agree on, down to the commune."""
    for code in item.commune_codes:
        commune = _commune(code)
        if commune is not None:
            return commune
    for level, code in ((Level.DEPARTEMENT, item.departement_code), (Level.REGION, item.region_code)):
        if code:
            territory = Territory.objects.filter(level=level, code=code).first()
            if territory is not None:
                return territory
    return Territory.objects.get(level=Level.NATIONAL, code="FR")


# How a lead actor is named from its type and territory, when the corpus gives no name.
_ACTOR_NAMES = {
    "departement": lambda t: f"Département {name_with_of(t.name, t.name_type)}",
    "region": lambda t: f"Région {t.name}",
    "commune": lambda t: f"Ville {name_with_of(t.name, t.name_type)}",
    "ccas_cias": lambda t: f"CCAS {name_with_of(t.name, t.name_type)}",
    "intercommunalite": lambda t: t.name,
}
_ACTOR_LEVEL = {
    "departement": Level.DEPARTEMENT,
    "region": Level.REGION,
    "commune": Level.COMMUNE,
    "ccas_cias": Level.COMMUNE,
    "intercommunalite": Level.EPCI,
}


def _actor_territory(actor_type: str, perimeter: Territory) -> Territory | None:
    level = _ACTOR_LEVEL.get(actor_type)
    if level is None or perimeter.level == level:
        return perimeter if level else None
    if perimeter.level == Level.COMMUNE:
        return {
            Level.DEPARTEMENT: perimeter.departement,
            Level.REGION: perimeter.region,
            Level.EPCI: perimeter.epci,
        }.get(level)
    if perimeter.level == Level.DEPARTEMENT and level == Level.REGION:
        return perimeter.region
    return None


def _lead_actor(item: DemoInitiative, perimeter: Territory) -> ActorData | None:
    territory = _actor_territory(item.actor_type, perimeter)
    if territory is not None and item.actor_type in _ACTOR_NAMES:
        return ActorData(
            name=_ACTOR_NAMES[item.actor_type](territory), type_code=item.actor_type, territory=territory
        )
    if item.actor_type == "etat" and perimeter.level == Level.NATIONAL:
        return ActorData(name="État", type_code="etat", territory=perimeter)
    return None


def _sources(item: DemoInitiative) -> list[SourceData]:
    return [
        SourceData(
            kind=SourceKind.IMPORT,
            external_key=f"corpus:{record['id']}",
            url=record.get("source_url") or "",
            publisher=record.get("source_name") or "",
            title=record["title"],
            raw_text=record["summary"],
        )
        for record in item.records
    ]


@transaction.atomic
def demo_load(*, path: Path = DEMO_PATH) -> DemoReport:
    report = DemoReport()
    known = dict(
        Source.objects.filter(external_key__startswith="corpus:").values_list("external_key", "initiative_id")
    )
    for item in demo_initiatives(path):
        sources = _sources(item)
        initiative_id = next((known[s.external_key] for s in sources if s.external_key in known), None)
        if initiative_id is not None:
            # Known initiative: only a record added to the corpus since the last load is new.
            report.unchanged += 1
            missing = [source for source in sources if source.external_key not in known]
            if missing:
                initiative = Initiative.objects.get(pk=initiative_id)
                for source in missing:
                    source_add(initiative=initiative, data=source)
                report.sources_added += len(missing)
            continue
        perimeter = _perimeter(item)
        data = InitiativeData(
            title=item.main["title"],
            summary=item.main["summary"],
            territory_level=perimeter.level,
            territory_code=perimeter.code,
            theme_codes=item.theme_codes,
            public_codes=item.public_codes,
            lead_actor=_lead_actor(item, perimeter),
            start_date=item.start,
            start_precision=Precision.MONTH.value,
            evidence_level=EvidenceLevel.DOCUMENTED,
            sources=sources,
        )
        initiative_create(data=data, status=Status.PUBLISHED)
        report.created += 1
        report.sources_added += len(sources)
    return report

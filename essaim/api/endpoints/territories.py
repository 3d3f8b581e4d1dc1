"""`/api/territoires`: the official geography, with INSEE indicators and initiative counts."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema
from pydantic import Field

from essaim.api.access import reader_of
from essaim.api.errors import ERROR_RESPONSES, ApiError, ErrorOut
from essaim.api.params import reject_unknown
from essaim.api.schemas import LevelParam, TerritoryOut
from essaim.catalog.selectors import initiatives_within
from essaim.territories.models import Indicators, Territory
from essaim.territories.selectors import territory_get, territory_lookup

router = Router(tags=["Territoires"])

# API name → model field of `Indicators`.
INDICATOR_FIELDS = {
    "population_2018": "population_2018",
    "superficie_km2": "area_km2",
    "densite": "density",
    "evolution_population_2013_2018": "growth_rate",
    "niveau_de_vie_median": "median_income",
    "taux_pauvrete": "poverty_rate",
    "taux_chomage_15_64": "unemployment_rate",
    "part_logements_vacants": "vacant_share",
    "part_residences_secondaires": "secondary_share",
}


def _ref(territory: Territory | None) -> dict | None:
    if territory is None:
        return None
    return {"niveau": territory.level, "code": territory.code, "nom": territory.name}


def _indicators(territory: Territory) -> dict | None:
    try:
        indicators = territory.indicators
    except Indicators.DoesNotExist:
        return None
    return {name: getattr(indicators, field) for name, field in INDICATOR_FIELDS.items()}


def _territory(territory: Territory, user) -> dict:
    return {
        "niveau": territory.level,
        "code": territory.code,
        "nom": territory.name,
        "population": territory.population,
        "en_vigueur": territory.is_current,
        "region": _ref(territory.region),
        "departement": _ref(territory.departement),
        "epci": _ref(territory.epci),
        "indicateurs": _indicators(territory),
        "initiatives": initiatives_within(user=user, territory=territory).count(),
    }


class TerritoryLookup(Schema):
    nom: str = Field(
        ..., min_length=1, max_length=150, description="Nom du territoire, par exemple « Lille »."
    )
    niveau: LevelParam | None = Field(
        None, description="Niveau : national, region, departement, epci ou commune."
    )


@router.get(
    "/territoires",
    response={200: list[TerritoryOut], **ERROR_RESPONSES},
    summary="Chercher un territoire par son nom",
    description="Les territoires de ce nom (accents, tirets, « St » indifférents), les plus peuplés d'abord.",
)
def territories_lookup(request: HttpRequest, lookup: Query[TerritoryLookup]):
    reject_unknown(request, ("nom", "niveau"))
    user = reader_of(request).user
    found = territory_lookup(lookup.nom, level=lookup.niveau.value if lookup.niveau else None, limit=20)
    return [_territory(territory, user) for territory in found]


@router.get(
    "/territoires/{niveau}/{code}",
    response={200: TerritoryOut, 404: ErrorOut, **ERROR_RESPONSES},
    summary="Un territoire et ses indicateurs",
)
def territory_detail(
    request: HttpRequest,
    niveau: Annotated[
        LevelParam, Path(description="Niveau : national, region, departement, epci ou commune.")
    ],
    code: Annotated[str, Path(description="Code INSEE (SIREN pour un EPCI, FR pour le national).")],
):
    reject_unknown(request, ())
    try:
        territory = territory_get(niveau.value, code[:9])
    except Territory.DoesNotExist:
        raise ApiError(
            404, f"Aucun territoire de niveau « {niveau.value} » n'a le code « {code} ».", "introuvable"
        ) from None
    return _territory(territory, reader_of(request).user)

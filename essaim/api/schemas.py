"""Response shapes of the API. An initiative has the open data's fields (described once, in
`publication.schema`), lists as JSON arrays, plus its status."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from ninja import Schema
from pydantic import Field, create_model

from essaim.publication.schema import COLUMNS, Column
from essaim.territories.models import Level

# The territory levels as a parameter, described in French in the OpenAPI document.
LevelParam = StrEnum("Niveau", {value: value for value in Level.values})  # type: ignore[misc]
LevelParam.__doc__ = "Niveau de territoire : national, region, departement, epci ou commune."

_TYPES: dict[str, Any] = {"string": str, "integer": int, "number": float, "date": dt.date, "datetime": str}


def _field(column: Column) -> tuple[Any, Any]:
    kind: Any = list[str] if column.is_list else _TYPES[column.type]
    if column.is_list or column.required:
        return kind, Field(..., title=column.title, description=column.description)
    return kind | None, Field(None, title=column.title, description=column.description)


InitiativeOut = create_model(  # type: ignore[call-overload]
    "Initiative",
    __base__=Schema,
    **{column.name: _field(column) for column in COLUMNS},
    statut=(
        str,
        Field(..., description="Statut : « publiee » pour tout le public, tout statut avec un jeton."),
    ),
)


class InitiativePage(Schema):
    resultats: list[InitiativeOut]  # type: ignore[valid-type]
    total: int = Field(..., description="Nombre d'initiatives trouvées (estimé au-delà de 50 000).")
    total_exact: bool = Field(..., description="Faux quand le total est une estimation.")
    suivant: str | None = Field(None, description="Curseur de la page suivante (paramètre « curseur »).")


class TaxonomyOut(Schema):
    code: str
    libelle: str
    description: str
    initiatives: int = Field(..., description="Initiatives visibles avec cette valeur.")


class IndicatorsOut(Schema):
    population_2018: int | None
    superficie_km2: float | None
    densite: float | None
    evolution_population_2013_2018: float | None
    niveau_de_vie_median: float | None
    taux_pauvrete: float | None
    taux_chomage_15_64: float | None
    part_logements_vacants: float | None
    part_residences_secondaires: float | None


class TerritoryRef(Schema):
    niveau: str
    code: str
    nom: str


class TerritoryOut(Schema):
    niveau: str
    code: str = Field(..., description="Code INSEE (commune, département, région) ou SIREN (EPCI).")
    nom: str
    population: int | None
    en_vigueur: bool
    region: TerritoryRef | None
    departement: TerritoryRef | None
    epci: TerritoryRef | None
    indicateurs: IndicatorsOut | None
    initiatives: int = Field(..., description="Initiatives visibles sur ce territoire ou à l'intérieur.")

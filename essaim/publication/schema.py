"""The Table Schema (Frictionless) of the open data: one field per column, French titles.

The CSV and JSON exports share it, the `datapackage.json` embeds it, and the `/donnees/` page
lists its fields: a column is described once, here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from essaim.catalog.models import EvidenceLevel
from essaim.catalog.periods import PERIOD_LABELS, Precision
from essaim.territories.models import Level

# Lists (themes, publics, sources…) are written in one cell, values separated by this character.
LIST_SEPARATOR = "|"
TYPE_LABELS = {
    "string": "texte",
    "integer": "entier",
    "number": "nombre",
    "date": "date (AAAA-MM-JJ)",
    "datetime": "date et heure (UTC)",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Table Schema type: string, integer, number, date, datetime
    title: str
    description: str
    required: bool = False
    is_list: bool = False
    enum: tuple[str, ...] = ()

    @property
    def type_label(self) -> str:
        return TYPE_LABELS[self.type]

    def descriptor(self) -> dict[str, Any]:
        described: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "title": self.title,
            "description": self.description
            + (f" Valeurs séparées par « {LIST_SEPARATOR} »." if self.is_list else ""),
        }
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.name == "identifiant":
            constraints["unique"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if constraints:
            described["constraints"] = constraints
        return described


def _text(name: str, title: str, description: str, **options: Any) -> Column:
    return Column(name, "string", title, description, **options)


_INSEE = "Code officiel géographique (INSEE)"
COLUMNS: tuple[Column, ...] = (
    Column(
        "identifiant",
        "integer",
        "Identifiant",
        "Numéro de l'initiative dans Essaim ; sa page est /initiatives/<identifiant>/.",
        required=True,
    ),
    _text("titre", "Titre", "Titre de l'initiative.", required=True),
    _text("resume", "Résumé", "Résumé en quelques phrases.", required=True),
    _text("description", "Description", "Description détaillée."),
    _text("resultats", "Résultats observés", "Résultats observés de l'initiative."),
    _text("moyens_humains", "Moyens humains", "Personnes mobilisées."),
    Column("budget_euros", "number", "Budget (€)", "Budget déclaré, en euros."),
    _text("financements", "Financements", "Financeurs et modes de financement."),
    _text(
        "perimetre_niveau",
        "Niveau du périmètre",
        "Niveau du territoire de l'initiative.",
        required=True,
        enum=tuple(Level.values),
    ),
    _text(
        "perimetre_code",
        "Code du périmètre",
        f"{_INSEE} pour une commune, un département ou une région ; SIREN pour un EPCI ; "
        "FR pour le national.",
        required=True,
    ),
    _text("perimetre_nom", "Nom du périmètre", "Nom officiel du territoire de l'initiative.", required=True),
    _text("commune_code", "Code INSEE de la commune", f"{_INSEE}, si le périmètre est une commune."),
    _text("commune_nom", "Commune", "Nom de la commune."),
    _text(
        "epci_code", "SIREN de l'EPCI", "Intercommunalité du périmètre (ou à laquelle la commune appartient)."
    ),
    _text("epci_nom", "EPCI", "Nom de l'intercommunalité."),
    _text("departement_code", "Code du département", f"{_INSEE} du département du périmètre."),
    _text("departement_nom", "Département", "Nom du département."),
    _text("region_code", "Code de la région", f"{_INSEE} de la région du périmètre."),
    _text("region_nom", "Région", "Nom de la région."),
    _text(
        "thematiques_codes",
        "Thématiques (codes)",
        "Codes des thématiques, la principale en premier.",
        is_list=True,
    ),
    _text(
        "thematiques_libelles", "Thématiques", "Libellés des thématiques, dans le même ordre.", is_list=True
    ),
    _text("publics_codes", "Publics (codes)", "Codes des publics visés.", is_list=True),
    _text("publics_libelles", "Publics", "Libellés des publics visés, dans le même ordre.", is_list=True),
    _text("porteur_nom", "Porteur", "Organisme qui porte l'initiative."),
    _text("porteur_type_code", "Type de porteur (code)", "Code du type d'organisme porteur."),
    _text("porteur_type_libelle", "Type de porteur", "Type d'organisme porteur."),
    _text("partenaires", "Partenaires", "Organismes partenaires.", is_list=True),
    Column(
        "date_debut", "date", "Date de début", "Date de début (AAAA-MM-JJ), précise selon precision_debut."
    ),
    _text(
        "precision_debut",
        "Précision de la date de début",
        "jour, mois (la date est le 1er du mois) ou annee (la date est le 1er janvier).",
        required=True,
        enum=tuple(precision.value for precision in Precision),
    ),
    Column("date_fin", "date", "Date de fin", "Date de fin, si l'initiative s'est arrêtée."),
    _text(
        "periode_crise_code",
        "Période de crise (code)",
        "Période de la crise sanitaire où l'initiative a commencé.",
        required=True,
        enum=tuple(period.value for period in PERIOD_LABELS),
    ),
    _text("periode_crise_libelle", "Période de crise", "Libellé de la période de crise.", required=True),
    _text(
        "niveau_preuve_code",
        "Niveau de preuve (code)",
        "Ce qui étaye les résultats : déclaratif, documenté ou évalué.",
        required=True,
        enum=tuple(EvidenceLevel.values),
    ),
    _text("niveau_preuve_libelle", "Niveau de preuve", "Libellé du niveau de preuve.", required=True),
    Column(
        "date_publication",
        "datetime",
        "Date de publication",
        "Date et heure de publication dans le répertoire (UTC).",
    ),
    _text(
        "sources_urls",
        "Adresses des sources",
        "Pages web qui ont rapporté l'initiative (provenance).",
        is_list=True,
    ),
    _text("sources_editeurs", "Éditeurs des sources", "Éditeurs des sources.", is_list=True),
    _text("liens_urls", "Liens", "Liens utiles vers l'initiative.", is_list=True),
)

COLUMN_NAMES = tuple(column.name for column in COLUMNS)


def table_schema() -> dict[str, Any]:
    """The Table Schema descriptor shared by the CSV and JSON resources."""
    return {
        "fields": [column.descriptor() for column in COLUMNS],
        "primaryKey": ["identifiant"],
        "missingValues": [""],
    }

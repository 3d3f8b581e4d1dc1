"""`/api/initiatives`: search the directory (text and every facet), one initiative."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema
from pydantic import Field

from essaim.api.access import reader_of
from essaim.api.errors import ERROR_RESPONSES, ApiError, ErrorOut
from essaim.api.listing import initiatives_page, records_in_order
from essaim.api.params import checked_facets, reject_unknown
from essaim.api.schemas import InitiativeOut, InitiativePage
from essaim.portal.search_page import facet_labels
from essaim.search.filters import FACETS, MAX_VALUES_PER_FACET
from essaim.search.query import MAX_QUERY_CHARS

router = Router(tags=["Initiatives"])

MAX_LIMIT = 100
ID_HELP = "Numéro de l'initiative (colonne « identifiant » des fichiers ouverts)."
LIST_PARAMETERS = ("q", "limite", "curseur", *(facet.key for facet in FACETS))


def _facet(label: str, *, staff_only: bool = False) -> Any:
    note = " Réservé aux jetons de l'équipe." if staff_only else ""
    return Field(
        [],
        description=f"{label} (code, répétable ; les codes du répertoire et des fichiers ouverts).{note}",
        max_length=MAX_VALUES_PER_FACET,
    )


class InitiativeFilters(Schema):
    # The docstring is shown to API users (OpenAPI), hence in French.
    """Paramètres de la liste : texte et filtres du répertoire, taille de page, curseur."""

    q: str = Field(
        "", max_length=MAX_QUERY_CHARS, description="Texte recherché (« expression exacte », -mot)."
    )
    limite: int = Field(20, ge=1, le=MAX_LIMIT, description="Initiatives par page (1 à 100).")
    curseur: str = Field("", max_length=500, description="Curseur « suivant » de la page précédente.")
    theme: list[str] = _facet("Thématique")
    public: list[str] = _facet("Public")
    region: list[str] = _facet("Région (code INSEE)")
    departement: list[str] = _facet("Département (code INSEE)")
    porteur: list[str] = _facet("Type de porteur")
    periode: list[str] = _facet("Période de crise")
    annee: list[str] = _facet("Année de début")
    preuve: list[str] = _facet("Niveau de preuve")
    statut: list[str] = _facet("Statut", staff_only=True)


@router.get(
    "/initiatives",
    response={200: InitiativePage, 403: ErrorOut, **ERROR_RESPONSES},
    summary="Rechercher des initiatives",
    description=(
        "Recherche plein texte en français et filtres du répertoire, des plus récentes aux plus "
        "anciennes. Passez le curseur « suivant » pour la page suivante : aucune initiative n'est "
        "sautée ni répétée d'une page à l'autre."
    ),
)
def initiatives_list(request: HttpRequest, filters: Query[InitiativeFilters]):
    reject_unknown(request, LIST_PARAMETERS)
    reader = reader_of(request)
    given = {facet.key: getattr(filters, facet.key) for facet in FACETS}
    selected = checked_facets(given, facet_labels(staff=reader.staff))
    page = initiatives_page(
        user=reader.user,
        q=" ".join(filters.q.split()),
        selected=selected,
        limit=filters.limite,
        cursor=filters.curseur,
    )
    return {
        "resultats": page.items,
        "total": page.total,
        "total_exact": page.total_exact,
        "suivant": page.next_cursor,
    }


@router.get(
    "/initiatives/{identifiant}",
    response={200: InitiativeOut, 404: ErrorOut, **ERROR_RESPONSES},
    summary="Une initiative",
)
def initiative_detail(request: HttpRequest, identifiant: Annotated[int, Path(description=ID_HELP)]):
    reject_unknown(request, ())
    found = (
        records_in_order(user=reader_of(request).user, ids=[identifiant]) if 0 < identifiant < 2**63 else []
    )
    if not found:
        raise ApiError(404, f"Aucune initiative publiée n° {identifiant}.", "introuvable")
    return found[0]

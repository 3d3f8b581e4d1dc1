"""Query-string checks shared by the endpoints: unknown parameters and unknown facet values are
refused (a typo must not silently widen a search)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.http import HttpRequest

from essaim.api.errors import ApiError


def reject_unknown(request: HttpRequest, allowed: Iterable[str]) -> None:
    unknown = sorted(set(request.GET) - set(allowed))
    if unknown:
        listed = ", ".join(f"« {name} »" for name in unknown)
        raise ApiError(
            400,
            f"Paramètre(s) inconnu(s) : {listed}.",
            "parametre_inconnu",
            [f"Paramètres acceptés : {', '.join(sorted(allowed))}."],
        )


def checked_facets(
    given: Mapping[str, list[str]], labels: Mapping[str, Mapping[str, str]]
) -> dict[str, tuple[str, ...]]:
    """The facet selections, every value checked against the known ones."""
    selected: dict[str, tuple[str, ...]] = {}
    problems: list[str] = []
    for key, values in given.items():
        if not values:
            continue
        if key not in labels:
            raise ApiError(403, f"Le filtre « {key} » est réservé aux jetons de l'équipe.", "filtre_reserve")
        unknown = [value for value in values if value not in labels[key]]
        problems += [f"Valeur inconnue pour « {key} » : « {value} »." for value in unknown]
        selected[key] = tuple(sorted(set(values)))
    if problems:
        raise ApiError(400, "Valeur(s) de filtre inconnue(s).", "valeur_inconnue", problems[:20])
    return selected

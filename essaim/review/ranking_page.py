"""The ranking page's state: filters and sort read from the query string, links that keep them."""

from urllib.parse import urlencode

from django.http import HttpRequest

from essaim.review.aggregation import SORT_KEYS
from essaim.review.models import Outcome
from essaim.review.selectors import RankingFilters, RankingRow, grids_in_use, ranking

STATUS_FILTERS = {
    "classees": "Classées",
    "exclues": "Exclues (critère éliminatoire)",
    "desaccords": "Avec des désaccords à arbitrer",
}
DECISION_FILTERS = {**dict(Outcome.choices), "aucune": "Sans décision"}


def filters_from(request: HttpRequest) -> RankingFilters:
    """Known values only: anything else in the URL is ignored."""
    params = request.GET
    grid = params.get("grille", "")
    return RankingFilters(
        decision=params.get("decision", "") if params.get("decision", "") in DECISION_FILTERS else "",
        grid=int(grid) if grid.isdigit() else None,
        status=params.get("etat", "") if params.get("etat", "") in STATUS_FILTERS else "",
        sort=params.get("tri", "score") if params.get("tri", "score") in SORT_KEYS else "score",
        descending=params.get("ordre", "") != "croissant",
    )


def _query(filters: RankingFilters, **changes: str) -> str:
    state = {
        "decision": filters.decision,
        "grille": str(filters.grid) if filters.grid is not None else "",
        "etat": filters.status,
        "tri": filters.sort if filters.sort != "score" else "",
        "ordre": "" if filters.descending else "croissant",
    }
    state.update(changes)
    return urlencode({key: value for key, value in state.items() if value})


def rows(request: HttpRequest) -> list[RankingRow]:
    return ranking(filters_from(request))


def context(request: HttpRequest) -> dict:
    filters = filters_from(request)
    sort_links = []
    for key in SORT_KEYS.values():
        current = filters.sort == key.param
        # Clicking the current column flips the order; another column starts with the highest values.
        order = "croissant" if current and filters.descending else ""
        sort_links.append(
            {
                "label": key.label,
                "query": _query(filters, tri=key.param, ordre=order),
                "current": current,
                "descending": filters.descending,
            }
        )
    return {
        "rows": ranking(filters),
        "filters": filters,
        "status_filters": STATUS_FILTERS,
        "decision_filters": DECISION_FILTERS,
        "grids": list(grids_in_use()),
        "sort_list": sort_links,
        "export_query": _query(filters),
    }

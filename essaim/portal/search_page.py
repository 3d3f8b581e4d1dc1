"""What the directory page shows around the search service: facet boxes with French labels
and links, active filters, the map. Presentation only; the search itself is in essaim.search."""

from __future__ import annotations

from dataclasses import dataclass, replace

from essaim.catalog.models import ActorType, EvidenceLevel, Public, Status, Theme
from essaim.catalog.models.initiatives import PeriodChoices
from essaim.search.filters import FACETS, SearchFilters
from essaim.territories.models import Level, Territory

SHOWN_VALUES = 8
YEARS = [str(year) for year in range(1990, 2036)]


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    query: str  # the query string after toggling this value


@dataclass(frozen=True)
class FacetBox:
    key: str
    label: str
    values: list[FacetValue]
    shown: int

    @property
    def first(self) -> list[FacetValue]:
        return self.values[: self.shown]

    @property
    def rest(self) -> list[FacetValue]:
        return self.values[self.shown :]


@dataclass(frozen=True)
class ActiveFilter:
    facet: str
    label: str
    query: str  # the query string without this value


def facet_labels(*, staff: bool) -> dict[str, dict[str, str]]:
    """Every known value of every facet with its French label, in display order."""
    territories = Territory.objects.filter(level__in=[Level.REGION, Level.DEPARTEMENT], is_current=True)
    labels: dict[str, dict[str, str]] = {
        "theme": dict(Theme.objects.values_list("code", "label")),
        "public": dict(Public.objects.values_list("code", "label")),
        "region": {},
        "departement": {},
        "porteur": dict(ActorType.objects.values_list("code", "label")),
        "periode": dict(PeriodChoices.choices),
        "annee": {year: year for year in reversed(YEARS)},
        "preuve": dict(EvidenceLevel.choices),
    }
    for level, code, name in territories.order_by("code").values_list("level", "code", "name"):
        labels[level][code] = f"{name} ({code})" if level == Level.DEPARTEMENT else name
    if staff:
        labels["statut"] = {value: label for value, label in Status.choices if value != Status.MERGED}
    return labels


# Facets whose natural order beats "most frequent first".
ORDERED_FACETS = frozenset({"periode", "annee", "preuve", "statut"})


def facet_boxes(
    filters: SearchFilters,
    counts: dict[str, dict[str, int]],
    labels: dict[str, dict[str, str]],
    *,
    estimated: bool = False,
) -> list[FacetBox]:
    """The filter boxes. Counts estimated on a sample miss the rarest values: those are then
    listed too (last, "très peu"), so that a person can still narrow a broad search to them."""
    boxes = []
    for facet in FACETS:
        if facet.key not in labels:
            continue
        known = labels[facet.key]
        facet_counts = counts.get(facet.key, {})
        selected = set(filters.values(facet.key))
        values = [
            FacetValue(
                value=value,
                label=label,
                count=facet_counts.get(value, 0),
                selected=value in selected,
                query=filters.toggled(facet.key, value).query_string(),
            )
            for value, label in known.items()
            if facet_counts.get(value) or value in selected or (estimated and facet_counts)
        ]
        if facet.key not in ORDERED_FACETS:
            values.sort(key=lambda item: (not item.selected, -item.count, item.label))
        if values:
            boxes.append(FacetBox(facet.key, facet.label, values, shown=max(SHOWN_VALUES, len(selected))))
    return boxes


def active_filters(filters: SearchFilters, labels: dict[str, dict[str, str]]) -> list[ActiveFilter]:
    names = {facet.key: facet.label for facet in FACETS}
    return [
        ActiveFilter(
            facet=names[key],
            label=labels.get(key, {}).get(value, value),
            query=filters.toggled(key, value).query_string(),
        )
        for key, values in filters.selected.items()
        for value in values
    ]


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None = a gap ("…")
    query: str
    current: bool


def page_links(filters: SearchFilters, page_count: int) -> list[PageLink]:
    """First, last, and the pages around the current one, with gaps."""
    current = min(filters.page, page_count)
    wanted = sorted({1, page_count, *range(max(1, current - 2), min(page_count, current + 2) + 1)})
    links: list[PageLink] = []
    previous = 0
    for number in wanted:
        if number - previous > 1:
            links.append(PageLink(None, "", current=False))
        links.append(PageLink(number, filters.at_page(number).query_string(), current=number == current))
        previous = number
    return links if page_count > 1 else []


def sort_links(filters: SearchFilters) -> list[tuple[str, str, bool]]:
    """(label, query string, is current) for the two orders."""
    relevance = "Pertinence" if filters.q else "Date de publication"
    return [
        (relevance, replace(filters, sort="", page=1).query_string(), not filters.sort),
        (
            "Plus récentes d'abord",
            replace(filters, sort="recent", page=1).query_string(),
            filters.sort == "recent",
        ),
    ]

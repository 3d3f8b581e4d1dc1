"""The figures of the statistics page, over published initiatives only, in a few GROUP BY queries.

Everyone (visitors and staff) sees the same public figures. The heavy figures are cached per
state of the catalogue: the search index generation changes with every indexed change to an
initiative, so cached counts never outlive the data they were counted from; labels (themes,
régions) are read fresh, as a referential may be reworded without touching any initiative.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.db.models.functions import TruncMonth

from essaim.catalog.models import Initiative, InitiativeTheme, Status, Theme
from essaim.catalog.periods import Precision
from essaim.search import service, sync
from essaim.search.filters import SearchFilters
from essaim.sheets.selectors import sheets_published
from essaim.territories.models import Level, Territory

NATIONAL = "national"  # the column of national initiatives (no région)
NATIONAL_LABEL = "National"
CACHE_SECONDS = 3600
# The timeline starts no earlier than this month: older starts are counted apart.
TIMELINE_FIRST = dt.date(2019, 1, 1)
TIMELINE_LAST_AT_LEAST = dt.date(2021, 12, 1)


@dataclass(frozen=True)
class Label:
    code: str
    label: str


@dataclass(frozen=True)
class CrossTable:
    """Initiatives by theme (rows) × région (columns); an initiative counts under each theme."""

    themes: tuple[Label, ...]
    regions: tuple[Label, ...]
    counts: dict[tuple[str, str], int]  # (theme code, région code) → initiatives
    theme_totals: dict[str, int]  # initiatives per theme (each counted once per theme)
    region_totals: dict[str, int]  # distinct initiatives per région
    total: int  # distinct published initiatives

    def cell(self, theme: str, region: str) -> int:
        return self.counts.get((theme, region), 0)

    @property
    def maximum(self) -> int:
        return max(self.counts.values(), default=0)


@dataclass(frozen=True)
class Timeline:
    """Starts by month (known to the day or the month), with those left out of the chart."""

    months: tuple[tuple[dt.date, int], ...]  # first day of month → starts, every month in range
    earlier: int  # starts before TIMELINE_FIRST
    year_only: int  # start known only to the year
    unknown: int  # no start date

    @property
    def charted(self) -> int:
        return sum(count for _month, count in self.months)


@dataclass(frozen=True)
class Figures:
    cross: CrossTable
    timeline: Timeline
    departements: dict[str, int]  # département code → published initiatives (the directory's facet)
    departements_estimated: bool
    generation: int


def _published() -> Q:
    return Q(initiative__status=Status.PUBLISHED)


def _region_code(prefix: str) -> Case:
    """The région code of an initiative's perimeter, as the search index files it (empty: national)."""
    return Case(
        When(**{f"{prefix}territory__level": Level.REGION}, then=F(f"{prefix}territory__code")),
        When(**{f"{prefix}territory__level": Level.NATIONAL}, then=Value(NATIONAL)),
        default=F(f"{prefix}territory__region__code"),
        output_field=CharField(),
    )


@dataclass(frozen=True)
class CrossCounts:
    pairs: dict[tuple[str, str], int]  # (theme code, région code) → initiatives
    regions: dict[str, int]  # région code → distinct initiatives


def theme_region_counts() -> CrossCounts:
    """Two GROUP BY queries: (theme, région) pairs, and distinct initiatives per région."""
    pairs = (
        InitiativeTheme.objects.filter(_published())
        .values("theme__code", region=_region_code("initiative__"))
        .annotate(n=Count("initiative_id"))
        .values_list("theme__code", "region", "n")
    )
    counts: dict[tuple[str, str], int] = {}
    for theme, region, n in pairs:
        key = (theme, region or NATIONAL)
        counts[key] = counts.get(key, 0) + n
    per_region = (
        Initiative.objects.filter(status=Status.PUBLISHED)
        .values(region=_region_code(""))
        .annotate(n=Count("pk"))
        .values_list("region", "n")
    )
    region_totals: dict[str, int] = {}
    for region, n in per_region:
        region_totals[region or NATIONAL] = region_totals.get(region or NATIONAL, 0) + n
    return CrossCounts(pairs=counts, regions=region_totals)


def theme_region_table(counts: CrossCounts | None = None) -> CrossTable:
    """The counts with today's labels (read apart from the cached counts: a label may be reworded)."""
    counts = counts or theme_region_counts()
    theme_totals: dict[str, int] = {}
    for (theme, _region), n in counts.pairs.items():
        theme_totals[theme] = theme_totals.get(theme, 0) + n
    themes = tuple(
        Label(code, label)
        for code, label in Theme.objects.order_by("position", "label").values_list("code", "label")
        if code in theme_totals
    )
    codes = [code for code in counts.regions if code != NATIONAL]
    names = dict(Territory.objects.filter(level=Level.REGION, code__in=codes).values_list("code", "name"))
    regions = tuple(
        Label(code, names.get(code, code)) for code in sorted(codes, key=lambda c: names.get(c, c))
    )
    if NATIONAL in counts.regions:
        regions += (Label(NATIONAL, NATIONAL_LABEL),)
    return CrossTable(
        themes=themes,
        regions=regions,
        counts=counts.pairs,
        theme_totals=theme_totals,
        region_totals=counts.regions,
        total=sum(counts.regions.values()),
    )


def _month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def start_timeline() -> Timeline:
    """One GROUP BY month query over starts known to the day or month, one count of the others."""
    published = Initiative.objects.filter(status=Status.PUBLISHED)
    dated = (
        published.filter(start_date__isnull=False, start_precision__in=[Precision.DAY, Precision.MONTH])
        .annotate(month=TruncMonth("start_date"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    by_month: dict[dt.date, int] = {}
    for month, n in dated:
        day = month.date() if isinstance(month, dt.datetime) else month
        by_month[day] = by_month.get(day, 0) + n
    others = published.aggregate(
        year_only=Count("pk", filter=Q(start_date__isnull=False, start_precision=Precision.YEAR)),
        unknown=Count("pk", filter=Q(start_date__isnull=True)),
    )
    earlier = sum(n for month, n in by_month.items() if month < TIMELINE_FIRST)
    last = max([TIMELINE_LAST_AT_LEAST, *by_month])
    months = tuple((month, by_month.get(month, 0)) for month in _month_range(TIMELINE_FIRST, last))
    return Timeline(months=months, earlier=earlier, year_only=others["year_only"], unknown=others["unknown"])


def departement_counts() -> tuple[dict[str, int], bool]:
    """Published initiatives per département, from the search service, as the directory's map."""
    outcome = service.search(
        SearchFilters(), statuses=(Status.PUBLISHED,), page_size=1, facets=("departement",)
    )
    return outcome.facets.get("departement", {}), not outcome.exact


def figures() -> Figures:
    """Every figure of the page: counts cached per state of the catalogue, labels read fresh."""
    generation = sync.generation()
    key = f"publication:statistiques:{generation}"
    cached = cache.get(key)
    if cached is None:
        departements, estimated = departement_counts()
        cached = (theme_region_counts(), start_timeline(), departements, estimated)
        cache.set(key, cached, CACHE_SECONDS)
    cross_counts, timeline, departements, estimated = cached
    return Figures(
        cross=theme_region_table(cross_counts),
        timeline=timeline,
        departements=departements,
        departements_estimated=estimated,
        generation=generation,
    )


def fiche_share() -> tuple[int, int]:
    """(published initiatives with a published fiche action, published initiatives)."""
    published = Initiative.objects.filter(status=Status.PUBLISHED)
    with_fiche = sheets_published().values("initiative_id").distinct().count()
    return with_fiche, published.count()

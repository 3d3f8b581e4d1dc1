"""Reads of the catalogue: the portal, later the API, the feed and the exports all go through here,
so that they can never disagree about what is public."""

from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q, QuerySet, Value
from django.shortcuts import get_object_or_404

from essaim.accounts.abilities import can_see_unpublished
from essaim.catalog.models import Initiative, InitiativeTheme, Source, Status, Theme
from essaim.territories.models import Level


def _with_relations(queryset: QuerySet[Initiative]) -> QuerySet[Initiative]:
    return queryset.select_related(
        "territory",
        "territory__departement",
        "territory__region",
        "territory__indicators",
        "lead_actor",
        "lead_actor__type",
    ).prefetch_related(
        Prefetch("theme_links", queryset=InitiativeTheme.objects.select_related("theme")),
        "publics",
    )


def initiatives_published() -> QuerySet[Initiative]:
    """What every visitor may see."""
    return Initiative.objects.filter(status=Status.PUBLISHED)


def initiatives_visible_to(user) -> QuerySet[Initiative]:
    """Staff see every initiative that was not merged away; others see published ones."""
    if can_see_unpublished(user):
        return Initiative.objects.exclude(status=Status.MERGED)
    return initiatives_published()


def initiative_list(*, user, theme_code: str = "", status: str = "") -> QuerySet[Initiative]:
    """The list page: newest first, optionally narrowed to a theme (and a status for staff)."""
    queryset = initiatives_visible_to(user)
    if theme_code:
        queryset = queryset.filter(theme_links__theme__code=theme_code)
    if status and can_see_unpublished(user):
        queryset = queryset.filter(status=status)
    return _with_relations(queryset).order_by("-published_at", "-created_at", "-pk")


def initiatives_latest(*, limit: int = 6) -> list[Initiative]:
    return list(_with_relations(initiatives_published()).order_by("-published_at", "-pk")[:limit])


def initiative_get_for(*, user, pk: int) -> Initiative:
    """One initiative if this user may see it (404 otherwise, so drafts are not even revealed)."""
    queryset = Initiative.objects.all() if can_see_unpublished(user) else initiatives_published()
    queryset = _with_relations(queryset).prefetch_related(
        Prefetch("sources", queryset=Source.objects.order_by("published_on", "pk")), "links", "partners"
    )
    return get_object_or_404(queryset, pk=pk)


def initiative_merged_target(*, user, pk: int) -> Initiative | None:
    """Where a merged initiative now lives (following chains of merges), if this user may see it."""
    initiative = Initiative.objects.filter(pk=pk, status=Status.MERGED).only("merged_into").first()
    for _ in range(20):  # merges never form cycles; the bound only guards against bad data
        if initiative is None or initiative.merged_into_id is None:
            return None
        initiative = Initiative.objects.only("status", "merged_into").get(pk=initiative.merged_into_id)
        if initiative.status != Status.MERGED:
            return initiative if initiatives_visible_to(user).filter(pk=initiative.pk).exists() else None
    return None


def home_figures() -> dict[str, int]:
    """Key figures of the home page, over published initiatives."""
    published = initiatives_published()
    # A département-level perimeter is its own département; communes and EPCI point to theirs.
    covered = set(
        published.filter(territory__level=Level.DEPARTEMENT).values_list("territory_id", flat=True)
    ) | set(published.values_list("territory__departement_id", flat=True))
    return {
        "initiatives": published.count(),
        "territories": published.values("territory_id").distinct().count(),
        "departements": len(covered - {None}),
        "themes": Theme.objects.filter(initiatives__status=Status.PUBLISHED).distinct().count(),
        "sources": Source.objects.filter(initiative__status=Status.PUBLISHED).count(),
    }


def themes_with_counts(*, user) -> QuerySet[Theme]:
    visible = initiatives_visible_to(user).values("pk")
    return Theme.objects.filter(is_active=True).annotate(
        count=Count("initiatives", filter=Q(initiatives__pk__in=visible), distinct=True)
    )


def status_counts() -> dict[str, int]:
    """Initiatives per status, every status present (0 when none)."""
    counts = dict(Initiative.objects.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {status: counts.get(status, 0) for status in Status.values}


def initiatives_within(*, user, territory) -> QuerySet[Initiative]:
    """Initiatives whose perimeter is this territory or lies inside it."""
    queryset = initiatives_visible_to(user)
    inside = {
        Level.REGION: Q(territory__region=territory),
        Level.DEPARTEMENT: Q(territory__departement=territory),
        Level.EPCI: Q(territory__epci=territory),
    }.get(territory.level, Q())
    return _with_relations(queryset.filter(Q(territory=territory) | inside)).order_by("-published_at", "-pk")


def visible_statuses(user) -> tuple[str, ...]:
    """The statuses a person may find in search results, facet counts, maps and feeds."""
    if can_see_unpublished(user):
        return tuple(status for status in Status.values if status != Status.MERGED)
    return (Status.PUBLISHED,)


def initiatives_in_order(*, user, ids: list[int]) -> list[Initiative]:
    """These initiatives with what a result card shows, in the given order.

    Visibility is checked again here, so an index that lags behind never shows an item the
    person may not see.
    """
    found = {
        initiative.pk: initiative
        for initiative in _with_relations(initiatives_visible_to(user)).filter(pk__in=ids)
    }
    return [found[pk] for pk in ids if pk in found]


def _is_within(territory_id: int | None, level: str) -> ExpressionWrapper | Value:
    if territory_id is None:
        return Value(False)
    condition = Q(**{f"territory__{level}_id": territory_id}) | Q(territory_id=territory_id)
    return ExpressionWrapper(condition, output_field=BooleanField())


def initiatives_similar(initiative: Initiative, *, limit: int = 4) -> list[Initiative]:
    """Published initiatives on the same main theme, nearest territory first, then shared publics."""
    # .all(): the page's prefetched links and publics, read again only when not prefetched.
    links = sorted(initiative.theme_links.all(), key=lambda link: link.position)
    if not links:
        return []
    primary = links[0].theme_id
    territory = initiative.territory
    departement = territory.departement_id or (territory.pk if territory.level == "departement" else None)
    region = territory.region_id or (territory.pk if territory.level == "region" else None)
    publics = [public.pk for public in initiative.publics.all()]
    candidates = (
        initiatives_published()
        .filter(theme_links__theme_id=primary)
        .exclude(pk=initiative.pk)
        .annotate(
            same_departement=_is_within(departement, "departement"),
            same_region=_is_within(region, "region"),
            shared_publics=Count("publics", filter=Q(publics__in=publics), distinct=True),
        )
        .order_by("-same_departement", "-same_region", "-shared_publics", "-published_at", "-pk")
    )
    return list(_with_relations(candidates)[:limit])

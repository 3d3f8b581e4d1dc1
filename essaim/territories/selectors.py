"""Reads of the official geography: get, look up by name, containment, key figures.

Every page, form, API endpoint and enrichment step that needs a territory goes through these, so
they all agree on how a name matches and on what "inside" means.
"""

from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When

from essaim.territories.models import Level, Territory, TerritoryAlias, Zone
from essaim.territories.names import normalize_name

# Widest first: on equal population "Paris" lists the département before the commune.
_LEVEL_RANK = Case(
    *(When(level=level, then=Value(rank)) for rank, level in enumerate(Level.values)),
    output_field=IntegerField(),
)


def territory_get(level: str, code: str) -> Territory:
    """The territory of that level and official code; raises `Territory.DoesNotExist`."""
    return Territory.objects.select_related("region", "departement", "epci").get(level=level, code=code)


def territory_lookup(name: str, *, level: str | None = None, limit: int = 20) -> list[Territory]:
    """Territories whose name is `name` (ignoring case, accents, hyphens, "St"/"Saint"), most populous first.

    A former commune (déléguée, associée) or a municipal arrondissement resolves to its current
    commune. Homonyms are all listed: "Saint-Denis" gives four communes.
    """
    key = normalize_name(name)
    if not key:
        return []
    matches = Q(search_name=key)
    if level in (None, Level.COMMUNE):
        matches |= Q(
            level=Level.COMMUNE, id__in=TerritoryAlias.objects.filter(search_name=key).values("territory_id")
        )
    territories = Territory.objects.filter(matches, is_current=True)
    if level is not None:
        territories = territories.filter(level=level)
    ordered = territories.order_by(F("population").desc(nulls_last=True), _LEVEL_RANK, "code")
    return list(ordered.select_related("departement")[:limit])


def territory_contains(outer: Territory, inner: Territory) -> bool:
    """Whether `inner` lies within `outer` (every territory contains itself).

    The country contains everything; a région its départements, EPCI and communes; a département
    its communes and the EPCI whose main département it is; an EPCI its member communes.
    """
    if outer.pk == inner.pk or outer.level == Level.NATIONAL:
        return True
    if outer.level == Level.REGION:
        return inner.level in {Level.DEPARTEMENT, Level.EPCI, Level.COMMUNE} and inner.region_id == outer.pk
    if outer.level == Level.DEPARTEMENT:
        return inner.level in {Level.EPCI, Level.COMMUNE} and inner.departement_id == outer.pk
    if outer.level == Level.EPCI:
        return inner.level == Level.COMMUNE and inner.epci_id == outer.pk
    return False


def geography_counts() -> dict[str, int]:
    """Key figures of the loaded geography, in one query.

    `departements` and `regions` count metropolitan and overseas (DROM) ones, as people count them
    (101 and 18); the overseas collectivities (COM) are counted apart.
    """
    metro_or_drom = Q(zone__in=[Zone.METRO, Zone.DROM])
    counts = Territory.objects.filter(is_current=True).aggregate(
        communes=Count("id", filter=Q(level=Level.COMMUNE)),
        epci=Count("id", filter=Q(level=Level.EPCI)),
        departements=Count("id", filter=Q(level=Level.DEPARTEMENT) & metro_or_drom),
        collectivites_outre_mer=Count("id", filter=Q(level=Level.DEPARTEMENT, zone=Zone.COM)),
        regions=Count("id", filter=Q(level=Level.REGION) & metro_or_drom),
        population=Sum("population", filter=Q(level=Level.COMMUNE)),
    )
    counts["population"] = int(counts["population"] or 0)
    return counts

"""What the index knows of an initiative, built from the catalogue."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Prefetch

from essaim.catalog.models import Initiative, InitiativeTheme
from essaim.territories.models import Level


@dataclass(frozen=True)
class SearchDoc:
    id: int
    title: str
    body: str
    status: str
    facets: dict[str, tuple[str, ...]]
    sort_ts: int  # milliseconds since the epoch: publication (or creation) time


def _territory_codes(territory) -> tuple[str, str]:
    if territory is None or territory.level == Level.NATIONAL:
        return "", ""
    region = territory.code if territory.level == Level.REGION else getattr(territory.region, "code", "")
    if territory.level == Level.DEPARTEMENT:
        return region, territory.code
    return region, getattr(territory.departement, "code", "")


def doc_from(initiative: Initiative) -> SearchDoc:
    territory = initiative.territory
    region, departement = _territory_codes(territory)
    names = [territory.name] if territory and territory.level != Level.NATIONAL else []
    names += [getattr(territory.departement, "name", ""), getattr(territory.region, "name", "")]
    actors = [initiative.lead_actor.name] if initiative.lead_actor else []
    actors += [actor.name for actor in initiative.partners.all()]
    body = "\n".join(
        part
        for part in (initiative.summary, initiative.description, initiative.results, *actors, *names)
        if part
    )
    links = sorted(initiative.theme_links.all(), key=lambda link: link.position)
    moment = initiative.published_at or initiative.created_at
    return SearchDoc(
        id=initiative.pk,
        title=initiative.title,
        body=body,
        status=initiative.status,
        facets={
            "theme": tuple(link.theme.code for link in links),
            "public": tuple(sorted(public.code for public in initiative.publics.all())),
            "region": (region,) if region else (),
            "departement": (departement,) if departement else (),
            "porteur": (initiative.lead_actor.type.code,) if initiative.lead_actor else (),
            "periode": (initiative.crisis_period,) if initiative.crisis_period else (),
            "annee": (str(initiative.start_date.year),) if initiative.start_date else (),
            "preuve": (initiative.evidence_level,) if initiative.evidence_level else (),
            "statut": (initiative.status,),
        },
        sort_ts=int(moment.timestamp() * 1000) if moment else 0,
    )


def docs_for(ids: Iterable[int] | None = None, *, chunk: int = 1000) -> Iterator[SearchDoc]:
    """Documents for these initiatives (all when `ids` is None), in id order, by chunks."""
    queryset = (
        Initiative.objects.select_related("territory__region", "territory__departement", "lead_actor__type")
        .prefetch_related(
            Prefetch("theme_links", queryset=InitiativeTheme.objects.select_related("theme")),
            "publics",
            "partners",
        )
        .order_by("pk")
    )
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last)[:chunk])
        if not batch:
            return
        for initiative in batch:
            yield doc_from(initiative)
        last = batch[-1].pk

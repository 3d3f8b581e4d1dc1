"""Public pages: thin views over the catalogue and territory selectors."""

from dataclasses import replace

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers

from essaim.accounts.abilities import can_see_history, can_see_unpublished
from essaim.catalog import selectors as catalog
from essaim.catalog.history import initiative_history
from essaim.catalog.models import Status
from essaim.portal import search_page
from essaim.portal.page_cache import cached_for_visitors
from essaim.search import service as search_service
from essaim.search.analysis import highlight
from essaim.search.filters import SearchFilters
from essaim.territories.france_map import choropleth
from essaim.territories.models import Level, Territory

PAGE_SIZE = 20


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {
            "figures": catalog.home_figures(),
            "latest": catalog.initiatives_latest(limit=6),
            "themes": catalog.themes_with_counts(user=request.user),
        },
    )


@cached_for_visitors
def directory(request: HttpRequest) -> HttpResponse:
    staff = can_see_unpublished(request.user)
    labels = search_page.facet_labels(staff=staff)
    filters = SearchFilters.from_params(request.GET.getlist, allowed=labels)
    outcome = search_service.search(filters, statuses=catalog.visible_statuses(request.user))
    initiatives = catalog.initiatives_in_order(user=request.user, ids=outcome.ids)
    parsed = outcome.query
    hits = [
        (
            initiative,
            highlight(
                initiative.summary, terms=parsed.highlight_terms(), prefixes=parsed.highlight_prefixes()
            ),
        )
        for initiative in initiatives
    ]
    context = {
        "filters": filters,
        "outcome": outcome,
        "hits": hits,
        "facets": search_page.facet_boxes(filters, outcome.facets, labels),
        "active_filters": search_page.active_filters(filters, labels),
        "map": choropleth(
            outcome.facets.get("departement", {}),
            href=lambda code: "?" + filters.toggled("departement", code).query_string(),
            estimated=not outcome.exact,
        ),
        "pages": search_page.page_links(filters, outcome.page_count),
        "without_query": replace(filters, q="", page=1).query_string(),
        "hidden_fields": [(key, value) for key, values in filters.selected.items() for value in values],
        "sort_links": search_page.sort_links(filters),
        "feed_query": replace(filters, page=1, sort="").query_string(),
    }
    template = (
        "portal/_search_results.html" if request.headers.get("X-Essaim-Partial") else "portal/directory.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ["X-Essaim-Partial"])
    return response


def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        initiative = catalog.initiative_get_for(user=request.user, pk=pk)
    except Http404:
        initiative = None
    if initiative is None or initiative.status == Status.MERGED:
        # Old links to a merged initiative lead to the one it was merged into.
        target = catalog.initiative_merged_target(user=request.user, pk=pk)
        if target is None:
            raise Http404("Initiative introuvable.")
        return redirect(target, permanent=True)
    return render(
        request,
        "portal/initiative_detail.html",
        {
            "initiative": initiative,
            "theme_links": list(initiative.theme_links.all()),
            "history": initiative_history(initiative) if can_see_history(request.user) else None,
            "similar": catalog.initiatives_similar(initiative),
        },
    )


def territory_detail(request: HttpRequest, level: str, code: str) -> HttpResponse:
    if level not in {Level.COMMUNE, Level.EPCI, Level.DEPARTEMENT, Level.REGION}:
        raise Http404("Niveau de territoire inconnu.")
    territory = get_object_or_404(
        Territory.objects.select_related("departement", "region", "epci", "indicators"),
        level=level,
        code=code,
    )
    initiatives = catalog.initiatives_within(user=request.user, territory=territory)
    page = Paginator(initiatives, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/territory_detail.html",
        {"territory": territory, "indicators": getattr(territory, "indicators", None), "page": page},
    )

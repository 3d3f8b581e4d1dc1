"""Public pages: thin views over the catalogue and territory selectors."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from essaim.accounts.abilities import can_see_history, can_see_unpublished
from essaim.catalog import selectors as catalog
from essaim.catalog.history import initiative_history
from essaim.catalog.models import Status
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


def directory(request: HttpRequest) -> HttpResponse:
    theme = request.GET.get("theme", "")
    status = request.GET.get("statut", "") if can_see_unpublished(request.user) else ""
    if status and status not in Status.values:
        status = ""
    initiatives = catalog.initiative_list(user=request.user, theme_code=theme, status=status)
    page = Paginator(initiatives, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/directory.html",
        {
            "page": page,
            "themes": catalog.themes_with_counts(user=request.user),
            "selected_theme": theme,
            "selected_status": status,
            "statuses": [(value, label) for value, label in Status.choices if value != Status.MERGED],
        },
    )


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

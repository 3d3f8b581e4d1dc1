"""The statistics page and its chart downloads: thin views over `statistics` and `statistics_charts`."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from essaim.catalog.follow_up import lockdown_continuation
from essaim.publication import statistics, statistics_charts
from essaim.territories.france_map import choropleth

CONTENT_TYPES = {
    "svg": "image/svg+xml; charset=utf-8",
    "png": "image/png",
    "csv": "text/csv; charset=utf-8",
}


def statistics_page(request: HttpRequest) -> HttpResponse:
    """`/statistiques/`: the same public figures for everyone (published initiatives only)."""
    figures = statistics.figures()
    charts = statistics_charts.charts(figures)
    directory = reverse("portal:directory")
    context = {
        "figures": figures,
        "cross": charts["thematiques-regions"],
        "timeline": charts["chronologie"],
        "departements": charts["departements"],
        "map": choropleth(
            figures.departements,
            href=lambda code: f"{directory}?departement={code}",
            estimated=figures.departements_estimated,
        ),
        "continuation": lockdown_continuation(),
        "fiches": statistics.fiche_share(),
    }
    return render(request, "publication/statistics.html", context)


def chart_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """One chart as SVG, PNG or CSV (its data table), named after the chart."""
    chart = statistics_charts.charts(statistics.figures()).get(slug)
    if chart is None or fmt not in chart.formats:
        raise Http404("Graphique ou format inconnu.")
    if fmt == "svg":
        content: bytes = ('<?xml version="1.0" encoding="UTF-8"?>\n' + chart.svg).encode("utf-8")
    elif fmt == "png":
        content = statistics_charts.chart_png(chart)
    else:
        content = statistics_charts.chart_csv(chart).encode("utf-8")
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="essaim-{slug}.{fmt}"'
    response["Cache-Control"] = "public, max-age=300"
    return response

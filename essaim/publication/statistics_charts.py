"""The charts of the statistics page: figures → SVG drawing + data table, and their downloads.

A chart's table is the one shown under it on the page and the one its CSV holds (cells
neutralised like the open data files); its PNG is its SVG rasterised by CairoSVG when installed.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from essaim.catalog.periods import LOCKDOWNS
from essaim.publication.cells import csv_cell
from essaim.publication.charts import MONTHS, Band, heatmap_svg, number, timeline_svg
from essaim.publication.statistics import Figures
from essaim.territories.france_map import load_outlines

BAND_LABELS = ("1er confinement", "2e confinement", "3e confinement")
FORMATS = ("svg", "png", "csv")


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str | int, ...], ...]  # first cell: the row's heading
    footer: tuple[str | int, ...] = ()

    @property
    def shown_rows(self) -> list[list[str]]:
        """The rows as the page shows them: numbers in French typography ("1 234")."""
        return [[_shown(cell) for cell in row] for row in self.rows]

    @property
    def shown_footer(self) -> list[str]:
        return [_shown(cell) for cell in self.footer]


def _shown(cell: str | int) -> str:
    return number(cell) if isinstance(cell, int) else cell


@dataclass(frozen=True)
class Chart:
    slug: str  # in the download URLs
    heading: str
    svg: str  # "" for a figure downloadable as CSV only (the map)
    table: Table

    @property
    def formats(self) -> tuple[str, ...]:
        if not self.svg:
            return ("csv",)
        return FORMATS if png_available() else ("svg", "csv")


def theme_region_chart(figures: Figures) -> Chart:
    cross = figures.cross
    rows = tuple(
        (
            theme.label,
            *(cross.cell(theme.code, region.code) for region in cross.regions),
            cross.theme_totals[theme.code],
        )
        for theme in cross.themes
    )
    table = Table(
        caption="Nombre d'initiatives publiées par thématique et par région",
        header=("Thématique", *(region.label for region in cross.regions), "Total"),
        rows=rows,
        footer=(
            "Initiatives (une seule fois chacune)",
            *(cross.region_totals.get(region.code, 0) for region in cross.regions),
            cross.total,
        ),
    )
    busiest = max(cross.themes, key=lambda theme: cross.theme_totals[theme.code], default=None)
    desc = (
        f"Tableau coloré de {len(cross.themes)} thématiques (lignes) par {len(cross.regions)} régions "
        f"(colonnes), sur {number(cross.total)} initiatives publiées ; plus la case est foncée, plus "
        "il y a d'initiatives."
    )
    if busiest is not None:
        desc += (
            f" Thématique la plus représentée : {busiest.label} ({number(cross.theme_totals[busiest.code])})."
        )
    svg = heatmap_svg(
        ident="graphique-thematiques-regions",
        title="Initiatives publiées par thématique et par région",
        desc=desc,
        rows=[theme.label for theme in cross.themes],
        columns=[region.label for region in cross.regions],
        values=[list(row[1:-1]) for row in rows],
    )
    return Chart("thematiques-regions", "Thématiques et régions", svg, table)


def timeline_chart(figures: Figures) -> Chart:
    timeline = figures.timeline
    bands = [
        Band(label, first, last) for label, (_period, first, last) in zip(BAND_LABELS, LOCKDOWNS, strict=True)
    ]
    rows = tuple((f"{MONTHS[month.month - 1]} {month.year}", count) for month, count in timeline.months)
    peak = max(timeline.months, key=lambda item: item[1], default=None)
    desc = (
        f"Diagramme en barres des débuts d'initiatives par mois, de {rows[0][0]} à {rows[-1][0]}, "
        "sur fond des trois confinements (17 mars – 10 mai 2020, 30 octobre – 14 décembre 2020, "
        f"3 avril – 2 mai 2021) ; {number(timeline.charted)} initiatives datées au mois ou au jour."
    )
    if peak is not None and peak[1]:
        desc += f" Mois le plus fort : {MONTHS[peak[0].month - 1]} {peak[0].year} ({number(peak[1])})."
    svg = timeline_svg(
        ident="graphique-chronologie",
        title="Débuts des initiatives par mois, face aux confinements",
        desc=desc,
        months=timeline.months,
        bands=bands,
    )
    table = Table(
        caption="Nombre d'initiatives publiées commencées chaque mois",
        header=("Mois", "Initiatives commencées"),
        rows=rows,
        footer=("Total", timeline.charted),
    )
    return Chart("chronologie", "Chronologie des débuts", svg, table)


def departements_chart(figures: Figures) -> Chart:
    """The map's figures (the map itself is drawn by the France map partial), as a table."""
    rows = tuple(
        (outline.name, outline.code, figures.departements.get(outline.code, 0))
        for outline in load_outlines().departements
    )
    table = Table(
        caption="Nombre d'initiatives publiées par département",
        header=("Département", "Code", "Initiatives"),
        rows=rows,
        footer=("Total", "", sum(row[2] for row in rows)),
    )
    return Chart("departements", "Carte des départements", "", table)


def charts(figures: Figures) -> dict[str, Chart]:
    built = (theme_region_chart(figures), timeline_chart(figures), departements_chart(figures))
    return {chart.slug: chart for chart in built}


def chart_csv(chart: Chart) -> str:
    """The chart's table as CSV (UTF-8, comma), every text cell neutralised against formulas."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")
    table = chart.table
    for row in (table.header, *table.rows, *((table.footer,) if table.footer else ())):
        writer.writerow([csv_cell(value) for value in row])
    return stream.getvalue()


def png_available() -> bool:
    try:
        import cairosvg  # noqa: F401 -- optional: PNG export only where it is installed
    except (ImportError, OSError):  # OSError: the Cairo library itself is missing
        return False
    return True


def chart_png(chart: Chart) -> bytes:
    """The chart's SVG rasterised at twice its size (sharp on high-density screens and in print)."""
    import cairosvg

    png: bytes = cairosvg.svg2png(bytestring=chart.svg.encode("utf-8"), scale=2)
    return png

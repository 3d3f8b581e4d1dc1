"""Server-rendered charts as standalone, accessible SVG. Pure: no Django.

Each chart is one self-contained SVG document (colours and fonts as attributes, no stylesheet),
so the page shows, the SVG download gives and the PNG rasteriser reads the very same drawing.
The SVG carries role="img", a <title> and a <desc> named by aria-labelledby; the page follows
each chart with its data table.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

FONT = "DejaVu Sans, Verdana, sans-serif"
INK = "#1c1a17"
MUTED = "#55504a"
LINE = "#d9d3c7"
# The sequential scale of the map (essaim/map.css), lightest first; text turns white on the dark end.
SCALE = ("#f4f2ee", "#fad98c", "#f0a943", "#cc6d16", "#954309", "#5a2606")
BAR = "#8a4b08"
BAND = "#dbe7f3"
BAND_INK = "#0b4f8a"
THOUSANDS = "\u202f"
COLUMN_ANGLE = 55  # degrees: column labels of the heatmap rise to the right
MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")


@dataclass(frozen=True)
class Band:
    """A shaded period on the timeline (both days inclusive)."""

    label: str
    first: dt.date
    last: dt.date


def number(value: int) -> str:
    return f"{value:,}".replace(",", THOUSANDS)


def _text(x: float, y: float, content: str, **attributes: str | float) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{escape(str(value))}"' for name, value in attributes.items())
    return f'<text x="{x:g}" y="{y:g}"{extra}>{escape(content)}</text>'


def _document(ident: str, size: tuple[int, int], title: str, desc: str, body: list[str]) -> str:
    width, height = size
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{ident}-titre {ident}-desc" '
        f'font-family="{escape(FONT)}" font-size="13" fill="{INK}">'
        f'<title id="{ident}-titre">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>'
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>' + "".join(body) + "</svg>"
    )


def scale_index(value: int, maximum: int) -> int:
    """The colour step of a count: 0 for none, then 1..5 by a square-root scale of the maximum."""
    if value <= 0 or maximum <= 0:
        return 0
    return max(1, math.ceil(math.sqrt(value / maximum) * (len(SCALE) - 1)))


def heatmap_svg(
    *,
    ident: str,
    title: str,
    desc: str,
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[int]],
) -> str:
    """A table of counts as coloured cells (rows × columns), each cell showing its number."""
    cell_w, cell_h = 44, 26
    # Room for the labels, from their length (about 7 px a character at 12 px).
    label_width = 16 + 7 * max((len(row) for row in rows), default=10)
    longest_column = 7 * max((len(column) for column in columns), default=4)
    header = 24 + math.ceil(longest_column * math.sin(math.radians(COLUMN_ANGLE)))
    width = (
        label_width
        + cell_w * max(len(columns), 1)
        + math.ceil(longest_column * math.cos(math.radians(COLUMN_ANGLE)))
    )
    height = header + cell_h * max(len(rows), 1) + 20
    maximum = max((value for row in values for value in row), default=0)
    body: list[str] = []
    for j, column in enumerate(columns):
        x = label_width + j * cell_w + cell_w / 2
        body.append(
            _text(
                x, header - 8, column, transform=f"rotate(-{COLUMN_ANGLE} {x:g} {header - 8})", font_size=12
            )
        )
    for i, row in enumerate(rows):
        y = header + i * cell_h
        body.append(_text(label_width - 8, y + cell_h / 2 + 4, row, text_anchor="end", font_size=12))
        for j, value in enumerate(values[i]):
            step = scale_index(value, maximum)
            x = label_width + j * cell_w
            body.append(
                f'<rect x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" fill="{SCALE[step]}"/>'
            )
            if value:
                colour = "#ffffff" if step >= 3 else INK
                body.append(
                    _text(
                        x + (cell_w - 2) / 2,
                        y + cell_h / 2 + 3,
                        number(value),
                        text_anchor="middle",
                        font_size=11,
                        fill=colour,
                    )
                )
    if not rows:
        body.append(_text(label_width, header + 16, "Aucune initiative publiée.", fill=MUTED))
    return _document(ident, (width, height), title, desc, body)


def nice_step(maximum: int, ticks: int = 5) -> int:
    """A round step (1, 2, 5 × 10^k) giving about `ticks` gridlines up to `maximum`."""
    if maximum <= ticks:
        return 1
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def _month_index(months: Sequence[dt.date], day: dt.date) -> float:
    """Where a day falls on the month axis: month index plus the fraction of the month elapsed."""
    first = months[0]
    index = (day.year - first.year) * 12 + day.month - first.month
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    length = (following - day.replace(day=1)).days
    return index + (day.day - 1) / length


def timeline_svg(
    *,
    ident: str,
    title: str,
    desc: str,
    months: Sequence[tuple[dt.date, int]],
    bands: Sequence[Band],
) -> str:
    """Bars by month with shaded bands for periods (the lockdowns), year labels under the axis."""
    left, top, bar_w, plot_h = 56, 48, 14, 240
    width = left + bar_w * max(len(months), 1) + 20
    height = top + plot_h + 56
    maximum = max((count for _month, count in months), default=0)
    step = nice_step(maximum)
    top_value = max(step * math.ceil(maximum / step), step)
    base = top + plot_h
    body: list[str] = []
    month_days = [month for month, _count in months]
    for index, band in enumerate(bands):
        if not month_days or band.last < month_days[0]:
            continue
        x1 = left + bar_w * _month_index(month_days, max(band.first, month_days[0]))
        x2 = left + bar_w * _month_index(month_days, band.last + dt.timedelta(days=1))
        body.append(f'<rect x="{x1:.1f}" y="{top}" width="{x2 - x1:.1f}" height="{plot_h}" fill="{BAND}"/>')
        body.append(_text(x1 + 2, top - 8 - 14 * (index % 2), band.label, fill=BAND_INK, font_size=12))
    for value in range(0, top_value + 1, step):
        y = base - plot_h * value / top_value
        body.append(f'<line x1="{left}" x2="{width - 20}" y1="{y:.1f}" y2="{y:.1f}" stroke="{LINE}"/>')
        body.append(_text(left - 6, y + 4, number(value), text_anchor="end", font_size=11, fill=MUTED))
    for index, (month, count) in enumerate(months):
        x = left + index * bar_w
        if count:
            h = plot_h * count / top_value
            body.append(
                f'<rect x="{x + 2}" y="{base - h:.1f}" width="{bar_w - 3}" height="{h:.1f}" fill="{BAR}">'
                f"<title>{escape(MONTHS[month.month - 1])} {month.year} : {number(count)}</title></rect>"
            )
        if month.month == 1 or index == 0:
            body.append(f'<line x1="{x}" x2="{x}" y1="{base}" y2="{base + 6}" stroke="{MUTED}"/>')
            body.append(_text(x + 2, base + 20, str(month.year), font_size=12))
    body.append(f'<line x1="{left}" x2="{width - 20}" y1="{base}" y2="{base}" stroke="{INK}"/>')
    body.append(_text(left, height - 10, "Mois de début de l'initiative", font_size=12, fill=MUTED))
    return _document(ident, (width, height), title, desc, body)

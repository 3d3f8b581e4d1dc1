"""The map of France by département: vendored outlines, colour classes, template, reproducibility."""

import dataclasses
import importlib.util
import re
import sys
from itertools import pairwise
from pathlib import Path

import pytest
from django.template.loader import render_to_string

from essaim.territories.france_map import (
    DATA_PATH,
    choropleth,
    format_number,
    initiatives_label,
    load_outlines,
)

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_map.py"
OVERSEAS = {"971", "972", "973", "974", "976"}
NNBSP = "\u202f"


def load_script():
    spec = importlib.util.spec_from_file_location("build_map", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def link(code: str) -> str:
    return f"/repertoire/?departement={code}"


def absolute_points(d: str) -> list[tuple[int, int]]:
    """The vertices of a path written as the build script writes it: "M x y l dx dy … Z" per ring."""
    points = []
    for ring in re.findall(r"M([^l]+)l([^Z]*)Z", d):
        x, y = (int(n) for n in ring[0].split())
        points.append((x, y))
        deltas = [int(n) for n in re.findall(r"-?\d+", ring[1])]
        for dx, dy in zip(deltas[::2], deltas[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
    return points


def test_outlines_have_the_101_departements():
    """Every département has a closed, non-empty outline, Corsica (2A, 2B) and overseas included."""
    outlines = load_outlines()
    codes = [outline.code for outline in outlines.departements]
    assert len(codes) == 101
    assert codes == sorted(codes)
    assert {"01", "2A", "2B", "59", "75", "95", *OVERSEAS} <= set(codes)
    for outline in outlines.departements:
        assert outline.name
        assert re.fullmatch(r"(M\d+ \d+l[-\d ]+Z)+", outline.d), outline.code
        assert len(absolute_points(outline.d)) >= 3


def test_outlines_stay_inside_the_view_box():
    """No vertex falls outside the viewBox (about 1000 units wide)."""
    outlines = load_outlines()
    _, _, width, height = (int(n) for n in outlines.view_box.split())
    assert width == 1000
    for outline in outlines.departements:
        for x, y in absolute_points(outline.d):
            assert 0 <= x <= width and 0 <= y <= height, outline.code


def test_overseas_departements_are_insets_in_their_frame():
    """The five overseas départements, and only they, are drawn in a labelled inset frame."""
    outlines = load_outlines()
    assert {o.code for o in outlines.departements if o.inset} == OVERSEAS
    frames = {inset.code: inset for inset in outlines.insets}
    assert set(frames) == OVERSEAS
    assert frames["974"].label == "La Réunion"
    for outline in outlines.departements:
        if outline.inset:
            frame = frames[outline.code]
            for x, y in absolute_points(outline.d):
                assert frame.x <= x <= frame.x + frame.w and frame.y <= y <= frame.y + frame.h


def test_vendored_file_is_small():
    """The outlines stay light enough to be inlined in a page."""
    assert DATA_PATH.stat().st_size < 200_000


def test_buckets_grow_with_counts_and_zero_is_bucket_zero():
    """A larger count never gets a lighter class; zero, and only zero, is class 0."""
    codes = [outline.code for outline in load_outlines().departements]
    counts = {code: (index * 7) % 23 for index, code in enumerate(codes)}
    shapes = choropleth(counts, href=link).shapes
    by_count = sorted(shapes, key=lambda shape: shape.count)
    buckets = [shape.bucket for shape in by_count]
    assert buckets == sorted(buckets)
    assert all((shape.bucket == 0) == (shape.count == 0) for shape in shapes)
    assert {shape.bucket for shape in shapes} == {0, 1, 2, 3, 4, 5}


@pytest.mark.parametrize(
    "values",
    [[1], [3, 3, 3], [1, 2], [1, 1, 1, 50], [1, 2, 3], list(range(1, 102)), [1] * 90 + [2, 2, 500]],
)
def test_legend_ranges_are_contiguous_and_never_empty(values):
    """Few distinct counts give fewer classes; ranges never overlap and each one has a département."""
    codes = [outline.code for outline in load_outlines().departements]
    counts = dict(zip(codes, values, strict=False))
    result = choropleth(counts, href=link)
    legend = result.legend
    assert legend[0][:3] == (0, 0, 0)
    assert legend[0].label == "aucune"
    classes = legend[1:]
    assert 1 <= len(classes) <= min(5, len(set(values)))
    assert classes[0].low == min(values) and classes[-1].high == max(values)
    for before, after in pairwise(classes):
        assert before.high + 1 == after.low
        assert before.bucket < after.bucket
    for entry in classes:
        assert entry.low <= entry.high
        assert any(entry.low <= shape.count <= entry.high for shape in result.shapes)
    for shape in result.shapes:
        entry = next(entry for entry in legend if entry.bucket == shape.bucket)
        assert entry.low <= shape.count <= entry.high


def test_a_single_non_zero_value_gets_the_strongest_colour():
    """With one département having initiatives, it stands out and the legend says its exact count."""
    result = choropleth({"59": 3}, href=link)
    nord = next(shape for shape in result.shapes if shape.code == "59")
    assert nord.bucket == 5
    assert [entry.label for entry in result.legend] == ["aucune", "3"]
    assert result.total == 3
    assert sum(shape.bucket > 0 for shape in result.shapes) == 1


def test_no_initiative_at_all():
    """An empty result is a map of class 0 with a one-line legend."""
    result = choropleth({}, href=link)
    assert {shape.bucket for shape in result.shapes} == {0}
    assert [entry.label for entry in result.legend] == ["aucune"]
    assert result.total == 0


def test_legend_labels_are_french():
    """ "1 à 4" style ranges, "plus de N" for the top class, numbers grouped the French way."""
    codes = [outline.code for outline in load_outlines().departements]
    counts = dict(zip(codes, [1, 2, 3, 4, 10, 20, 30, 40, 1500, 2500], strict=False))
    labels = [entry.label for entry in choropleth(counts, href=link).legend]
    assert labels == ["aucune", "1 à 2", "3 à 4", "5 à 20", "21 à 40", "plus de 40"]
    assert format_number(1234567) == f"1{NNBSP}234{NNBSP}567"
    assert [initiatives_label(n) for n in (0, 1, 2, 1234)] == [
        "aucune initiative",
        "1 initiative",
        "2 initiatives",
        f"1{NNBSP}234 initiatives",
    ]


def test_each_shape_gets_its_own_link_and_unknown_codes_are_ignored():
    """The href function is called with each code; codes not on the map do not count in the total."""
    result = choropleth({"59": 2, "988": 5}, href=link)
    assert len(result.shapes) == 101
    assert all(shape.href == link(shape.code) for shape in result.shapes)
    assert result.total == 2


def test_negative_count_is_refused():
    with pytest.raises(ValueError, match="négatif"):
        choropleth({"59": -1}, href=link)


def test_template_draws_links_titles_legend_and_table():
    """Each département is a link named in French on the map and again in the table alternative."""
    html = render_to_string(
        "portal/_france_map.html", {"map": choropleth({"59": 12, "62": 1, "75": 1234}, href=link)}
    )
    assert html.count('<a class="departement bucket-') == 101
    assert html.count(f'href="{link("59")}"') == 2  # the map and the table
    assert "<title>Nord&nbsp;: 12 initiatives</title>" in html
    assert "<title>Pas-de-Calais&nbsp;: 1 initiative</title>" in html
    assert f"<title>Paris&nbsp;: 1{NNBSP}234 initiatives</title>" in html
    assert "<title>Ain&nbsp;: aucune initiative</title>" in html
    assert "<summary>Voir les données de la carte sous forme de tableau</summary>" in html
    assert (
        f'<th scope="row"><a href="{link("75")}">Paris (75)</a></th><td class="num">1{NNBSP}234</td>' in html
    )
    assert "<figcaption>" in html
    assert html.count('class="inset-frame"') == 5
    assert ">Guadeloupe</text>" in html
    assert 'class="swatch bucket-0"' in html
    assert "fill=" not in html and "style=" not in html  # colours come from map.css


def test_template_escapes_names_and_links():
    """A hostile name or link cannot inject markup into the page."""
    result = choropleth({"59": 1}, href=link)
    hostile = dataclasses.replace(
        result.shapes[0], name='<script>alert("x")</script>', href='/r/?q="><script>'
    )
    result = dataclasses.replace(result, shapes=(hostile, *result.shapes[1:]))
    html = render_to_string("portal/_france_map.html", {"map": result})
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert 'href="/r/?q=&quot;&gt;&lt;script&gt;"' in html


@pytest.mark.skipif(
    not load_script().DEFAULT_SOURCE.is_file(),
    reason="raw reference outlines absent (only beside the shared folder)",
)
def test_rebuilding_gives_the_vendored_bytes(tmp_path, capsys):
    """Re-running the build script on the raw outlines gives byte-for-byte the vendored file."""
    build = load_script()
    out = tmp_path / "departements_map.json"
    assert build.main(["--output", str(out)]) == 0
    assert out.read_bytes() == DATA_PATH.read_bytes()
    assert "Départements : 101" in capsys.readouterr().out


def test_an_estimated_map_says_environ_and_never_claims_none():
    drawn = choropleth({"59": 86_312}, href=lambda code: f"?departement={code}", estimated=True)
    shapes = {shape.code: shape for shape in drawn.shapes}
    assert shapes["59"].label == "environ 86\u202f000 initiatives"  # narrow no-break space
    assert shapes["62"].label == "très peu ou aucune initiative"  # none in the sample
    assert shapes["62"].count_text == "très peu ou aucune"
    assert drawn.total_text.startswith("environ ")

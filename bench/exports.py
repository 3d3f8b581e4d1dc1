"""Benchmark: a two-page fiche action PDF and the 300-initiative annex PDF (WeasyPrint, uncached).

    .venv/bin/python bench/exports.py [--size 300] [--runs 10] [--annex-runs 3] [--no-docs]

In a temporary folder (or `--workdir`, kept and reused): a real SQLite database (`migrate`,
`load_territories`, `collectstatic`), then `--size` published initiatives of bench/search.py's
generator written with `bulk_create` (themes in order, a lead actor for those the generator gives
one). One child process then times, after one warm-up render (fonts, templates) reported apart:
1. the PDF of a fiche action whose sections are filled until it lays out on exactly two A4 pages
   (`sheet_pdf_html` + WeasyPrint, the on-disk cache bypassed), `--runs` times: p50 / p95;
2. the directory's annex PDF (`annex_rows` over `initiatives_for_annex`, the template, WeasyPrint,
   cache bypassed), `--annex-runs` times; the CSV, XLSX and ODS of the same rows once each.
The table is printed and written into docs/performance.md under "## Exports", with the machine.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import machine
from _site import child_report, essaim, site_env, site_folder
from search import REPO, Corpus, django_setup, log, percentiles  # bench/ is not a package

DOC = REPO / "docs" / "performance.md"
HEADING = "## Exports"
BASE_URL = "http://testserver/"
TARGET_FICHE_MS = 400
TARGET_ANNEX_S = 30
SENTENCE = (
    "La commune et ses partenaires associatifs ont organisé chaque semaine des tournées auprès des "
    "personnes isolées, en s'appuyant sur les listes du CCAS et sur un réseau de bénévoles formés. "
)


def child_load(size: int) -> dict:
    """`size` generated initiatives, all published, with their themes and lead actors (no signals)."""
    import datetime as dt

    from django.db import transaction

    from essaim.catalog.models import Actor, ActorType, Initiative, InitiativeTheme, Status, Theme
    from essaim.territories.models import Territory

    territories = {
        (level, code): pk for level, code, pk in Territory.objects.values_list("level", "code", "pk")
    }
    themes = dict(Theme.objects.values_list("code", "pk"))
    actor_types = dict(ActorType.objects.values_list("code", "pk"))
    published_at = dt.datetime(2022, 1, 1, tzinfo=dt.UTC)
    items = list(Corpus().initiatives(size))
    with transaction.atomic():
        actors: dict[str, int] = {}
        for item in items:
            if item.actor_type and item.actor_name not in actors:
                type_id = actor_types.get(item.actor_type) or next(iter(actor_types.values()))
                actors[item.actor_name] = Actor.objects.create(name=item.actor_name, type_id=type_id).pk
        initiatives = Initiative.objects.bulk_create(
            [
                Initiative(
                    title=item.title,
                    summary=item.summary,
                    status=Status.PUBLISHED,
                    territory_id=territories[(item.place.level, item.place.code)],
                    lead_actor_id=actors.get(item.actor_name) if item.actor_type else None,
                    start_date=item.start,
                    start_precision=item.precision,
                    crisis_period=item.period,
                    evidence_level=item.evidence,
                    published_at=item.published_at or published_at,
                )
                for item in items
            ],
            batch_size=1000,
        )
        InitiativeTheme.objects.bulk_create(
            [
                InitiativeTheme(initiative_id=initiative.pk, theme_id=themes[code], position=position)
                for initiative, item in zip(initiatives, items, strict=True)
                for position, code in enumerate(item.themes)
            ],
            batch_size=2000,
        )
    return {"initiatives": Initiative.objects.filter(status=Status.PUBLISHED).count()}


def _pages(content: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)


def _fiche(sentences: int):
    """A published fiche with `sentences` sentences in all, spread over its 15 sections in order."""
    from essaim.sheets.exports.document import DocumentSection, SheetDocument
    from essaim.sheets.sections import SECTIONS

    share, extra = divmod(sentences, len(SECTIONS))
    return SheetDocument(
        title="Portage de repas et visites de convivialité aux personnes âgées isolées",
        territory="Lille (59)",
        status_line="Fiche action publiée le 17 mars 2026",
        marker="",
        sections=tuple(
            DocumentSection(code=code, title=title, html=f"<p>{SENTENCE * (share + (number < extra))}</p>")
            for number, (code, title) in enumerate(SECTIONS)
        ),
        permalink="https://essaim.example.org/fiches/1/",
        filename="fiche-action-bench",
    )


def child_measure(args: argparse.Namespace) -> dict:
    import weasyprint
    from django.utils import timezone

    from essaim.core.pdf import render_pdf
    from essaim.sheets.exports import annex
    from essaim.sheets.exports.pdf import sheet_pdf_html
    from essaim.sheets.selectors import initiatives_for_annex

    report: dict = {"load": os.getloadavg()[0], "weasyprint": f"{weasyprint.__version__} "}

    # The fullest fiche that still fits on two pages.
    sentences, document = 0, _fiche(0)
    started = time.perf_counter()
    first = render_pdf(sheet_pdf_html(document), base_url=BASE_URL)
    report["fiche_first_ms"] = (time.perf_counter() - started) * 1000
    while True:
        candidate = _fiche(sentences + 1)
        content = render_pdf(sheet_pdf_html(candidate), base_url=BASE_URL)
        if _pages(content) > 2:
            break
        sentences, document, first = sentences + 1, candidate, content
    report["fiche_pages"] = _pages(first)
    report["fiche_sentences"] = sentences
    fiche = []
    for _ in range(args.runs):
        started = time.perf_counter()
        render_pdf(sheet_pdf_html(document), base_url=BASE_URL)
        fiche.append((time.perf_counter() - started) * 1000)
    report["fiche"] = {"n": len(fiche), **(percentiles(fiche) if len(fiche) > 1 else {"p50": fiche[0]})}

    runs, rows_s, sizes = [], [], {}
    for _ in range(args.annex_runs):
        started = time.perf_counter()
        rows = annex.annex_rows(initiatives_for_annex())
        rows_s.append(time.perf_counter() - started)
        content = render_pdf(annex.annex_pdf_html(rows, today=timezone.localdate()), base_url=BASE_URL)
        runs.append(time.perf_counter() - started)
    report["annex"] = {
        "n": len(runs),
        "rows": len(rows),
        "themes": len(annex.annex_groups(rows)),
        "pages": _pages(content),
        "median_s": sorted(runs)[len(runs) // 2],
        "max_s": max(runs),
        "rows_ms": min(rows_s) * 1000,
    }
    for fmt in ("csv", "xlsx", "ods"):
        started = time.perf_counter()
        sizes[fmt] = len(getattr(annex, f"annex_{fmt}")(annex.annex_rows(initiatives_for_annex())))
        report[f"{fmt}_ms"] = (time.perf_counter() - started) * 1000
    report["sizes"] = sizes
    return report


def run(args: argparse.Namespace) -> dict:
    folder = site_folder(args.workdir, "essaim-bench-exports-")
    env = site_env(folder, ESSAIM_ALLOWED_HOSTS="testserver")
    try:
        if not (folder / "prepared").exists():
            log("migrate + load_territories + collectstatic…")
            essaim(env, "migrate", "--noinput")
            essaim(env, "load_territories")
            essaim(env, "collectstatic", "--noinput", "--verbosity", "0")
        report = child_report(
            __file__,
            env,
            "--child",
            f"--size={args.size}",
            f"--runs={args.runs}",
            f"--annex-runs={args.annex_runs}",
        )
        (folder / "prepared").touch()
        return report
    finally:
        if not args.workdir:
            shutil.rmtree(folder, ignore_errors=True)


def child(args: argparse.Namespace) -> None:
    django_setup()
    from essaim.catalog.models import Initiative

    report: dict = {}
    if not Initiative.objects.exists():
        log(f"{args.size} initiatives publiées (bulk_create)…")
        report.update(child_load(args.size))
    report["initiatives"] = Initiative.objects.count()
    log("mesures…")
    report.update(child_measure(args))
    print(json.dumps(report))


def _verdict(value: float, target: float) -> str:
    return "atteint" if value <= target else "**manqué**"


def table(report: dict) -> str:
    fiche, annex = report["fiche"], report["annex"]
    return "\n".join(
        [
            "| mesure | runs | p50 | p95 / max | cible | |",
            "| --- | ---: | ---: | ---: | ---: | --- |",
            f"| PDF d'une fiche action de {report['fiche_pages']} pages (sans cache) | {fiche['n']} | "
            f"{fiche['p50']:.0f} ms | {fiche.get('p95', fiche['p50']):.0f} ms | ≤ {TARGET_FICHE_MS} ms | "
            f"{_verdict(fiche.get('p95', fiche['p50']), TARGET_FICHE_MS)} |",
            f"| PDF de l'annexe, {annex['rows']} initiatives, {annex['themes']} thématiques, "
            f"{annex['pages']} pages (sans cache) | {annex['n']} | {annex['median_s']:.1f} s | "
            f"{annex['max_s']:.1f} s | ≤ {TARGET_ANNEX_S} s | {_verdict(annex['max_s'], TARGET_ANNEX_S)} |",
            f"| annexe CSV / XLSX / ODS (lecture comprise) | 1 | {report['csv_ms']:.0f} / "
            f"{report['xlsx_ms']:.0f} / {report['ods_ms']:.0f} ms | — | — | |",
        ]
    )


def section(report: dict, host: dict[str, str], args: argparse.Namespace) -> str:
    return (
        f"{HEADING}\n\n"
        f"`.venv/bin/python bench/exports.py --size {args.size} --runs {args.runs} "
        f"--annex-runs {args.annex_runs}`. A real SQLite database (WAL) with the vendored geography "
        f"and {report['initiatives']} published initiatives of bench/search.py's generator (themes in "
        "order, lead actors), written with `bulk_create`. One process times WeasyPrint "
        f"{report.get('weasyprint', '')}with the on-disk cache bypassed (`render_pdf`), after one "
        f"warm-up render not counted ({report['fiche_first_ms']:.0f} ms: fonts, templates): the "
        "single fiche's template with its 15 section titles and "
        f"{report['fiche_sentences']} sentences of text spread over them (the most that still lays "
        f"out on {report['fiche_pages']} A4 pages), HTML rendering included; then the directory's annex "
        "(`annex_rows` over `initiatives_for_annex`, one entry per initiative grouped by primary "
        "theme then département, a table of contents with `target-counter` page numbers, each theme "
        f"on a new page), reading included ({annex_rows_ms(report)}). The CSV, XLSX and ODS of the "
        f"same rows: {report['sizes']['csv']:,}, {report['sizes']['xlsx']:,} and "
        f"{report['sizes']['ods']:,} bytes. Load average (1 min) when the measures started: "
        f"{report['load']:.1f}, on a 2-core machine shared with other work.\n\n"
        f"{table(report)}\n\n"
        f"Targets (issue 7): a two-page fiche PDF in ≤ {TARGET_FICHE_MS} ms; the 300-initiative annex "
        f"PDF in ≤ {TARGET_ANNEX_S} s.\n\n"
        f"Machine: {host['cpu']}, {host['nproc']} CPU (`nproc`), {host['memory']} RAM (`free -h`), "
        f"Python {host['python']}; measured {host['date']}.\n"
    )


def annex_rows_ms(report: dict) -> str:
    return f"the rows alone: {report['annex']['rows_ms']:.0f} ms"


def write_doc(text: str) -> None:
    """Replace this bench's section of docs/performance.md (or append it), leaving the others."""
    current = DOC.read_text(encoding="utf-8")
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(current):
        updated = pattern.sub(lambda _match: text + "\n", current).rstrip("\n") + "\n"
    else:
        updated = current.rstrip("\n") + "\n\n" + text
    DOC.write_text(updated, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=300)
    parser.add_argument("--runs", type=int, default=10, help="timed renders of the fiche PDF")
    parser.add_argument("--annex-runs", type=int, default=3, help="timed renders of the annex PDF")
    parser.add_argument("--workdir", help="keep the prepared database there and reuse it next time")
    parser.add_argument("--no-docs", action="store_true", help="print only, leave docs/performance.md")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return 0
    report = run(args)
    print(table(report))
    if not args.no_docs:
        write_doc(section(report, machine(), args))
        print(f"\nÉcrit dans {DOC.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

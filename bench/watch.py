"""Benchmark: the watch's pipeline end to end — 1,000 mixed documents, then a 5,000-row spreadsheet.

    .venv/bin/python bench/watch.py [--documents 1000] [--rows 5000] [--directory 100000] [--workdir DIR]

In a temporary folder (or `--workdir`, kept and reused): a throwaway SQLite database (`migrate`,
`load_territories`), `--directory` published initiatives of bench/search.py's generator
(`bulk_create`) and the search index (`search_rebuild`), so that duplicates are looked for in a
directory of that size. One child process then generates (untimed) the documents — HTML pages
(newsletters of three sections and single articles), PDF reports (WeasyPrint), DOCX, ODT, TXT and
one RSS feed whose entries are documents of their own — each reporting French local initiatives
placed in real communes, and times, for each, what `essaim ingest` does: `source_run` (extraction,
one transaction per document, `candidate_receive`) then the enrichment of the candidates it made,
together, as the run's job does it (territory, themes, publics, actor type, duplicates). Then a
5,000-row CSV (Windows-1252, semicolons, columns guessed from French headers), the same way. A
second run of the same documents (nothing new, nothing doubled) is timed too. Prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import machine
from _site import child_report, essaim, site_env, site_folder  # bench/ is not a package
from enrichment_speed import ACTIONS, ACTORS, FILLER, PERIODS, communes

TARGET_DOCS_PER_S = 20
TARGET_SPREADSHEET_S = 60
MIX = [("html", 35), ("html3", 15), ("pdf", 10), ("docx", 10), ("odt", 5), ("txt", 10), ("feed", 15)]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _initiative(rnd: random.Random, places) -> tuple[str, str]:
    _, name, _ = rnd.choice(places)
    action, short = rnd.choice(ACTIONS)
    title = f"{name} : {short} {rnd.choice(PERIODS)} (n° {rnd.randrange(10**6)})"
    text = f"{rnd.choice(ACTORS)} de {name} {action} {rnd.choice(PERIODS)}. " + FILLER * rnd.randint(1, 3)
    return title, text


def generate(count: int, seed: int = 5):
    """[(fmt, bytes, filename)] whose documents add up to `count` (a feed counts its entries)."""
    from essaim.core.pdf import render_pdf

    rnd = random.Random(seed)
    places = communes()
    kinds = [kind for kind, weight in MIX for _ in range(weight)]
    out: list[tuple[str, bytes, str]] = []
    documents = 0
    feed_entries: list[tuple[str, str]] = []
    target_feed = count * dict(MIX)["feed"] // 100
    while documents + len(feed_entries) < count:
        kind = rnd.choice(kinds)
        if kind == "feed":
            if len(feed_entries) < target_feed:
                feed_entries.append(_initiative(rnd, places))
            continue
        sections = [
            _initiative(rnd, places) for _ in range(3 if kind in {"html3", "pdf", "docx", "odt"} else 1)
        ]
        name = f"doc-{len(out)}"
        if kind.startswith("html"):
            body = (
                "".join(f"<h2>{t}</h2><p>{x}</p>" for t, x in sections)
                if len(sections) > 1
                else (f"<h1>{sections[0][0]}</h1><p>{sections[0][1]}</p>")
            )
            html = f"<!doctype html><html lang='fr'><head><title>{sections[0][0]}</title></head><body>"
            html += (
                f"<nav>Accueil</nav><article>{body}</article><footer>Mentions légales</footer></body></html>"
            )
            out.append(("html", html.encode(), f"{name}.html"))
        elif kind == "pdf":
            body = "".join(f"<h2>{i}. {t}</h2><p>{x}</p>" for i, (t, x) in enumerate(sections, 1))
            html = f"<html lang='fr'><body><h1>Retour d'expérience</h1>{body}</body></html>"
            out.append(("pdf", render_pdf(html, base_url="http://bench/"), f"{name}.pdf"))
        elif kind == "docx":
            import docx

            document = docx.Document()
            for title, text in sections:
                document.add_heading(title, level=2)
                document.add_paragraph(text)
            buffer = __import__("io").BytesIO()
            document.save(buffer)
            out.append(("docx", buffer.getvalue(), f"{name}.docx"))
        elif kind == "odt":
            from odf.opendocument import OpenDocumentText
            from odf.text import H, P

            document = OpenDocumentText()
            for title, text in sections:
                document.text.addElement(H(outlinelevel=2, text=title))
                document.text.addElement(P(text=text))
            buffer = __import__("io").BytesIO()
            document.write(buffer)
            out.append(("odt", buffer.getvalue(), f"{name}.odt"))
        else:
            title, text = sections[0]
            out.append(("txt", f"{title}\n\n{text}\n".encode("cp1252", "replace"), f"{name}.txt"))
        documents += 1
    items = "".join(
        f"<item><title>{t}</title><link>https://presse.example.org/{i}</link><guid>bench-{i}</guid>"
        f"<description>{x}</description></item>"
        for i, (t, x) in enumerate(feed_entries)
    )
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Presse</title>'
        f"{items}</channel></rss>"
    )
    out.append(("feed", feed.encode(), "presse.rss"))
    return out, documents + len(feed_entries)


def spreadsheet(rows: int, seed: int = 9) -> bytes:
    rnd = random.Random(seed)
    places = communes()
    lines = ["N°;Nom de l'action;Structure porteuse;Commune;Département;Date de début;Description"]
    for index in range(rows):
        code, name, _ = rnd.choice(places)
        action, short = rnd.choice(ACTIONS)
        actor = rnd.choice(ACTORS)
        text = f"{actor} de {name} {action} {rnd.choice(PERIODS)}. " + FILLER
        lines.append(
            f"{index + 1};{name} : {short} (ligne {index + 1});{actor} de {name};{name};{code[:2]};"
            f"17/03/2020;{text}"
        )
    return ("\r\n".join(lines) + "\r\n").encode("cp1252", "replace")


def _ingest_all(files, source):
    """Ingest each file as `essaim ingest` does; the enrichment (the worker's job in production) is
    timed apart, then both are added up for the end-to-end figure."""
    from essaim.watch.ingestion import Payload, source_run
    from essaim.watch.reports import duplicates_count

    totals = {"documents": 0, "candidates": 0, "duplicates": 0, "errors": 0, "unchanged": 0}
    ingest_s = enrich_s = 0.0
    for fmt, content, name in files:
        started = time.perf_counter()
        outcome = source_run(source, payload=Payload(content, fmt, file_name=name))
        middle = time.perf_counter()
        totals["duplicates"] += duplicates_count(outcome.candidate_ids, enrich=True)
        ingest_s += middle - started
        enrich_s += time.perf_counter() - middle
        run = outcome.run
        totals["documents"] += run.documents_new
        totals["unchanged"] += run.documents_unchanged
        totals["candidates"] += run.candidates_new + run.candidates_updated
        totals["errors"] += len(run.errors)
    return {**totals, "ingest_s": ingest_s, "enrich_s": enrich_s, "seconds": ingest_s + enrich_s}


def child(args: argparse.Namespace) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "essaim.settings")
    django.setup()
    from django.core.management import call_command

    from essaim.catalog.models import Initiative
    from essaim.inbox.models import Candidate
    from essaim.watch.models import Source, SourceKind

    report: dict = {"load": os.getloadavg()[0]}
    if args.directory and not Initiative.objects.exists():
        from exports import child_load

        log(f"{args.directory:,} initiatives publiées (bulk_create) et index de recherche…")
        child_load(args.directory)
        call_command("search_rebuild", verbosity=0)
    report["directory"] = Initiative.objects.count()
    log("génération des documents (non chronométrée)…")
    files, count = generate(args.documents)
    report["mix"] = {fmt: sum(1 for f, _, _ in files if f == fmt) for fmt in {f for f, _, _ in files}}
    source = Source.objects.create(name=f"Banc documents {time.time()}", kind=SourceKind.DOCUMENT)
    log(f"{count} documents : ingestion de bout en bout…")
    report["documents"] = {**_ingest_all(files, source), "expected": count}
    log(f"  → {json.dumps(report['documents'])}")  # partial figures, should a later step be cut short
    log("les mêmes, une seconde fois…")
    report["again"] = _ingest_all(files, source)
    log(f"  → {json.dumps(report['again'])}")
    report["candidates_after_docs"] = Candidate.objects.count()

    log(f"tableau de {args.rows} lignes…")
    content = spreadsheet(args.rows)
    table_source = Source.objects.create(name=f"Banc tableau {time.time()}", kind=SourceKind.SPREADSHEET)
    from essaim.watch.ingestion import Payload, source_run
    from essaim.watch.reports import duplicates_count

    started = time.perf_counter()
    outcome = source_run(table_source, payload=Payload(content, "csv", file_name="remontees.csv"))
    middle = time.perf_counter()
    log(f"  → import : {middle - started:.1f} s, {outcome.run.candidates_new} candidats ; enrichissement…")
    duplicates = duplicates_count(outcome.candidate_ids, enrich=True)
    report["spreadsheet"] = {
        "rows": args.rows,
        "candidates": outcome.run.candidates_new,
        "errors": len(outcome.run.errors),
        "ingest_s": middle - started,
        "enrich_s": time.perf_counter() - middle,
        "seconds": time.perf_counter() - started,
        "duplicates": duplicates,
    }
    # Kilobytes on Linux: what the worker's per-process caches (indexes, analyses) cost.
    report["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(report))


def run(args: argparse.Namespace) -> dict:
    folder = site_folder(args.workdir, "essaim-bench-watch-")
    env = site_env(folder)
    try:
        if not (folder / "prepared").exists():
            log("migrate + load_territories…")
            essaim(env, "migrate", "--noinput")
            essaim(env, "load_territories")
            (folder / "prepared").touch()
        return child_report(
            __file__,
            env,
            "--child",
            f"--documents={args.documents}",
            f"--rows={args.rows}",
            f"--directory={args.directory}",
        )
    finally:
        if not args.workdir:
            shutil.rmtree(folder, ignore_errors=True)


def _verdict(ok: bool) -> str:
    return "atteint" if ok else "**manqué**"


def table(report: dict) -> str:
    docs, again, sheet = report["documents"], report["again"], report["spreadsheet"]
    n = docs["expected"]
    mix = ", ".join(f"{fmt} {count}" for fmt, count in sorted(report["mix"].items()))
    rows = [
        f"Annuaire : {report['directory']:,} initiatives · fichiers : {mix} (le flux compte chacune de ses "
        f"entrées) · charge au départ : {report['load']:.1f} · mémoire du processus (max) : "
        f"{report.get('max_rss_mb', 0):.0f} Mo",
        "",
        "| mesure | volume | durée | débit | cible | |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
        "| documents mixtes : extraction + import dans la boîte (avant enrichissement) | "
        f"{n} documents, "
        f"{docs['candidates']} candidats, {docs['errors']} erreurs | {docs['ingest_s']:.1f} s | "
        f"{n / docs['ingest_s']:.1f} doc/s | ≥ {TARGET_DOCS_PER_S} doc/s | "
        f"{_verdict(n / docs['ingest_s'] >= TARGET_DOCS_PER_S)} |",
        "| … puis enrichissement de leurs candidats, ensemble pour chaque fichier | "
        f"{docs['candidates']} candidats, "
        f"{docs['duplicates']} avec doublon possible | {docs['enrich_s']:.1f} s | "
        f"{docs['candidates'] / docs['enrich_s']:.1f} cand./s | | |",
        f"| documents mixtes de bout en bout (les deux) | {n} documents | {docs['seconds']:.1f} s | "
        f"{n / docs['seconds']:.1f} doc/s | ≥ {TARGET_DOCS_PER_S} doc/s | "
        f"{_verdict(n / docs['seconds'] >= TARGET_DOCS_PER_S)} |",
        f"| les mêmes une seconde fois (rien de nouveau, rien en double) | {again['unchanged']} déjà lus, "
        f"{again['candidates']} candidats | {again['seconds']:.1f} s | "
        f"{n / again['seconds']:.0f} doc/s | | |",
        f"| tableau CSV : lecture + import dans la boîte | {sheet['rows']} lignes, "
        f"{sheet['candidates']} candidats | "
        f"{sheet['ingest_s']:.1f} s | {sheet['rows'] / sheet['ingest_s']:.0f} lignes/s | "
        f"≤ {TARGET_SPREADSHEET_S} s | {_verdict(sheet['ingest_s'] <= TARGET_SPREADSHEET_S)} |",
        "| tableau CSV de bout en bout (enrichissement compris) | "
        f"{sheet['duplicates']} avec doublon possible | "
        f"{sheet['seconds']:.1f} s | {sheet['rows'] / sheet['seconds']:.0f} lignes/s | "
        f"≤ {TARGET_SPREADSHEET_S} s | {_verdict(sheet['seconds'] <= TARGET_SPREADSHEET_S)} |",
    ]
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument(
        "--directory", type=int, default=100_000, help="published initiatives to compare with"
    )
    parser.add_argument("--workdir", help="keep the prepared database there and reuse it next time")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return 0
    report = run(args)
    print(table(report))
    host = machine()
    print(f"\nMachine : {host['cpu']}, {host['nproc']} CPU, {host['memory']} RAM, Python {host['python']}")
    print(f"Mesuré le {host['date']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

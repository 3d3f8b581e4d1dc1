"""Benchmark: territorial similarity (k = 20 among all communes) and the commune page's practices from
comparable territories, with 100k published initiatives.

    .venv/bin/python bench/similarity.py [--size 100000] [--communes 300] [--pages 100] [--no-docs]

In a temporary folder (or `--workdir`, kept and reused): a real SQLite database (`migrate`,
`load_territories`, `collectstatic`, then `--size` initiatives of bench/search.py's generator, all
published, written with `bulk_create`). One child process then times, on seeded random communes:
1. `comparison.similar_matches(commune, k=20)` (the indicators of every commune already read once,
   as in a running server; the first read is reported apart);
2. `replication.practices_nearby` over the 30 comparable communes of the page, and the whole
   territory page (`/territoires/commune/<code>/`) through Django's test Client — on random
   communes and on the 30 most populous ones (their comparable cities hold the most initiatives).
The table is printed and written into docs/performance.md under
"## Similarité des territoires / Territory similarity", with the machine.
"""

from __future__ import annotations

import argparse
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
HEADING = "## Similarité des territoires / Territory similarity"
CHUNK = 5000
SEED = 20_200_317
K = 20
TARGET_SIMILAR_MS = 20
TARGET_PRACTICES_MS = 100
BIG_CITIES = 30


def child_load(size: int) -> dict:
    """`size` generated initiatives, all published, through the ORM by chunks (no signals)."""
    import datetime as dt

    from django.db import transaction

    from essaim.catalog.models import Initiative, InitiativeTheme, Status, Theme
    from essaim.territories.models import Territory

    territories = {
        (level, code): pk for level, code, pk in Territory.objects.values_list("level", "code", "pk")
    }
    themes = dict(Theme.objects.values_list("code", "pk"))
    published_at = dt.datetime(2022, 1, 1, tzinfo=dt.UTC)
    generated = Corpus().initiatives(size)
    while chunk := [item for _, item in zip(range(CHUNK), generated, strict=False)]:
        with transaction.atomic():
            initiatives = Initiative.objects.bulk_create(
                [
                    Initiative(
                        title=item.title,
                        summary=item.summary,
                        status=Status.PUBLISHED,
                        territory_id=territories[(item.place.level, item.place.code)],
                        start_date=item.start,
                        start_precision=item.precision,
                        crisis_period=item.period,
                        evidence_level=item.evidence,
                        published_at=item.published_at or published_at,
                    )
                    for item in chunk
                ],
                batch_size=1000,
            )
            InitiativeTheme.objects.bulk_create(
                [
                    InitiativeTheme(initiative_id=initiative.pk, theme_id=themes[code], position=position)
                    for initiative, item in zip(initiatives, chunk, strict=True)
                    for position, code in enumerate(item.themes)
                ],
                batch_size=2000,
            )
    return {"initiatives": Initiative.objects.filter(status=Status.PUBLISHED).count()}


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def child_measure(args: argparse.Namespace) -> dict:
    """The timings, in a process that has read nothing yet."""
    from random import Random

    from django.contrib.auth.models import AnonymousUser
    from django.test import Client

    from essaim.portal import replication
    from essaim.territories import comparison
    from essaim.territories.models import Level, Territory

    communes = list(
        Territory.objects.filter(level=Level.COMMUNE, is_current=True)
        .select_related("indicators")
        .order_by("pk")
    )
    rng = Random(SEED)
    report: dict = {"communes": len(communes), "load": os.getloadavg()[0]}

    started = time.perf_counter()
    comparison.similar_matches(communes[0], k=K)
    report["first_read_ms"] = _ms(started)
    similar = []
    for commune in rng.sample(communes, args.communes):
        started = time.perf_counter()
        comparison.similar_matches(commune, k=K)
        similar.append(_ms(started))
    report["similar"] = {"n": len(similar), **percentiles(similar)}

    biggest = sorted(communes, key=lambda c: getattr(c.indicators, "population_2018", 0) or 0, reverse=True)[
        :BIG_CITIES
    ]
    client = Client()
    client.get(f"/territoires/commune/{communes[0].code}/")  # templates and URL resolver warmed
    user = AnonymousUser()
    for name, sample in (("random", rng.sample(communes, args.pages)), ("big", biggest)):
        practices, pages, shown = [], [], []
        for commune in sample:
            nearby = comparison.comparables(
                comparison.similar_matches(commune, k=replication.NEARBY_TERRITORIES)
            )
            started = time.perf_counter()
            groups = replication.practices_nearby(nearby, level=commune.level, user=user)
            practices.append(_ms(started))
            shown.append(sum(len(group.practices) for group in groups))
            started = time.perf_counter()
            response = client.get(f"/territoires/commune/{commune.code}/")
            pages.append(_ms(started))
            if response.status_code != 200:
                raise RuntimeError(f"{commune.code} : HTTP {response.status_code}")
        report[name] = {
            "n": len(sample),
            "practices": percentiles(practices),
            "page": percentiles(pages),
            "shown": sum(shown) / len(shown),
        }
    return report


def child(args: argparse.Namespace) -> None:
    django_setup()
    from essaim.catalog.models import Initiative

    loaded = {}
    if not Initiative.objects.exists():
        log(f"{args.size:,} initiatives publiées (bulk_create)…")
        started = time.perf_counter()
        loaded = child_load(args.size)
        loaded["load_s"] = time.perf_counter() - started
    print(json.dumps({**loaded, "initiatives": Initiative.objects.count()}))


def run(args: argparse.Namespace) -> dict:
    folder = site_folder(args.workdir, "essaim-bench-sim-")
    env = site_env(folder, ESSAIM_ALLOWED_HOSTS="testserver")
    try:
        if not (folder / "prepared").exists():
            log("migrate + load_territories + collectstatic…")
            essaim(env, "migrate", "--noinput")
            essaim(env, "load_territories")
            essaim(env, "collectstatic", "--noinput", "--verbosity", "0")
        report = child_report(__file__, env, "--child=load", f"--size={args.size}")
        (folder / "prepared").touch()
        log("mesures…")
        report.update(
            child_report(
                __file__, env, "--child=measure", f"--communes={args.communes}", f"--pages={args.pages}"
            )
        )
    finally:
        if not args.workdir:
            shutil.rmtree(folder, ignore_errors=True)
    return report


def table(report: dict) -> str:
    similar = report["similar"]
    lines = [
        "| mesure | communes | p50 ms | p95 ms | cible |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| k = {K} communes les plus proches parmi {report['communes']:,} | {similar['n']} | "
        f"{similar['p50']:.1f} | {similar['p95']:.1f} | ≤ {TARGET_SIMILAR_MS} ms |",
    ]
    for name, label in (("random", "au hasard"), ("big", f"les {BIG_CITIES} plus peuplées")):
        part = report[name]
        lines += [
            f"| `practices_nearby` (30 communes comparables), communes {label} | {part['n']} | "
            f"{part['practices']['p50']:.1f} | {part['practices']['p95']:.1f} | ≤ {TARGET_PRACTICES_MS} ms |",
            f"| page `/territoires/commune/<code>/` entière, communes {label} | {part['n']} | "
            f"{part['page']['p50']:.1f} | {part['page']['p95']:.1f} | — |",
        ]
    return "\n".join(lines)


def section(report: dict, host: dict[str, str], args: argparse.Namespace) -> str:
    return (
        f"{HEADING}\n\n"
        f"`.venv/bin/python bench/similarity.py --size {args.size} --communes {args.communes} "
        f"--pages {args.pages}`. A real SQLite database (WAL) with the vendored geography and "
        f"{report['initiatives']:,} published initiatives of bench/search.py's generator (territories "
        "drawn by population: 72 % communes), written with `bulk_create`. One process times, on "
        "seeded random communes: the k = 20 most similar communes (`comparison.similar_matches`, "
        "default weights; the indicators of every commune are read once per process, "
        f"{report['first_read_ms']:.0f} ms the first time, not counted); then, for the commune "
        "page's « Pratiques éprouvées dans des territoires comparables », "
        "`replication.practices_nearby` over the page's 30 comparable communes (ranked and grouped "
        "by theme, the 30 shown loaded with their relations) and the whole page through Django's "
        "test Client (profile, comparable territories, practices, the commune's own initiatives), "
        f"on {args.pages} random communes and on the {BIG_CITIES} most populous ones, whose comparable "
        "cities hold the most initiatives (practices shown per page: "
        f"{report['random']['shown']:.1f} and {report['big']['shown']:.1f} on average). "
        "The database ranks the practices (`ORDER BY score LIMIT 30` over the published "
        "initiatives of the 30 territories, through the index on territory and status); the k "
        "nearest are found by scanning each group of communes outwards from the query's "
        "population and stopping on the distance bound. Load average (1 min) when the measures "
        f"started: {report['load']:.1f}, on a 2-core machine shared with other work.\n\n"
        f"{table(report)}\n\n"
        f"Machine: {host['cpu']}, {host['nproc']} CPU (`nproc`), {host['memory']} RAM (`free -h`), "
        f"Python {host['python']}; measured {host['date']}.\n"
    )


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
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--communes", type=int, default=300, help="communes for k = 20")
    parser.add_argument("--pages", type=int, default=100, help="random communes for the page")
    parser.add_argument("--workdir", help="keep the prepared database there and reuse it next time")
    parser.add_argument("--no-docs", action="store_true", help="print only, leave docs/performance.md")
    parser.add_argument("--child", choices=["load", "measure"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "load":
        child(args)
        return 0
    if args.child == "measure":
        django_setup()
        print(json.dumps(child_measure(args)))
        return 0
    report = run(args)
    print(table(report))
    if not args.no_docs:
        write_doc(section(report, machine(), args))
        print(f"\nÉcrit dans {DOC.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

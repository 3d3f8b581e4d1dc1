"""Throughput of the enrichment engine, one process, one core.

    .venv/bin/python bench/enrichment_speed.py [--annotate 10000] [--dedupe 100000] [--no-docs]

Generates realistic synthetic French reports (seeded) placed in real communes, then times
`Annotator.annotate` (geotagging + classification, the work of `essaim annotate`) on N documents
and `find_duplicates` (the work of `essaim dedupe`, territory codes given) on M records, ~1 % of
which are rewordings of another. Prints a table and rewrites its section of docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import random
import re
import sys
import time
from pathlib import Path

from _machine import machine

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DOC = REPO / "docs" / "performance.md"
HEADING = "## Enrichissement / Enrichment throughput"

ACTIONS = [
    ("livre des repas à domicile aux personnes âgées isolées", "portage de repas"),
    ("distribue des colis alimentaires aux familles en difficulté", "aide alimentaire"),
    ("prête des tablettes aux collégiens sans ordinateur", "continuité pédagogique"),
    ("ouvre une ligne d'écoute pour les femmes victimes de violences conjugales", "écoute"),
    ("organise des maraudes auprès des personnes sans abri", "maraudes"),
    ("appelle chaque semaine les aînés inscrits sur le registre canicule", "appels de convivialité"),
    ("accompagne les commerçants vers la vente en ligne", "soutien aux commerces"),
    ("met en place une plateforme de bénévolat pour les courses des personnes fragiles", "entraide"),
    ("propose des consultations de soutien psychologique par téléphone", "soutien psychologique"),
    ("maintient les visites en médiathèque par un service de retrait", "lecture publique"),
]
ACTORS = ["Le Département", "La ville", "Le CCAS", "L'association Solidarité", "La communauté de communes"]
PERIODS = [
    "pendant le premier confinement",
    "depuis mars 2020",
    "au printemps 2020",
    "lors du second confinement",
]
FILLER = (
    "Le dispositif mobilise agents et bénévoles, en lien avec les partenaires locaux. Un bilan est prévu "
    "à la fin de l'opération, et la collectivité envisage de le pérenniser si les besoins se confirment. "
)


def communes(limit: int = 3000) -> list[tuple[str, str, str]]:
    with gzip.open(REPO / "essaim/territories/data/territories.json.gz") as file:
        data = json.loads(file.read())
    rows = sorted(data["communes"], key=lambda row: -(row[7] or 0))[:limit]
    return [(row[0], row[1], row[3]) for row in rows]


def documents(count: int, seed: int = 7) -> list[tuple[str, str, str, str]]:
    """(id, title, summary, commune code) tuples."""
    rnd = random.Random(seed)
    places = communes()
    docs = []
    for index in range(count):
        code, name, _ = rnd.choice(places)
        action, short = rnd.choice(ACTIONS)
        actor = rnd.choice(ACTORS)
        title = f"{name} : {short} {rnd.choice(PERIODS)}"
        summary = f"{actor} de {name} {action} {rnd.choice(PERIODS)}. " + FILLER * rnd.randint(1, 3)
        docs.append((f"s{index}", title, summary, code))
    return docs


def reworded(summary: str, rnd: random.Random) -> str:
    words = summary.split()
    rnd.shuffle(words[5:15]) if len(words) > 15 else None
    return " ".join(words).replace("pendant", "durant").replace("chaque", "tous les")


def bench_annotate(count: int) -> dict[str, float]:
    from essaim.enrichment.classify import Classifier
    from essaim.enrichment.geotag import Geotagger
    from essaim.enrichment.jsonl import InputRecord
    from essaim.enrichment.pipeline import Annotator

    started = time.perf_counter()
    annotator = Annotator(Geotagger.vendored(), Classifier.default())
    load = time.perf_counter() - started
    records = [
        InputRecord(i, key, title, summary) for i, (key, title, summary, _) in enumerate(documents(count))
    ]
    annotator.annotate(records[0])
    started = time.perf_counter()
    for record in records:
        annotator.annotate(record)
    elapsed = time.perf_counter() - started
    return {"documents": count, "load_s": load, "seconds": elapsed, "docs_per_s": count / elapsed}


def bench_dedupe(count: int) -> dict[str, float]:
    from essaim.enrichment.dedupe import Record, find_duplicates

    rnd = random.Random(11)
    base = documents(count - count // 100, seed=13)
    records = [
        Record(key, title, summary, departement_code=code[:2], commune_code=code)
        for key, title, summary, code in base
    ]
    for index in range(count // 100):
        _, title, summary, code = rnd.choice(base)
        records.append(
            Record(f"d{index}", title, reworded(summary, rnd), departement_code=code[:2], commune_code=code)
        )
    started = time.perf_counter()
    clusters = find_duplicates(records)
    elapsed = time.perf_counter() - started
    return {"records": count, "seconds": elapsed, "clusters": len(clusters)}


def write_doc(section: str) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n"
    pattern = re.compile(rf"{re.escape(HEADING)}\n.*?(?=\n## |\Z)", re.S)
    text = (
        pattern.sub(section.rstrip("\n"), text) if HEADING in text else text.rstrip("\n") + "\n\n" + section
    )
    DOC.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotate", type=int, default=10_000)
    parser.add_argument("--dedupe", type=int, default=100_000)
    parser.add_argument("--no-docs", action="store_true")
    args = parser.parse_args(argv)
    annotate = bench_annotate(args.annotate)
    dedupe = bench_dedupe(args.dedupe)
    table = (
        "| measure | value | target |\n|---|---|---|\n"
        f"| annotate: documents | {annotate['documents']:,} | |\n"
        f"| annotate: loading geography + lexicons | {annotate['load_s']:.2f} s | |\n"
        f"| annotate: throughput | {annotate['docs_per_s']:,.0f} docs/s | ≥ 500 docs/s |\n"
        f"| dedupe: records | {dedupe['records']:,} | |\n"
        f"| dedupe: time | {dedupe['seconds']:.1f} s ({dedupe['clusters']:,} clusters) | ≤ 30 s |\n"
    ).replace(",", " ")
    print(table)
    if not args.no_docs:
        write_doc(
            f"{HEADING}\n\n`bench/enrichment_speed.py`, {dt.datetime.now(dt.UTC).date().isoformat()}, "
            + "{cpu}, {nproc} cores, Python {python}; one process, ".format(**machine())
            + "synthetic French reports placed in the 3,000 most populated communes.\n\n"
            + table
        )


if __name__ == "__main__":
    main()

"""Geotagging quality and speed on the shared corpus of real initiatives.

    .venv/bin/python bench/geotag_quality.py [--corpus ../shared/corpus/initiatives.jsonl] [--all]

Runs `Geotagger.tag` on "title\\nsummary" of every record (as `essaim annotate` does) and compares
with the hand-set labels: département accuracy (null = null counts as correct), commune accuracy,
the errors (all places found with `--all`), documents per second on one core and the gazetteer's
load time. The corpus is a sample: these figures measure, they are not a target to fit.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "initiatives.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--all", action="store_true", help="print every record, not only the errors")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    from essaim.enrichment.geotag import Geotagger

    geotagger = Geotagger.vendored()
    loaded = time.perf_counter() - started

    rows = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [f"{row['title']}\n{row['summary']}" for row in rows]
    results = [geotagger.tag(text) for text in texts]

    departements = communes = 0
    for row, result in zip(rows, results, strict=True):
        departement_ok = result.departement_code == row["departement_code"]
        commune_ok = result.commune_code == row["commune_code"]
        departements += departement_ok
        communes += commune_ok
        if args.all or not (departement_ok and commune_ok):
            mark = ("" if departement_ok else "D") + ("" if commune_ok else "C")
            print(
                f"{mark:2} {row['id']} expected {row['departement_code']}/{row['commune_code']} "
                f"got {result.departement_code}/{result.commune_code} | {row['title'][:70]}"
            )
            for place in result.places[:6]:
                found = f"{place.level:11} {place.code:9} {place.score:.2f} {place.name!r}"
                print(f"      {found} ← {place.evidence!r}")

    repeat = max(1, 5000 // len(texts))
    started = time.perf_counter()
    for _ in range(repeat):
        for text in texts:
            geotagger.tag(text)
    elapsed = time.perf_counter() - started
    count = len(rows)
    print(f"\nrecords: {count}")
    print(f"département accuracy: {departements / count:.3f} ({departements}/{count})")
    print(f"commune accuracy:     {communes / count:.3f} ({communes}/{count})")
    print(f"speed: {repeat * count / elapsed:,.0f} docs/s ({elapsed / (repeat * count) * 1e6:.0f} µs/doc)")
    print(f"gazetteer + geotagger load: {loaded:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

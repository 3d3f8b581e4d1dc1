"""Rebuild the vendored demo corpus from ../shared/corpus/initiatives.jsonl.

The records are copied as they are (they are written in our own words, with their source URLs as
provenance). Two records describe a région-wide initiative without any territory code: the
corpus schema has no région field, so the curated région code is added here, in one visible place.

Usage: python scripts/build_demo.py [--corpus ../shared/corpus/initiatives.jsonl]
"""

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "initiatives.jsonl"
TARGET = ROOT / "essaim" / "catalog" / "data" / "demo_initiatives.jsonl"

# Région-level initiatives, read off their titles by a person (Région Sud = Provence-Alpes-Côte d'Azur).
REGION_CODES = {"A035": "93", "B092": "11"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    lines = []
    for line in args.corpus.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        record["region_code"] = REGION_CODES.get(record["id"])
        lines.append(json.dumps(record, ensure_ascii=False, sort_keys=True))
    TARGET.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} fiches écrites dans {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

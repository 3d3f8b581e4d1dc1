"""What the seed model brings each labelled set it was not trained on (measurement only).

    .venv/bin/python bench/classify_transfer.py [--sets bench/heldout bench/heldout2 …] [--jobs 2]

The classifier ships with a seed model trained on the read held-out sets (`SEED_SETS` of
`scripts/build_seed_model.py`). Each labelled set is measured twice: with the lexicons alone, then
with a seed trained on the seed sets *other* than itself (leave one set out). For the shared sample
and the sets still blind, that is all the seed sets: the shipped seed, trained again the same
way. A set is never trained on to measure itself: the gain is what thousands of labelled
initiatives bring to new ones, as a directory's validated initiatives do again on top of it
(`essaim enrichment_train`). Prints a table.
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "scripts"))

from build_seed_model import SEED_SETS, labelled, seed_paths  # noqa: E402
from classify_quality import DEFAULT_CORPUS, evaluate, load  # noqa: E402
from quality import HELDOUT  # noqa: E402

from essaim.enrichment.classify import Classifier  # noqa: E402

FIGURES = (
    ("primary_theme", "main theme", 0.85),
    ("themes_macro_f1", "themes macro-F1", 0.80),
    ("publics_f1", "publics F1", None),
    ("actor_type", "actor type", 0.90),
)


def default_paths() -> list[Path]:
    paths = [DEFAULT_CORPUS] if DEFAULT_CORPUS.exists() else []
    return paths + HELDOUT


def _measure(path: Path) -> tuple[str, int, int, dict, dict]:
    """One row: the set's figures with the lexicons alone and with a seed trained without it."""
    lexicons = Classifier.default().with_seed(None)
    training = [example for other in seed_paths() if other != path for example in labelled(other)]
    seeded = lexicons.with_seed(lexicons.train(training))
    records, examples = load(path), labelled(path)
    alone = evaluate(records, [lexicons.classify(e.title, e.text, epcis=e.epcis) for e in examples])
    helped = evaluate(records, [seeded.classify(e.title, e.text, epcis=e.epcis) for e in examples])
    return path.parent.name, len(records), len(training), alone, helped


def transfer_table(paths: list[Path], jobs: int = 2) -> str:
    """The Markdown table: per set, lexicons alone → with a seed trained on the other seed sets."""
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        rows = list(pool.map(_measure, paths))
    lines = [
        "| set | records | seed set | trained on | " + " | ".join(label for _, label, _ in FIGURES) + " |",
        "|" + "---|" * (4 + len(FIGURES)),
    ]
    for name, count, trained, alone, helped in rows:
        cells = " | ".join(f"{alone[key]:.3f} → {helped[key]:.3f}" for key, _, _ in FIGURES)
        seed = "yes (left out)" if name in SEED_SETS else "no"
        lines.append(f"| {name} | {count} | {seed} | {trained} | {cells} |")
    targets = " | ".join(f"≥ {target:.2f}" if target else "" for _, _, target in FIGURES)
    lines.append(f"| target | | | | {targets} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="*", type=Path, help="set folders or files (default: all)")
    parser.add_argument("--jobs", type=int, default=2, help="processes (one training each)")
    args = parser.parse_args(argv)
    paths = [path / "initiatives.jsonl" if path.is_dir() else path for path in args.sets or []]
    started = time.perf_counter()
    table = transfer_table([path.resolve() for path in paths] or default_paths(), args.jobs)
    print(
        f"Each set: lexicons alone → with a seed trained on the seed sets other than itself "
        f"({time.perf_counter() - started:.0f} s).\n"
    )
    print(table)


if __name__ == "__main__":
    main()

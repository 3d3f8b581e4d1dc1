"""What validated initiatives bring the classifier, measured set by set (measurement only).

    .venv/bin/python bench/classify_transfer.py [--sets bench/heldout bench/heldout2 …]

Each labelled set (the shared sample and the held-out sets `bench/heldout*/`, written by different
people) is measured twice: with the vendored lexicons alone, then with a model trained on all the
*other* sets, as if analysts had validated that many initiatives before these arrived. A set is
never trained on to measure itself, and no record of it is seen before: the gain is what a
directory of other validated initiatives brings to new ones. Prints a table per figure.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from classify_quality import DEFAULT_CORPUS, evaluate, labelled, load  # noqa: E402
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


def transfer_table(paths: list[Path]) -> str:
    """The Markdown table: per set, lexicons alone → with a model trained on the other sets."""
    sets = {path.parent.name: load(path) for path in paths}
    lexicons = Classifier.default()
    lines = [
        "| set | records | trained on | " + " | ".join(label for _, label, _ in FIGURES) + " |",
        "|" + "---|" * (3 + len(FIGURES)),
    ]
    for name, records in sets.items():
        others = [labelled(record) for other, rest in sets.items() if other != name for record in rest]
        trained = lexicons.with_model(lexicons.train(others))
        alone = evaluate(records, [lexicons.classify(r["title"], r["summary"]) for r in records])
        helped = evaluate(records, [trained.classify(r["title"], r["summary"]) for r in records])
        cells = " | ".join(f"{alone[key]:.3f} → {helped[key]:.3f}" for key, _, _ in FIGURES)
        lines.append(f"| {name} | {len(records)} | {len(others)} | {cells} |")
    targets = " | ".join(f"≥ {target:.2f}" if target else "" for _, _, target in FIGURES)
    lines.append(f"| target | | | {targets} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="*", type=Path, help="set folders or files (default: all)")
    args = parser.parse_args(argv)
    paths = [path / "initiatives.jsonl" if path.is_dir() else path for path in args.sets or []]
    started = time.perf_counter()
    table = transfer_table(paths or default_paths())
    print(
        f"Each set: lexicons alone → with a model trained on the other sets "
        f"({time.perf_counter() - started:.0f} s).\n"
    )
    print(table)


if __name__ == "__main__":
    main()

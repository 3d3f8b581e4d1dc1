"""Quality and speed of the classifier on the shared corpus of real initiatives (measurement only).

    .venv/bin/python bench/classify_quality.py [--corpus ../shared/corpus/initiatives.jsonl] [--folds 5]

1. The default classifier (vendored lexicons and seed model, no directory model) on every record:
   primary-theme accuracy, themes micro/macro F1 (asserted = the main theme + the others scoring
   >= 0.5), publics F1, actor-type accuracy, a confusion table of main themes, documents per second.
2. With a directory model on top, cross-validated: the records are split in folds by initiative
   (the records linked by `same_as` stay in the same fold, or the model would have seen the answer),
   the model is trained on the other folds and measured on the held-out one: the gain validated
   data brings.

The corpus is a sample of a much larger population: these figures measure, they are not a target
to fit (lexicons are written from the vocabulary of the field, never from the sample's sentences).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "initiatives.jsonl"

from build_seed_model import example  # noqa: E402

from essaim.enrichment.classify import ASSERTED, Classification, Classifier  # noqa: E402


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _f1(counts: Counter) -> float:
    return f1(counts["tp"], counts["fp"], counts["fn"])


def evaluate(records: list[dict], results: list[Classification]) -> dict:
    primary = actor = 0
    theme_counts: dict[str, Counter] = {}
    public_counts = Counter()
    confusion: Counter = Counter()
    for record, result in zip(records, results, strict=True):
        main = result.themes[0].code if result.themes else "—"
        primary += main == record["themes"][0]
        confusion[(record["themes"][0], main)] += 1
        predicted = {label.code for label in result.asserted_themes()}
        for code in predicted | set(record["themes"]):
            counts = theme_counts.setdefault(code, Counter())
            if code in predicted and code in record["themes"]:
                counts["tp"] += 1
            elif code in predicted:
                counts["fp"] += 1
            else:
                counts["fn"] += 1
        publics = {label.code for label in result.publics if label.score >= ASSERTED}
        public_counts["tp"] += len(publics & set(record["publics"]))
        public_counts["fp"] += len(publics - set(record["publics"]))
        public_counts["fn"] += len(set(record["publics"]) - publics)
        actor += bool(result.actor_type) and result.actor_type.code == record["actor_type"]
    totals = sum(theme_counts.values(), Counter())
    labelled = sorted({code for record in records for code in record["themes"]})
    return {
        "records": len(records),
        "primary_theme": primary / len(records),
        "themes_micro_f1": f1(totals["tp"], totals["fp"], totals["fn"]),
        "themes_macro_f1": sum(_f1(theme_counts[code]) for code in labelled) / len(labelled),
        "per_theme_f1": {code: round(_f1(theme_counts[code]), 3) for code in sorted(labelled)},
        "publics_f1": f1(public_counts["tp"], public_counts["fp"], public_counts["fn"]),
        "actor_type": actor / len(records),
        "confusion": confusion,
    }


def folds(records: list[dict], count: int) -> list[list[int]]:
    """Record indexes per fold, the records of one initiative (same_as) always together."""
    group_of: dict[str, str] = {}
    for record in records:
        group = min([record["id"], *record.get("same_as", [])])
        for key in [record["id"], *record.get("same_as", [])]:
            group = min(group, group_of.get(key, group))
        for key in [record["id"], *record.get("same_as", [])]:
            group_of[key] = group
    groups = sorted({group_of[record["id"]] for record in records})
    fold_of = {group: position % count for position, group in enumerate(groups)}
    found: list[list[int]] = [[] for _ in range(count)]
    for index, record in enumerate(records):
        found[fold_of[group_of[record["id"]]]].append(index)
    return found


def cross_validated(records: list[dict], count: int) -> dict:
    lexicons = Classifier.default()
    results: list[Classification | None] = [None] * len(records)
    for held_out in folds(records, count):
        kept = set(held_out)
        model = lexicons.train([example(record) for index, record in enumerate(records) if index not in kept])
        classifier = lexicons.with_model(model)
        for index in held_out:
            results[index] = classifier.classify(records[index]["title"], records[index]["summary"])
    return evaluate(records, [result for result in results if result is not None])


def speed(classifier: Classifier, records: list[dict], repeat: int = 20) -> tuple[float, float]:
    """Documents per second, by the wall clock and by this process's CPU time (one core)."""
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        for record in records:
            classifier.classify(record["title"], record["summary"])
    count = repeat * len(records)
    return count / (time.perf_counter() - wall), count / (time.process_time() - cpu)


def report(name: str, figures: dict) -> None:
    print(f"\n## {name} ({figures['records']} records)")
    print(f"primary theme accuracy   {figures['primary_theme']:.3f}")
    print(f"themes micro-F1          {figures['themes_micro_f1']:.3f}")
    print(f"themes macro-F1          {figures['themes_macro_f1']:.3f}")
    print(f"publics F1               {figures['publics_f1']:.3f}")
    print(f"actor type accuracy      {figures['actor_type']:.3f}")
    print("per theme F1: " + ", ".join(f"{code} {value}" for code, value in figures["per_theme_f1"].items()))


def confusion_table(confusion: Counter) -> None:
    codes = sorted({expected for expected, _ in confusion})
    short = {code: code[:6] for code in codes}
    print("\nmain theme confusion (rows: expected, columns: predicted)")
    print(" " * 38 + " ".join(f"{short[code]:>6}" for code in codes) + "   none")
    for expected in codes:
        cells = " ".join(f"{confusion[(expected, predicted)] or '.':>6}" for predicted in codes)
        print(f"{expected:<38}{cells} {confusion[(expected, '—')] or '.':>6}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--errors", action="store_true", help="list the records whose main theme or actor is wrong"
    )
    args = parser.parse_args(argv)
    records = load(args.corpus)
    classifier = Classifier.default()
    results = [classifier.classify(record["title"], record["summary"]) for record in records]
    figures = evaluate(records, results)
    report("Vendored lexicons and seed model, no directory model", figures)
    confusion_table(figures["confusion"])
    words = sum(len(f"{record['title']} {record['summary']}".split()) for record in records) / len(records)
    wall, cpu = speed(classifier, records)
    print(f"\nspeed (lexicons and seed, one core, {words:.0f} words per document):")
    print(f"{wall:,.0f} documents/s by the wall clock, {cpu:,.0f} per CPU second")
    started = time.perf_counter()
    cross = cross_validated(records, args.folds)
    report(f"+ directory model, {args.folds}-fold cross-validation by initiative", cross)
    print(f"(trained and measured in {time.perf_counter() - started:.1f} s)")
    if args.errors:
        for record, result in zip(records, results, strict=True):
            main_theme = result.themes[0].code if result.themes else None
            actor = result.actor_type.code if result.actor_type else None
            if main_theme != record["themes"][0] or actor != record["actor_type"]:
                expected = (
                    f"theme {record['themes'][0]} → {main_theme} | actor {record['actor_type']} → {actor}"
                )
                print(f"{record['id']} {expected}")


if __name__ == "__main__":
    main()

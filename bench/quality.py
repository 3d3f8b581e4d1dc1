"""Quality report of the enrichment engine on the shared corpus of real initiatives.

    .venv/bin/python bench/quality.py [--corpus ../shared/corpus/initiatives.jsonl] [--no-docs]

Runs the real `essaim annotate` and `essaim dedupe` commands (a fresh, empty var/ directory: the
vendored lexicons and seed model, no directory model) on the corpus, then compares with its hand-set labels:
département and commune accuracy, primary-theme accuracy, themes micro/macro F1, publics F1,
actor-type accuracy, duplicate-pair precision/recall/F1, and a confusion table of main themes.
Writes the figures to docs/quality.md, with those of the held-out sets `bench/heldout*/` (records
written without the engine or the sample). The corpus is a sample: these figures measure, they are
not a target to fit (rules are never tuned to its wording).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "quality.md"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "initiatives.jsonl"
sys.path[:0] = [str(REPO / "bench"), str(REPO / "scripts")]  # the docs' sections import their scripts
HELDOUT = sorted(  # bench/heldout, heldout2, heldout3 …, in that order
    (REPO / "bench").glob("heldout*/initiatives.jsonl"),
    key=lambda path: int(path.parent.name.removeprefix("heldout") or 1),
)
ASSERTED = 0.5


def run_cli(command: str, corpus: Path, env: dict[str, str]) -> tuple[list[dict], float]:
    started = time.perf_counter()
    done = subprocess.run(
        [str(REPO / ".venv" / "bin" / "essaim"), command, str(corpus)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"essaim {command} a échoué ({done.returncode}) :\n{done.stderr}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()], elapsed


def cli_env(var_dir: str) -> dict[str, str]:
    """The CLI on the embedded database of a fresh folder: never a server's data."""
    env = {**os.environ, "ESSAIM_VAR_DIR": var_dir}
    env.pop("DATABASE_URL", None)
    return env


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, score


def asserted(labels: list[dict], *, main: bool) -> set[str]:
    codes = {label["code"] for label in labels if label["score"] >= ASSERTED}
    if main and labels:
        codes.add(labels[0]["code"])
    return codes


def measure(corpus: Path) -> tuple[dict[str, float], list[str], str]:
    truth = {
        row["id"]: row for row in map(json.loads, corpus.read_text(encoding="utf-8").splitlines()) if row
    }
    env = cli_env(tempfile.mkdtemp(prefix="essaim-quality-"))
    annotations, annotate_seconds = run_cli("annotate", corpus, env)
    clusters, dedupe_seconds = run_cli("dedupe", corpus, env)
    figures, confusion = label_figures(truth, annotations)
    true_pairs = {
        tuple(sorted((key, other)))
        for key, row in truth.items()
        for other in row.get("same_as", [])
        if other in truth
    }
    found_pairs = {
        tuple(sorted(pair)) for cluster in clusters for pair in itertools.combinations(cluster["ids"], 2)
    }
    tp = len(true_pairs & found_pairs)
    precision, recall, score = f1(tp, len(found_pairs - true_pairs), len(true_pairs - found_pairs))
    figures.update(
        {
            "duplicate_pairs_true": len(true_pairs),
            "duplicate_pairs_found": len(found_pairs),
            "duplicate_precision": precision,
            "duplicate_recall": recall,
            "duplicate_f1": score,
            "annotate_seconds": annotate_seconds,
            "dedupe_seconds": dedupe_seconds,
        }
    )
    by_id = {row["id"]: row for row in annotations}
    errors = [
        f"- {key} : département attendu {truth[key]['departement_code']}, trouvé {row['departement_code']}"
        for key, row in by_id.items()
        if row["departement_code"] != truth[key]["departement_code"]
    ]
    actors = {key: (row["actor_type"] or {}).get("code") for key, row in by_id.items()}
    errors += [
        f"- {key} : porteur attendu {truth[key]['actor_type']}, trouvé {actor}"
        for key, actor in actors.items()
        if actor != truth[key]["actor_type"]
    ]
    errors += [f"- paire manquée : {a} / {b}" for a, b in sorted(true_pairs - found_pairs)]
    errors += [f"- paire en trop : {a} / {b}" for a, b in sorted(found_pairs - true_pairs)]
    return figures, errors, confusion_table(confusion)


def label_figures(truth: dict[str, dict], annotations: list[dict]) -> tuple[dict[str, float], Counter]:
    """Place, theme, publics and actor figures of annotations (`essaim annotate`'s lines) against
    the labels of `truth` (records by id), and the main themes' confusion counts."""
    figures: dict[str, float] = {}
    n = len(annotations)
    by_id = {row["id"]: row for row in annotations}
    figures["records"] = n
    figures["departement_accuracy"] = (
        sum(by_id[key]["departement_code"] == truth[key]["departement_code"] for key in by_id) / n
    )
    figures["commune_accuracy"] = (
        sum(by_id[key]["commune_code"] == truth[key]["commune_code"] for key in by_id) / n
    )
    figures["primary_theme_accuracy"] = (
        sum(
            bool(by_id[key]["themes"]) and by_id[key]["themes"][0]["code"] == truth[key]["themes"][0]
            for key in by_id
        )
        / n
    )
    figures["actor_type_accuracy"] = (
        sum((by_id[key]["actor_type"] or {}).get("code") == truth[key]["actor_type"] for key in by_id) / n
    )

    # Themes: micro and macro F1 over asserted labels (main theme + others with score >= 0.5).
    per_code: dict[str, list[int]] = {}
    micro = [0, 0, 0]
    confusion: Counter[tuple[str, str]] = Counter()
    for key, row in by_id.items():
        predicted = asserted(row["themes"], main=True)
        expected = set(truth[key]["themes"])
        if row["themes"]:
            confusion[(truth[key]["themes"][0], row["themes"][0]["code"])] += 1
        for code in predicted | expected:
            counts = per_code.setdefault(code, [0, 0, 0])
            hit = (code in predicted) + 2 * (code in expected)
            index = {3: 0, 1: 1, 2: 2}[hit]
            counts[index] += 1
            micro[index] += 1
    figures["themes_micro_f1"] = f1(*micro)[2]
    figures["themes_macro_f1"] = sum(f1(*counts)[2] for counts in per_code.values()) / len(per_code)

    publics = [0, 0, 0]
    for key, row in by_id.items():
        predicted = asserted(row["publics"], main=False)
        expected = set(truth[key]["publics"])
        publics[0] += len(predicted & expected)
        publics[1] += len(predicted - expected)
        publics[2] += len(expected - predicted)
    figures["publics_f1"] = f1(*publics)[2]
    return figures, confusion


def confusion_table(confusion: Counter[tuple[str, str]]) -> str:
    codes = sorted({code for pair in confusion for code in pair})
    short = {code: code[:10] for code in codes}
    header = "| attendu \\ trouvé | " + " | ".join(short[code] for code in codes) + " |"
    lines = [header, "|" + "---|" * (len(codes) + 1)]
    for expected in codes:
        cells = [str(confusion[(expected, found)] or "·") for found in codes]
        lines.append(f"| {expected} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


TARGETS = {
    "departement_accuracy": 0.97,
    "primary_theme_accuracy": 0.85,
    "themes_macro_f1": 0.80,
    "actor_type_accuracy": 0.90,
    "duplicate_precision": 0.97,
    "duplicate_recall": 0.90,
}


def figures_table(figures: dict[str, float]) -> str:
    rows = "\n".join(
        f"| {name} | {value:.3f} | {('≥ ' + format(TARGETS[name], '.2f')) if name in TARGETS else ''} |"
        if isinstance(value, float)
        else f"| {name} | {value} | |"
        for name, value in figures.items()
    )
    return f"| figure | value | target |\n|---|---|---|\n{rows}"


def heldout_section(corpus: Path, figures: dict[str, float]) -> str:
    from build_seed_model import SEED_SETS  # imports the engine: only when writing the docs

    folder = corpus.parent.relative_to(REPO)
    seed = (
        "The seed model was trained on this set: its theme, publics and actor figures are not "
        "out-of-sample (see « The seed model » below for the set left out). "
        if corpus.parent.name in SEED_SETS
        else "The seed model was not trained on this set. "
    )
    return (
        f"\n## Held-out set `{folder}/`\n\n"
        f"{figures['records']} records written by the team without the engine or the sample's texts. "
        f"Read `{folder}/README.md` (« Use so far ») for what of it has been looked at since, and is no "
        f"longer blind. {seed}Same commands, same settings.\n\n"
        f"{figures_table(figures)}\n"
    )


BLIND = REPO / "bench" / "blind_measurements.json"
BLIND_HEADERS = {
    "departement_accuracy": "département",
    "commune_accuracy": "commune",
    "primary_theme_accuracy": "main theme",
    "themes_macro_f1": "themes macro-F1",
    "actor_type_accuracy": "actor type",
    "publics_f1": "publics F1",
    "duplicate_precision": "duplicates P",
    "duplicate_recall": "duplicates R",
}


def blind_section(path: Path = BLIND) -> str:
    """Each recent set's last measurement while still blind, and their mean weighted by records: what
    the engine does on initiatives it was never tuned on (the figures above are no longer that)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    names = data["figures"]
    header = "| set | records | engine | " + " | ".join(BLIND_HEADERS[name] for name in names) + " |"
    rows = [header, "|" + "---|" * (len(names) + 3)]
    total = sum(entry["records"] for entry in data["sets"])
    means = [0.0] * len(names)
    for entry in data["sets"]:
        values = " | ".join(f"{value:.3f}" for value in entry["values"])
        rows.append(f"| `{entry['set']}` | {entry['records']} | {entry['engine']} | {values} |")
        means = [
            mean + value * entry["records"] / total
            for mean, value in zip(means, entry["values"], strict=True)
        ]
    rows.append(
        f"| **mean** | {total} | weighted by records | " + " | ".join(f"**{m:.3f}**" for m in means) + " |"
    )
    targets = " | ".join(f"≥ {TARGETS[name]:.2f}" if name in TARGETS else "" for name in names)
    rows.append(f"| target | | | {targets} |")
    return (
        "\n## Blind figures: each set before its errors were read\n\n"
        "The figures above are those of today's engine, tuned on the errors of every read set and with a "
        "seed model trained on them. The honest estimate of how it does on initiatives it has never seen is "
        "the last measurement of each set while it was still blind, on the engine of that day, as its "
        "README records it (`bench/blind_measurements.json`).\n\n" + "\n".join(rows) + "\n"
    )


def transfer_section(paths: list[Path]) -> str:
    from classify_transfer import transfer_table  # imports the engine: only when writing the docs

    return (
        "\n## The seed model: what labelled initiatives bring a set it has not seen\n\n"
        "The classifier ships with a seed model trained on the read held-out sets "
        "(`scripts/build_seed_model.py`); a directory's validated initiatives train another on top of "
        "it (`essaim enrichment_train`). Each set is measured with the lexicons alone, then with a seed "
        "trained on the seed sets *other* than itself (leave one set out); for the sample and the sets "
        "still blind, that is the shipped seed (`bench/classify_transfer.py`). Theme, publics and actor "
        "only: the geotagger and the duplicates learn nothing.\n\n"
        f"{transfer_table(paths)}\n"
    )


def agreement_section() -> str:
    from agreement import agreement_table  # runs the engine once more: only when writing the docs

    return (
        "\n## Two readers: how far the labels themselves agree\n\n"
        "Records drawn from the held-out sets were labelled a second time, blind, by another writer "
        "from their title and summary only (`bench/agreement/README.md`). Where the two readers agree, "
        "the engine's errors are its own (`bench/agreement.py`; the engine has been tuned on the "
        "errors of these sets and its seed model trained on them, so its columns are no blind figures).\n\n"
        f"{agreement_table()}\n"
    )


def report(figures: dict[str, float], errors: list[str], confusion: str, heldout: str = "") -> str:
    cpu = platform.processor() or platform.machine()
    rows = figures_table(figures)
    return (
        "# Enrichment quality\n\n"
        f"Rewritten by `bench/quality.py` on {dt.datetime.now(dt.UTC).date().isoformat()} "
        f"({cpu}, {os.cpu_count()} cores). "
        "Measured on the 132 records of `../shared/corpus/` with the vendored lexicons and seed model, "
        "no directory model (the out-of-the-box behaviour; the seed never saw the sample), by running the "
        "real `essaim annotate` and `essaim dedupe`.\n\n"
        f"{rows}\n\n## Main theme: confusion (rows = expected)\n\n{confusion}\n\n"
        "## Errors\n\n" + ("\n".join(errors) or "none") + "\n" + heldout
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--no-docs", action="store_true", help="print only, do not rewrite docs/quality.md")
    parser.add_argument(
        "--errors", action="store_true", help="also print each error (reading them unblinds a set)"
    )
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        sys.exit(f"Corpus introuvable : {args.corpus}")
    figures, errors, confusion = measure(args.corpus)
    width = max(map(len, figures))
    for name, value in figures.items():
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        target = f"  (cible ≥ {TARGETS[name]:.2f})" if name in TARGETS else ""
        print(f"{name:<{width}}  {shown}{target}")
    print(confusion)
    if args.errors:
        print("\n".join(errors))
    if not args.no_docs:
        heldout = ""
        if args.corpus == DEFAULT_CORPUS:
            heldout = "".join(heldout_section(corpus, measure(corpus)[0]) for corpus in HELDOUT)
            heldout += blind_section()
            heldout += transfer_section([DEFAULT_CORPUS, *HELDOUT])
            heldout += agreement_section()
        DOC.write_text(report(figures, errors, confusion, heldout), encoding="utf-8")
        print(f"Écrit : {DOC.relative_to(REPO)}")


if __name__ == "__main__":
    main()

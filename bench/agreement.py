"""How far a second analyst agrees with the held-out sets' labels, and the engine with both.

    .venv/bin/python bench/agreement.py

On the 200 records of `bench/agreement/second_analyst.jsonl` (labelled again, blind, from their
title and summary only): the second analyst against the sets' writers, the engine (the real
`essaim annotate`, vendored lexicons and seed model, which learnt from these records) against the
writers and against the second analyst. Prints a Markdown table. Measurement only.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from quality import HELDOUT, cli_env, label_figures, run_cli  # noqa: E402

SECOND = REPO / "bench" / "agreement" / "second_analyst.jsonl"
FIGURES = (
    ("departement_accuracy", "département", 0.97),
    ("commune_accuracy", "commune", None),
    ("primary_theme_accuracy", "main theme", 0.85),
    ("themes_macro_f1", "themes macro-F1", 0.80),
    ("publics_f1", "publics F1", None),
    ("actor_type_accuracy", "actor type", 0.90),
)


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def as_annotation(labels: dict) -> dict:
    """An analyst's labels as `essaim annotate` writes them: every label asserted."""
    return {
        "id": labels["id"],
        "departement_code": labels["departement_code"],
        "commune_code": labels["commune_code"],
        "themes": [{"code": code, "score": 1.0} for code in labels["themes"]],
        "publics": [{"code": code, "score": 1.0} for code in labels["publics"]],
        "actor_type": {"code": labels["actor_type"], "score": 1.0},
    }


def agreement_table(second_path: Path = SECOND) -> str:
    second = read(second_path)
    wanted = {row["id"] for row in second}
    writers = {row["id"]: row for path in HELDOUT for row in read(path) if row["id"] in wanted}
    missing = wanted - writers.keys()
    if missing:
        sys.exit(f"Fiches introuvables dans bench/heldout*/ : {', '.join(sorted(missing))}")
    with tempfile.TemporaryDirectory(prefix="essaim-agreement-") as folder:
        corpus = Path(folder) / "initiatives.jsonl"
        corpus.write_text(
            "".join(json.dumps(writers[row["id"]], ensure_ascii=False) + "\n" for row in second),
            encoding="utf-8",
        )
        engine, _ = run_cli("annotate", corpus, cli_env(folder))
    analyst = [as_annotation(row) for row in second]
    by_analyst = {row["id"]: row for row in second}
    columns = (
        ("second analyst / writers", label_figures(writers, analyst)[0]),
        ("engine / writers", label_figures(writers, engine)[0]),
        ("engine / second analyst", label_figures(by_analyst, engine)[0]),
    )
    lines = [
        "| figure | " + " | ".join(name for name, _ in columns) + " | target |",
        "|---|" + "---|" * (len(columns) + 1),
    ]
    for key, label, target in FIGURES:
        cells = " | ".join(f"{figures[key]:.3f}" for _, figures in columns)
        lines.append(f"| {label} | {cells} | {f'≥ {target:.2f}' if target else ''} |")
    return f"{len(second)} records.\n\n" + "\n".join(lines)


def main() -> None:
    print(agreement_table())


if __name__ == "__main__":
    main()

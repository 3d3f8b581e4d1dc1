"""Benchmark: load the vendored geography into a fresh SQLite database, three times.

    .venv/bin/python bench/territories_load.py [--runs 3] [--no-docs]

Each run is a child process with its own temporary database (DATABASE_URL is read once, when
Django starts): migrate, then time `geography_load()` alone. The table is printed and written into
docs/performance.md under "## Chargement de la géographie / Geography load", with the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from _machine import machine

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "performance.md"
HEADING = "## Chargement de la géographie / Geography load"
DOC_INTRO = (
    "# Performance\n\nMeasured figures of Essaim's batch and page paths, with the machine they ran on. "
    "Each section is rewritten by the bench script named in it.\n"
)


def child_run() -> None:
    """One measurement, in a process whose DATABASE_URL already points to a fresh file."""
    import time

    import django
    from django.core.management import call_command

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "essaim.settings")
    django.setup()
    call_command("migrate", verbosity=0)

    from essaim.territories.loading import geography_load

    started = time.perf_counter()
    report = geography_load()
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "communes": report.counts["commune"], "counts": report.counts}))


def measure_once() -> dict:
    with tempfile.TemporaryDirectory(prefix="essaim-bench-") as folder:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
            # Keep the secret key file and anything else in var/ out of the repository.
            "ESSAIM_VAR_DIR": folder,
        }
        result = subprocess.run(
            [sys.executable, __file__, "--child"],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(result.stdout.strip().splitlines()[-1])


def table(runs: list[dict]) -> str:
    lines = ["| run | seconds | communes/s |", "| ---: | ---: | ---: |"]
    for number, run in enumerate(runs, start=1):
        lines.append(f"| {number} | {run['seconds']:.2f} | {run['communes'] / run['seconds']:,.0f} |")
    return "\n".join(lines)


def section(runs: list[dict], host: dict[str, str]) -> str:
    seconds = sorted(run["seconds"] for run in runs)
    counts = runs[0]["counts"]
    return (
        f"{HEADING}\n\n"
        "`.venv/bin/python bench/territories_load.py`: `geography_load()` of the vendored file into a "
        "fresh SQLite database (WAL, after `migrate`), one process per run. "
        f"Loaded: {counts['commune']:,} communes, {counts['epci']:,} EPCI, {counts['departement']} "
        f"départements and {counts['region']} régions (both counting the 8 overseas collectivities), "
        "with aliases and aggregated indicators. "
        f"Budget: under 30 s; median {seconds[len(seconds) // 2]:.2f} s.\n\n"
        f"{table(runs)}\n\n"
        f"Machine: {host['cpu']}, {host['nproc']} CPU (`nproc`), {host['memory']} RAM (`free -h`), "
        f"Python {host['python']}; measured {host['date']}.\n"
    )


def write_doc(text: str) -> None:
    """Replace this bench's section of docs/performance.md (or append it), leaving the others."""
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else DOC_INTRO
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(current):
        updated = pattern.sub(lambda _match: text + "\n", current).rstrip("\n") + "\n"
    else:
        updated = current.rstrip("\n") + "\n\n" + text
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(updated, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-docs", action="store_true", help="print only, leave docs/performance.md")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_run()
        return 0

    runs = []
    for number in range(1, args.runs + 1):
        run = measure_once()
        runs.append(run)
        print(f"run {number}: {run['seconds']:.2f} s", file=sys.stderr)
    print(table(runs))
    if not args.no_docs:
        write_doc(section(runs, machine()))
        print(f"\nÉcrit dans {DOC.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

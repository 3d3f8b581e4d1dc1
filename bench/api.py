"""Benchmark: the API's initiatives list over HTTP and the full CSV export, at 100k initiatives.

    .venv/bin/python bench/api.py [--size 100000] [--duration 30] [--connections 4] [--workdir DIR]
                                  [--no-docs]

The site is bench/search_http.py's: a real SQLite database with the generated initiatives, the
search index rebuilt (`--workdir` keeps it, and a folder prepared by either script is reused).
gunicorn with 2 workers serves it with the API's rate limit lifted (a settings module written in
the folder: every request comes from 127.0.0.1); every URL is requested once (all must answer
200), then Debian's `wrk` rotates for `--duration` seconds over ~200 list URLs with filters
(`/api/initiatives?q=…&theme=…&limite=20`). Then `essaim opendata_export` writes the CSV and JSON
of every published initiative, timed. The table is printed and written into docs/performance.md
under "## API".
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search import DOC, REPO, Corpus, bench_queries, free_port, log, machine  # bench/ is not a package
from search_http import BIN, parse_wrk, prepare, wait_until_up, warm_up

HEADING = "## API"
LIST_TARGET_RPS = 300
LIST_TARGET_P99_MS = 150
EXPORT_TARGET_S = 20
# wrk rotates over the paths; a response callback counts what is not a 200. Anonymous answers are
# cached under the index generation: in the "uncached" run every pass over the paths asks for
# another page size (the API refuses unknown parameters, so no cache-busting suffix), so no URL
# comes twice in 16,000 requests.
LUA = """
local paths = {%s}
local vary = %s
local counter = 0
non200 = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function request()
  counter = counter + 1
  local path = paths[(counter %% #paths) + 1]
  if vary then
    local size = 20 + math.floor(counter / #paths) %% 80
    path = string.gsub(path, "limite=20$", "limite=" .. size)
  end
  return wrk.format("GET", path)
end
function response(status, headers, body)
  if status ~= 200 then non200 = non200 + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("non200") end
  io.write(string.format("Non-200 responses: %%d\\n", total))
end
"""
SETTINGS = "from essaim.settings import *  # noqa: F403\n\nESSAIM_API_RATE_LIMIT = 1_000_000_000\n"


def api_paths(count: int) -> list[str]:
    """~`count` list URLs: the engine bench's queries (text, half with facet filters), 20 a page."""
    paths = []
    for query in bench_queries(Corpus(), count):
        pairs = [("q", query.text)] if query.text else []
        pairs += [(key, value) for key, values in query.selected.items() for value in values]
        paths.append("/api/initiatives?" + urlencode([*pairs, ("limite", "20")]))
    return paths


def environment(folder: Path) -> dict[str, str]:
    (folder / "bench_api_settings.py").write_text(SETTINGS, encoding="utf-8")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder}/essaim.sqlite3",
        "ESSAIM_VAR_DIR": str(folder),
        "ESSAIM_EXPORT_DIR": str(folder / "donnees"),
        "ESSAIM_DEBUG": "0",
        "ESSAIM_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "bench_api_settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH", "")])),
    }
    env.pop("ESSAIM_SEARCH_DIR", None)
    return env


def measure_list(env: dict[str, str], folder: Path, args: argparse.Namespace) -> dict:
    paths = api_paths(args.urls)
    listed = ",\n".join(json.dumps(path) for path in paths)
    scripts = {}
    for mode, vary in (("uncached", "true"), ("cached", "false")):
        scripts[mode] = folder / f"api_paths_{mode}.lua"
        scripts[mode].write_text(LUA % (listed, vary), encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [BIN / "gunicorn", "essaim.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers)]
    with open(folder / "gunicorn-api.log", "w", encoding="utf-8") as server_log:
        server = subprocess.Popen(command, env=env, cwd=REPO, stdout=server_log, stderr=subprocess.STDOUT)
    try:
        wait_until_up(base, server)
        log(f"préchauffage ({len(paths)} URL)…")
        report = {"urls": len(paths), **warm_up(base, paths)}
        for mode, key in (("uncached", "wrk_uncached"), ("cached", "wrk")):
            log(f"wrk {args.duration} s, {args.connections} connexions ({mode})…")
            load = os.getloadavg()[0]
            wrk = [
                "wrk",
                "-t1",
                f"-c{args.connections}",
                f"-d{args.duration}s",
                "--latency",
                "--timeout",
                "10s",
            ]
            finished = subprocess.run(
                [*wrk, "-s", str(scripts[mode]), base], capture_output=True, text=True, check=False
            )
            if finished.returncode:
                raise RuntimeError(f"wrk a échoué : {finished.stderr or finished.stdout}")
            print(finished.stdout, file=sys.stderr)
            report[key] = {**parse_wrk(finished.stdout), "load": load}
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    return report


def measure_export(env: dict[str, str]) -> dict:
    """`essaim opendata_export` from scratch: both files of every published initiative."""
    log("essaim opendata_export…")
    shutil.rmtree(env["ESSAIM_EXPORT_DIR"], ignore_errors=True)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    finished = subprocess.run(
        [BIN / "essaim", "opendata_export"], env=env, cwd=REPO, capture_output=True, text=True, check=True
    )
    seconds = time.perf_counter() - started
    rows = re.search(r": (\d+) initiatives publiées", finished.stdout)
    csv_bytes = (Path(env["ESSAIM_EXPORT_DIR"]) / "initiatives.csv").stat().st_size
    return {
        "seconds": seconds,
        "rows": int(rows.group(1)) if rows else 0,
        "csv_mb": csv_bytes / 1e6,
        "load": load,
    }


def run(args: argparse.Namespace) -> dict:
    if not shutil.which("wrk"):
        raise SystemExit("wrk est introuvable : apt-get install wrk")
    folder = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="essaim-bench-api-"))
    folder.mkdir(parents=True, exist_ok=True)
    env = environment(folder)
    report: dict = {"size": args.size, "workers": args.workers, "connections": args.connections}
    try:
        prepared = folder / "prepared.json"  # the same file as bench/search_http.py's
        if not prepared.exists():
            prepared.write_text(json.dumps(prepare(env, args.size)), encoding="utf-8")
        report.update(json.loads(prepared.read_text(encoding="utf-8")))
        report["list"] = measure_list(env, folder, args)
        report["export"] = measure_export(env)
    finally:
        if not args.workdir:
            shutil.rmtree(folder, ignore_errors=True)
    return report


def verdict(ok: bool) -> str:
    return "atteint" if ok else "**manqué**"


def _list_rows(wrk: dict, mode: str) -> list[tuple]:
    errors = wrk["socket_errors"] + wrk["non_2xx_3xx"] + wrk["non_200"]
    return [
        (
            f"liste filtrée, {mode} : requêtes/s",
            f"{wrk['rps']:,.0f}",
            f"≥ {LIST_TARGET_RPS}",
            wrk["rps"] >= LIST_TARGET_RPS,
        ),
        (f"liste filtrée, {mode} : p50 / p90 ms", f"{wrk['p50']:.1f} / {wrk['p90']:.1f}", "", None),
        (
            f"liste filtrée, {mode} : p99 ms",
            f"{wrk['p99']:.1f}",
            f"≤ {LIST_TARGET_P99_MS}",
            wrk["p99"] <= LIST_TARGET_P99_MS,
        ),
        (f"liste filtrée, {mode} : erreurs et non-200", str(errors), "0", errors == 0),
    ]


def table(report: dict) -> str:
    export = report["export"]
    rows = []
    if "wrk_uncached" in report["list"]:
        rows += _list_rows(report["list"]["wrk_uncached"], "sans cache (URL toutes différentes)")
    rows += _list_rows(report["list"]["wrk"], "cache des réponses anonymes (200 URL en boucle)")
    rows.append(
        (
            "export CSV + JSON complet (s)",
            f"{export['seconds']:.1f}",
            f"≤ {EXPORT_TARGET_S}",
            export["seconds"] <= EXPORT_TARGET_S,
        )
    )
    lines = ["| N | mesure | résultat | cible | |", "| ---: | --- | ---: | ---: | --- |"]
    for label, value, target, ok in rows:
        lines.append(
            f"| {report['size']:,} | {label} | {value} | {target} | {'' if ok is None else verdict(ok)} |"
        )
    return "\n".join(lines)


def section(report: dict, host: dict[str, str], args: argparse.Namespace) -> str:
    single, wrk, export = report["list"]["single_ms"], report["list"]["wrk"], report["export"]
    return (
        f"{HEADING}\n\n"
        f"`.venv/bin/python bench/api.py --size {args.size} --duration {args.duration} "
        f"--connections {args.connections}`. The site of the search page bench (a real SQLite database "
        f"in WAL mode with {report['initiatives']:,} generated initiatives, the search index rebuilt; "
        "`--workdir` shares it with `bench/search_http.py`), gunicorn with "
        f"{report['workers']} sync workers and the API's rate limit lifted (every request comes from "
        f"127.0.0.1), Debian's `wrk` (1 thread, {report['connections']} connections, {args.duration} s, "
        f"same machine) rotating over {report['list']['urls']} anonymous list URLs "
        "(`/api/initiatives?q=…&theme=…&limite=20`, the queries of the engine bench: half with facet "
        "filters). Each request runs the search service in recency order, reads the 20 initiatives "
        "through `publication.records` and writes the JSON page with its signed cursor; answers to "
        "anonymous readers are then kept under the search index generation (`api.caching`). Two `wrk` "
        "runs: every pass over the URLs with another page size (`limite` 20 to 99: no URL twice, the "
        "cache never answers), then the URLs in turn (the cache answers after the first round). "
        "Before `wrk`, "
        f"every URL was requested once, alone (all answered 200): p50 {single['p50']:.1f} ms, "
        f"p95 {single['p95']:.1f} ms. Then `essaim opendata_export` rewrote both open data files "
        f"from scratch: {export['rows']:,} published initiatives, CSV of {export['csv_mb']:.0f} MB. "
        f"Load average (1 min) when each run started: {report['list'].get('wrk_uncached', wrk)['load']:.1f} "
        f"(list without cache), {wrk['load']:.1f} (list with cache), {export['load']:.1f} "
        "(export).\n\n"
        f"{table(report)}\n\n"
        f"Targets at 100k: list with filters ≥ {LIST_TARGET_RPS} requests/s on 2 workers, "
        f"p99 ≤ {LIST_TARGET_P99_MS} ms; full CSV export ≤ {EXPORT_TARGET_S} s.\n\n"
        f"Machine: {host['cpu']}, {host['nproc']} CPU (`nproc`), {host['memory']} RAM (`free -h`), "
        f"Python {host['python']}; measured {host['date']}.\n"
    )


def write_section(text: str) -> None:
    """Replace the "## API" section of docs/performance.md (or add it at the end); the other
    sections are kept as they are."""
    current = DOC.read_text(encoding="utf-8")
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    block = text.rstrip("\n") + "\n\n"
    if pattern.search(current):
        updated = pattern.sub(lambda _match: block, current)
    else:
        updated = current.rstrip("\n") + "\n\n" + block
    DOC.write_text(updated.rstrip("\n") + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=30, help="seconds of wrk")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--urls", type=int, default=200)
    parser.add_argument("--workdir", help="keep the prepared site there and reuse it next time")
    parser.add_argument("--no-docs", action="store_true", help="print only, leave docs/performance.md")
    args = parser.parse_args()
    report = run(args)
    print(table(report))
    if not args.no_docs:
        write_section(section(report, machine(), args))
        print("\nÉcrit dans docs/performance.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())

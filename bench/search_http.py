"""Benchmark: the search page over HTTP, 100k initiatives, gunicorn (2 workers) and wrk.

    .venv/bin/python bench/search_http.py [--size 100000] [--duration 30] [--connections 4] [--no-docs]

In a temporary folder: a real SQLite database (`migrate`, `load_territories`, then the initiatives of
bench/search.py's generator written through the ORM with `bulk_create`), `search_rebuild`,
`collectstatic`, gunicorn with 2 workers on a free 127.0.0.1 port, one request per URL to warm up
and check that every page answers 200, then Debian's `wrk` for `--duration` seconds rotating over
~200 search URLs (`/repertoire/?q=…&theme=…`). Requests/s, latency percentiles and errors are printed
and written into docs/performance.md under "## Recherche / Search" (subsection
"### Page de recherche sur HTTP / Search page over HTTP").
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
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search import (  # bench/ is not a package: found through sys.path above
    REPO,
    Corpus,
    bench_queries,
    django_setup,
    free_port,
    log,
    machine,
    percentiles,
    write_subsection,
)

SUBHEADING = "### Page de recherche sur HTTP / Search page over HTTP"
BIN = Path(sys.executable).parent
CHUNK = 5000
# wrk runs: every request a different URL (the page cache never answers), then the ~200 URLs in
# turn (after the first round, the page cache answers).
MODES = {"unique": "sans cache (URL toutes différentes)", "rotate": "cache de pages (200 URL en boucle)"}
# wrk rotates over the paths; a response callback counts what is not a 200. With the argument
# "unique", every request gets its own `&_=n` (ignored by the page, but part of the page cache's
# key), so that no page comes from the cache.
LUA = """
local paths = {%s}
local counter = 0
local unique = false
non200 = 0  -- global: done() reads it from each thread
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) unique = args[1] == "unique" end
function request()
  counter = counter + 1
  local path = paths[(counter %% #paths) + 1]
  if unique then path = path .. "&_=" .. counter end
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


def child_load(size: int) -> None:
    """Write `size` generated initiatives through the ORM, by chunks (no signals, no history)."""
    django_setup()
    from django.db import transaction

    from essaim.catalog.models import Actor, ActorType, Initiative, InitiativeTheme, Public, Theme
    from essaim.territories.models import Territory

    territories = {
        (level, code): pk for level, code, pk in Territory.objects.values_list("level", "code", "pk")
    }
    themes = dict(Theme.objects.values_list("code", "pk"))
    publics = dict(Public.objects.values_list("code", "pk"))
    actor_types = dict(ActorType.objects.values_list("code", "pk"))
    actors: dict[tuple[str, int, int], int] = {}
    Publics = Initiative.publics.through
    generated = Corpus().initiatives(size)
    while chunk := [item for _, item in zip(range(CHUNK), generated, strict=False)]:
        with transaction.atomic():
            rows = []
            for item in chunk:
                territory = territories[(item.place.level, item.place.code)]
                actor_key = (item.actor_name, actor_types.get(item.actor_type, 0), territory)
                if item.actor_type and actor_key not in actors:
                    actors[actor_key] = -1
                rows.append((item, territory, actor_key))
            new = [key for key, pk in actors.items() if pk == -1]
            created = Actor.objects.bulk_create(
                [Actor(name=name, type_id=kind, territory_id=place) for name, kind, place in new]
            )
            actors.update({key: actor.pk for key, actor in zip(new, created, strict=True)})
            initiatives = Initiative.objects.bulk_create(
                [
                    Initiative(
                        title=item.title,
                        summary=item.summary,
                        results=item.results,
                        status=item.status,
                        territory_id=territory,
                        lead_actor_id=actors[actor_key] if item.actor_type else None,
                        start_date=item.start,
                        start_precision=item.precision,
                        crisis_period=item.period,
                        evidence_level=item.evidence,
                        published_at=item.published_at,
                    )
                    for item, territory, actor_key in rows
                ],
                batch_size=1000,
            )
            InitiativeTheme.objects.bulk_create(
                [
                    InitiativeTheme(initiative_id=initiative.pk, theme_id=themes[code], position=position)
                    for initiative, (item, _, _) in zip(initiatives, rows, strict=True)
                    for position, code in enumerate(item.themes)
                ],
                batch_size=2000,
            )
            Publics.objects.bulk_create(
                [
                    Publics(initiative_id=initiative.pk, public_id=publics[code])
                    for initiative, (item, _, _) in zip(initiatives, rows, strict=True)
                    for code in item.publics
                ],
                batch_size=2000,
            )
    print(json.dumps({"initiatives": Initiative.objects.count(), "actors": len(actors)}))


def search_paths(count: int) -> list[str]:
    """~`count` search URLs from the same query generator as the engine bench."""
    paths = []
    for query in bench_queries(Corpus(), count):
        pairs = [("q", query.text)] + [
            (key, value) for key, values in query.selected.items() for value in values
        ]
        paths.append("/repertoire/?" + urlencode(pairs))
    return paths


def essaim(env: dict[str, str], *arguments: str) -> float:
    started = time.perf_counter()
    subprocess.run([BIN / "essaim", *arguments], env=env, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def wait_until_up(base: str, server: subprocess.Popen, *, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn s'est arrêté au démarrage")
        try:
            with urllib.request.urlopen(base + "/", timeout=5):  # noqa: S310 - our own local server
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn ne répond pas")


def warm_up(base: str, paths: list[str]) -> dict:
    """One request per URL, one at a time: every page must answer 200 (also warms both workers)."""
    seconds, sizes = [], []
    for path in paths:
        started = time.perf_counter()
        with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310
            body = response.read()
            if response.status != 200:
                raise RuntimeError(f"{path} : HTTP {response.status}")
        seconds.append((time.perf_counter() - started) * 1000)
        sizes.append(len(body))
    return {"single_ms": percentiles(seconds), "page_kb": sum(sizes) / len(sizes) / 1024}


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_wrk(output: str) -> dict:
    def duration(text: str) -> float:
        number, unit = re.fullmatch(r"([\d.]+)([a-z]+)", text).groups()
        return float(number) * UNITS_MS[unit]

    latency = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)$", output, re.MULTILINE))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    requests = re.search(r"^\s+(\d+) requests in ([\d.]+\w+)", output, re.MULTILINE)
    return {
        "requests": int(requests.group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        **{f"p{cut}": duration(value) for cut, value in latency.items()},
        "socket_errors": sum(int(count) for count in errors.groups()) if errors else 0,
        "non_2xx_3xx": int(match.group(1))
        if (match := re.search(r"Non-2xx or 3xx responses: (\d+)", output))
        else 0,
        "non_200": int(re.search(r"Non-200 responses: (\d+)", output).group(1)),
    }


def prepare(env: dict[str, str], size: int) -> dict:
    """Database, initiatives, index and static files in ESSAIM_VAR_DIR; returns the timings."""
    report: dict = {}
    log("migrate + load_territories…")
    report["setup_s"] = essaim(env, "migrate", "--noinput") + essaim(env, "load_territories")
    log(f"{size:,} initiatives (bulk_create)…")
    started = time.perf_counter()
    loaded = subprocess.run(
        [sys.executable, __file__, f"--child-load={size}"],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    report["load_s"] = time.perf_counter() - started
    report.update(json.loads(loaded.stdout.strip().splitlines()[-1]))
    log("search_rebuild…")
    report["rebuild_s"] = essaim(env, "search_rebuild")
    essaim(env, "collectstatic", "--noinput", "--verbosity", "0")
    return report


def wrk_run(base: str, script: Path, mode: str, args: argparse.Namespace) -> dict:
    load = os.getloadavg()[0]
    command = ["wrk", "-t1", f"-c{args.connections}", f"-d{args.duration}s", "--latency", "--timeout", "10s"]
    finished = subprocess.run(
        [*command, "-s", str(script), base, "--", mode], capture_output=True, text=True, check=False
    )
    if finished.returncode:
        raise RuntimeError(f"wrk a échoué : {finished.stderr or finished.stdout}")
    print(finished.stdout, file=sys.stderr)
    return {**parse_wrk(finished.stdout), "load": load}


def serve_and_measure(env: dict[str, str], folder: Path, args: argparse.Namespace) -> dict:
    """gunicorn on a free port, a warm-up pass over the URLs, then wrk; gunicorn is stopped after."""
    paths = search_paths(args.urls)
    script = folder / "paths.lua"
    script.write_text(LUA % ",\n".join(json.dumps(path) for path in paths), encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [BIN / "gunicorn", "essaim.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers)]
    with open(folder / "gunicorn.log", "w", encoding="utf-8") as server_log:
        server = subprocess.Popen(command, env=env, cwd=REPO, stdout=server_log, stderr=subprocess.STDOUT)
    try:
        wait_until_up(base, server)
        log(f"préchauffage ({len(paths)} URL)…")
        report = {"urls": len(paths), **warm_up(base, paths)}
        report["wrk"] = {}
        for mode, label in MODES.items():
            log(f"wrk {args.duration} s, {args.connections} connexions, {label}…")
            report["wrk"][mode] = wrk_run(base, script, mode, args)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    return report


def run(args: argparse.Namespace) -> dict:
    if not shutil.which("wrk"):
        raise SystemExit("wrk est introuvable : apt-get install wrk")
    # --workdir keeps the prepared site (and reuses it on the next run); otherwise a temporary one.
    folder = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="essaim-bench-http-"))
    folder.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder}/essaim.sqlite3",
        "ESSAIM_VAR_DIR": str(folder),
        "ESSAIM_DEBUG": "0",
        "ESSAIM_LOG_LEVEL": "WARNING",
    }
    env.pop("ESSAIM_SEARCH_DIR", None)
    report: dict = {"size": args.size, "workers": args.workers, "connections": args.connections}
    try:
        prepared = folder / "prepared.json"
        if not prepared.exists():
            prepared.write_text(json.dumps(prepare(env, args.size)), encoding="utf-8")
        report.update(json.loads(prepared.read_text(encoding="utf-8")))
        report.update(serve_and_measure(env, folder, args))
    finally:
        if not args.workdir:
            shutil.rmtree(folder, ignore_errors=True)
    return report


def table(report: dict) -> str:
    lines = [
        "| N | mode | requêtes/s | p50 ms | p90 ms | p99 ms | erreurs | non-200 |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for mode, wrk in report["wrk"].items():
        lines.append(
            f"| {report['size']:,} | {MODES[mode]} | {wrk['rps']:,.0f} | {wrk['p50']:.1f} | "
            f"{wrk['p90']:.1f} | {wrk['p99']:.1f} | {wrk['socket_errors'] + wrk['non_2xx_3xx']} | "
            f"{wrk['non_200']} |"
        )
    return "\n".join(lines)


def section(report: dict, host: dict[str, str], args: argparse.Namespace) -> str:
    single = report["single_ms"]
    return (
        f"{SUBHEADING}\n\n"
        f"`.venv/bin/python bench/search_http.py --size {args.size} --duration {args.duration} "
        f"--connections {args.connections}` (`make bench-search-http`). A real SQLite database "
        f"(WAL) with {report['initiatives']:,} initiatives of the generator above written through the "
        f"ORM ({report['actors']:,} lead actors; loaded in {report['load_s']:.0f} s, index rebuilt by "
        f"`essaim search_rebuild` in {report['rebuild_s']:.0f} s), gunicorn with {report['workers']} sync "
        "workers and WhiteNoise as in `make run`, and Debian's `wrk` (1 thread, "
        f"{report['connections']} connections, {args.duration} s, same machine) rotating over "
        f"{report['urls']} anonymous search URLs (`/repertoire/?q=…&theme=…`, the queries of the "
        "engine bench: half with facet filters). Each page runs the search service (page, total, "
        "every facet count, the map), loads the 20 initiatives and renders the facets and the map "
        f"(~{report['page_kb']:.0f} KiB of HTML). Before `wrk`, every URL was requested once, alone "
        f"(all answered 200): p50 {single['p50']:.1f} ms, p95 {single['p95']:.1f} ms. Two `wrk` runs: "
        "every request a different URL (an ignored `&_=n` is added, so the visitors' page cache never "
        "answers: the full search and rendering every time), then the URLs in turn (the page cache "
        "answers after the first round). Load average (1 min) when each run started: "
        + ", ".join(f"{wrk['load']:.1f}" for wrk in report["wrk"].values())
        + ".\n\n"
        f"{table(report)}\n\n"
        "Targets at 100k: ≥ 300 requests/s, p99 ≤ 150 ms, no errors.\n\n"
        f"Machine: {host['cpu']}, {host['nproc']} CPU (`nproc`), {host['memory']} RAM (`free -h`), "
        f"Python {host['python']}; measured {host['date']}.\n"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=30, help="seconds of wrk")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--urls", type=int, default=200)
    parser.add_argument("--workdir", help="keep the prepared site there and reuse it next time")
    parser.add_argument("--no-docs", action="store_true", help="print only, leave docs/performance.md")
    parser.add_argument("--child-load", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_load:
        child_load(args.child_load)
        return 0
    report = run(args)
    print(table(report))
    if not args.no_docs:
        write_subsection(SUBHEADING, section(report, machine(), args))
        print("\nÉcrit dans docs/performance.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())

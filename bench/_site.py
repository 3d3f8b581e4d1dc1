"""A throwaway Essaim site for the benchmarks: its folder, its environment, its `essaim` command."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def site_folder(workdir: str | None, prefix: str) -> Path:
    """`workdir` (kept and reused between runs), or a new temporary folder."""
    folder = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix=prefix))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def site_env(folder: Path, **extra: str) -> dict[str, str]:
    """The environment of a site whose SQLite database and var/ are in `folder`."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder}/essaim.sqlite3",
        "ESSAIM_VAR_DIR": str(folder),
        "ESSAIM_DEBUG": "0",
        "ESSAIM_LOG_LEVEL": "WARNING",
        **extra,
    }
    env.pop("ESSAIM_SEARCH_DIR", None)
    return env


def essaim(env: dict[str, str], *arguments: str) -> None:
    subprocess.run([BIN / "essaim", *arguments], env=env, cwd=REPO, check=True, stdout=subprocess.DEVNULL)


def child_report(script: str, env: dict[str, str], *arguments: str) -> dict:
    """Run `script --child …` in the site's environment; the JSON line it prints last."""
    measured = subprocess.run(
        [sys.executable, script, *arguments], env=env, cwd=REPO, stdout=subprocess.PIPE, text=True, check=True
    )
    return json.loads(measured.stdout.strip().splitlines()[-1])

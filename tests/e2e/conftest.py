"""A real Essaim for browser tests: the same steps as `make run`, on a temporary SQLite database,
served by gunicorn on a free port, driven by Debian's Chromium through Playwright."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


ROOT = Path(__file__).resolve().parents[2]
# axe-core is installed from the npm registry by `make test` (see the Makefile's test-tools target).
AXE = ROOT / "var" / "test-tools" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def site_env(tmp_path_factory) -> dict[str, str]:
    """Environment of a throwaway Essaim installation (its own var/ directory and SQLite file)."""
    var = tmp_path_factory.mktemp("site")
    env = {
        **os.environ,
        "ESSAIM_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'essaim.sqlite3'}",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


@pytest.fixture(scope="session")
def site_url(site_env):
    """The same steps as `make run`, then the background worker and gunicorn on a free port."""
    env = site_env
    for step in (
        ["migrate", "--noinput"],
        ["load_territories"],
        ["load_demo"],
        ["create_demo_accounts"],
        ["load_demo_selection"],
        ["load_demo_contributions"],
        ["collectstatic", "--noinput", "--verbosity", "0"],
    ):
        subprocess.run([BIN / "essaim", *step], env=env, check=True, capture_output=True)
    port = _free_port()
    worker = subprocess.Popen(
        [BIN / "essaim", "worker", "--interval", "0.2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = subprocess.Popen(
        [BIN / "gunicorn", "essaim.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/", timeout=2)  # noqa: S310 -- our own local server
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        for process in (server, worker):
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


# The demo corpus publishes 99 initiatives; journeys may publish more on the shared site.
DEMO_PUBLISHED = 99


@pytest.fixture
def published_count(site_url, site_env) -> int:
    """How many initiatives the site publishes now (the demo's, plus what earlier tests published)."""
    import json

    status = subprocess.run(
        [BIN / "essaim", "status", "--json"], env=site_env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(status)["initiatives"]["publiee"]

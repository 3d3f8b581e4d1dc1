"""The `essaim` command, as scripts and operators call it, on a site set up like `make run`."""

import json
import subprocess
import sys

import pytest

from tests.e2e.conftest import BIN, DEMO_PUBLISHED

pytestmark = pytest.mark.e2e


def _essaim(env, *args: str) -> str:
    return subprocess.run([BIN / "essaim", *args], env=env, check=True, capture_output=True, text=True).stdout


def test_status_json_counts_the_demo_site(site_url, site_env):
    """`essaim status --json` gives the geography and the demo corpus as one JSON object."""
    status = json.loads(_essaim(site_env, "status", "--json"))

    assert status["communes"] == 34_969
    assert (status["departements"], status["regions"]) == (101, 18)
    assert status["epci"] >= 1_250
    assert abs(status["population"] - 68_952_941) / 68_952_941 < 0.01
    # The demo corpus: 99 published initiatives and 132 sources (journeys may have added some).
    assert status["initiatives"]["publiee"] >= DEMO_PUBLISHED
    assert status["sources"] >= 132


def test_set_up_steps_run_twice_change_nothing(site_url, site_env):
    """Running the loading steps of `make run` again leaves every count unchanged."""
    before = _essaim(site_env, "status", "--json")

    assert "déjà à jour" in _essaim(site_env, "load_territories")
    assert "déjà chargée" in _essaim(site_env, "load_demo")
    _essaim(site_env, "create_demo_accounts")
    assert "déjà chargé" in _essaim(site_env, "load_demo_selection")
    assert "déjà chargée" in _essaim(site_env, "load_demo_contributions")

    assert _essaim(site_env, "status", "--json") == before


def test_python_dash_m_essaim_is_the_same_command(site_url, site_env):
    """`python -m essaim status` prints the French table."""
    out = subprocess.run(
        [sys.executable, "-m", "essaim", "status"], env=site_env, check=True, capture_output=True, text=True
    ).stdout
    assert "Communes" in out
    assert "34\u202f969" in out

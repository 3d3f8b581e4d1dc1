"""The vendored geography is reproducible from the raw sources (when they are at hand)."""

import importlib.util
import sys
from pathlib import Path

import pytest

from essaim.territories.loading import DEFAULT_PATH

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_territories.py"


def load_script():
    spec = importlib.util.spec_from_file_location("build_territories", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the script is being executed.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(
    not load_script().DEFAULT_REFERENCE.is_dir(),
    reason="raw reference data absent (only beside the shared folder)",
)
def test_rebuilding_gives_the_vendored_bytes(tmp_path, capsys):
    """Rebuilding from the raw reference gives byte-for-byte the vendored file and reports no loss."""
    build = load_script()
    assert build.main(["--output", str(tmp_path)]) == 0
    assert (tmp_path / "territories.json.gz").read_bytes() == DEFAULT_PATH.read_bytes()
    vendored = (DEFAULT_PATH.parent / "ATTRIBUTION.md").read_text()
    # The map's build script appends its own section after this one.
    assert (tmp_path / "ATTRIBUTION.md").read_text() == vendored.split("\n## Carte des départements")[0]
    report = capsys.readouterr().out
    assert "Lignes INSEE sans commune actuelle (non rattachées) : 0" in report


def test_blank_insee_cell_is_unknown_not_zero():
    """A blank INSEE cell is read as None; a published 0 stays 0."""
    build = load_script()
    assert build.parse_number("TP6019", "") is None
    assert build.parse_number("TP6019", "0") == 0
    assert build.parse_number("P18_LOG", "353.730434782608") == 353.73

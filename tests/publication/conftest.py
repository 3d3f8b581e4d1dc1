"""Each test writes its open data files to its own directory."""

import pytest


@pytest.fixture(autouse=True)
def _export_dir(settings, tmp_path):
    settings.ESSAIM_EXPORT_DIR = str(tmp_path / "donnees")
    return tmp_path / "donnees"

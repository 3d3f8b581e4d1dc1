"""Loading the vendored geography: idempotent, upserts in place, says what it did in French."""

import gzip
import json
from io import StringIO

import pytest
from django.core.management import call_command

from essaim.territories.loading import DEFAULT_PATH, geography_load, read_bundle
from essaim.territories.models import GeographyRelease, Level, Territory, TerritoryAlias
from essaim.territories.selectors import geography_counts, territory_lookup

pytestmark = pytest.mark.django_db


def test_second_load_is_skipped_and_changes_nothing():
    """Loading the same file again is a no-op that says so and changes no count."""
    before = geography_counts()
    releases = GeographyRelease.objects.count()
    report = geography_load()
    assert report.skipped
    assert report.counts[Level.COMMUNE] == before["communes"]
    assert geography_counts() == before
    assert GeographyRelease.objects.count() == releases


def test_command_says_the_geography_is_up_to_date():
    """`essaim load_territories` on a loaded database prints that nothing changed."""
    out = StringIO()
    call_command("load_territories", stdout=out)
    assert out.getvalue().strip() == "Géographie déjà à jour (aucun changement)."


@pytest.fixture
def ain_only(tmp_path):
    """A smaller release: the Ain's communes only, one of them renamed."""
    bundle = read_bundle(DEFAULT_PATH.read_bytes())
    bundle["communes"] = [row for row in bundle["communes"] if row[0].startswith("01")]
    bundle["communes"][0][1] = "L'Abergement-Nouveau"
    epci_column = bundle["commune_columns"].index("epci")
    epcis = {row[epci_column] for row in bundle["communes"]}
    bundle["epci"] = [row for row in bundle["epci"] if row[0] in epcis]
    communes = {row[0] for row in bundle["communes"]}
    bundle["aliases"] = [row for row in bundle["aliases"] if row[3] in communes]
    path = tmp_path / "territories.json.gz"
    path.write_bytes(gzip.compress(json.dumps(bundle).encode(), mtime=0))
    return path


def test_new_release_updates_rows_in_place_and_keeps_the_others(ain_only):
    """A new file updates territories by (level, code), keeping ids; rows it lacks are kept and reported."""
    commune_id = Territory.objects.get(level=Level.COMMUNE, code="01001").pk
    departement_id = Territory.objects.get(level=Level.DEPARTEMENT, code="01").pk
    total = Territory.objects.count()

    report = geography_load(path=ain_only)

    assert not report.skipped
    commune = Territory.objects.get(level=Level.COMMUNE, code="01001")
    assert (commune.pk, commune.name, commune.search_name) == (
        commune_id,
        "L'Abergement-Nouveau",
        "l abergement nouveau",
    )
    assert Territory.objects.get(level=Level.DEPARTEMENT, code="01").pk == departement_id
    assert Territory.objects.count() == total
    in_database = {
        level: Territory.objects.filter(level=level).count() for level in (Level.EPCI, Level.COMMUNE)
    }
    assert report.stale == {level: count - report.counts[level] for level, count in in_database.items()}
    assert not TerritoryAlias.objects.exclude(territory__code__startswith="01").exists()
    # Rows the new file lacks are kept for the initiatives pointing to them, but no longer current.
    lille = Territory.objects.get(level=Level.COMMUNE, code="59350")
    assert not lille.is_current
    assert commune.is_current
    assert geography_counts()["communes"] == report.counts[Level.COMMUNE]
    assert territory_lookup("Lille") == []
    assert GeographyRelease.objects.filter(checksum=report.checksum).exists()


def test_forced_load_of_the_same_file_runs_again(ain_only):
    """With force, an already loaded file is loaded again instead of skipped."""
    geography_load(path=ain_only)
    assert geography_load(path=ain_only).skipped
    assert not geography_load(path=ain_only, force=True).skipped


def test_command_summarises_a_load_in_french(ain_only):
    """`essaim load_territories --force --path` prints the counts and the territories kept."""
    out = StringIO()
    call_command("load_territories", "--force", "--path", str(ain_only), stdout=out)
    text = out.getvalue()
    # Counts are those of current territories: the Ain's communes and EPCI only.
    assert text.startswith("Géographie chargée : 391 communes, 17 EPCI, ")
    assert "101 départements, 18 régions" in text
    assert (
        "Territoires absents du fichier, conservés en base mais plus en vigueur : "
        "1\u202f238 EPCI, 34\u202f578 communes." in text
    )

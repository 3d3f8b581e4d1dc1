"""Open data files: published initiatives only, public fields only, formulas neutralised, fresh."""

import csv
import io
import json

import pytest

from essaim.catalog.models import Status
from essaim.catalog.services import initiative_publish, initiative_transition
from essaim.publication.exports import exports_build
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def _csv_rows(client) -> list[dict[str, str]]:
    response = client.get("/donnees/initiatives.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _json_rows(client) -> list[dict]:
    response = client.get("/donnees/initiatives.json")
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


def test_only_published_initiatives_are_exported(client):
    """A draft or a submitted initiative appears in neither file; a published one does."""
    published = InitiativeFactory(published=True, title="Épicerie solidaire mobile")
    InitiativeFactory(title="Brouillon secret")
    InitiativeFactory(submitted=True, title="Soumise pas encore relue")
    for rows in (_csv_rows(client), _json_rows(client)):
        assert [row["titre"] for row in rows] == ["Épicerie solidaire mobile"]
        assert str(rows[0]["identifiant"]) == str(published.pk)


def test_contact_persons_are_never_exported(client):
    """The contact person (name, e-mail, phone) of an initiative is personal data: never in the files."""
    InitiativeFactory(published=True)
    content = b"".join(client.get("/donnees/initiatives.csv").streaming_content).decode()
    content += b"".join(client.get("/donnees/initiatives.json").streaming_content).decode()
    for private in ("Camille Martin", "camille.martin@mairie-exemple.fr", "03 20 00 00 00", "contact"):
        assert private not in content


def test_territory_codes_themes_and_sources(client):
    """A Lille initiative carries the INSEE codes of its commune, département and région, its EPCI's SIREN,
    its themes' codes and labels and its sources' addresses."""
    initiative = InitiativeFactory(published=True, themes=["autonomie_age_handicap"])
    row = _csv_rows(client)[0]
    assert row["commune_code"] == "59350"
    assert row["commune_nom"] == "Lille"
    assert row["departement_code"] == "59"
    assert row["region_code"] == "32"
    assert row["epci_code"].isdigit() and len(row["epci_code"]) == 9
    assert row["thematiques_codes"] == "autonomie_age_handicap"
    assert row["thematiques_libelles"]
    assert row["date_debut"] == "2020-03-17"
    assert row["periode_crise_code"] == "confinement_1"
    assert row["sources_urls"] == initiative.sources.get().url


def test_formulas_are_neutralised_in_csv(client):
    """A title such as =HYPERLINK(…) never reaches a spreadsheet as a formula."""
    InitiativeFactory(published=True, title='=HYPERLINK("https://pirate.example","cliquez")')
    InitiativeFactory(published=True, title="+33 actions", summary="-moins de solitude", description="@tous")
    rows = {row["titre"]: row for row in _csv_rows(client)}
    assert '\'=HYPERLINK("https://pirate.example","cliquez")' in rows
    assert rows["'+33 actions"]["resume"] == "'-moins de solitude"
    assert rows["'+33 actions"]["description"] == "'@tous"
    json_titles = {row["titre"] for row in _json_rows(client)}
    assert '=HYPERLINK("https://pirate.example","cliquez")' in json_titles  # JSON is data, not a sheet


def test_files_follow_publication_and_withdrawal(client):
    """Publishing adds the initiative to the next download; withdrawing it removes it."""
    initiative = InitiativeFactory(status=Status.QUALIFIED)
    assert _csv_rows(client) == []
    initiative_publish(initiative=initiative)
    assert [int(row["identifiant"]) for row in _csv_rows(client)] == [initiative.pk]
    initiative_transition(initiative=initiative, to_status=Status.ARCHIVED)
    assert _json_rows(client) == []


def test_a_failed_build_keeps_the_previous_files(client, monkeypatch, _export_dir):
    """If writing fails half-way, the previous complete file is still served and no temporary file is left."""
    InitiativeFactory(published=True, title="Première")
    exports_build()
    before = (_export_dir / "initiatives.csv").read_bytes()
    InitiativeFactory(published=True, title="Seconde")

    def broken(value):
        raise OSError("disque plein")

    monkeypatch.setattr("essaim.publication.exports.csv_cell", broken)
    with pytest.raises(OSError):
        exports_build()
    assert (_export_dir / "initiatives.csv").read_bytes() == before
    assert sorted(path.name for path in _export_dir.iterdir() if path.suffix != ".lock") == [
        "datapackage.json",
        "initiatives.csv",
        "initiatives.json",
    ]


def test_unknown_file_is_not_found(client):
    assert client.get("/donnees/secrets.txt").status_code == 404


def test_a_source_added_later_reaches_the_files(client):
    """Provenance added after publication (a new source) is in the next download."""
    from essaim.catalog.models import SourceKind
    from essaim.catalog.services import SourceData, source_add

    initiative = InitiativeFactory(published=True, sources=0)
    assert _csv_rows(client)[0]["sources_urls"] == ""
    data = SourceData(
        kind=SourceKind.WATCH, url="https://presse.example.org/suite", publisher="Nord | Éclair"
    )
    source_add(initiative=initiative, data=data)
    row = _csv_rows(client)[0]
    assert row["sources_urls"] == "https://presse.example.org/suite"
    assert row["sources_editeurs"] == "Nord / Éclair"  # the list separator never splits a value

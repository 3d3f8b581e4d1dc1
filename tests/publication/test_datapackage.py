"""The data package validates with frictionless: schema, types, constraints and hashes."""

import json

import pytest
from frictionless import Package, validate

from essaim.publication.exports import exports_build
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def test_datapackage_validates(_export_dir):
    """Both files conform to their Table Schema (types, required fields, unique ids, sizes, hashes)."""
    InitiativeFactory.create_batch(3, published=True)
    InitiativeFactory(published=True, title="=1+1", budget=12500, end_date="2020-06-30")
    InitiativeFactory()  # a draft: not exported
    report = exports_build()
    assert report.rows == 4
    result = validate(str(_export_dir / "datapackage.json"))
    assert result.valid, result.flatten(["rowNumber", "fieldName", "type", "message"])
    package = Package(str(_export_dir / "datapackage.json"))
    for resource in package.resources:
        rows = resource.read_rows()
        assert len(rows) == 4
        assert {row["perimetre_code"] for row in rows} == {"59350"}


def test_datapackage_names_the_licence(_export_dir):
    exports_build()
    package = json.loads((_export_dir / "datapackage.json").read_text())
    assert package["licenses"][0]["name"] == "etalab-2.0"
    assert [resource["path"] for resource in package["resources"]] == ["initiatives.csv", "initiatives.json"]

"""The demo corpus: 132 records become 99 published initiatives, each on its territory, loaded once."""

import json
from collections import Counter

import pytest

from essaim.catalog.demo import DEMO_PATH, demo_load
from essaim.catalog.demo_corpus import group_records, read_records
from essaim.catalog.models import Initiative, Source, Status
from essaim.territories.models import Level

pytestmark = pytest.mark.django_db


def test_same_as_links_group_records_into_initiatives():
    """Records linked by `same_as`, even through a chain, form one group (pure, no database)."""
    records = [
        {"id": "A", "same_as": ["B"]},
        {"id": "B", "same_as": []},
        {"id": "C", "same_as": ["B"]},
        {"id": "D", "same_as": []},
    ]
    assert [[r["id"] for r in group] for group in group_records(records)] == [["A", "B", "C"], ["D"]]


def test_demo_corpus_loads_99_published_initiatives_with_132_sources():
    """Every record is kept as a source; records describing the same initiative make one initiative."""
    report = demo_load()

    assert report.created == 99
    assert Initiative.objects.filter(status=Status.PUBLISHED).count() == 99
    assert Source.objects.filter(external_key__startswith="corpus:").count() == 132
    pharmacy = Source.objects.get(external_key="corpus:A098").initiative
    assert set(pharmacy.sources.values_list("external_key", flat=True)) == {
        "corpus:A098",
        "corpus:A109",
        "corpus:B060",
        "corpus:B061",
    }


def test_each_demo_initiative_is_on_its_territory():
    """A group's commune (or else département, région, national) is the initiative's perimeter."""
    demo_load()
    for group in group_records(read_records(DEMO_PATH)):
        keys = [f"corpus:{record['id']}" for record in group]
        territory = Source.objects.select_related("initiative__territory__departement").get(
            external_key=keys[0]
        )
        territory = territory.initiative.territory
        communes = {record["commune_code"] for record in group} - {None}
        departements = {record["departement_code"] for record in group} - {None}
        if communes:
            assert territory.level == Level.COMMUNE and territory.code in communes, keys
        elif departements:
            # A joint initiative of two Départements sits on the one most sources name.
            assert territory.level == Level.DEPARTEMENT and territory.code in departements, keys
        if territory.level == Level.COMMUNE and departements:
            assert territory.departement.code in departements, keys
    levels = Counter(Initiative.objects.values_list("territory__level", flat=True))
    assert levels[Level.NATIONAL] == 9
    assert levels[Level.REGION] == 2


def test_demo_load_twice_changes_nothing():
    """Loading the demo again creates no initiative, source or history row."""
    demo_load()
    before = (Initiative.objects.count(), Source.objects.count(), Initiative.history.count())

    report = demo_load()

    assert report.created == 0
    assert report.unchanged == 99
    assert (Initiative.objects.count(), Source.objects.count(), Initiative.history.count()) == before


def test_demo_lead_actors_are_named_with_french_articles():
    """A Département's actor reads « Département du Nord », not « Département de Nord »."""
    demo_load()
    names = set(
        Initiative.objects.filter(lead_actor__type__code="departement").values_list(
            "lead_actor__name", flat=True
        )
    )
    assert any(
        name.startswith(("Département du ", "Département de la ", "Département des ", "Département de l'"))
        for name in names
    )
    assert "Département de Nord" not in names


def test_demo_file_keeps_source_urls():
    """The vendored corpus keeps every source URL (provenance)."""
    lines = DEMO_PATH.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 132
    assert all(json.loads(line)["source_url"].startswith("http") for line in lines)

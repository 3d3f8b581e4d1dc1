"""The territory a spreadsheet row names in its columns, the geography read in bulk for a file."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from essaim.watch.places import RowPlaces, territory_of_row

pytestmark = pytest.mark.django_db


def _codes(found):
    return (found.level, found.code) if found else None


@pytest.mark.parametrize(
    ("place", "departement", "expected"),
    [
        ("Valence", "26", ("commune", "26362")),  # one of three Valence, by its département's code
        ("Saint-Denis", "(974)", ("commune", "97411")),
        ("St Denis", "Seine-Saint-Denis", ("commune", "93066")),  # abbreviated, département by name
        ("Valence", "", None),  # three homonyms, no département: nothing rather than a guess
        ("Saint-Denis", "59", ("departement", "59")),  # no such commune there: the département
        ("Nord", "", ("departement", "59")),  # a département in the commune column
        ("", "2a", ("departement", "2A")),
        ("Commune inconnue", "", None),
        ("Lille", "99", ("commune", "59350")),  # an unknown département code is no restriction
    ],
)
def test_a_row_names_its_commune_or_departement_without_guessing(place, departement, expected):
    assert _codes(territory_of_row(place, departement)) == expected
    assert _codes(RowPlaces()(place, departement)) == expected


def test_a_file_reads_the_communes_it_names_in_a_few_queries():
    rows = [("Lille", "59"), ("Roubaix", "Nord"), ("Valence", "26"), ("Rodez", "12"), ("Inconnue", "")] * 200
    places = RowPlaces()
    places.prefetch(place for place, _ in rows)
    with CaptureQueriesContext(connection) as queries:
        found = [places(place, departement) for place, departement in rows]
    assert len(queries) <= 1  # the départements, once
    assert [_codes(item) for item in found[:5]] == [
        ("commune", "59350"),
        ("commune", "59512"),
        ("commune", "26362"),
        ("commune", "12202"),
        None,
    ]

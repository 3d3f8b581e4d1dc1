"""Partners named in a report's free text become typed actors (no database)."""

import pytest

from essaim.enrichment.classify import Classifier
from essaim.inbox.partners import MAX_NAME, MAX_PARTNERS, partners_parse


@pytest.fixture(scope="module")
def classifier():
    return Classifier.default()


def test_names_split_on_the_usual_separators_typed_from_the_name(classifier):
    text = "Région Hauts-de-France ; Collectif des voisins solidaires\n• Préfecture du Nord, l'UDAF"
    assert [(p.name, p.type_code) for p in partners_parse(text, classifier)] == [
        ("Région Hauts-de-France", "region"),
        ("Collectif des voisins solidaires", "collectif_citoyen"),
        ("Préfecture du Nord", "etat"),
        ("UDAF", "association"),
    ]


def test_a_partner_named_twice_is_one_partner(classifier):
    assert [p.name for p in partners_parse("Secours populaire, secours  populaire.", classifier)] == [
        "Secours populaire"
    ]


@pytest.mark.parametrize("text", ["", "  ;, \n - ", "<script>alert(1)</script>"])
def test_empty_or_hostile_text_gives_nothing_harmful(classifier, text):
    partners = partners_parse(text, classifier)
    assert all(p.type_code == "autre" for p in partners)
    assert all(len(p.name) >= 2 for p in partners)


def test_a_very_long_list_is_cut_to_the_first_partners_and_names_to_the_field(classifier):
    text = ";".join(f"Association n° {n}" for n in range(100)) + ";" + "x" * 1000
    partners = partners_parse(text, classifier)
    assert len(partners) == MAX_PARTNERS
    assert partners[0].name == "Association n° 0"
    assert max(len(p.name) for p in partners_parse("y" * 1000, classifier)) == MAX_NAME

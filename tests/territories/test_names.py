"""Normalised names: the one key shared by the loader, the look-ups and the geotagging."""

import pytest

from essaim.territories.names import normalize_name


@pytest.mark.parametrize(
    "spelling",
    [
        "Saint-Étienne",
        "st etienne",
        "SAINT ETIENNE",
        "St-Étienne",
        "St. Étienne",
        "saint_etienne",
        "  Saint  Étienne ",
    ],
)
def test_spellings_of_saint_etienne_share_one_key(spelling):
    """Case, accents, hyphens, underscores, extra spaces and the "St"/"St." abbreviation do not matter."""
    assert normalize_name(spelling) == "saint etienne"


def test_ste_is_sainte():
    """The abbreviation "Ste" is expanded to "sainte" like "St" to "saint"."""
    assert normalize_name("Ste-Marie") == normalize_name("Sainte Marie") == "sainte marie"


def test_apostrophes_straight_or_curly_separate_words():
    """Straight and typographic apostrophes both become a space."""
    assert normalize_name("L'Haÿ-les-Roses") == normalize_name("L’Haÿ les Roses") == "l hay les roses"


def test_ligatures_are_spelled_out():
    """The ligatures "œ" and "æ" match the two letters people type instead."""
    assert normalize_name("Œuilly") == normalize_name("oeuilly")


def test_st_inside_a_word_is_kept():
    """Only the word "St" is expanded, not the letters "st" inside a name."""
    assert normalize_name("Stenay") == "stenay"
    assert normalize_name("Ouest") == "ouest"


def test_punctuation_only_gives_an_empty_key():
    """A name without letters or digits normalises to the empty string."""
    assert normalize_name(" - ' ") == ""

"""French analysis: what a person types matches what was written, whatever the accents or plurals."""

import pytest

from essaim.search.analysis import highlight, stem, stems, surface_words


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("agees", "âgées"),
        ("âgé", "âgées"),
        ("Agée", "âgés"),
        ("isolees", "isolées"),
        ("isolés", "isolée"),
        ("familles", "famille"),
        ("violence", "VIOLENCES"),
        ("accompagner", "accompagnement"),
        ("hebergement", "hébergement"),
        ("oeuvre", "œuvre"),
    ],
)
def test_accents_case_plurals_and_inflections_do_not_matter(typed, written):
    assert stem(typed) == stem(written)


def test_different_words_stay_different():
    assert stem("agents") != stem("âgées")
    assert stem("enfants") != stem("femmes")


def test_a_text_gives_its_stems_in_order():
    assert stems("Personnes âgées isolées") == [stem("personne"), stem("âgé"), stem("isolé")]


def test_surface_words_keep_the_written_form_for_suggestions():
    assert surface_words("Les Aînés isolés")["aines"] == "aînés"


def _marked(fragments):
    return [fragment.text for fragment in fragments if fragment.match]


def test_highlight_marks_every_inflection_of_the_query_words():
    fragments = highlight(
        "Appels aux personnes âgées et à la personne isolée.", terms=frozenset({stem("personne")})
    )
    assert _marked(fragments) == ["personnes", "personne"]


def test_highlight_marks_the_word_being_typed():
    fragments = highlight("Un accompagnement scolaire.", terms=frozenset(), prefixes=("accomp",))
    assert _marked(fragments) == ["accompagnement"]


def test_highlight_cuts_long_texts_around_the_first_match():
    text = "mot " * 200 + "violences conjugales " + "mot " * 200
    fragments = highlight(text, terms=frozenset({stem("violences")}), width=120)
    joined = "".join(fragment.text for fragment in fragments)
    assert "violences" in joined
    assert joined.startswith("… ")
    assert joined.endswith(" …")
    assert len(joined) < 140


def test_highlight_returns_text_not_markup():
    fragments = highlight("<script>alert(1)</script> aide", terms=frozenset({stem("aide")}))
    # The template escapes every fragment: the raw text is passed through as text.
    assert fragments[0].text.startswith("<script>")
    assert _marked(fragments) == ["aide"]

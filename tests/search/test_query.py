"""What people type in the search box, including what they should not."""

from essaim.search.analysis import stem
from essaim.search.query import MAX_CLAUSES, parse


def test_words_are_all_required_and_grammatical_words_ignored():
    parsed = parse("aide aux personnes âgées ")
    assert [clause.stems for clause in parsed.required] == [
        (stem("aide"),),
        (stem("personnes"),),
        (stem("âgées"),),
    ]
    assert parsed.excluded == ()


def test_the_last_word_is_a_prefix_while_typing():
    parsed = parse("portage de rep")
    assert parsed.required[-1].prefix == "rep"
    assert parse("portage de rep ").required[-1].prefix == ""


def test_the_prefix_is_what_was_typed_not_its_stem():
    assert parse("agees").required[0].prefix == "agees"


def test_quotes_make_a_phrase_and_minus_excludes():
    parsed = parse('"aide alimentaire" -colis -"sans abri"')
    assert parsed.required[0].is_phrase
    assert [clause.stems for clause in parsed.excluded] == [(stem("colis"),), (stem("sans"), stem("abri"))]


def test_unbalanced_quotes_and_operators_never_raise():
    for text in [
        '"aide alimentaire',
        'a" OR "b',
        "NEAR(a b) * ^ :",
        "'; DROP TABLE catalog_initiative; --",
        "\x00\x01",
    ]:
        parsed = parse(text)
        for clause in parsed.clauses:
            assert all(term.isalnum() for term in clause.stems)


def test_a_huge_query_is_cut():
    parsed = parse("solidarité " * 5_000)
    assert len(parsed.clauses) == 1
    assert len(parse(" ".join(f"mot{i}" for i in range(100))).clauses) == MAX_CLAUSES


def test_a_single_overlong_word_still_matches_nothing_rather_than_everything():
    assert not parse("x" * 10_000).is_empty

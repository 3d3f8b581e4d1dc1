from essaim.search.suggest import closest

VOCABULARY = {"violences": 40, "violence": 12, "viol": 1, "personnes": 90, "personnel": 5}


def test_a_misspelt_word_gets_the_nearest_known_word():
    assert closest("violance", VOCABULARY) == "violence"
    assert closest("perssonnes", VOCABULARY) == "personnes"


def test_nothing_when_no_word_is_close():
    assert closest("zzzzzz", VOCABULARY) is None

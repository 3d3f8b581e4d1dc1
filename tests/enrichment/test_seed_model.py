"""The seed model shipped with the classifier, and a directory's model trained on top of it.

Pure: no database. The examples are written for these tests (not taken from any corpus).
"""

import pytest

from essaim.enrichment import model as model_module
from essaim.enrichment.classify import ASSERTED, MODEL_MIN_POSITIVES, MODEL_ONLY, Classifier, Labelled
from essaim.enrichment.lexicons import Lexicon
from essaim.enrichment.model import Model

TOWNS = ("Albi", "Agen", "Auch", "Pau", "Dax", "Rodez")
ECONOMY = "economie_entreprises"

# What the seed learnt from the project's labelled sets: here, an invented word for a cultural evening.
ZORGLUB = [
    Labelled(f"Le zorglub de {town}", "Un zorglub réunit les habitants chaque soir.", ("culture",), (), None)
    for town in TOWNS
]
# What one directory's analysts validated later: another invented word, for a traders' scheme.
FROBNIC = [
    Labelled(
        f"Le frobnic de {town}",
        "Un frobnic réunit les habitants chaque matin.",
        ("economie_entreprises",),
        (),
        None,
    )
    for town in TOWNS[:4]
]
DEPISTAGE = [
    Labelled(f"Dépistage à {town}", "Les médecins organisent un dépistage gratuit.", ("sante",), (), None)
    for town in ("Millau", "Cahors", "Figeac")
]


@pytest.fixture(scope="module")
def lexicons():
    return Classifier(Lexicon.vendored())


@pytest.fixture(scope="module")
def seed(lexicons):
    return lexicons.train([*ZORGLUB, *DEPISTAGE])


def _main_theme(classifier: Classifier, title: str, text: str) -> tuple[str, float]:
    main = classifier.classify(title, text).themes[0]
    return main.code, main.score


def test_the_seed_teaches_the_lexicons_what_they_do_not_know(lexicons, seed):
    """Before any validation in the directory, the seed's knowledge is there."""
    title, text = "Un zorglub à Tarbes", "Le zorglub revient cet été."
    assert "culture" not in {label.code for label in lexicons.classify(title, text).themes}
    code, score = _main_theme(lexicons.with_seed(seed), title, text)
    assert code == "culture"
    assert score >= ASSERTED


def test_a_directory_model_adds_to_the_seed_instead_of_replacing_it(lexicons, seed):
    """The directory's analysts validated only « frobnic » sessions: the model trained on them
    learns « frobnic » and the seed still knows « zorglub »; trained without the seed, it would not."""
    seeded = lexicons.with_seed(seed)
    directory = seeded.train(FROBNIC)
    assert directory.positives_of("theme", "economie_entreprises") >= MODEL_MIN_POSITIVES
    both = seeded.with_model(directory)
    assert (
        _main_theme(both, "Un frobnic à Tarbes", "Le frobnic revient cet été.")[0] == "economie_entreprises"
    )
    assert _main_theme(both, "Un zorglub à Tarbes", "Le zorglub revient cet été.")[0] == "culture"

    alone = lexicons.with_model(lexicons.train(FROBNIC))
    themes = alone.classify("Un zorglub à Tarbes", "Le zorglub revient cet été.").themes
    assert "culture" not in {label.code for label in themes}


def test_the_shipped_classifier_carries_a_seed_learnt_from_thousands_of_initiatives():
    """Every actor type and every theme has been seen often enough to be used from day one."""
    seed = Model.vendored()
    assert seed is not None
    assert seed.examples >= 2000
    lexicon = Lexicon.vendored()
    for kind in ("theme", "actor_type"):
        codes = {row.code for row in lexicon.rows() if row.kind == kind}
        assert codes
        assert all(seed.positives_of(kind, code) >= MODEL_MIN_POSITIVES for code in codes), kind
    assert Classifier.default().seed is seed


def test_without_the_seed_file_the_lexicons_work_alone(tmp_path, monkeypatch):
    """A deployment that removes the file (or a checkout without it) still classifies."""
    monkeypatch.setattr(model_module, "SEED_PATH", tmp_path / "absent.json.gz")
    assert Model.vendored() is None
    classifier = Classifier.default()
    assert classifier.seed is None
    result = classifier.classify(
        "Le CCAS de Dole appelle les aînés", "Le CCAS téléphone aux personnes âgées."
    )
    assert result.actor_type.code == "ccas_cias"


def test_a_label_no_word_supports_is_proposed_only_when_the_model_is_confident(lexicons, seed):
    """The model gives every label it knows a small probability: those without any lexicon term
    are left out below MODEL_ONLY, so a text in English or about nothing gets no theme."""
    seeded = lexicons.with_seed(seed)
    english = seeded.classify("Lockdown", "The council delivered meals to the elderly during the lockdown.")
    assert english.themes == () and english.actor_type is None
    assert all(
        label.score >= MODEL_ONLY or label.evidence
        for label in seeded.classify(
            "Dépistage à Tarbes", "Les médecins organisent un dépistage gratuit."
        ).themes
    )


def test_a_label_only_the_seed_proposed_goes_when_the_directory_model_lowers_it(lexicons, seed):
    """The seed reads « zorglub » as culture; in this directory it is a traders' scheme. Its model
    lowers culture to 2 %: with no lexicon word behind it, the label is no longer listed."""
    seeded = lexicons.with_seed(seed)
    traders = [
        Labelled(
            f"Le zorglub de {town}", "Un zorglub réunit les commerçants chaque soir.", (ECONOMY,), (), None
        )
        for town in TOWNS
    ]
    concerts = [
        Labelled(f"Un concert à {town}", "Un concert réunit les habitants au balcon.", ("culture",), (), None)
        for town in ("Rodez", "Millau", "Cahors")
    ]
    directory = seeded.with_model(seeded.train([*traders, *traders, *concerts]))
    themes = directory.classify("Un zorglub à Tarbes", "Le zorglub revient cet été.").themes
    assert "culture" not in {label.code for label in themes}
    assert all(label.score >= MODEL_ONLY or label.evidence for label in themes)

"""Classification of French text: themes, publics, lead actor type, calibrated scores, evidence.

Pure: no database. The examples are written for these tests (not taken from the shared corpus).
"""

import json
import time

import pytest

from essaim.enrichment.classify import ASSERTED, EMPTY, Classifier, Labelled
from essaim.enrichment.lexicons import Lexicon, Row
from essaim.enrichment.model import Model
from essaim.enrichment.text import MAX_CHARS, clean, light_lemma, tokens

ECOLE = (
    "Arras : la Ville prête des ordinateurs aux écoliers",
    "Pendant la fermeture des écoles, la Ville d'Arras a prêté 200 ordinateurs portables aux élèves "
    "sans équipement, pour que la continuité pédagogique soit assurée avec leurs enseignants.",
)
VIOLENCES = (
    "Une ligne d'écoute pour les femmes victimes de violences conjugales",
    "Le conseil départemental de la Manche ouvre une permanence téléphonique pour les femmes victimes "
    "de violences conjugales et finance l'éviction du conjoint violent, avec l'aide d'un CIDFF.",
)
CCAS = (
    "Le CCAS de Dole appelle les aînés et les personnes handicapées isolés",
    "Le CCAS de Dole téléphone chaque semaine aux personnes âgées isolées et aux personnes handicapées "
    "inscrites sur le registre canicule, et organise le portage de courses avec des bénévoles.",
)


@pytest.fixture(scope="module")
def classifier():
    return Classifier.default()


@pytest.mark.parametrize(
    ("title", "text", "theme"),
    [
        (*ECOLE, "enfance_education"),
        (*VIOLENCES, "violences_conjugales_intrafamiliales"),
        (
            "Brest : des masques en tissu pour chaque habitant",
            "La commune distribue gratuitement des masques lavables et organise une journée de dépistage "
            "avec les médecins de ville.",
            "sante",
        ),
        (
            "Un drive fermier pour les producteurs du Cantal",
            "Privés de marchés, les agriculteurs et éleveurs vendent leurs produits locaux en circuit court "
            "grâce à un point de retrait hebdomadaire.",
            "alimentation_agriculture",
        ),
        (
            "La médiathèque de Vannes propose des lectures au téléphone",
            "Les bibliothécaires lisent des contes et des romans aux lecteurs qui appellent, et la "
            "programmation culturelle continue en ligne.",
            "culture",
        ),
        (
            "Les allocataires du RSA aident aux récoltes",
            "Le Département garantit le maintien du RSA aux allocataires qui acceptent un emploi saisonnier "
            "dans les exploitations, avec un accompagnement vers l'emploi.",
            "insertion",
        ),
        (
            "Placement familial : un soutien renforcé aux assistants familiaux",
            "Le service de l'aide sociale à l'enfance rappelle chaque jour les assistants familiaux qui "
            "accueillent des enfants placés et maintient les visites médiatisées en visioconférence.",
            "protection_enfance",
        ),
    ],
)
def test_the_main_theme_comes_first(classifier, title, text, theme):
    """The first theme is the main one, whatever the wording (plurals, feminine, accents)."""
    result = classifier.classify(title, text)
    assert result.themes[0].code == theme


def test_scores_are_calibrated_confidences_sorted_by_decreasing_score(classifier):
    """Every score is in [0, 1], themes are sorted, and a passing mention is not asserted."""
    result = classifier.classify(*CCAS)
    scores = [label.score for label in result.themes]
    assert scores == sorted(scores, reverse=True)
    for label in (*result.themes, *result.publics, result.actor_type):
        assert 0.0 <= label.score <= 1.0
    assert result.themes[0].score >= ASSERTED
    weak = classifier.classify("Réunion du conseil", "Le conseil a évoqué la culture en fin de séance.")
    assert all(label.score < ASSERTED for label in weak.themes[1:])


def test_publics_are_multi_label(classifier):
    """Several publics can be asserted at once."""
    result = classifier.classify(*CCAS)
    asserted = {label.code for label in result.asserted_publics()}
    assert {"personnes_agees", "personnes_handicapees"} <= asserted
    assert "etudiants" not in asserted


@pytest.mark.parametrize(
    ("title", "text", "actor"),
    [
        (*CCAS, "ccas_cias"),
        (*VIOLENCES, "departement"),
        (*ECOLE, "commune"),
        (
            "Une épicerie solidaire ouvre à Tours",
            "L'association Entraide tourangelle ouvre une épicerie solidaire financée par la Ville et "
            "soutenue par le Département.",
            "association",
        ),
        (
            "Hébergement d'urgence : 50 places de plus",
            "La préfecture ouvre un centre d'hébergement pour les personnes sans abri, avec la Croix-Rouge.",
            "etat",
        ),
        (
            "Masques : la communauté de communes équipe ses habitants",
            "La communauté de communes du Val de Saône commande des masques pour tous ses habitants.",
            "intercommunalite",
        ),
    ],
)
def test_the_lead_actor_is_the_first_one_named_not_the_funder(classifier, title, text, actor):
    """The actor named first leads; one introduced by "financé par" or "avec" is a partner."""
    assert classifier.classify(title, text).actor_type.code == actor


@pytest.mark.parametrize(
    ("title", "text", "actor"),
    [
        (
            "Un hôpital de campagne à Mulhouse",
            "Le service de santé des armées installe une unité militaire de réanimation.",
            "etat",
        ),
        (
            "L'Armée du Salut ouvre un accueil de jour",
            "L'Armée du Salut accueille les sans-abri.",
            "association",
        ),
        (
            "Veille téléphonique pour les aînés",
            "Le centre d'action sociale de la Ville rappelle chaque personne âgée inscrite.",
            "ccas_cias",
        ),
        (
            "Du gel pour les soignants",
            "Une distillerie de rhum fournit de l'alcool à la pharmacie.",
            "entreprise",
        ),
        (
            "Accueil des enfants de soignants",
            "Quimperlé Communauté ouvre ses accueils de loisirs.",
            "intercommunalite",
        ),
        (
            "Des jeunes suivis par téléphone",
            "La mission locale appelle chaque jeune qu'elle accompagne.",
            "association",
        ),
    ],
)
def test_actors_beyond_the_usual_institutions(classifier, title, text, actor):
    """The army is the State; « Armée du Salut » stays an association (the longer term wins)."""
    assert classifier.classify(title, text).actor_type.code == actor


@pytest.mark.parametrize(
    ("title", "text", "actor"),
    [
        (
            "Des bons d'essence pour les soignants",
            "L'enseigne Berthier offre des bons d'essence ; la préfecture les répartit entre les hôpitaux.",
            "entreprise",
        ),
        (
            "Prise de rendez-vous en ligne",
            "Retenue par le ministère de la Santé, la société Agendix ouvre la prise de rendez-vous.",
            "entreprise",
        ),
        (
            "Prise de rendez-vous en ligne",
            "La société Agendix ouvre la prise de rendez-vous. Le ministère de la Santé salue l'outil.",
            "entreprise",
        ),
        (
            "Un cinéma en plein air",
            "Un exploitant de salles installe un écran sur le parking ; la mairie prête le terrain.",
            "entreprise",
        ),
        (
            "Lodève : des voisins créent un réseau d'entraide",
            "Les courses sont faites pour les aînés ; la mairie relaie le numéro.",
            "collectif_citoyen",
        ),
    ],
)
def test_a_named_actor_leads_over_the_institutions_around_it(classifier, title, text, actor):
    """« l'enseigne X », « la société X » name the lead before a ministry that merely salutes or
    selects it (« retenue par le ministère »); « des voisins créent » in a title is the collective."""
    assert classifier.classify(title, text).actor_type.code == actor


@pytest.mark.parametrize(
    ("title", "text", "actor"),
    [
        (
            "Visites aux aînés isolés",
            "Pendant leurs patrouilles, les gendarmes s'arrêtent chez les personnes âgées isolées.",
            "etat",
        ),
        ("Répit pour les aidants", "L'Adapei envoie ses éducateurs au domicile des familles.", "association"),
        (
            "Devoirs imprimés",
            "Un imprimeur offre l'impression des devoirs aux familles sans imprimante.",
            "entreprise",
        ),
        (
            "Des visières pour les soignants",
            "Des makers impriment des visières en 3D pour le CHU.",
            "collectif_citoyen",
        ),
        ("Artistes en résidence", "La DRAC finance des résidences d'artistes dans les quartiers.", "etat"),
        ("Artistes martiniquais", "La CTM verse une aide forfaitaire aux artistes de l'île.", "region"),
        (
            "De l'aligot pour les soignants",
            "La coopérative Jeune Montagne offre de l'aligot au CHU.",
            "entreprise",
        ),
    ],
)
def test_everyday_names_of_actors(classifier, title, text, actor):
    assert classifier.classify(title, text).actor_type.code == actor


def test_a_named_noun_needs_a_name_after_it(classifier):
    """« le groupe de parole » is no company; « les associations » in the plural are partners."""
    talk = classifier.classify("Écoute", "Le groupe de parole se réunit ; le CCAS l'organise.")
    assert talk.actor_type.code == "ccas_cias"
    partners = classifier.classify("Écoute", "Avec les associations Emmaüs et Aurore, le CCAS appelle.")
    assert partners.actor_type.code == "ccas_cias"


def test_plural_words_ending_in_ee_are_plural():
    """« lycées », « musées »: the feminine alignment must not hide the plural."""
    assert [token.plural for token in tokens("les lycées, le lycée, des musées")] == [True, False, True]


def test_a_word_after_a_or_au_is_marked_as_a_recipient():
    """« livré au CHU », « à la Ville »: what follows « à » is where or to whom, rarely who acts."""
    marked = [(token.lemma, token.dative) for token in tokens("Le CCAS livre au CHU et à la Ville")]
    assert marked == [("cca", False), ("livre", False), ("chu", True), ("ville", True)]


def test_evidence_names_the_terms_that_justify_each_label(classifier):
    """Analysts see why a label was proposed."""
    result = classifier.classify(*VIOLENCES)
    main = result.themes[0]
    assert "violences conjugales" in main.evidence
    assert "CIDFF" in result.actor_type.evidence or "conseil départemental" in result.actor_type.evidence
    assert len(main.evidence) <= 5


def test_case_sensitive_terms_and_longest_expressions(classifier):
    """« État » is the State, « état » a condition; « protection de l'enfance » is not « enfance »."""
    condition = classifier.classify("Bilan", "Dont l'état de santé ne nécessite pas d'hospitalisation.")
    assert condition.actor_type is None or condition.actor_type.code != "etat"
    state = classifier.classify("Bilan", "L'État ouvre un centre de desserrement.")
    assert state.actor_type.code == "etat"
    protection = classifier.classify("Protection de l'enfance", "La protection de l'enfance s'organise.")
    assert [label.code for label in protection.themes] == ["protection_enfance"]


def test_light_lemmas_keep_apart_what_a_stemmer_would_merge():
    """Singular and masculine forms meet; "aidants" and "aide", "communiqué" and "commune" do not."""
    assert light_lemma("conjugales") == light_lemma("conjugaux") == "conjugal"
    assert light_lemma("culturelles") == "culturel"
    assert light_lemma("animatrices") == "animateur"
    assert light_lemma("aidants") != light_lemma("aide")
    assert light_lemma("communique") != light_lemma("commune")


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("", ""),
        ("   ", "\n\t"),
        ("\x00\x01\x02", "\x00" * 100),
        ("�����", bytes(range(256)).decode("latin-1") * 50),
        ("Lockdown", "The city council delivered meals to elderly people living alone during the lockdown."),
        ("<b>Titre</b>", "<html><head><title>x</title></head><body><p>&eacute;t&eacute;</p></body></html>"),
        ("<script>", "<script>" * 10_000),
        ("<a", "<a " + "x" * 100_000),
    ],
)
def test_bad_input_gives_a_result_never_a_crash(classifier, title, text):
    """Empty text, binary garbage, other languages, markup: a (possibly empty) low-confidence result."""
    result = classifier.classify(title, text)
    assert all(label.score < ASSERTED for label in result.themes[1:])
    assert all(0.0 <= label.score <= 1.0 for label in (*result.themes, *result.publics))


def test_english_text_asserts_nothing(classifier):
    """Another language matches no French term."""
    result = classifier.classify(
        "Lockdown", "The council delivered meals to the elderly during the lockdown."
    )
    assert result.themes == () and result.actor_type is None


def test_empty_text_gives_the_empty_result(classifier):
    assert classifier.classify("", "") == EMPTY


def test_html_is_read_as_text_and_scripts_are_ignored(classifier):
    """Tags are stripped, entities decoded, script and style contents never counted."""
    page = (
        "<html><head><style>.violences-conjugales{}</style>"
        "<script>var x = 'violences conjugales';</script></head>"
        "<body><h1>Aide aux devoirs</h1><p>Les &eacute;l&egrave;ves du coll&egrave;ge suivent le "
        "soutien scolaire&nbsp;en ligne.</p></body></html>"
    )
    result = classifier.classify("", page)
    assert result.themes[0].code == "enfance_education"
    assert "violences_conjugales_intrafamiliales" not in {label.code for label in result.themes}


def test_five_megabytes_are_classified_quickly_on_their_first_characters(classifier):
    """A huge text is capped (MAX_CHARS): it costs about as much as a long article."""
    huge = "Les violences conjugales augmentent. " * 150_000
    assert len(huge) > 5_000_000
    started = time.perf_counter()
    result = classifier.classify("Rapport", huge)
    assert time.perf_counter() - started < 1.0
    assert result.themes[0].code == "violences_conjugales_intrafamiliales"
    assert len(clean(huge)) == MAX_CHARS


def test_classifying_a_summary_costs_well_under_a_millisecond(classifier):
    """The annotate command needs >= 500 documents/s with geotagging: classification stays cheap."""
    documents = [(f"{ECOLE[0]} n° {index}", f"{CCAS[1]} {VIOLENCES[1]}") for index in range(300)]
    classifier.classify(*documents[0])
    started = time.perf_counter()
    for title, text in documents:
        classifier.classify(title, text)
    assert (time.perf_counter() - started) / len(documents) < 0.005  # generous: ~0.3 ms measured


ZORGLUB = [
    Labelled(
        f"Le zorglub de {town}",
        "Un zorglub réunit les habitants chaque soir.",
        ("culture",),
        ("tous_publics",),
        None,
    )
    for town in ("Albi", "Agen", "Auch", "Pau", "Dax")
]
OTHERS = [
    Labelled(
        f"Dépistage à {town}",
        "Les médecins organisent un dépistage gratuit.",
        ("sante",),
        ("tous_publics",),
        None,
    )
    for town in ("Rodez", "Millau", "Cahors")
]


def test_training_on_validated_examples_changes_predictions_deterministically(classifier):
    """A word no lexicon knows becomes evidence once analysts have validated enough examples."""
    before = classifier.classify("Un zorglub à Tarbes", "Le zorglub revient cet été.")
    assert "culture" not in {label.code for label in before.themes}

    model = classifier.train([*ZORGLUB, *OTHERS])
    again = classifier.train([*ZORGLUB, *OTHERS])
    assert model.to_json() == again.to_json()

    after = classifier.with_model(model).classify("Un zorglub à Tarbes", "Le zorglub revient cet été.")
    assert after.themes[0].code == "culture"
    assert after.themes[0].score >= ASSERTED
    # Labels seen fewer than 3 times are left to the lexicons.
    assert model.positives_of("theme", "sante") == 3
    assert (
        classifier.with_model(model).classify(*VIOLENCES).themes[0].code
        == "violences_conjugales_intrafamiliales"
    )


def test_the_model_survives_a_json_round_trip(classifier):
    """The stored model predicts what the trained one did."""
    model = classifier.train([*ZORGLUB, *OTHERS])
    restored = Model.from_json(model.to_json())
    assert json.loads(restored.to_json()) == json.loads(model.to_json())
    first = classifier.with_model(model).classify("Un zorglub à Tarbes", "Le zorglub revient.")
    second = classifier.with_model(restored).classify("Un zorglub à Tarbes", "Le zorglub revient.")
    assert [label.code for label in first.themes] == [label.code for label in second.themes]
    for one, two in zip(first.themes, second.themes, strict=True):
        assert one.score == pytest.approx(two.score, abs=1e-3)


def test_an_unknown_model_format_is_refused():
    with pytest.raises(ValueError, match="format de modèle inconnu"):
        Model.from_json('{"format": 99}')


def test_lexicon_rows_round_trip_and_edits_change_the_classifier():
    """The admin's rows rebuild the same lexicon; an added term is used at once."""
    vendored = Lexicon.vendored()
    rebuilt = Lexicon.from_rows(vendored.rows())
    assert rebuilt.terms == vendored.terms
    edited = Lexicon.from_rows([*vendored.rows(), Row("theme", "culture", "zorglub", 5.0)])
    result = Classifier(edited).classify("Le zorglub de Rodez", "Un zorglub chaque soir.")
    assert result.themes[0].code == "culture"
    assert result.themes[0].evidence == ("zorglub",)


def test_every_vendored_term_matches_itself():
    """A term that its own analysis cannot find (only small words) would be dead weight."""
    lexicon = Lexicon.vendored()
    index = lexicon.compile()
    for row in lexicon.rows():
        found = index.find(tokens(row.term))
        assert any(hit.kind == row.kind for hit in found), row


@pytest.mark.parametrize(
    ("title", "text", "actor"),
    [
        (
            "Du gel pour les soignants",
            "Une parfumerie reconvertit une ligne et livre 3 000 litres de gel au centre hospitalier "
            "et aux pompiers ; l'usine tourne jour et nuit.",
            "entreprise",
        ),
        (
            "Des repas pour les soignants",
            "Chaque midi, un restaurateur livre des plats cuisinés au CHU et aux pompiers.",
            "entreprise",
        ),
        (
            "Des défis scientifiques pour les enfants confinés",
            "Un groupe de doctorants publie chaque jour une vidéo et un défi pour les élèves.",
            "collectif_citoyen",
        ),
    ],
)
def test_who_receives_is_not_who_leads(classifier, title, text, actor):
    """The hospital that receives (« au CHU », « aux pompiers ») is not the lead; « un groupe de
    doctorants » is citizens, not a company."""
    assert classifier.classify(title, text).actor_type.code == actor


@pytest.mark.parametrize(
    ("title", "text", "actor"),
    [
        (
            "Du carburant pour les soignants",
            "TotalEnergies offre des bons d'essence ; l'ARS les répartit entre les hôpitaux.",
            "entreprise",
        ),
        ("Aînés isolés", "Les volontaires d'Unis-Cité appellent les aînés chaque semaine.", "association"),
        ("Le festival passe en ligne", "Les concerts sont diffusés chaque soir, sans public.", "association"),
        (
            "Un drive au marché de gros",
            "Le marché d'intérêt national ouvre aux particuliers ; les grossistes préparent les commandes.",
            "entreprise",
        ),
    ],
)
def test_well_known_names_and_events(classifier, title, text, actor):
    """Well-known companies and associations lead when named; a festival with no organiser named is
    most likely an association's; « d'intérêt national » is no sign of the State."""
    assert classifier.classify(title, text).actor_type.code == actor


@pytest.mark.parametrize(
    ("title", "text", "actor"),
    [
        ("Des masques en cuir", "Une maroquinerie de Millau coud 1 500 masques par jour.", "entreprise"),
        (
            "Des emplois pour désinfecter",
            "La régie de quartier embauche douze habitants pour nettoyer les halls des immeubles.",
            "association",
        ),
        (
            "Une ligne pour les parents",
            "La Fédération nationale des familles rurales ouvre une ligne d'écoute gratuite.",
            "association",
        ),
    ],
)
def test_workshops_and_local_bodies(classifier, title, text, actor):
    """A craft workshop is a company; a « régie de quartier » an association; a national federation
    is no sign of the State."""
    assert classifier.classify(title, text).actor_type.code == actor


def test_a_place_under_whose_arcades_it_happens_does_not_lead(classifier):
    """« Sous les arcades de l'université »: where the colis are handed out, not who hands them."""
    result = classifier.classify(
        "Des colis pour les étudiants",
        "Sous les arcades de l'université, les bénévoles du Secours populaire remettent 800 colis.",
    )
    assert result.actor_type.code == "association"


def test_who_the_receivers_belong_to_does_not_lead(classifier):
    """« remis aux bénévoles de la Croix-Rouge »: the Croix-Rouge receives too, it is not pre-ticked
    as the lead; but « au dispositif du conseil départemental » names who runs the scheme."""
    given = classifier.classify(
        "Des sacs de Noël",
        "Des habitants collectent des sacs garnis, remis ensuite aux bénévoles de la Croix-Rouge.",
    )
    assert given.actor_type is None or given.actor_type.score < 0.5
    scheme = classifier.classify(
        "Des saisonniers pour les vergers",
        "Cent arboriculteurs ont répondu au dispositif du conseil départemental pour recruter.",
    )
    assert scheme.actor_type.code == "departement"


@pytest.mark.parametrize(
    ("title", "text", "actor"),
    [
        ("Une permanence pour les victimes", "Le barreau de Nîmes ouvre une permanence gratuite.", "autre"),
        ("Du poisson en direct", "Les marins-pêcheurs vendent leur pêche sur le quai du port.", "entreprise"),
        (
            "Le festival maintenu",
            "Le festival de jazz joue au théâtre municipal devant une salle réduite de moitié.",
            "association",
        ),
        (
            "Des huîtres en drive",
            "Les ostréiculteurs du port vendent leurs bourriches en drive.",
            "entreprise",
        ),
        (
            "Du théâtre sur la place de la mairie",
            "La tournée d'été du Département finance 80 spectacles gratuits dans les villages.",
            "departement",
        ),
        (
            "Des histoires au téléphone",
            "Les animateurs de l'accueil de loisirs appellent les familles.",
            "commune",
        ),
    ],
)
def test_professions_and_venues(classifier, title, text, actor):
    """The bar is a professional body; fishermen are businesses; a municipal theatre is a venue."""
    assert classifier.classify(title, text).actor_type.code == actor


@pytest.mark.parametrize(
    ("title", "text", "actor"),
    [
        (
            "Des légumes en drive",
            "Douze maraîchers de la vallée livrent leurs paniers le samedi.",
            "entreprise",
        ),
        (
            "Au centre de vaccination en taxi",
            "Une compagnie de taxis conduit gratuitement les aînés jusqu'au centre de vaccination.",
            "entreprise",
        ),
        ("Des colis pour les familles", "La paroisse Saint-Jean distribue des colis aux familles.", "autre"),
        (
            "Des paniers à petit prix",
            "Le jardin d'insertion vend ses légumes aux familles modestes.",
            "association",
        ),
    ],
)
def test_farmers_transport_and_worship(classifier, title, text, actor):
    """Market gardeners and taxi firms are businesses; a parish is an « autre » body."""
    assert classifier.classify(title, text).actor_type.code == actor


@pytest.mark.parametrize(
    ("title", "text", "actor"),
    [
        (
            "Des tablettes dans les résidences",
            "Le groupe Orpea équipe ses maisons de retraite de tablettes pour les appels des familles.",
            "entreprise",
        ),
        (
            "Une prime pour les professionnels",
            "Le Crédit Mutuel verse une prime à ses clients commerçants privés d'activité.",
            "entreprise",
        ),
        (
            "Des points d'eau dans les quartiers",
            "L'ONG Solidarités International installe des points d'eau avec l'agence régionale de santé.",
            "association",
        ),
        (
            "Des voisins préparent des colis",
            "Les denrées viennent de la Banque alimentaire du Var : la résidence prépare les colis.",
            "collectif_citoyen",
        ),
    ],
)
def test_care_groups_banks_ngos_and_suppliers(classifier, title, text, actor):
    """Care-home groups and banks are businesses; an NGO is an association; who supplies the
    food (« les denrées viennent de… ») helps, it does not lead."""
    assert classifier.classify(title, text).actor_type.code == actor


@pytest.mark.parametrize(
    ("title", "text", "actor"),
    [
        (
            "Des repas pour les soignants",
            "La pizzeria du bourg livre chaque soir ses pizzas aux infirmiers et aux gendarmes.",
            "entreprise",
        ),
        (
            "Le linge des soignants lavé gratuitement",
            "Le gérant de deux laveries ramasse et lave le linge du personnel des Ehpad.",
            "entreprise",
        ),
        (
            "Des chefs cuisinent pour les étudiants",
            "Trois chefs étoilés préparent cent repas par jour pour les étudiants du campus.",
            "entreprise",
        ),
        (
            "Des masques pour l'hôpital",
            "À l'arrêt, le constructeur naval donne ses masques FFP2 au centre hospitalier.",
            "entreprise",
        ),
    ],
)
def test_small_businesses_and_their_managers(classifier, title, text, actor):
    """A pizzeria, a launderette's manager, starred chefs, a shipyard: businesses, even when the
    people they help are gendarmes, students or a hospital."""
    assert classifier.classify(title, text).actor_type.code == actor


def test_the_university_its_students_come_from_does_not_lead(classifier):
    """« étudiants de l'université »: where the volunteers study; the food bank leads."""
    text = (
        "Cent quatre-vingts jeunes bénévoles, étudiants de l'université, trient les denrées de la "
        "Banque alimentaire."
    )
    assert classifier.classify("Des bénévoles à la Banque alimentaire", text).actor_type.code == "association"


def test_who_brings_the_money_is_a_funder(classifier):
    """« un budget apporté par la Métropole »: the association that distributes leads."""
    text = (
        "Avec un budget de 300 000 euros apporté par la Métropole de Lyon, l'association distribue des "
        "paniers."
    )
    result = classifier.classify("Des paniers pour les familles", text, epcis=["Métropole de Lyon"])
    assert result.actor_type.code == "association"


def test_an_adjective_names_no_actor(classifier):
    """« une page commune », « un foyer collectif »: no commune, no citizens' collective."""
    text = "Quinze artisans livrent ensemble ; les commandes passent par une page commune."
    assert classifier.classify("Des livraisons à domicile", text).actor_type.code == "entreprise"
    text = "Un foyer collectif ouvre pour les jeunes majeurs, avec l'association du quartier."
    assert classifier.classify("Un foyer", text).actor_type.code == "association"


def test_a_cue_does_not_reach_into_the_next_sentence(classifier):
    """« lutte contre la pauvreté. Le ministère publie… »: the ministry leads, it is not « contre »
    anything; the same after a comma that opens a new clause."""
    text = (
        "Deux mille dossiers sont arrivés pour soutenir les associations de lutte contre la pauvreté. "
        "Le ministère publie la liste des lauréats."
    )
    assert classifier.classify("Des lauréats", text).actor_type.code == "etat"
    text = (
        "Après une réunion sur la lutte contre la pauvreté, le Premier ministre annonce un plan pour les "
        "associations."
    )
    assert classifier.classify("Un plan", text).actor_type.code == "etat"


def test_an_epci_the_geotagger_found_is_an_institution_unless_named_after_an_area(classifier):
    """« Grand Chambéry » leads; « le Pays voironnais » is where the association acts."""
    text = "Le fonds de Grand Chambéry aide les compagnies ; l'association des musiciens relaie l'appel."
    assert classifier.classify("Un fonds", text).actor_type.code == "association"
    named = classifier.classify("Un fonds", text, epcis=["Grand Chambéry"])
    assert (named.actor_type.code, named.actor_type.evidence[0]) == ("intercommunalite", "Grand Chambéry")
    area = "Dans le Pays voironnais, l'association des musiciens aide les compagnies."
    assert classifier.classify("Un fonds", area, epcis=["Pays voironnais"]).actor_type.code == "association"


def test_a_name_ending_in_s_is_no_plural(classifier):
    """« Emmaüs », « Crous » are names: the plural discount of « les associations » does not apply."""
    result = classifier.classify(
        "Des téléphones pour les plus pauvres", "Emmaüs équipe les foyers ; la CAF oriente."
    )
    assert result.actor_type.code == "association"


def test_a_network_named_is_an_affiliation_not_the_lead(classifier):
    """« du réseau Emmaüs », « du mouvement Emmaüs »: the company belongs to it, it does not lead."""
    result = classifier.classify(
        "Des masques cousus en atelier",
        "Le Relais, entreprise d'insertion du réseau Emmaüs, coud 20 000 masques par semaine.",
    )
    assert result.actor_type.code == "entreprise"


def test_a_specific_theme_wins_a_close_call_against_the_catch_all_one(classifier):
    """Breakfasts for exiles are a food initiative first; « exilés » alone makes the catch-all theme."""
    result = classifier.classify(
        "Des petits déjeuners pour les exilés",
        "Le collectif sert chaque matin du pain, du lait et des fruits aux exilés.",
    )
    assert result.themes[0].code == "alimentation_agriculture"
    assert "accompagnement_publics" in [label.code for label in result.themes]


@pytest.mark.parametrize(
    ("title", "text", "themes"),
    [
        (
            "Un atelier de masques pour les soignants",
            "Au chantier d'insertion, des femmes en insertion cousent 1 000 masques par semaine pour "
            "l'hôpital.",
            ["insertion", "sante"],
        ),
        pytest.param(
            "Des repas pour les soignants",
            "Les restaurateurs livrent des repas chauds aux soignants de l'hôpital et aux infirmiers.",
            ["alimentation_agriculture", "sante"],
            # The seed model reads the nurses as health first and lowers food to 0.44: the writers of
            # its sets did not always follow this rule; known, kept visible until a seed follows it.
            marks=pytest.mark.xfail(strict=True, reason="the seed asserts health only"),
        ),
        (
            "Un accueil pour les personnes isolées",
            "La permanence accueille les personnes isolées et les familles en difficulté, dont des femmes "
            "victimes de violences conjugales.",
            ["violences_conjugales_intrafamiliales", "accompagnement_publics"],
        ),
        (  # only the elderly are served: old age leads the catch-all theme
            "Rompre l'isolement des aînés",
            "Pour rompre l'isolement pendant le confinement, les agents municipaux appellent chaque semaine "
            "les personnes âgées seules et leur proposent une écoute et un soutien.",
            ["autonomie_age_handicap", "accompagnement_publics"],
        ),
    ],
)
def test_a_specific_theme_leads_the_broader_one_it_is_asserted_with(classifier, title, text, themes):
    """Who or what the practice is about leads the means it uses; both stay asserted."""
    result = classifier.classify(title, text)
    assert [label.code for label in result.asserted_themes()][:2] == themes


def test_a_broader_theme_alone_still_leads(classifier):
    result = classifier.classify(
        "Des masques pour l'hôpital", "L'atelier coud des masques pour les soignants."
    )
    assert result.themes[0].code == "sante"


def test_old_age_does_not_lead_when_others_are_served_too(classifier):
    """Families and young people as well as the elderly: the catch-all theme keeps the lead."""
    text = (
        "Pour rompre l'isolement pendant le confinement, les agents appellent chaque semaine les familles "
        "monoparentales, les jeunes isolés et les personnes âgées seules, et leur proposent une écoute."
    )
    result = classifier.classify("Rompre l'isolement", text)
    assert result.themes[0].code == "accompagnement_publics"


def test_students_who_act_are_citizens(classifier):
    """« des étudiants font réviser les écoliers »: the students lead; they study at the university."""
    result = classifier.classify(
        "Des étudiants font réviser les écoliers du quartier",
        "Bloqués par la fermeture des universités, une quinzaine d'étudiants aident les écoliers.",
    )
    assert result.actor_type.code == "collectif_citoyen"


@pytest.mark.parametrize(
    ("title", "text", "theme"),
    [
        (
            "Thiers : l'entreprise coud des masques",
            "L'entreprise à but d'emploi embauche des chômeurs de longue durée ; elle coud des masques.",
            "insertion",
        ),
        (
            "Sarthe : le foyer s'adapte au confinement",
            "Le foyer départemental de l'enfance organise les devoirs des enfants accueillis.",
            "protection_enfance",
        ),
    ],
)
def test_social_policy_names_point_to_their_theme(classifier, title, text, theme):
    """An « entreprise à but d'emploi » is an insertion scheme; a « foyer départemental de l'enfance »
    is child protection, not schooling."""
    assert classifier.classify(title, text).themes[0].code == theme

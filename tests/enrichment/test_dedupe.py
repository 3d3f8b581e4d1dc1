"""Near-duplicates: one initiative told twice is found with its reasons; look-alikes are not merged."""

import dataclasses
import itertools
import random
import time

import pytest

from essaim.enrichment import dedupe
from essaim.enrichment.dedupe import DuplicateIndex, Record, find_duplicates, pair_score
from essaim.enrichment.identifiers import extract

# One initiative, as a département's newsletter and the local press tell it.
NEWSLETTER = Record(
    "lettre-12",
    "Bus'Aînés : une navette pour faire ses courses",
    "Depuis le 14 avril, la navette Bus'Aînés conduit chaque mardi et vendredi les personnes âgées "
    "isolées de Rodez jusqu'au marché couvert et aux commerces du centre. Le CCAS a recruté deux "
    "chauffeurs et l'association Les Cantous assure l'accompagnement : 42 habitants sont déjà inscrits.",
    departement_code="12",
    commune_code="12202",
)
PRESS = Record(
    "presse-12",
    "Rodez : les seniors retrouvent le chemin du marché grâce à un minibus",
    "Le CCAS de Rodez a lancé le 14 avril « Bus'Aînés », un minibus gratuit qui emmène deux fois par "
    "semaine les aînés sans voiture faire leurs achats. Quarante-deux personnes se sont inscrites et "
    "les bénévoles des Cantous les aident à porter leurs sacs, se réjouit l'adjointe aux solidarités.",
    departement_code="12",
    commune_code="12202",
)
RADIO = Record(
    "radio-12",
    "Les aînés ruthénois ont leur bus des courses",
    "Bus'Aînés, le minibus du CCAS de Rodez, circule depuis le 14 avril : les Cantous accompagnent "
    "les 42 inscrits au marché couvert le mardi et le vendredi.",
    departement_code="12",
    commune_code="12202",
)
# The same kind of action in two départements.
AVEYRON_TABLETS = Record(
    "tablettes-12",
    "Aveyron : 300 tablettes pour garder le lien dans les Ehpad",
    "Le Département de l'Aveyron a commandé 300 tablettes numériques pour les résidents des Ehpad "
    "privés de visites, afin qu'ils puissent appeler leurs proches en vidéo pendant le confinement.",
    departement_code="12",
)
LOT_TABLETS = Record(
    "tablettes-46",
    "Lot : des tablettes dans les Ehpad pour garder le lien",
    "Le Département du Lot a acheté 180 tablettes numériques pour les résidents des Ehpad privés de "
    "visites, afin qu'ils puissent parler à leurs proches en vidéo pendant le confinement.",
    departement_code="46",
)
# Another initiative in the same commune.
RODEZ_LIBRARY = Record(
    "mediatheque-12",
    "Rodez : la médiathèque livre des livres à domicile",
    "Pendant la fermeture, la médiathèque de Rodez dépose chaque semaine des romans et des DVD chez "
    "les lecteurs qui ne peuvent pas se déplacer ; les bibliothécaires ont déjà fait 130 livraisons.",
    departement_code="12",
    commune_code="12202",
)
OTHERS = [
    Record(
        "masques-59",
        "Lille : des couturières bénévoles fabriquent des masques",
        "À Lille, un atelier de couturières bénévoles installé dans une salle municipale a cousu 5 000 "
        "masques en tissu, distribués gratuitement dans les pharmacies du quartier de Wazemmes.",
        departement_code="59",
        commune_code="59350",
    ),
    Record(
        "ecoute-13",
        "Bouches-du-Rhône : une ligne d'écoute pour les femmes victimes de violences",
        "Le Département des Bouches-du-Rhône a ouvert une ligne d'écoute gratuite, tenue par des "
        "juristes et des psychologues, pour les femmes victimes de violences conjugales.",
        departement_code="13",
    ),
    Record(
        "colis-33",
        "Bordeaux : colis alimentaires pour les étudiants",
        "L'épicerie solidaire du campus de Talence distribue chaque jeudi 400 colis alimentaires aux "
        "étudiants privés de petits boulots, avec la Banque alimentaire de la Gironde.",
        departement_code="33",
    ),
]


def _clusters_of(clusters):
    return {frozenset(cluster.ids) for cluster in clusters}


def test_one_initiative_told_in_two_wordings_is_found_with_reasons():
    """A newsletter and a press article about the same navette form one cluster, with the reasons."""
    clusters = find_duplicates([NEWSLETTER, AVEYRON_TABLETS, PRESS, RODEZ_LIBRARY, *OTHERS])
    assert _clusters_of(clusters) == {frozenset({"lettre-12", "presse-12"})}
    (cluster,) = clusters
    assert cluster.ids == ("lettre-12", "presse-12")  # input order
    assert 0 < cluster.score <= 1
    assert "même commune : 12202" in cluster.reasons
    shared = next(reason for reason in cluster.reasons if reason.startswith("mêmes noms, nombres ou dates"))
    assert "Bus'Aînés" in shared or "14 avril" in shared


def test_the_same_action_in_two_departements_is_not_merged():
    """Tablets for nursing homes in the Aveyron and in the Lot are two initiatives."""
    clusters = find_duplicates([AVEYRON_TABLETS, LOT_TABLETS, NEWSLETTER, *OTHERS])
    assert not any({"tablettes-12", "tablettes-46"} <= ids for ids in _clusters_of(clusters))
    scored = pair_score(AVEYRON_TABLETS, LOT_TABLETS)
    assert "départements différents : 12 / 46" in scored.reasons
    assert scored.score < pair_score(NEWSLETTER, PRESS).score


def test_two_actions_in_the_same_commune_are_not_merged():
    """The navette and the library deliveries of Rodez are two initiatives of one town."""
    clusters = find_duplicates([NEWSLETTER, RODEZ_LIBRARY, AVEYRON_TABLETS, *OTHERS])
    assert clusters == []
    assert pair_score(NEWSLETTER, RODEZ_LIBRARY).score < 0.2


def test_three_records_of_one_initiative_form_one_cluster():
    """Newsletter, press and radio about the navette: one cluster of three."""
    clusters = find_duplicates([RADIO, LOT_TABLETS, NEWSLETTER, RODEZ_LIBRARY, PRESS, *OTHERS])
    assert [cluster.ids for cluster in clusters] == [("radio-12", "lettre-12", "presse-12")]


def test_place_names_cited_count_as_territory_not_as_wording():
    """Two actions of one town do not look alike by its name once the geotagger has found it."""
    town = ("Rodez", "Aveyron")
    navette = Record(**{**NEWSLETTER.__dict__, "places": town})
    library = Record(**{**RODEZ_LIBRARY.__dict__, "places": town})
    press = Record(**{**PRESS.__dict__, "places": town})
    assert pair_score(navette, library).score <= pair_score(NEWSLETTER, RODEZ_LIBRARY).score
    assert [cluster.ids for cluster in find_duplicates([navette, library, press, *OTHERS])] == [
        ("lettre-12", "presse-12")
    ]


def test_actor_and_start_month_are_weighed_and_explained():
    """Agreeing actor and start month add to the score; a start far apart takes away."""
    base = pair_score(NEWSLETTER, PRESS)
    agreeing = pair_score(
        Record(**{**NEWSLETTER.__dict__, "actor": "ccas_cias", "start": "2020-04"}),
        Record(**{**PRESS.__dict__, "actor": "ccas_cias", "start": "2020-04"}),
    )
    apart = pair_score(
        Record(**{**NEWSLETTER.__dict__, "start": "2020-04"}),
        Record(**{**PRESS.__dict__, "start": "2021-01"}),
    )
    assert agreeing.score > base.score > apart.score
    assert {"même porteur : ccas_cias", "même période de début"} <= set(agreeing.reasons)
    assert "débuts éloignés : 2020-04 / 2021-01" in apart.reasons


def test_a_pair_scores_the_same_both_ways():
    """The score does not depend on which record comes first."""
    assert pair_score(NEWSLETTER, PRESS).score == pair_score(PRESS, NEWSLETTER).score


def test_bad_input_never_crashes_nor_hangs():
    """Empty, garbage, HTML and 5 MB texts give a score and clusters, quickly."""
    html = "<html><head><script>var x = '<p>';</script></head><body><p>Le CCAS de Rodez &amp; Bus'Aînés"
    bad = [
        Record("vide", "", ""),
        Record("blancs", "   ", "\n\t "),
        Record("binaire", "\x00\x01\ufffd", "".join(chr(code) for code in range(0, 3000, 7))),
        Record("html", "<h1>Bus'Aînés</h1>", html * 2000 + "<div"),
        Record("enorme", "Titre " * 100_000, "mot " * 1_250_000),  # 5 MB
        Record("balises", "<<<<>>>>", "<" * 100_000 + "&" * 100_000),
        Record("nombres", "1 2 3", " ".join(str(number) for number in range(50_000))),
        Record("codes", "x", "y", departement_code="", commune_code="", start="pas une date"),
    ]
    started = time.perf_counter()
    clusters = find_duplicates([*bad, NEWSLETTER, PRESS])
    assert all(0 <= cluster.score <= 1 for cluster in clusters)
    for record in bad:
        assert 0 <= pair_score(record, NEWSLETTER).score <= 1
    assert time.perf_counter() - started < 10


def test_the_same_input_gives_the_same_output_in_the_same_order():
    """Clusters, scores, reasons and their order are deterministic."""
    records = [RADIO, LOT_TABLETS, NEWSLETTER, RODEZ_LIBRARY, PRESS, AVEYRON_TABLETS, *OTHERS]
    assert find_duplicates(records) == find_duplicates(list(records))
    assert find_duplicates(records)[0].reasons == find_duplicates(records)[0].reasons


def test_a_repeated_id_keeps_its_first_record():
    """An id given twice is one record, never a cluster with itself."""
    clusters = find_duplicates([NEWSLETTER, NEWSLETTER, PRESS])
    assert [cluster.ids for cluster in clusters] == [("lettre-12", "presse-12")]


def test_the_directory_index_finds_an_initiative_already_there():
    """A new report is matched with the directory record of the same initiative, best first."""
    index = DuplicateIndex()
    for record in [NEWSLETTER, AVEYRON_TABLETS, RODEZ_LIBRARY, *OTHERS]:
        index.add(record)
    assert len(index) == 6
    found = index.candidates(PRESS, limit=3)
    assert [key for key, _ in found][:1] == ["lettre-12"]
    assert found[0][1].reasons
    assert index.candidates(LOT_TABLETS) == []


# --- Scale ------------------------------------------------------------------------------------

_SYLLABLE_TEXT = (
    "ba be bi bo bu da de di do fa fe fi la le li lo ma me mi mo na ne ni no pa pe ra re ri ro sa se ta"
)
_SYLLABLES = _SYLLABLE_TEXT.split()


def _synthetic(count: int) -> tuple[list[Record], set[frozenset[str]]]:
    """Records with a French-like vocabulary (Zipf-distributed made-up words, names, figures), 1 %
    of them told again: words shuffled, some dropped, others replaced."""
    rnd = random.Random(3)  # noqa: S311 (test data, not secrets)
    vocabulary = list(
        dict.fromkeys("".join(rnd.choices(_SYLLABLES, k=rnd.randint(2, 4))) for _ in range(30_000))
    )
    cumulated = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(vocabulary))))
    records = []
    for number in range(count):
        words = rnd.choices(vocabulary, cum_weights=cumulated, k=45)
        name = "".join(rnd.choices(_SYLLABLES, k=3)).capitalize()
        figure = str(rnd.randint(10, 99_999))
        commune = f"{rnd.randint(1, 95):02d}{rnd.randint(1, 300):03d}"
        text = f"{' '.join(words[8:])}. Le projet {name} compte {figure} bénéficiaires."
        records.append(Record(f"r{number}", " ".join(words[:8]), text, commune[:2], commune))
    planted = set()
    for number in range(count // 100):
        source = records[rnd.randrange(count)]
        words = source.text.split()
        rnd.shuffle(words)
        kept = [word if rnd.random() > 0.2 else rnd.choice(vocabulary) for word in words[5:]]
        copy = Record(
            f"copie{number}", source.title, " ".join(kept), source.departement_code, source.commune_code
        )
        records.append(copy)
        planted.add(frozenset({source.id, copy.id}))
    return records, planted


def test_planted_copies_are_found_among_twenty_thousand_records():
    """Candidate generation still finds the copies in a large batch (its speed is measured by
    bench/enrichment_speed.py, not asserted here: a shared machine would make it flaky)."""
    records, planted = _synthetic(20_000)
    clusters = find_duplicates(records)
    found = {frozenset(pair) for cluster in clusters for pair in _pairs(cluster.ids)}
    assert len(found & planted) >= 0.9 * len(planted)
    assert len(found - planted) <= 0.1 * len(found)


def _pairs(ids):
    return [(a, b) for position, a in enumerate(ids) for b in ids[position + 1 :]]


# --- Contacts, rare territories, years, clusters that grow --------------------------------------

MILLAU = ("Millau",)
FOOD_BY_PHONE = Record(
    "colis-millau-lettre",
    "Millau : des colis alimentaires sur simple appel",
    "Le CCAS de Millau a ouvert une permanence pour les familles qui ne peuvent plus se rendre à "
    "l'épicerie sociale. Les demandes de colis se font au 05 65 59 47 12, du lundi au vendredi ; des "
    "bénévoles les livrent ensuite à domicile.",
    departement_code="12",
    commune_code="12145",
    places=MILLAU,
)
FOOD_BY_PHONE_PRESS = Record(
    "colis-millau-presse",
    "Aide alimentaire : Millau livre les foyers fragiles",
    "Pendant le confinement, les foyers privés de ressources reçoivent un panier de denrées chez eux : "
    "il suffit d'appeler le 05.65.59.47.12. Une vingtaine de volontaires assurent les tournées en voiture.",
    departement_code="12",
    commune_code="12145",
    places=MILLAU,
)
MILLAU_LIBRARY = Record(
    "mediatheque-millau",
    "Millau : la médiathèque prête des livres par la fenêtre",
    "Les bibliothécaires de Millau préparent des sacs de romans et de bandes dessinées que les lecteurs "
    "réservent en ligne et retirent le samedi matin.",
    departement_code="12",
    commune_code="12145",
    places=MILLAU,
)


def test_two_reports_sharing_only_a_phone_number_are_paired():
    """The same food-aid service told in other words, with one phone number written two ways."""
    clusters = find_duplicates([FOOD_BY_PHONE, FOOD_BY_PHONE_PRESS, MILLAU_LIBRARY, *OTHERS])
    assert [cluster.ids for cluster in clusters] == [("colis-millau-lettre", "colis-millau-presse")]
    assert "même numéro de téléphone : 05 65 59 47 12" in clusters[0].reasons
    # Without the number, the wordings alone (« colis » / « panier », « bénévoles » / « volontaires »)
    # are barely enough: the number is what makes the pair certain.
    unnumbered = Record(
        **{
            **FOOD_BY_PHONE_PRESS.__dict__,
            "text": FOOD_BY_PHONE_PRESS.text.replace("le 05.65.59.47.12", "la mairie"),
        }
    )
    with_number, without = (
        pair_score(FOOD_BY_PHONE, FOOD_BY_PHONE_PRESS),
        pair_score(FOOD_BY_PHONE, unnumbered),
    )
    assert with_number.score >= without.score + 0.25
    assert not any("téléphone" in reason for reason in without.reasons)


def test_a_site_and_its_name_in_words_pair_two_reports():
    """One report gives the platform's address, the other its name: « Bouge ton marché »."""
    site = Record(
        "marche-site",
        "Lozère : les producteurs vendent en ligne",
        "La chambre d'agriculture de la Lozère a ouvert la plateforme bougetonmarche.fr où 80 "
        "producteurs proposent leurs paniers, à retirer le samedi devant les mairies.",
        departement_code="48",
    )
    name = Record(
        "marche-nom",
        "En Lozère, le marché se fait sur internet",
        "Privés de marchés, les éleveurs et maraîchers lozériens se sont regroupés sur le site « Bouge "
        "ton marché » lancé par la chambre d'agriculture ; les clients commandent et récupèrent leurs "
        "paniers le samedi.",
        departement_code="48",
    )
    clusters = find_duplicates([site, name, *OTHERS, LOT_TABLETS])
    assert [cluster.ids for cluster in clusters] == [("marche-site", "marche-nom")]
    assert "site cité par son nom : bougetonmarche.fr / « Bouge ton marché »" in clusters[0].reasons


def test_a_switchboard_many_records_cite_does_not_pair_them():
    """Four actions of one town hall all give its switchboard: the number identifies none of them."""
    switchboard = " Tél. : 05 65 59 50 00."
    actions = [
        Record(**{**record.__dict__, "text": record.text + switchboard})
        for record in (FOOD_BY_PHONE, MILLAU_LIBRARY)
    ]
    actions += [
        Record(
            "masques-millau",
            "Millau distribue des masques aux habitants",
            "Chaque foyer peut retirer deux masques en tissu lavables au gymnase municipal, sur "
            "présentation d'un justificatif de domicile." + switchboard,
            departement_code="12",
            commune_code="12145",
            places=MILLAU,
        ),
        Record(
            "devoirs-millau",
            "Millau : l'aide aux devoirs passe par la visioconférence",
            "Des animateurs du centre social accompagnent les collégiens chaque mercredi après-midi "
            "par visioconférence pour leurs exercices." + switchboard,
            departement_code="12",
            commune_code="12145",
            places=MILLAU,
        ),
    ]
    assert find_duplicates([*actions, *OTHERS]) == []
    assert "même numéro de téléphone, cité par 4 fiches : 05 65 59 50 00" in (
        find_duplicates([*actions, *OTHERS], threshold=0.01)[0].reasons
    )


def test_two_initiatives_of_a_small_town_on_different_themes_are_not_paired():
    """The only two records of Millau in a batch are not one initiative for that alone."""
    assert find_duplicates([FOOD_BY_PHONE, MILLAU_LIBRARY, *OTHERS, LOT_TABLETS]) == []


def test_reports_citing_different_years_are_told_apart():
    """The same scheme voted in 2020 and renewed in 2021: the years are shown and lower the score."""
    first = Record(
        "fonds-2020",
        "Rodez vote un fonds de 300 000 euros pour les associations culturelles",
        "Le conseil municipal de Rodez a voté en mai 2020 un fonds d'urgence de 300 000 euros pour les "
        "compagnies et les lieux culturels privés de public.",
    )
    renewed = Record(**{**first.__dict__, "id": "fonds-2021", "text": first.text.replace("2020", "2021")})
    same = Record(**{**first.__dict__, "id": "fonds-bis"})
    apart = pair_score(first, renewed)
    assert "années citées différentes : 2020 / 2021" in apart.reasons
    assert apart.score < pair_score(first, same).score


def test_a_figure_in_thousands_is_no_year():
    """« 2 000 ordinateurs » in one report and « en 2020 » in the other: no years in conflict."""
    figures = Record(
        "asf-1", "Des ordinateurs pour les élèves", "Depuis avril, 2 000 ordinateurs reconditionnés."
    )
    year = Record("asf-2", "Des ordinateurs pour les élèves", "En 2020, des ordinateurs reconditionnés.")
    assert not any("années citées" in reason for reason in pair_score(figures, year).reasons)


def test_places_cited_count_as_territory_when_codes_are_missing():
    """Two reports the geotagger could not code, both citing Corte, share a territory."""
    base = {"departement_code": None, "commune_code": None}
    first = Record(
        "bons-corte",
        "Des bons d'achat pour les étudiants restés à Corte",
        "La fondation de l'université distribue des bons d'achat alimentaires de 50 euros par semaine.",
        places=("Corte",),
        **base,
    )
    second = Record(
        "bons-corte-bis",
        "Précarité étudiante : la fondation de l'université aide à Corte",
        "Les étudiants précaires reçoivent chaque semaine des bons d'achat alimentaires de la fondation.",
        places=("Corte", "Bastia"),
        **base,
    )
    assert "mêmes lieux cités : Corte" in pair_score(first, second).reasons


def test_a_later_report_joins_the_reports_of_the_same_initiative():
    """A follow-up a year later resembles each earlier report less, but joins them once they agree."""
    aveyron = ("Aveyron",)
    first = Record(
        "rsa-lettre",
        "Aveyron : le RSA conservé pour les vendangeurs",
        "Pour pallier le manque de bras dans les vignes, le Département de l'Aveyron permet aux "
        "allocataires du RSA de cumuler leur allocation avec un contrat de vendanges, dans la limite de "
        "400 heures, jusqu'au 31 octobre 2020. Ils préviennent leur référent RSA ; la chambre "
        "d'agriculture recense les offres des viticulteurs.",
        departement_code="12",
        places=aveyron,
    )
    second = Record(
        "rsa-presse",
        "Vendanges : l'Aveyron laisse les allocataires cumuler RSA et salaire",
        "Face au manque de bras dans les vignes, le Département de l'Aveyron autorise les allocataires "
        "du RSA à cumuler leur allocation et un contrat de vendanges, jusqu'à 400 heures et jusqu'au 31 "
        "octobre 2020. Il suffit de prévenir son référent RSA ; la chambre d'agriculture centralise les "
        "offres des viticulteurs.",
        departement_code="12",
        places=aveyron,
    )
    later = Record(
        "rsa-bilan",
        "Cumul RSA et vendanges : l'Aveyron prolonge l'expérience",
        "Un an plus tard, le Département de l'Aveyron tire le bilan du cumul entre RSA et travail "
        "saisonnier lancé à l'automne 2020 : un quart des allocataires concernés, payés pour les "
        "vendanges, ont retrouvé un emploi. Avec la chambre d'agriculture, la mesure est étendue en 2021 "
        "à la cueillette des fruits et aux emplois de la restauration.",
        departement_code="12",
        places=aveyron,
    )
    others = [*OTHERS, LOT_TABLETS, RODEZ_LIBRARY, AVEYRON_TABLETS, NEWSLETTER]
    clusters = find_duplicates([first, second, later, *others])
    assert [cluster.ids for cluster in clusters] == [("rsa-lettre", "rsa-presse", "rsa-bilan")]
    assert "même département : 12" in clusters[0].reasons


def test_contacts_are_read_in_their_usual_french_forms():
    """Phone numbers however spaced, e-mail addresses and sites, with or without www; no false sites."""
    found = extract(
        "Appelez le +33 5 65 59 47 12 ou le 05-65-59-47-12, écrivez à Contact@ccas-millau.fr ; "
        "tout est sur https://www.millau-solidaire.fr/aide et allo119.gouv.fr, etc.Les horaires : 1 200 000."
    )
    assert set(found.cited) == {
        "tel:0565594712",
        "mail:contact@ccas-millau.fr",
        "web:millau-solidaire.fr",
        "web:allo119.gouv.fr",
    }
    assert set(found.names) == {"millausolidaire", "allo119"}
    assert extract("") == extract("Aucun contact, 3 000 euros, 12.5 %.")


def test_in_a_large_batch_reports_sharing_a_phone_number_are_still_compared():
    """Beyond the batches compared pair by pair, a shared phone number is a lead of its own."""
    records, _ = _synthetic(2_000)
    uncoded = {"departement_code": None, "commune_code": None}
    pair = [Record(**{**record.__dict__, **uncoded}) for record in (FOOD_BY_PHONE, FOOD_BY_PHONE_PRESS)]
    clusters = find_duplicates([pair[0], *records, pair[1]])
    together = [cluster for cluster in clusters if "colis-millau-lettre" in cluster.ids]
    assert [cluster.ids for cluster in together] == [("colis-millau-lettre", "colis-millau-presse")]
    assert "même numéro de téléphone : 05 65 59 47 12" in together[0].reasons


def test_a_copied_index_is_extended_without_touching_the_original():
    """The inbox keeps each département's index and asks each candidate's question on a copy."""
    base = DuplicateIndex()
    base.add(Record(id="a", title="Portage de repas à domicile", text="Le CCAS livre des repas chaque midi."))
    extended = base.copy()
    extended.add(
        Record(id="b", title="Épicerie solidaire mobile", text="Un camion d'épicerie dans les villages.")
    )

    question = Record(
        id="q", title="Épicerie solidaire mobile", text="Un camion d'épicerie dans les villages."
    )
    assert len(base) == 1 and len(extended) == 2
    assert [key for key, _ in extended.candidates(question)] == ["b"]
    assert base.candidates(question) == []


def test_records_of_the_index_are_asked_together_with_the_same_answers_as_one_by_one():
    """The inbox enriches a file's candidates at once: each finds the others telling its
    initiative, best first, and nothing for a look-alike or for itself."""
    records = [NEWSLETTER, PRESS, RADIO, AVEYRON_TABLETS, LOT_TABLETS, RODEZ_LIBRARY, *OTHERS]
    index = DuplicateIndex()
    for record in records:
        index.add(record)
    found = index.neighbours([PRESS.id, LOT_TABLETS.id, "absent"], limit=3)
    assert set(found) == {PRESS.id, LOT_TABLETS.id}
    assert {key for key, _ in found[PRESS.id]} == {NEWSLETTER.id, RADIO.id}
    assert all(scored.reasons for _, scored in found[PRESS.id])
    assert found[LOT_TABLETS.id] == []
    # The same answer as the question asked alone of an index without the record.
    alone = DuplicateIndex()
    for record in records:
        if record.id != PRESS.id:
            alone.add(record)
    assert [key for key, _ in alone.candidates(PRESS, limit=3)] == [key for key, _ in found[PRESS.id]]


def test_the_pruning_of_pairs_loses_no_pair_that_scores():
    """Only records that may reach the texts' minimum cosine are scored: the same answers as
    scoring every pair, on records sharing much common wording."""
    records, _ = _synthetic(600)
    index = DuplicateIndex()
    for record in records:
        index.add(record)
    asked = [record.id for record in records[::7]] + [record.id for record in records[600:]]  # copies
    everything = {position for position in range(len(records))}
    pruned = index.neighbours(asked, limit=5, min_score=0.1)
    index._reachable = lambda text: everything
    assert index.neighbours(asked, limit=5, min_score=0.1) == pruned
    assert sum(len(found) for found in pruned.values()) >= 6


def test_an_original_extended_after_its_copy_does_not_change_the_copy(monkeypatch):
    """Copies share their original's lists: what either adds later stays its own."""
    monkeypatch.setattr(dedupe, "_EXHAUSTIVE_INDEX", 0)  # questions go through the shared lists
    base = DuplicateIndex()
    base.add(NEWSLETTER)
    first = base.copy()
    base.add(RADIO)  # after the copy: not in it
    assert [key for key, _ in first.candidates(PRESS, limit=5)] == ["lettre-12"]
    first.add(AVEYRON_TABLETS)
    second = first.copy()  # a copy of a copy
    second.add(RODEZ_LIBRARY)
    assert [key for key, _ in first.candidates(PRESS, limit=5)] == ["lettre-12"]
    assert {key for key, _ in base.candidates(PRESS, limit=5)} == {"lettre-12", "radio-12"}
    assert [key for key, _ in second.candidates(PRESS, limit=5)] == ["lettre-12"]
    assert len(base) == 2 and len(first) == 2 and len(second) == 3
    assert second.candidates(LOT_TABLETS) == [] and first.candidates(LOT_TABLETS) == []


# --- Synonyms and derived words ------------------------------------------------------------------

CULTURE_FUND_CITY = Record(
    "fonds-culture-ville",
    "Tulle débloque un fonds pour les acteurs culturels",
    "Le conseil municipal vote une aide aux compagnies culturelles et aux salles privées, fermées "
    "depuis l'automne, pour préserver l'emploi artistique.",
    departement_code="19",
    commune_code="19272",
    places=("Tulle",),
)
CULTURE_FUND_PRESS = Record(
    "fonds-culture-presse",
    "Un soutien de la mairie de Tulle à la culture",
    "La municipalité aide les artistes : les emplois des compagnies sont préservés et les salles "
    "privées soutenues tant que la culture reste à l'arrêt.",
    departement_code="19",
    commune_code="19272",
    places=("Tulle",),
)
LIBRARY_TULLE = Record(
    "mediatheque-tulle",
    "Tulle : la médiathèque municipale prête des livres à emporter",
    "Les bibliothécaires de la Ville préparent des sacs de romans que les lecteurs réservent par "
    "téléphone et retirent le samedi matin, à la porte de l'équipement culturel.",
    departement_code="19",
    commune_code="19272",
    places=("Tulle",),
)


def test_derived_words_and_synonyms_count_as_the_same_words():
    """« culturels » / « culture », « artistique » / « artistes », « aide » / « soutien »: one
    initiative in two wordings; another cultural action of the same town stays apart."""
    found = find_duplicates([CULTURE_FUND_CITY, CULTURE_FUND_PRESS, LIBRARY_TULLE, *OTHERS])
    assert [cluster.ids for cluster in found] == [("fonds-culture-ville", "fonds-culture-presse")]
    # Word for word, the texts share little (cosine 0.29); read as the same words, more (0.47).
    assert "textes proches (0,47)" in found[0].reasons


PLATFORM_LAUNCH = Record(
    "plateforme-lancement",
    "Bénévolat : l'État lance entraide-voisins.gouv.fr",
    "Le gouvernement ouvre une plateforme nationale où les associations publient leurs besoins et où "
    "chacun peut proposer son aide : livraison de courses, appels aux personnes isolées, soutien scolaire.",
)
PLATFORM_FIGURES = Record(
    "plateforme-chiffres",
    "50 000 volontaires en une semaine",
    "Les inscriptions affluent sur entraide-voisins.gouv.fr : les associations y trouvent des renforts "
    "pour les distributions alimentaires et les maraudes, sans mettre en danger les plus fragiles.",
)
PLATFORM_YEAR = Record(
    "plateforme-bilan",
    "Un an après, entraide-voisins.gouv.fr devient le portail public du bénévolat",
    "Lancée pendant le premier confinement, la plateforme reste ouverte : missions de quelques heures, "
    "parrainage d'élèves, accompagnement de personnes âgées.",
)


def test_reports_about_a_site_one_of_them_names_in_its_title_are_one_initiative():
    """The site is what the reports are about, not a switchboard: three reports citing it are one."""
    found = find_duplicates([PLATFORM_LAUNCH, PLATFORM_FIGURES, PLATFORM_YEAR, *OTHERS])
    assert [set(cluster.ids) for cluster in found] == [
        {"plateforme-lancement", "plateforme-chiffres", "plateforme-bilan"}
    ]


GRAND_EST_FUND = Record(
    "fonds-grand-est",
    "Un an après, le bilan du Fonds Résistance",
    "La Région, les départements et la Banque des Territoires ont accordé des avances remboursables "
    "à des milliers de petites entreprises et d'associations fermées par le confinement.",
    region_code="44",
)
OCCITANIE_FUND = Record(
    "fonds-occitanie",
    "L'OCCAL pour relancer commerces et tourisme",
    "Avec la Banque des Territoires et les intercommunalités, la Région verse des avances "
    "remboursables et des subventions aux commerces et aux entreprises du tourisme fermés.",
    region_code="76",
)


def test_the_same_kind_of_scheme_in_two_regions_is_two_initiatives():
    assert find_duplicates([GRAND_EST_FUND, OCCITANIE_FUND, *OTHERS]) == []
    assert "régions différentes : 44 / 76" in pair_score(GRAND_EST_FUND, OCCITANIE_FUND).reasons


NATIONAL_119 = Record(
    "119-national",
    "Le gouvernement relance la campagne du 119 pendant le confinement",
    "Le secrétariat d'État chargé de l'enfance diffuse à la télévision et sur les réseaux sociaux un "
    "message national : en cas de doute sur la situation d'un enfant, appeler le 119, joignable jour "
    "et nuit, ou remplir le formulaire en ligne.",
)
SAVOIE_119 = Record(
    "119-haute-savoie",
    "Haute-Savoie : le Département relance sa campagne enfance en danger",
    "Affiches dans les mairies et les commerces : le Département invite les habitants à signaler "
    "tout enfant en danger au 119 ou à sa cellule de recueil, joignable en semaine.",
    departement_code="74",
)


def test_a_national_campaign_and_a_departement_s_own_are_two_initiatives():
    reasons = pair_score(NATIONAL_119, SAVOIE_119).reasons
    assert "initiative nationale / locale (74)" in reasons
    assert find_duplicates([NATIONAL_119, SAVOIE_119, *OTHERS]) == []


GENDARMES_119 = Record(
    "gendarmes-91",
    "Les gendarmes au chevet des enfants",
    "Les gendarmes de la maison de protection des familles appellent les familles déjà connues pour "
    "des violences sur mineurs et rappellent aux enfants le 119 lors de leurs visites.",
    departement_code="91",
)
CELLULE_119 = Record(
    "cellule-87",
    "La cellule enfance en danger reste en alerte",
    "Le conseil départemental maintient sa cellule de recueil des informations préoccupantes et relaie "
    "le 119 dans les commerces ; les travailleurs sociaux poursuivent les visites à domicile des enfants.",
    departement_code="87",
)


def test_one_rare_fact_in_common_makes_two_reports_alike_not_identical():
    """« 119 » alone, in two départements' child-protection news, is no proof of one initiative."""
    similarity = pair_score(GENDARMES_119, CELLULE_119)
    assert "mêmes noms, nombres ou dates : 119" in similarity.reasons
    assert similarity.score < dedupe.DEFAULT_THRESHOLD
    # Several facts in common still make two reports of one initiative.
    assert pair_score(NEWSLETTER, RADIO).score >= dedupe.DEFAULT_THRESHOLD


METZ_SHARE = Record(
    "metz-fonds",
    "Metz Métropole abonde le fonds régional pour les petites entreprises",
    "Metz Métropole apporte 440 000 euros au fonds de la Région pour les très petites entreprises et "
    "les associations employeuses : des avances remboursables de 5 000 à 20 000 euros.",
    departement_code="57",
    region_code="44",
)


def test_a_region_s_scheme_and_a_local_share_of_its_kind_are_two_initiatives():
    """The Région's fund, région-wide, and a Métropole's contribution in one of its départements."""
    assert "initiative régionale / locale (57)" in pair_score(GRAND_EST_FUND, METZ_SHARE).reasons
    assert find_duplicates([GRAND_EST_FUND, METZ_SHARE, *OTHERS]) == []


CONNEXION_NATIONAL = Record(
    "connexion-national",
    "Connexion solidaire : une association équipe les foyers coupés du numérique",
    "Une association lance Connexion solidaire dans tout le pays pour fournir aux personnes pauvres des "
    "téléphones reconditionnés et des recharges, sur orientation des travailleurs sociaux.",
)
CONNEXION_STRASBOURG = Record(
    "connexion-67",
    "Strasbourg : l'antenne de Connexion solidaire rouvre",
    "À Strasbourg, l'espace rouvre sur rendez-vous pour relayer localement le programme national. Une "
    "quinzaine de personnes envoyées par le CCAS y récupèrent chaque jour un appareil ou du crédit.",
    departement_code="67",
    commune_code="67482",
)


def test_a_local_relay_of_a_national_programme_is_not_the_programme():
    """The local report says « le programme national » itself: the unplaced report is that programme."""
    assert (
        "initiative nationale / locale (67)" in pair_score(CONNEXION_NATIONAL, CONNEXION_STRASBOURG).reasons
    )
    assert find_duplicates([CONNEXION_NATIONAL, CONNEXION_STRASBOURG, *OTHERS]) == []


def test_two_places_actions_worded_alike_with_nothing_specific_in_common_are_not_paired():
    """Two EPCI's producers' drives, worded alike, with no name, figure or date to compare: the
    wording alone, which the same kind of action shares everywhere, does not make one initiative."""
    a = Record(
        "drive-56",
        "L'agglomération ouvre un drive de producteurs locaux",
        "l'agglomération lance avec la chambre d'agriculture un drive fermier pour les producteurs privés "
        "de marchés : une quarantaine d'exploitations proposent légumes et cidre sur une boutique en ligne.",
        departement_code="56",
    )
    b = Record(
        "drive-68",
        "L'agglomération ouvre un drive de producteurs",
        "avec la fermeture des marchés, l'agglomération organise un drive de producteurs locaux : une "
        "trentaine de fermes proposent légumes, viande et pain en ligne ; retrait chaque vendredi.",
        departement_code="68",
    )
    assert find_duplicates([a, b, *OTHERS]) == []


def test_a_shared_acronym_does_not_pair_two_texts_that_say_nothing_alike():
    """Concerts under the windows of Ehpad and tablets for Ehpad share « Ehpad », not an initiative."""
    concerts = Record(
        "concerts-07",
        "Annonay : des musiciens jouent sous les fenêtres",
        "Une dizaine de musiciens donnent des concerts dans les jardins des Ehpad du bassin, que les "
        "résidents privés de sorties écoutent depuis leurs fenêtres ; le collectif vient chaque week-end.",
        departement_code="07",
    )
    tablets = Record(
        "tablettes-region",
        "La Région offre des tablettes",
        "La Région distribue des tablettes numériques aux Ehpad pour que les résidents privés de visites "
        "voient leurs proches en vidéo ; elle finance aussi la formation des soignants.",
        region_code="84",
    )
    assert find_duplicates([concerts, tablets, *OTHERS]) == []


def test_a_district_number_both_reports_name_stays_a_fact():
    """« le 14e arrondissement » is a place for the geotagger, but two reports naming that district
    share a concrete fact, as they would a street."""
    districts = ("14e arrondissement", "Marseille")
    first = Record(
        "quartier-1",
        "Un ancien snack devient une épicerie solidaire",
        "Dans le 14e arrondissement, les bénévoles de l'Épi Nord trient chaque jeudi les dons des "
        "commerçants et préparent 300 colis pour les familles du quartier.",
        departement_code="13",
        commune_code="13055",
        places=districts,
    )
    second = Record(
        "quartier-2",
        "Marseille : 300 colis par semaine au snack reconverti",
        "L'Épi Nord a transformé un snack fermé du 14e arrondissement en épicerie : les dons des "
        "commerçants y sont triés avant d'être remis aux familles.",
        departement_code="13",
        commune_code="13055",
        places=districts,
    )
    reasons = " ".join(pair_score(first, second).reasons)
    assert "14e" in reasons


def test_a_rare_place_two_reports_of_one_departement_cite_counts_like_a_commune():
    """Two reports of the Pays voironnais's online shop window (no commune, one département): the
    EPCI they both name, which no other record of the batch cites, makes them one initiative."""
    isere = {"departement_code": "38", "commune_code": None}
    first = Record(
        "vitrine-1",
        "Le Pays voironnais recense ses commerçants qui livrent",
        "L'agglomération met en ligne une vitrine gratuite : 210 commerces du Pays voironnais y "
        "proposent le retrait de commandes ou la livraison.",
        places=("Pays voironnais",),
        **isere,
    )
    second = Record(
        "vitrine-2",
        "Click and collect : les boutiques de l'agglomération s'affichent en ligne",
        "Fleuristes, cavistes, libraires : la plateforme du Pays voironnais compte désormais 340 "
        "boutiques, et l'agglomération prépare des bons d'achat pour les fêtes.",
        places=("Pays voironnais",),
        **isere,
    )
    others = [
        Record(
            "isere-1",
            "Grenoble : des paniers pour les étudiants",
            "Le Crous distribue 400 paniers par semaine sur le campus de Saint-Martin-d'Hères.",
            places=("Grenoble", "Saint-Martin-d'Hères"),
            **isere,
        ),
        Record(
            "isere-2",
            "Isère : le Département appelle les aînés",
            "Les agents du Département téléphonent aux 8 000 bénéficiaires de l'APA.",
            places=("Isère",),
            **isere,
        ),
        Record(
            "isere-3",
            "Vienne : un marché en drive",
            "Les producteurs du marché de Vienne livrent en drive sur le parking de l'Estressin.",
            places=("Vienne",),
            **isere,
        ),
        Record(
            "isere-4",
            "Échirolles : des masques cousus",
            "Des couturières bénévoles cousent 5 000 masques pour les habitants d'Échirolles.",
            places=("Échirolles",),
            **isere,
        ),
    ]
    clusters = find_duplicates([first, second, *others])
    assert [cluster.ids for cluster in clusters] == [("vitrine-1", "vitrine-2")]
    assert any("Pays voironnais" in reason for reason in clusters[0].reasons)


def test_a_report_strongly_like_one_of_a_cluster_joins_it_if_it_half_resembles_the_others(monkeypatch):
    """Three reports of one département: the follow-up (c) is strongly like the first report (a),
    barely like the second (b), still one initiative; a report only faintly like them is not."""
    scores = {("a", "b"): 0.40, ("a", "c"): 0.32, ("b", "c"): 0.05, ("a", "d"): 0.20, ("b", "d"): 0.0}
    scores |= {("c", "d"): 0.0}

    def score(batch, i, j):
        key = tuple(sorted((batch.records[i].id, batch.records[j].id)))
        return scores.get(key, 0.0)

    monkeypatch.setattr(dedupe._Batch, "score", score)
    monkeypatch.setattr(dedupe._Batch, "candidates", lambda batch: itertools.combinations(range(4), 2))
    records = [Record(key, f"Titre {key}", "Texte", departement_code="45") for key in "abcd"]
    assert [cluster.ids for cluster in find_duplicates(records)] == [("a", "b", "c")]


@pytest.mark.parametrize(
    ("unlike", "clusters"),
    [(0.05, [("a", "b", "c")]), (0.0, [("a", "b")])],
)
def test_a_report_linked_to_one_of_a_cluster_joins_it_unless_wholly_unlike_another(
    monkeypatch, unlike, clusters
):
    """The follow-up (c) is a duplicate of (a), just above the threshold, and shares a little wording
    with (b): one initiative. Sharing nothing at all with (b), it stays apart."""
    scores = {("a", "b"): 0.40, ("a", "c"): 0.25, ("b", "c"): unlike}

    def score(batch, i, j):
        return scores.get(tuple(sorted((batch.records[i].id, batch.records[j].id))), 0.0)

    monkeypatch.setattr(dedupe._Batch, "score", score)
    monkeypatch.setattr(dedupe._Batch, "candidates", lambda batch: itertools.combinations(range(3), 2))
    records = [Record(key, f"Titre {key}", "Texte", departement_code="45") for key in "abc"]
    assert [cluster.ids for cluster in find_duplicates(records)] == clusters


def test_a_national_scheme_and_a_region_s_of_its_kind_are_two_initiatives():
    """A care-home group's tablets across France and a Région's tablets for the care homes of its
    territory: titles alike, two initiatives."""
    group = Record(
        "tablettes-groupe",
        "Ehpad : un groupe équipe ses résidences de tablettes pour les appels en vidéo",
        "Après la suspension des visites, le groupe déploie plusieurs milliers de tablettes dans ses "
        "établissements en France. Les familles réservent un créneau auprès de l'animateur ; le personnel "
        "aide les résidents à tenir l'appareil.",
        actor="entreprise",
    )
    region = Record(
        "tablettes-region",
        "Région Sud : des tablettes pour les résidents des Ehpad",
        "La Région offre 1 000 tablettes numériques aux Ehpad de son territoire, du littoral aux vallées "
        "alpines, pour que les résidents privés de visites puissent échanger en vidéo avec leur famille. "
        "Les établissements publics sont servis en priorité ; la distribution passe par les Départements.",
        actor="region",
        region_code="93",
    )
    assert "initiative nationale / régionale" in pair_score(group, region).reasons
    assert find_duplicates([group, region, *OTHERS]) == []


def test_a_national_report_citing_a_region_in_passing_is_no_regional_scheme():
    """« la moitié des bénéficiaires vivent en Île-de-France »: the government's scheme still, the
    same as the national report of it."""
    national = Record(
        "cheques-etat",
        "Sans-abri : 15 millions d'euros de chèques-services pour 60 000 personnes",
        "Le gouvernement annonce des chèques-services de 7 euros par jour pour 60 000 personnes sans "
        "domicile, distribués par les associations, explique Julien Denormandie.",
        actor="etat",
    )
    mentioned = Record(
        "cheques-idf",
        "Le gouvernement renforce son aide aux sans-abri : des chèques de 7 euros par jour",
        "La moitié des 60 000 bénéficiaires des chèques-services du gouvernement vivent en Île-de-France, "
        "selon Julien Denormandie ; les associations les remettent aux personnes à la rue.",
        actor="etat",
        region_code="11",
    )
    reasons = pair_score(national, mentioned).reasons
    assert not any(reason.startswith("initiative nationale") for reason in reasons)
    assert [set(cluster.ids) for cluster in find_duplicates([national, mentioned, *OTHERS])] == [
        {"cheques-etat", "cheques-idf"}
    ]


def test_two_towns_weigh_less_against_many_names_and_figures_in_common():
    """One initiative across a métropole (meals for four hotels of two towns): the reports share the
    hotels' and the association's names, so being placed in two towns costs them less than it costs
    two reports that share no name."""
    hotels = Record(
        "hotels-1",
        "Quatre hôtels et 240 repas par jour pour les personnes à l'abri",
        "Depuis le 12 novembre, l'association Accueil Kléber livre 240 repas par jour aux personnes "
        "hébergées dans quatre hôtels de l'agglomération : le Bellevue, le Relais Saint-Roch, le Galion et "
        "l'Escale.",
        departement_code="83",
        commune_code="83137",
    )
    tour = Record(
        "hotels-2",
        "Une chaîne de solidarité d'un hôtel à l'autre",
        "Au Galion comme à l'Escale, Bellevue ou Relais Saint-Roch, les bénévoles d'Accueil Kléber déposent "
        "chaque midi des plateaux chauds.",
        departement_code="83",
        commune_code="83130",
    )

    def cost(a, b):
        same_town = pair_score(a, dataclasses.replace(b, commune_code=a.commune_code)).score
        return same_town - pair_score(a, b).score

    meals = Record(
        "repas-1",
        "Des repas chauds pour les personnes hébergées à l'hôtel",
        "Une association livre chaque midi des repas chauds aux personnes hébergées dans les hôtels de la "
        "ville, avec des bénévoles et des plateaux préparés en cuisine centrale.",
        departement_code="83",
        commune_code="83137",
    )
    elsewhere = Record(
        "repas-2",
        "Des plateaux repas pour les familles logées à l'hôtel",
        "Chaque midi, des bénévoles apportent des plateaux repas chauds aux familles logées à l'hôtel par "
        "le 115, préparés par la cuisine centrale.",
        departement_code="83",
        commune_code="83130",
    )
    assert "communes différentes : 83137 / 83130" in pair_score(hotels, tour).reasons
    assert pair_score(meals, elsewhere).score > 0
    assert cost(hotels, tour) < cost(meals, elsewhere) - 0.05


def test_a_quoted_name_in_capitals_is_a_shared_name_even_opening_its_quote():
    """« Solutions Associations Occitanie »: the quote opens on a name, not on a sentence."""
    first = Record(
        "fonds-1",
        "La Région maintient ses subventions aux associations",
        "Les élus ont voté les aides du fonds « Solutions Associations Occitanie » adopté au printemps.",
    )
    second = Record(
        "fonds-2",
        "Un fonds d'urgence pour le monde associatif",
        "Parmi les aides figure le fonds « Solutions Associations Occitanie », doté de 5 millions.",
    )
    shared = next(
        r for r in pair_score(first, second).reasons if r.startswith("mêmes noms, nombres ou dates")
    )
    assert "Solutions" in shared
    spoken = Record("citation", "Un témoignage", "« Nous devenons professeurs », résume une éducatrice.")
    assert not any("Nous" in reason for reason in pair_score(spoken, spoken).reasons)


def test_a_word_opening_a_sentence_before_a_name_is_no_shared_name():
    """« Selon Martine Dupont », « Selon Jacques Martin »: « Selon » opens a sentence, it names nothing."""
    grocery = Record(
        "epicerie",
        "Une épicerie pour les étudiants",
        "Selon Martine Dupont, l'épicerie étudiante distribue cinquante paniers par semaine au campus.",
    )
    parcels = Record(
        "colis",
        "Des colis pour les familles",
        "Selon Jacques Martin, le Secours populaire livre des colis aux familles des quartiers nord.",
    )
    assert not any("Selon" in reason for reason in pair_score(grocery, parcels).reasons)
    assert not find_duplicates([grocery, parcels, *OTHERS])

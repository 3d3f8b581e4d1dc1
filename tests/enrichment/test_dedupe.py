"""Near-duplicates: one initiative told twice is found with its reasons; look-alikes are not merged."""

import itertools
import random
import time

from essaim.enrichment.dedupe import DuplicateIndex, Record, find_duplicates, pair_score

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


def test_twenty_thousand_records_are_deduplicated_in_a_few_seconds():
    """Candidate generation keeps the work linear: 20,000 records in seconds, planted copies found."""
    records, planted = _synthetic(20_000)
    started = time.perf_counter()
    clusters = find_duplicates(records)
    elapsed = time.perf_counter() - started
    found = {frozenset(pair) for cluster in clusters for pair in _pairs(cluster.ids)}
    assert elapsed < 10, f"{elapsed:.1f} s"
    assert len(found & planted) >= 0.9 * len(planted)
    assert len(found - planted) <= 0.1 * len(found)


def _pairs(ids):
    return [(a, b) for position, a in enumerate(ids) for b in ids[position + 1 :]]

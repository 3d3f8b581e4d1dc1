"""Geotagging French text: names, articles, numbers, homonyms, ordinary words and bad input.

Every example is written for this test (none comes from the corpus of real initiatives). The
gazetteer is the vendored geography, loaded once; no database is needed.
"""

import time

import pytest

from essaim.enrichment.gazetteer import (
    COMMUNE,
    DEPARTEMENT,
    EPCI,
    REGION,
    Gazetteer,
    demonym_forms,
    demonyms_read,
)
from essaim.enrichment.geotag import GeoResult, Geotagger


@pytest.fixture(scope="module")
def geotagger():
    return Geotagger.vendored()


def tag(geotagger, text: str) -> GeoResult:
    return geotagger.tag(text)


def codes(result: GeoResult) -> tuple[str | None, str | None]:
    return result.departement_code, result.commune_code


# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Le CCAS de Saint-Étienne ouvre une ligne d'écoute pour les aînés.",
        "Le CCAS de St-Etienne ouvre une ligne d'écoute pour les aînés.",
        "Le CCAS de SAINT ETIENNE ouvre une ligne d'écoute pour les aînés.",
        "Le CCAS de Saint Étienne ouvre une ligne d'écoute pour les aînés.",
    ],
)
def test_accents_hyphens_and_saint_abbreviations_do_not_matter(geotagger, text):
    """ "Saint-Étienne", "St-Etienne", "SAINT ETIENNE" are one commune."""
    assert codes(tag(geotagger, text)) == ("42", "42218")


def test_sainte_abbreviation(geotagger):
    """ "Ste" is "Sainte"."""
    result = tag(geotagger, "La mairie de Ste-Geneviève-des-Bois prête des ordinateurs aux lycéens.")
    assert result.commune_code == "91549"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Une épicerie solidaire ouvre au Havre pour les étudiants.", ("76", "76351")),
        ("Les bénévoles du Havre livrent des repas aux aînés.", ("76", "76351")),
        ("Le Havre : une épicerie solidaire pour les étudiants", ("76", "76351")),
        ("Le Mans lance une plateforme d'entraide entre voisins.", ("72", "72181")),
    ],
)
def test_commune_names_with_their_article(geotagger, text, expected):
    """ "Le Havre" is also "au Havre", "du Havre"."""
    assert codes(tag(geotagger, text)) == expected


@pytest.mark.parametrize(
    ("text", "departement"),
    [
        ("Les collégiens du Nord reçoivent des tablettes.", "59"),
        ("Dans le Nord, les collégiens reçoivent des tablettes.", "59"),
        ("Les collégiens de la Somme reçoivent des tablettes.", "80"),
        ("En Seine-Saint-Denis, les collégiens reçoivent des tablettes.", "93"),
        ("Les associations de l'Ain se mobilisent pour les aînés isolés.", "01"),
        ("Les associations des Landes se mobilisent pour les aînés isolés.", "40"),
        ("Les associations de Haute-Garonne se mobilisent pour les aînés isolés.", "31"),
    ],
)
def test_departement_names_with_articles_and_prepositions(geotagger, text, departement):
    """Département names are read with their article or preposition."""
    result = tag(geotagger, text)
    assert result.departement_code == departement
    assert result.best is not None and result.best.level == DEPARTEMENT
    assert result.commune_code is None


# --- département numbers and institutions ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "departement"),
    [
        ("Roubaix (59) : une recyclerie prête des ordinateurs aux familles.", "59"),
        ("Une recyclerie (59) prête des ordinateurs aux familles.", None),
        ("Ils distribuent des colis dans le 93 depuis le printemps.", "93"),
        ("Le CD 59 finance une ligne d'écoute pour les parents.", "59"),
        ("Le CD59 finance une ligne d'écoute pour les parents.", "59"),
        ("Le Département du Gard finance une ligne d'écoute pour les parents.", "30"),
        ("Le conseil départemental de la Somme finance une ligne d'écoute.", "80"),
        ("Le Département du 93 appelle les personnes âgées isolées.", "93"),
        ("Les pompiers du SDIS 71 livrent des masques aux maisons de retraite.", "71"),
        ("La CPAM 62 rappelle les assurés de plus de 75 ans.", "62"),
    ],
)
def test_departement_numbers_and_councils(geotagger, text, departement):
    """ "(59)", "dans le 93", "CD 59", "le Département du Gard"; a bracketed number alone is weak."""
    assert tag(geotagger, text).departement_code == departement


@pytest.mark.parametrize(
    "text",
    [
        "Le 15 mars, 93 familles ont reçu un colis.",
        "Le centre accueille 59 personnes, soit 13 % de plus qu'en 2019.",
        "Depuis le 12 avril 2020, la ligne a reçu 75 appels.",
        "La prime s'élève à 20 000 euros pour 38 associations.",
        "Le plan Covid-19 mobilise la cellule d'écoute au 119.",
    ],
)
def test_numbers_that_are_not_departements(geotagger, text):
    """Dates, counts, percentages, amounts and "Covid-19" cite no département."""
    assert tag(geotagger, text).departement_code is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Permanence à la mairie, 32300 Saint-Martin, les mardis.", ("32", "32389")),
        ("Épicerie solidaire, 2 place de la Halle, 82400 Valence.", ("82", "82186")),
        ("Épicerie solidaire, 2 place de la Halle, Valence (82400).", ("82", "82186")),
    ],
)
def test_postal_code_picks_the_commune_among_homonyms(geotagger, text, expected):
    """A postal code next to a commune's name picks that commune among its homonyms."""
    assert codes(tag(geotagger, text)) == expected


def test_postal_code_of_paris_arrondissement(geotagger):
    """ "75013 Paris" is Paris."""
    assert codes(tag(geotagger, "Épicerie solidaire, 75013 Paris, ouverte le samedi.")) == ("75", "75056")


def test_arrondissement_is_its_city(geotagger):
    """ "Paris 13e" and "le 3e arrondissement de Lyon" are Paris and Lyon."""
    assert codes(tag(geotagger, "Une cantine solidaire ouvre à Paris 13e pour les étudiants.")) == (
        "75",
        "75056",
    )
    result = tag(geotagger, "Une cantine solidaire ouvre dans le 3e arrondissement de Lyon.")
    assert codes(result) == ("69", "69123")


# --- EPCI and régions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "epci"),
    [
        ("La Métropole européenne de Lille ouvre un numéro vert.", "200093201"),
        ("La MEL ouvre un numéro vert pour les commerçants.", "200093201"),
        ("La communauté d'agglomération du Grand Dole livre des repas.", "200010650"),
        ("Rennes Métropole ouvre un numéro vert pour les commerçants.", "243500139"),
    ],
)
def test_epci_names_and_acronyms(geotagger, text, epci):
    """An EPCI by its name, its type spelled out, or its acronym written in capitals."""
    result = tag(geotagger, text)
    assert result.best is not None
    assert (result.best.level, result.best.code) == (EPCI, epci)
    assert result.commune_code is None


def test_epci_gives_its_departement_when_all_members_share_it(geotagger):
    """The Métropole européenne de Lille lies in the Nord; the Métropole du Grand Paris spans several."""
    assert tag(geotagger, "La Métropole européenne de Lille ouvre un numéro vert.").departement_code == "59"
    assert tag(geotagger, "La Métropole du Grand Paris ouvre un numéro vert.").departement_code is None


@pytest.mark.parametrize(
    ("text", "epci"),
    [
        ("Vesoul Agglomération distribue des masques aux commerçants.", "247000011"),  # CA de Vesoul
        ("Guingamp-Paimpol Agglomération ouvre un fonds pour les artisans.", "200067981"),  # first words
        ("Le Pays voironnais livre des repas aux aînés.", "243800984"),  # no capital after « Pays »
        ("Le conseil de Le Mans Métropole vote un fonds pour les artisans.", "247200132"),  # its article
    ],
)
def test_epci_names_as_the_press_writes_them(geotagger, text, epci):
    """The press writes « X Agglomération » for the CA de X, keeps the first words of a long name,
    and writes the adjective after « Pays » without a capital."""
    result = tag(geotagger, text)
    assert result.best is not None and (result.best.level, result.best.code) == (EPCI, epci)


@pytest.mark.parametrize(
    ("text", "departement"),
    [
        ("Un fonds pour les commerçants\nLe Grand Avignon verse 1 000 euros aux commerçants.", "84"),
        ("Une plateforme pour les commerçants\nRoissy Pays de France ouvre une plateforme.", "95"),
        # 42 % in Ille-et-Vilaine, the rest in Loire-Atlantique and Morbihan: named after Redon (35)
        ("Des ordinateurs pour les élèves\nRedon Agglomération prête des ordinateurs aux familles.", "35"),
    ],
)
def test_an_epci_is_in_the_departement_where_two_thirds_of_its_inhabitants_live(geotagger, text, departement):
    """The Grand Avignon (78 % in Vaucluse, some communes in the Gard), Roissy Pays de France
    (73 % in Val-d'Oise, the rest in Seine-et-Marne); below two thirds, the town it is named after."""
    assert tag(geotagger, text).departement_code == departement


def test_acronym_needs_capitals(geotagger):
    """ "mel" in lower case is no métropole."""
    assert tag(geotagger, "Un envoi par mel à chaque famille.").best is None


def test_region_is_a_perimeter_without_departement(geotagger):
    """A région: no département code."""
    result = tag(geotagger, "La Région Bretagne finance des bons d'achat pour les étudiants.")
    assert result.best is not None and (result.best.level, result.best.code) == (REGION, "53")
    assert result.departement_code is None
    assert result.region_code == "53"


@pytest.mark.parametrize(
    ("text", "departement"),
    [
        ("Sur la Côte d'Opale, une maison d'enfants équipe ses foyers de tablettes.", "62"),
        ("Dans le Médoc, des viticulteurs livrent des repas aux soignants.", "33"),
        ("En Béarn, une épicerie solidaire ouvre pour les étudiants.", "64"),
        ("En Touraine, des producteurs ouvrent un drive pour écouler leurs légumes.", "37"),
        ("Dans le Lodévois, les clubs de rugby appellent leurs anciens joueurs isolés.", "34"),
        # Named like a village of Isère: the press's Anjou is Maine-et-Loire.
        ("Anjou : le Département prête des tablettes aux maisons de retraite.", "49"),
        # Creole names of the overseas départements.
        ("Entraide Gwadloup livre des colis aux étudiants confinés de Saint-Claude.", "971"),
        ("Matinik : une page recense les commerces ouverts pendant le confinement.", "972"),
    ],
)
def test_an_area_wholly_in_one_departement_places_the_text_there(geotagger, text, departement):
    result = tag(geotagger, text)
    assert result.departement_code == departement
    assert result.best is not None and result.best.score < 0.9  # less precise than the département's name


def test_a_commune_cited_with_its_area_is_the_perimeter(geotagger):
    text = "Une association du Pays de Caux livre des repas à Fécamp."
    assert codes(tag(geotagger, text)) == ("76", "76259")


def test_every_village_heading_a_city_s_text_is_a_district_of_it(geotagger):
    """« la Croisette … au Palais » in a title on Cannes: two villages elsewhere share those names."""
    text = "Vaccination : la Croisette accueille les seniors au Palais\nÀ Cannes, le centre ouvre ses portes."
    assert tag(geotagger, text).departement_code == "06"


def test_an_organisation_s_demonym_is_its_seat_not_its_perimeter(geotagger):
    """« l'entreprise parisienne » of a national scheme says where it is based."""
    text = (
        "Des taxis pour les soignants\nPlus de 2 000 chauffeurs ont participé, selon la compagnie parisienne."
    )
    assert tag(geotagger, text).departement_code is None
    assert (
        tag(geotagger, "Des taxis pour les soignants\nLes chauffeurs parisiens participent.").departement_code
        == "75"
    )
    insurer = "Des remises pour les assurés\nLa mutuelle lilloise rembourse 20 euros par contrat auto."
    assert tag(geotagger, insurer).departement_code is None
    start_up = "Des cours gratuits\nLa start-up lyonnaise ouvre ses cours en ligne à tous les élèves."
    assert tag(geotagger, start_up).departement_code is None
    local = "Les appels augmentent\nL'association strasbourgeoise met à l'abri quinze femmes."
    assert tag(geotagger, local).departement_code == "67"  # a local association acts where it is


@pytest.mark.parametrize(
    ("text", "commune"),
    [
        ("Le musée s'invite dans les salons\nLe Louvre-Lens ouvre ses ateliers en ligne.", "62498"),
        ("Des expositions en ligne\nLe Centre Pompidou-Metz filme ses expositions.", "57463"),
    ],
)
def test_a_town_closing_an_institution_s_name_is_where_it_is(geotagger, text, commune):
    """« le Louvre-Lens », « le Centre Pompidou-Metz »: the town closing the name is the place."""
    assert tag(geotagger, text).commune_code == commune
    assert tag(geotagger, "La Croix-Rouge distribue des colis.").best is None


def test_a_town_s_residents_invited_elsewhere_do_not_move_the_perimeter(geotagger):
    """« les habitants de Montivilliers sont aussi attendus » at the Havre's screening centres."""
    text = (
        "Dépistage : files d'attente devant les centres havrais\n"
        "Trente centres ouvrent au Havre. Les habitants de Montivilliers et d'Harfleur sont aussi attendus."
    )
    assert codes(tag(geotagger, text)) == ("76", "76351")


def test_an_academy_named_after_its_seat_is_not_that_town(geotagger):
    """« l'académie de Créteil » spans three départements: Créteil is not where the action is."""
    text = (
        "Des ordinateurs pour les élèves\nDans le Val-de-Marne, l'atelier équipe les élèves repérés par "
        "l'académie de Créteil."
    )
    assert codes(tag(geotagger, text)) == ("94", None)


def test_two_regions_named_and_none_in_the_title_give_no_perimeter(geotagger):
    """A national appeal whose first payments go to two régions, « notamment à Mulhouse »."""
    text = (
        "Une alliance pour les soignants\nLes premiers versements iront aux hôpitaux d'Île-de-France et "
        "du Grand Est, notamment à Mulhouse."
    )
    assert tag(geotagger, text).departement_code is None


def test_the_ends_of_a_range_are_no_perimeter(geotagger):
    """« de Lille à Marseille » says how far a national programme reaches, not where it acts; a range
    within one département still places the text there."""
    national = (
        "Fracture numérique\nLe programme s'appuie sur les antennes de l'association, de Lille à Marseille."
    )
    assert tag(geotagger, national).departement_code is None
    coast = "Des repas pour les saisonniers\nDe Saint-Jean-de-Luz à Hendaye, les bénévoles livrent des repas."
    assert tag(geotagger, coast).departement_code == "64"


def test_an_area_named_like_a_commune_is_the_commune(geotagger):
    """ "Tarentaise" is a commune of the Loire: the valley of Savoie is not guessed."""
    assert tag(geotagger, "À Tarentaise, la mairie ouvre une ligne d'écoute.").departement_code == "42"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Des milliers de Nantais se portent volontaires pour aider leurs voisins.", ("44", "44109")),
        ("La municipalité lilloise ouvre un numéro pour les aînés isolés.", ("59", "59350")),
        ("Le centre d'action sociale parisien rappelle chaque senior inscrit.", ("75", "75056")),
        ("Les collégiens haut-rhinois reçoivent un ordinateur portable.", ("68", None)),
        ("Une plateforme met en relation les producteurs mahorais et les familles.", ("976", None)),
        ("Chaque samedi, l'association distribue des colis dans la capitale.", ("75", "75056")),
        ("Chaque samedi, l'association distribue dans la capitale des colis de courses.", ("75", "75056")),
        ("Dans la cité phocéenne, un fast-food devient une banque alimentaire.", ("13", "13055")),
        # A region's capital named after the region: the city, not the region.
        ("Capitale bretonne : la maire ouvre un gymnase aux familles.", ("35", "35238")),
        ("Dans la capitale alsacienne, la musique contre l'ennui des aînés.", ("67", "67482")),
        ("La capitale des Flandres ouvre un gymnase.", ("59", "59350")),
    ],
)
def test_a_place_cited_through_its_inhabitants(geotagger, text, expected):
    assert codes(tag(geotagger, text)) == expected


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Les lycées occitans reçoivent 5 000 ordinateurs à prêter.", "76"),
        ("Les petites entreprises franciliennes ont droit à un prêt rebond.", "11"),
    ],
)
def test_a_region_cited_through_its_inhabitants_is_a_regional_perimeter(geotagger, text, region):
    result = tag(geotagger, text)
    assert (result.departement_code, result.region_code) == (None, region)


@pytest.mark.parametrize(
    "text",
    [
        "Dans la capitale régionale, les bus sont gratuits.",
        "La capitale de la région ouvre un gymnase.",
        "La capitale normande ouvre un gymnase.",  # Rouen or Caen: no one city, and not Paris
    ],
)
def test_another_capital_is_not_paris(geotagger, text):
    assert tag(geotagger, text).departement_code != "75"


def test_a_neighbouring_departement_is_not_where_the_text_acts(geotagger):
    text = (
        "Sartrouville : des jeunes livrent des repas aux soignants d'Argenteuil\n"
        "Des jeunes d'une cité de Sartrouville sollicitent les commerçants de la ville et livrent chaque "
        "soir des repas au personnel de l'hôpital d'Argenteuil, dans le Val-d'Oise voisin."
    )
    assert tag(geotagger, text).departement_code == "78"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("À Saint-Denis voisine de Paris, la mairie distribue des colis aux familles.", "93"),
        ("Le réseau Lyon Voisins Solidaires livre les courses des aînés.", "69"),
        ("À Lyon voisins et commerçants s'organisent pour livrer les aînés.", "69"),
    ],
)
def test_a_place_followed_by_neighbours_as_a_noun_stays_where_the_text_acts(geotagger, text, expected):
    assert tag(geotagger, text).departement_code == expected


def test_a_city_s_surroundings_are_its_departement(geotagger):
    """ "la métropole lilloise" is not the town of Lille."""
    assert codes(tag(geotagger, "Des masques cousus dans la métropole lilloise.")) == ("59", None)


@pytest.mark.parametrize(
    "text",
    [
        "Selon Le Parisien, les masques manquent encore.",  # a newspaper
        "La Marseillaise a retenti à la fin de la cérémonie.",  # an anthem
        "Les hôpitaux de la région parisienne sont saturés.",  # no one place
    ],
)
def test_demonyms_that_name_no_place(geotagger, text):
    assert tag(geotagger, text).best is None


def test_an_ordinary_word_after_de_is_no_commune(geotagger):
    """ "les Petits Frères des Pauvres": Pauvres (Ardennes) needs more than a capital and "des"."""
    assert tag(geotagger, "Les Petits Frères des Pauvres renforcent leur ligne d'écoute.").best is None


def test_a_homonym_nothing_else_supports_yields_to_the_place_the_text_is_about(geotagger):
    """ "Maurepas" is a town of the Yvelines and of the Somme, and a district of Rennes."""
    text = "Le frigo solidaire de Villejean déborde : un second frigo ouvrira à Maurepas, près de Rennes."
    assert tag(geotagger, text).departement_code == "35"


def test_paris_is_not_weakened_by_being_both_a_commune_and_a_departement(geotagger):
    """ "la Ville de Paris" is certain; a town named later as a plan for elsewhere does not win."""
    text = (
        "L'association d'étudiants a obtenu de la Ville de Paris un local plus vaste et prépare des "
        "antennes dans d'autres villes universitaires, dont Lyon."
    )
    assert codes(tag(geotagger, text)) == ("75", "75056")


def test_a_place_named_outweighs_a_demonym(geotagger):
    text = "Le CCAS de Roubaix accueille des étudiants lillois pour le portage des repas."
    assert codes(tag(geotagger, text)) == ("59", "59512")


def test_a_demonym_of_an_unknown_place_is_a_clear_error(tmp_path):
    gazetteer = Gazetteer.vendored()
    path = tmp_path / "demonyms.tsv"
    path.write_text(
        "# test\nnantais\tnantaise\tNantes\t44\natlante\tatlante\tAtlantis\t44\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match="ligne 3 : lieu inconnu 'Atlantis'"):
        demonyms_read(path, gazetteer.communes, gazetteer.departements)


def test_demonym_forms():
    assert demonym_forms("manceau", "mancelle") == ("manceau", "manceaux", "mancelle", "mancelles")
    assert demonym_forms("nantais", "nantaise") == ("nantais", "nantaise", "nantaises")
    assert demonym_forms("nordiste", "nordiste") == ("nordiste", "nordistes")


def test_a_region_in_the_title_and_places_of_one_departement_is_that_departement(geotagger):
    text = (
        "Auvergne : des masques pour le CHU\nDans ses ateliers de Clermont-Ferrand, le fabricant coud des "
        "masques livrés aux maisons de retraite du Puy-de-Dôme."
    )
    assert tag(geotagger, text).departement_code == "63"


def test_a_region_in_the_title_and_places_across_it_is_the_region(geotagger):
    text = (
        "Occitanie : 5 000 ordinateurs pour les lycées\nLes lycées de Toulouse et de Montpellier prêtent "
        "des ordinateurs aux élèves privés d'équipement."
    )
    result = tag(geotagger, text)
    assert (result.departement_code, result.region_code) == (None, "76")


def test_a_long_name_that_does_not_read_as_such_falls_back_on_the_shorter_one(geotagger):
    """ "Caen la mer" (the EPCI is "Caen la Mer"): at least Caen, so the Calvados."""
    assert (
        tag(geotagger, "La communauté urbaine Caen la mer vote une aide aux commerçants.").departement_code
        == "14"
    )


def test_the_fallback_never_drops_a_name_s_article(geotagger):
    """ "le bassin de la Villette" is in Paris, not in a commune named Villette."""
    text = "La Ville de Paris organise une séance de cinéma en bateau sur le bassin de la Villette."
    assert codes(tag(geotagger, text)) == ("75", "75056")


def test_a_short_name_is_the_long_one_the_text_gives(geotagger):
    """ "à Clichy" in the title, "à Clichy-sous-Bois, en Seine-Saint-Denis" in the text."""
    text = (
        "École ouverte : à Clichy, 350 collégiens en classe\n"
        "À Clichy-sous-Bois, en Seine-Saint-Denis, les collèges rouvrent."
    )
    assert codes(tag(geotagger, text)) == ("93", "93014")


@pytest.mark.parametrize(
    ("text", "commune"),
    [
        ("À Aix, le festival diffuse ses opéras en ligne.", "13001"),
        ("À Charleville, la ville distribue des masques.", "08105"),
    ],
)
def test_the_usual_short_name_of_a_large_town_beats_a_village_of_that_name(geotagger, text, commune):
    """« Aix » is Aix-en-Provence to every reader, though a village of 350 people is called Aix."""
    assert tag(geotagger, text).commune_code == commune


# --- homonyms ----------------------------------------------------------------------------------


def test_saint_denis_defaults_to_the_metropolitan_city(geotagger):
    """Without the island cited, readers take Saint-Denis (93)."""
    assert codes(tag(geotagger, "À Saint-Denis, une épicerie solidaire ouvre pour les étudiants.")) == (
        "93",
        "93066",
    )


def test_saint_denis_of_la_reunion(geotagger):
    """With La Réunion cited, Saint-Denis is the island's prefecture."""
    text = "À Saint-Denis, une épicerie solidaire ouvre pour les étudiants de La Réunion."
    assert codes(tag(geotagger, text)) == ("974", "97411")


@pytest.mark.parametrize(
    "text",
    [
        "Saint-André : des colis pour les gramounes\nLe CCAS livre 300 colis aux aînés isolés.",
        "À Saint-André, un centre de vaccination ouvre\nDes infirmiers venus de métropole vaccinent.",
        "Saint-André : le CCAS distribue des colis\nAvec la Croix-Rouge des Mascareignes, chaque jeudi.",
    ],
)
def test_a_text_written_overseas_needs_no_island_cited(geotagger, text):
    """« les gramounes », « venus de métropole », « des Mascareignes »: the text is written
    overseas, so Saint-André is
    the town of La Réunion (56,000 inhabitants), not the village of the Pyrénées-Orientales."""
    assert codes(tag(geotagger, text)) == ("974", "97409")
    mainland = "À Saint-André, un centre de vaccination ouvre\nLa Métropole de Lyon prête ses locaux."
    assert tag(geotagger, mainland).departement_code != "974"


def test_seine_saint_denis_is_the_departement_not_the_commune(geotagger):
    """The longest name wins: "Seine-Saint-Denis" is the département."""
    result = tag(geotagger, "En Seine-Saint-Denis, les collégiens reçoivent des tablettes.")
    assert codes(result) == ("93", None)


def test_valence_is_the_largest_homonym(geotagger):
    """Valence alone is the city of the Drôme (the others are far smaller)."""
    assert codes(tag(geotagger, "La ville de Valence ouvre une ligne d'écoute.")) == ("26", "26362")


def test_valence_with_its_departement_cited(geotagger):
    """Valence with "(82)" is Valence in Tarn-et-Garonne (Valence d'Agen)."""
    assert codes(tag(geotagger, "La ville de Valence (82) ouvre une ligne d'écoute.")) == ("82", "82186")
    assert codes(tag(geotagger, "À Valence, dans le Tarn-et-Garonne, le CCAS appelle les aînés.")) == (
        "82",
        "82186",
    )


def test_valence_d_agen_is_not_valence_in_the_drome(geotagger):
    """ "Valence-d'Agen" is a longer name: not the Drôme's Valence."""
    result = tag(geotagger, "Le CCAS de Valence-d'Agen appelle les aînés chaque semaine.")
    assert result.commune_code != "26362"


def test_saint_martin_with_its_departement(geotagger):
    """One of the many Saint-Martin, resolved by the département cited nearby."""
    result = tag(geotagger, "La mairie de Saint-Martin, dans le Bas-Rhin, distribue des masques.")
    assert codes(result) == ("67", "67426")


# --- ordinary words ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Il a vue sur la mer depuis sa chambre.",
        "Le dispositif a été lancé en mars et prolongé en avril.",
        "Au cours de l'année, les bénévoles ont beaucoup donné.",
        "L'équipe a écrit un plan d'action pour l'été.",
        "Ils se retrouvent au bar du coin chaque vendredi.",
        "Il faut y aller tôt pour avoir une place.",
        "Eu égard à la situation, le service reste ouvert.",
        "Le Plan de relance finance des postes.",
        "Depuis le 1er Mars, les bénévoles appellent les aînés.",
        "Mars 2020 a vu naître de nombreuses initiatives.",
        "Le vent du nord souffle sur la ville.",
        "La Croix-Rouge distribue des colis dans la rue de Paris.",
        "La ministre Élisabeth Borne a visité le centre.",
        "Les Restos du Cœur ont ouvert une antenne en Afrique du Nord.",
        "Une réunion publique est prévue jeudi.",
    ],
)
def test_ordinary_words_and_names_do_not_fire(geotagger, text):
    """Commune names that are ordinary words, months, streets, people: no perimeter."""
    result = tag(geotagger, text)
    assert result.best is None, result.places


def test_ordinary_word_commune_with_a_place_context(geotagger):
    """ "Vue" with "la mairie de" is the commune (Loire-Atlantique)."""
    assert codes(tag(geotagger, "La mairie de Vue distribue des masques aux habitants.")) == ("44", "44220")


def test_nord_as_direction_is_not_the_departement(geotagger):
    """ "l'Afrique du Nord" is a direction; "le Département du Nord" is not."""
    assert (
        tag(geotagger, "Une exposition sur l'Afrique du Nord ouvre à la médiathèque.").departement_code
        is None
    )
    assert tag(geotagger, "Le Département du Nord équipe les collégiens.").departement_code == "59"


# --- perimeter ----------------------------------------------------------------------------------


def test_city_ccas_is_a_communal_perimeter(geotagger):
    """A city's CCAS acting in its département: the commune."""
    text = "Nantes : le CCAS appelle les aînés isolés\nLe CCAS de Nantes, en Loire-Atlantique, les appelle."
    result = tag(geotagger, text)
    assert codes(result) == ("44", "44109")
    assert result.best is not None and result.best.level == COMMUNE


def test_departement_programme_citing_communes_is_departemental(geotagger):
    """The Département acts and cites communes as examples: the département is the perimeter."""
    text = (
        "Gironde : des tablettes pour les collégiens\n"
        "Le Département de la Gironde prête des tablettes aux collégiens, de Libourne à Arcachon "
        "en passant par Mérignac."
    )
    result = tag(geotagger, text)
    assert codes(result) == ("33", None)
    assert result.best is not None and result.best.level == DEPARTEMENT


def test_an_unsure_commune_among_sure_places_of_one_departement_gives_the_departement(geotagger):
    """The title's commune is unsure (in a quoted name), the places of the text all lie in one
    département: the département, and the place that speaks for it."""
    text = (
        "« Lodève Covid Riposte » compte 250 bénévoles\n"
        "Le réseau livre des courses ; des couturières cousent des masques pour des soignants "
        "de Montpellier et de Clermont-l'Hérault."
    )
    result = tag(geotagger, text)
    assert codes(result) == ("34", None)
    assert result.best is not None and result.best.level == DEPARTEMENT
    assert result.best.name == "Hérault" and result.best.evidence in {"Montpellier", "Clermont-l'Hérault"}


@pytest.mark.parametrize(
    "text",
    [
        "Des masques de plongée pour les hôpitaux\nL'enseigne de sport basée à Villeneuve-d'Ascq "
        "met son stock à disposition des hôpitaux.",
        "Une gazette pour les Ehpad\nLa jeune entreprise, dont le siège est à Biarritz, rend son "
        "service gratuit pour les établissements.",
    ],
)
def test_an_organisation_s_seat_is_not_its_perimeter(geotagger, text):
    """Where a company or an association sits says little of where it acts."""
    result = tag(geotagger, text)
    assert result.departement_code is None
    assert result.places  # still listed, for the analyst


def test_a_company_settled_somewhere_is_seated_there_a_centre_set_up_somewhere_acts_there(geotagger):
    seated = (
        "Des formations au numérique\nL'entreprise sociale Simplon, installée à Montreuil, forme à distance."
    )
    assert tag(geotagger, seated).departement_code is None
    acting = "Un centre de dépistage\nUn centre installé à Lens accueille les habitants."
    assert codes(tag(geotagger, acting)) == ("62", "62498")


def test_a_local_institution_s_national_name_does_not_make_the_text_national(geotagger):
    """« l'Opéra national de Paris » is in Paris; « le ministère … à Lyon » stays national."""
    opera = "Des opéras gratuits\nL'Opéra national de Paris met en ligne chaque semaine un opéra."
    assert tag(geotagger, opera).departement_code == "75"
    ministry = "Un numéro pour les aidants\nLe ministère ouvre une ligne ; à Lyon, une association relaie."
    assert tag(geotagger, ministry).departement_code is None


def test_a_seat_cited_again_as_the_place_of_action_counts(geotagger):
    text = "À Lille, des repas pour les étudiants\nL'association basée à Lille distribue des repas."
    assert codes(tag(geotagger, text)) == ("59", "59350")


def test_places_scattered_across_the_country_give_no_perimeter(geotagger):
    """An application present in five cities of five départements is no local initiative."""
    text = (
        "Un réseau de voisins pour les sans-abri\nL'application est présente à Paris, à Lyon, à Lille, "
        "à Rennes et à Marseille."
    )
    assert tag(geotagger, text).departement_code is None


def test_two_departements_and_an_association_s_number_are_not_scattered(geotagger):
    """Paris and Seine-Saint-Denis, with an association's number (« Utopia 56 »): one of the two."""
    text = (
        "Des cuisines solidaires pour les exilés\nLes repas vont aux exilés de Paris et de "
        "Seine-Saint-Denis ; l'association Utopia 56 les distribue."
    )
    assert tag(geotagger, text).departement_code in {"75", "93"}


def test_paris_weighs_as_a_city_not_as_a_departement_name(geotagger):
    """« à Perpignan » leads over « des hôpitaux de Paris »: Paris the département is the town."""
    text = (
        "Un festival de photojournalisme maintenu\nUne vingtaine d'expositions sont présentées à "
        "Perpignan, dont des reportages sur les hôpitaux de Paris et de Lombardie."
    )
    assert codes(tag(geotagger, text)) == ("66", "66136")
    assert codes(tag(geotagger, "Le département de Paris ouvre un centre.")) == ("75", None)


def test_an_epci_straddling_a_border_for_one_commune_is_in_its_main_departement(geotagger):
    """Moulins Communauté (03) has one commune in the Nièvre."""
    assert tag(geotagger, "Moulins Communauté ouvre une plateforme pour l'emploi.").departement_code == "03"


@pytest.mark.parametrize(
    ("text", "departement"),
    [
        # Grand (88) starts a longer name; the Autunois is an area of Saône-et-Loire.
        ("Le CIAS du Grand Autunois maintient le portage de repas.", "71"),
        ("Un centre de vaccination ouvre au Palais des sports.", None),  # Le Palais (56) names a building
    ],
)
def test_an_ordinary_word_starting_a_longer_name_is_no_commune(geotagger, text, departement):
    result = tag(geotagger, text)
    assert result.commune_code is None
    assert result.departement_code == departement


def test_a_village_heading_a_text_on_a_city_is_the_city_s_district(geotagger):
    """« Gerland » (21, 443 inhabitants) heads a text on Lyon: it is Lyon's district."""
    text = (
        "Gerland passe les 150 000 injections\nLe centre de vaccination du Palais des sports de "
        "Gerland ouvre des créneaux sans rendez-vous, annonce la Ville de Lyon."
    )
    assert tag(geotagger, text).departement_code == "69"
    village = "Gerland : la mairie distribue des masques\nLes élus de Gerland livrent les aînés."
    assert tag(geotagger, village).departement_code == "21"


def test_a_village_heading_a_text_on_towns_of_another_departement_names_an_area(geotagger):
    """« Tarentaise » (a village of the Loire) heading a text on two Savoie towns is the valley."""
    text = (
        "Tarentaise : les saisonniers logés\nÀ Moûtiers et à Bourg-Saint-Maurice, des studios sont "
        "ouverts aux saisonniers."
    )
    assert tag(geotagger, text).departement_code == "73"


@pytest.mark.parametrize(
    ("text", "commune"),
    [
        (
            "Solidarité Vannes ouvre un standard\nLe collectif Solidarité Vannes recrute 200 bénévoles.",
            "56260",
        ),
        ("Entraide Sens livre les aînés\nLe réseau Entraide Sens compte 250 bénévoles.", "89387"),
    ],
)
def test_an_organisation_named_after_its_town_places_it(geotagger, text, commune):
    """« Entraide », « Solidarité » before a town name make an organisation's name, not a
    person's: the town is cited (even one whose name is an ordinary word)."""
    assert tag(geotagger, text).commune_code == commune


def test_a_short_name_then_the_full_one_after_du_is_one_commune(geotagger):
    """« Le Puy », then « du Puy-en-Velay » (the article went into « du »): one town, not Le Puy (33)."""
    text = "Le Puy : les aînés appelés\nLe CCAS du Puy-en-Velay appelle chaque semaine 600 aînés."
    assert codes(tag(geotagger, text)) == ("43", "43157")


@pytest.mark.parametrize(
    ("text", "commune"),
    [
        ("Dans le 18e arrondissement, une cantine solidaire ouvre ses portes.", "75056"),
        ("Lyon : dans le 7e arrondissement, une épicerie solidaire ouvre.", "69123"),
        ("Marseille : une épicerie solidaire ouvre dans le 3e arrondissement.", "13055"),
    ],
)
def test_a_numbered_arrondissement_without_its_city(geotagger, text, commune):
    """« le 18e arrondissement » alone is Paris's; the city cited around tells Lyon's or Marseille's."""
    assert tag(geotagger, text).commune_code == commune


@pytest.mark.parametrize(
    "text",
    [
        # where it began is no perimeter
        "Une ligne d'écoute pour les étudiants\nNé à Lille en 2016, le service répond chaque nuit aux "
        "étudiants de toute la France.",
        # the ends of a range of départements
        "Des visières pour les soignants\nLa marque coordonne des ateliers, des Landes à la Moselle, "
        "pour produire des visières vendues aux hôpitaux.",
        # examples among others
        "Une plateforme pour les commerçants\nLa plateforme est gratuite ; plusieurs villes, dont Angers "
        "et Tours, paient l'abonnement de leurs commerces.",
    ],
)
def test_a_birthplace_a_range_or_examples_are_no_perimeter(geotagger, text):
    assert tag(geotagger, text).departement_code is None


@pytest.mark.parametrize(
    ("text", "region"),
    [
        (
            "Des fromages pour les banques alimentaires\nLa Région achète 80 tonnes de fromages ; les "
            "entrepôts de Dijon et de Nevers les reçoivent.",
            "27",
        ),
        (
            "Corse : un numéro vert pour les familles\nLa Collectivité ouvre un numéro vert pour les "
            "familles de l'île, de Bastia aux villages.",
            "94",
        ),
    ],
)
def test_a_region_s_council_acting_gives_a_regional_perimeter(geotagger, text, region):
    """« la Région » buys for towns in two of its départements, without naming itself; « la
    Collectivité » is the council of Corsica."""
    result = tag(geotagger, text)
    assert (result.departement_code, result.region_code) == (None, region)


def test_how_far_it_reaches_is_not_where_it_happens(geotagger):
    """« jusqu'au CHU de Toulouse »: where the gel goes, not where it is made."""
    text = (
        "Des flacons de gel jusqu'au CHU de Toulouse\nL'usine de Tarbes a livré 5 000 flacons aux soignants."
    )
    assert tag(geotagger, text).departement_code != "31"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the ends of a range of départements written with « aux »
        (
            "Des tablettes pour les collégiens\nÀ Montpellier, la Ville prête 800 tablettes ; le rectorat, "
            "de l'Aude aux Pyrénées-Orientales, salue l'idée.",
            ("34", "34172"),
        ),
        # where it may go next
        (
            "Vaccination au pied des tours\nÀ Montpellier, des équipes mobiles vaccinent ; l'ARS veut "
            "étendre ces tournées à Nîmes et à Perpignan.",
            ("34", "34172"),
        ),
        # the Région as one customer among others
        (
            "Des masques en tissu\nL'atelier d'Aimargues coud 10 000 masques par jour ; les commandes "
            "viennent de mairies de Nîmes et de Montpellier, de la Région Occitanie et d'entreprises.",
            ("30", "30006"),
        ),
        # a manufacturer makes its masks where it is
        (
            "Des masques en tissu\nLe fabricant gardois coud 10 000 masques par jour pour les Ehpad.",
            ("30", None),
        ),
    ],
)
def test_places_around_the_action_do_not_displace_it(geotagger, text, expected):
    assert codes(tag(geotagger, text)) == expected


def test_a_district_named_like_a_village_is_no_commune(geotagger):
    """« le quartier de la Mosson » (Montpellier) is not Mosson, a village of the Côte-d'Or."""
    text = "Vaccination au pied des tours\nDes équipes mobiles vaccinent dans le quartier de la Mosson."
    assert tag(geotagger, text).departement_code is None


def test_where_a_witness_comes_from_is_not_where_it_happens(geotagger):
    """« Marie, venue de Meylan » in a text on the Grenoblois: the centre is in Grenoble."""
    text = (
        "Premier jour au centre de vaccination\nLes premiers Grenoblois franchissent les portes ; Marie, "
        "70 ans, venue de Meylan, n'a attendu que vingt minutes."
    )
    assert codes(tag(geotagger, text)) == ("38", "38185")


def test_a_witness_s_hometown_is_not_where_it_happens(geotagger):
    """« une habitante d'Autun » queuing in Dijon; « un pharmacien de Rennes » in a national text."""
    text = (
        "Le vaccinodrome ouvre ses portes\nLes premiers Dijonnais patientent devant le parc des "
        "expositions, tenu par le SDIS 21. Certains viennent de loin : une habitante d'Autun, en "
        "Saône-et-Loire, a trouvé un créneau ici. La Ville vise 1 500 injections par jour."
    )
    assert codes(tag(geotagger, text)) == ("21", "21231")
    text = (
        "Les ordonnances renouvelées sans consultation\nUn arrêté national permet aux pharmacies de "
        "délivrer les traitements chroniques. « Les patients n'osaient plus sortir », raconte un pharmacien "
        "de Rennes."
    )
    assert tag(geotagger, text).departement_code is None


@pytest.mark.parametrize(
    "text",
    [
        # Le Palais (Morbihan, 2 500 inhabitants): "au Palais" is a palace more often
        "Une soirée au Palais\nLe festival installe un écran géant au Palais pour les soignants.",
        # Croisette (Pas-de-Calais) has no article: "la Croisette" is the promenade of Cannes
        "Une séance pour les soignants\nLe festival de Cannes accueille les soignants sur la Croisette.",
        # a publisher's demonym is its seat: the magazines are for every family
        "Des magazines gratuits\nL'éditeur lillois Bayard ouvre ses magazines aux familles.",
    ],
)
def test_a_palace_a_promenade_and_a_publisher_s_seat_are_no_perimeter(geotagger, text):
    assert tag(geotagger, text).departement_code is None


def test_a_departement_sending_children_elsewhere_keeps_its_perimeter(geotagger):
    """The Département du Val-de-Marne acts; Morzine and Samoëns (Haute-Savoie) are where it sends
    the children."""
    text = (
        "Val-de-Marne : 400 enfants en colonies à Morzine et à Samoëns\nLe Département du Val-de-Marne "
        "envoie 400 jeunes en colonies apprenantes à Morzine et à Samoëns, en août."
    )
    assert codes(tag(geotagger, text)) == ("94", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # « des Fougères » are ferns: the town of Fougères takes no article
        (
            "Une collecte à la Maison des Fougères\nDans un quartier populaire de Lyon, des habitants "
            "collectent des denrées pour les familles.",
            ("69", "69123"),
        ),
        # a name coined on a town's name with an apostrophe is no town
        (
            "Mayot'Solidaire distribue des masques\nL'association distribue 20 000 masques aux familles.",
            (None, None),
        ),
    ],
)
def test_an_article_or_an_apostrophe_the_town_s_name_does_not_take(geotagger, text, expected):
    assert codes(tag(geotagger, text)) == expected


def test_a_three_letter_epci_acronym(geotagger):
    """« le TCO » is the Territoire de la Côte Ouest (La Réunion); « l'AME » is a benefit."""
    assert (
        tag(geotagger, "Le fonds du TCO\nLe TCO prolonge son fonds pour les commerçants.").departement_code
        == "974"
    )
    assert tag(geotagger, "L'AME prolongée\nLes droits à l'AME sont prolongés de trois mois.").best is None


def test_a_numbered_body_does_not_displace_the_town(geotagger):
    """« les pompiers du SDIS 42 » help at a Stéphanois centre: the perimeter stays the town."""
    text = (
        "Un centre de vaccination au stade\nLes Stéphanois se font vacciner au stade, où les pompiers du "
        "SDIS 42 accueillent le public et où des infirmiers retraités injectent."
    )
    assert codes(tag(geotagger, text)) == ("42", "42218")


def test_cited_names_give_each_place_as_written_and_by_its_name(geotagger):
    """What a comparison of texts sets aside as territory: « 18e arrondissement » and « Paris »."""
    result = tag(geotagger, "Dans le 18e arrondissement, une cantine solidaire ouvre ses portes.")
    assert result.cited_names() == ("18e arrondissement", "Paris")


def test_a_region_acting_across_its_departements_is_regional(geotagger):
    """The Région pays, and the towns cited lie in two of its départements: a regional scheme."""
    text = (
        "Un fonds pour les apprentis\nLa Région Occitanie verse 500 euros aux apprentis ; les CFA de "
        "Montpellier et de Toulouse relaient l'aide."
    )
    result = tag(geotagger, text)
    assert (result.departement_code, result.region_code) == (None, "76")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Un centre de vaccination ouvre\nPorté par l'agglomération burgienne, il ouvre le 6 avril.", "01"),
        ("Des masques pour les aînés\nLes Ruthénois cousent des masques pour les aînés.", "12"),
        (
            "L'histoire se raconte dans la cité blésoise\nDes visiteurs venus de Tours et d'Orléans.",
            "41",
        ),
        ("Du gel pour les soignants\nL'usine grassoise produit du gel pour les hôpitaux.", "06"),
        ("Des masques en insertion\nL'atelier romanais coud 10 000 masques par semaine.", "26"),
    ],
)
def test_prefectures_demonyms_and_the_town_they_qualify(geotagger, text, expected):
    """Every préfecture's demonym and large towns' ones; « la cité blésoise » is the town itself,
    surer than a mere adjective, ahead of two towns cited in passing."""
    assert tag(geotagger, text).departement_code == expected


def test_a_region_s_own_scheme_citing_one_town_stays_regional(geotagger):
    """« la Région » acts: its fund is région-wide even if one town of one département is cited."""
    text = (
        "Normandie : la Région crée un fonds pour les artistes\nLa Région Normandie débloque 3 millions "
        "d'euros pour les lieux culturels ; le festival de jazz de Coutances en a bénéficié."
    )
    result = tag(geotagger, text)
    assert (result.departement_code, result.region_code) == (None, "28")


def test_a_title_naming_towns_of_two_departements_does_not_lead_a_regional_scheme(geotagger):
    """« Dijon, Besançon et la Région »: the Région acts across the towns its title lists."""
    text = (
        "Dijon, Besançon et la Région face aux jobs perdus\nLe conseil régional de "
        "Bourgogne-Franche-Comté verse 200 euros par mois aux étudiants qui ont perdu leur emploi."
    )
    result = tag(geotagger, text)
    assert (result.departement_code, result.region_code) == (None, "27")


def test_a_title_naming_one_town_and_its_region_stays_local(geotagger):
    text = (
        "Rennes : la Région Bretagne finance le CHU\nLa Région Bretagne verse deux millions d'euros au "
        "CHU de Rennes ; le président de Région était à Brest."
    )
    assert tag(geotagger, text).departement_code == "35"


def test_a_regional_service_named_in_the_title_in_words_keeps_a_regional_perimeter(geotagger):
    text = (
        "L'agence régionale de santé de Bretagne renforce l'écoute des jeunes\n"
        "Elle finance les points d'écoute, dont celui de Rennes."
    )
    result = tag(geotagger, text)
    assert (result.departement_code, result.region_code) == (None, "53")


def test_a_regional_service_cited_in_a_local_story_does_not_make_it_regional(geotagger):
    text = (
        "Bretagne : à Rennes, une épicerie solidaire ouvre\n"
        "L'Agence régionale de santé a fourni des masques à l'épicerie de Rennes."
    )
    assert tag(geotagger, text).departement_code == "35"


def test_a_regional_state_service_acting_keeps_a_regional_perimeter(geotagger):
    """« l'ARS Bretagne » funds listening points région-wide, even if one city is cited."""
    text = (
        "Jeunes en détresse : l'ARS Bretagne finance des renforts\nL'agence régionale de santé "
        "consacre 280 000 euros aux points d'écoute, dont le service universitaire de Rennes."
    )
    result = tag(geotagger, text)
    assert (result.departement_code, result.region_code) == (None, "53")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("La municipalité verdunoise organise des appels aux habitants fragiles.", ("55", "55545")),
        ("La mairie bourcaine devient un atelier de couture.", ("26", "26058")),
    ],
)
def test_more_demonyms_of_towns(geotagger, text, expected):
    assert codes(tag(geotagger, text)) == expected


@pytest.mark.parametrize("country", ["partout en France", "dans toute la France", "dans la France entière"])
def test_a_text_about_the_whole_country_citing_towns_in_passing_has_no_perimeter(geotagger, country):
    text = (
        f"Un collectif met en relation couturières et soignants {country}\n"
        "Né sur Facebook, le collectif rassemble 9 500 membres. Une styliste installée près d'Amiens "
        "signale de grosses commandes à Hem, Longueau ou Airaines."
    )
    assert tag(geotagger, text).departement_code is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Étudiants en détresse\nComme partout en France, les étudiants souffrent. À Poitiers, "
            "l'association Entraide distribue des colis.",
            "86",
        ),
        (
            "Des ordinateurs pour les lycéens\nLa Région prête des ordinateurs aux lycéens de "
            "l'Île-de-France entière ; à Créteil, le lycée en reçoit 200.",
            "94",
        ),
    ],
)
def test_the_country_as_a_local_story_s_frame_is_no_national_sign(geotagger, text, expected):
    assert tag(geotagger, text).departement_code == expected


def test_national_programme_has_no_perimeter(geotagger):
    """A national programme citing one local example stays national."""
    text = (
        "Un numéro vert national pour les aidants\n"
        "Le ministère ouvre un numéro vert national pour les aidants ; à Lyon, une association relaie."
    )
    assert tag(geotagger, text).departement_code is None


def test_places_are_listed_with_scores_and_spans(geotagger):
    """Every place found, best first, with a score in [0, 1] and the text that supports it."""
    text = "Le CCAS de Vesoul, en Haute-Saône, appelle les aînés."
    result = tag(geotagger, text)
    assert [place.code for place in result.places] == ["70550", "70"]
    for place in result.places:
        assert 0 <= place.score <= 1
        assert text[place.start : place.end] == place.evidence
    assert result.places[0].evidence == "Vesoul"
    assert result.region_code == "27"


# --- bad input ---------------------------------------------------------------------------------


def test_empty_text(geotagger):
    assert tag(geotagger, "") == GeoResult(
        places=(), best=None, departement_code=None, commune_code=None, region_code=None
    )
    assert tag(geotagger, "   \n\t ").best is None


def test_five_megabytes_of_text_finish_quickly(geotagger):
    """5 MB of text: read up to a bound, in well under a few seconds."""
    text = "À Lille, le CCAS appelle les aînés. " + "Les bénévoles livrent des repas chaque jour. " * 120_000
    assert len(text) > 5_000_000
    started = time.perf_counter()
    result = tag(geotagger, text)
    assert time.perf_counter() - started < 3
    assert result.commune_code == "59350"


def test_binary_garbage(geotagger):
    """Random bytes decoded as text: a result, no crash."""
    garbage = bytes(range(256)) * 4000 + b"\x00\xff<<<&&&;" * 1000
    result = tag(geotagger, garbage.decode("latin-1"))
    assert isinstance(result, GeoResult)
    result = tag(geotagger, garbage.decode("utf-8", errors="replace"))
    assert isinstance(result, GeoResult)


def test_markup_is_read_as_text_and_spans_point_into_the_markup(geotagger):
    """HTML: tags and scripts are skipped, entities decoded; spans are offsets of the input."""
    page = (
        "<html><head><title>x</title><script>var Lille = 1;</script></head>"
        "<body><p>Le CCAS de <b>Montr&eacute;al</b> ? Non : le CCAS de <em>Valenciennes</em>"
        " appelle les a&icirc;n&eacute;s.</p></body></html>"
    )
    result = tag(geotagger, page)
    assert codes(result) == ("59", "59606")
    best = result.best
    assert best is not None and page[best.start : best.end] == "Valenciennes"


def test_unclosed_markup_does_not_hang(geotagger):
    page = "<script>" + "<a " * 200_000 + "Lille"
    started = time.perf_counter()
    tag(geotagger, page)
    tag(geotagger, "<" * 1_000_000)
    assert time.perf_counter() - started < 3


def test_english_text_finds_little_and_with_low_confidence(geotagger):
    """Another language: no perimeter from ordinary words ("Orange", "Nice", "This")."""
    text = "This is a nice orange plan. Still, many hours were spent on the new tour in the bar."
    assert tag(geotagger, text).best is None


def test_not_a_string_is_a_clear_error(geotagger):
    with pytest.raises(TypeError):
        geotagger.tag(b"Lille")  # type: ignore[arg-type]


def test_gazetteer_can_be_loaded_from_a_path():
    """The vendored file, or any file of the same format."""
    from essaim.enrichment.gazetteer import VENDORED

    gazetteer = Gazetteer.from_path(VENDORED)
    assert gazetteer.communes["59350"].name == "Lille"
    assert Gazetteer.vendored() is Gazetteer.vendored()


def test_a_title_shortening_a_compound_name_places_the_text_there(geotagger):
    """« Noisy rouvre son marché » over a text about Noisy-le-Grand that also speaks of the
    government: the title is about Noisy-le-Grand, not a national matter."""
    result = geotagger.tag(
        "Noisy rouvre son marché par dérogation\n"
        "Le marché de la place de la mairie de Noisy-le-Grand rouvre le samedi. Le gouvernement avait "
        "interdit les marchés de plein air le 24 mars."
    )
    assert (result.departement_code, result.commune_code) == ("93", "93051")


@pytest.mark.parametrize(
    ("text", "commune"),
    [
        (
            "Maisons de retraite : les visites reprennent\nÀ Créteil, les familles reviennent ; à "
            "Maisons-Alfort aussi, le gouvernement l'a permis.",
            "94028",
        ),
        (
            "Grand ménage de printemps\nÀ Rouen, les bénévoles nettoient les berges ; ceux de "
            "Grand-Couronne aussi, comme le gouvernement y invite.",
            "76540",
        ),
    ],
)
def test_an_ordinary_word_opening_a_title_is_no_shortened_name(geotagger, text, commune):
    """« Maisons de retraite », « Grand ménage »: no Maisons-Alfort, no Grand-Couronne in the title."""
    assert geotagger.tag(text).commune_code == commune

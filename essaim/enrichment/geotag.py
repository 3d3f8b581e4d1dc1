"""Geotagging: the places a French text cites, and the perimeter it is about. Pure (no Django).

One pass over the text: words are cut with their offsets and folded like place names
(`territories.names.normalize_name`: "St-Étienne" = "saint etienne"); the longest run of words
that is a key of the gazetteer is a *mention* ("Seine-Saint-Denis" wins over "Saint-Denis").
Département numbers ("(59)", "dans le 93", "CD 59") and postal codes are read on the way.

Each mention is then weighed by generic rules of written French, never by the wording of any
particular text:

- a place name is written with capitals: "Vue" may be the commune, "vue" never is;
- a name that is also an ordinary word ("Mars", "Plan", "Bar", "Nord", "Cher"), or shorter than
  four letters ("Eu", "Y"), needs a place context: a preposition ("à", "au", "dans" …), an
  institution ("la ville de", "le CCAS de", "le Département du"), a postal code, a département
  number next to it, or the dateline of a title ("Vue : le CCAS …"); a date ("1er Mars",
  "Mars 2020") is no place;
- a département or région name takes its article ("du Nord", "de la Somme", "en Gironde"): that
  tells the département "la Mayenne" from the town "à Mayenne";
- a name inside a street or building name ("rue de Paris", "église Saint-Pierre"), an address,
  a longer unknown compound ("Valence-d'Agen", "Croix-Rouge") or a person's name ("Élisabeth
  Borne") is not cited as a place, or only weakly;
- homonyms are resolved by the other places the text cites (the département or région of each
  reading), then by population; an overseas commune needs its territory cited, as readers
  otherwise take the metropolitan one ("Saint-Denis" alone is Saint-Denis, 93).

Then the perimeter: the département most supported (title mentions count more); within it, a
commune when the initiative is local to it (its title's place, "la ville de X", "le CCAS de X",
the only commune cited) unless the Département (the council) acts; an EPCI or a région when it is
the title's place. Scores are confidences in [0, 1]; below `MIN_CONFIDENCE` no perimeter is given.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from essaim.enrichment.gazetteer import (
    ACRONYM,
    ALIAS,
    AREA,
    ARTICLES,
    COMMUNE,
    CORE,
    DEMONYM,
    DEPARTEMENT,
    EPCI,
    NO_ARTICLE,
    REGION,
    SHORT,
    Gazetteer,
    Name,
    population_weight,
)
from essaim.enrichment.text import SENTENCE_OPENERS
from essaim.territories.names import normalize_name

HAMLET, CITY, SURE_CITY = 3_000, 50_000, 0.8  # a village, a city, "à Lyon": _hamlet_among_cities
SCATTERED = 3  # départements surely cited, none in the title nor most cited: no one perimeter
SURE = 0.75  # a place this sure counts as cited (scattered places, above)
MIN_CONFIDENCE = 0.5  # below, the text names no perimeter (its places are still listed)
UNSUPPORTED_HOMONYM = 0.75  # a name several places bear, that none of the other places cited supports
MAX_CHARS = 100_000  # the visible text read: places are cited early, and 5 MB must stay fast
MAX_RAW_CHARS = 2_000_000  # markup is stripped from at most this much input
TITLE_MAX_CHARS = 300  # a first line up to this long is the title
MAX_MENTIONS = 300  # the first place mentions weighed; a text citing more is a list, not a story
_CACHE_LIMIT = 200_000  # words remembered; garbage input must not grow memory forever


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Single-word names of communes, départements and régions that are also ordinary French words:
# the lower-case entries of a French dictionary (Debian's `wfrench` 1.2.7) whose frequency in
# `wordfreq` 3.1's French data is at least one per million words (Zipf ≥ 3). Regenerate it when
# the geography changes. Names shorter than four letters are treated the same way.
_COMMON_WORDS_TEXT = """
abondance abondant agneaux aigle aiguilles aime aire aires allier allies allons alloue ames ange
angles angoisse anse appelle arches arcs argentine armes ars athee attaques aubaine aube aubin
aucun aurons autels autruche aveux avion aviron avoine avril ay azur baby baffe bains baleine
ballon ballons bannieres bar barils baron barre bars basses bastide bataille baties bats baume
beaux belvedere bernard berne besson bey bidon bille blanc blond bois bonhomme bonne bonnes bonnet
bordeaux bords borne bosse bouchon boue bouee bouillante bouillie bouillon boulot bouquet bourdon
bourg bourgogne bourguignon bourguignons bourre bouteille branches brandon bras breves brie brosses
brousse brunet brusque bruyere bu buis buisson bulle bulles bure bus cabanes cagnotte caille calais
calvados camarade cambrai came camembert campagne cannelle cannes cantal carnet cars casses cassis
castres cause cavalerie caves celle celles cellier cendre centres cercles cercueil cerise cesse
chaise chambre champagne champs chance change chantes chantilly chapeau chapelle chapelles charge
charme charmes chars chasse chateau chatelain chatte chaudiere chaussee chauve chaux chemin chene
cher cheres cheris cheville chiche choisies choux cieux cintre citerne clans claviers clefs cloue
cognac coinces colombe colombes colombier colonne combes combles compas compote comte conde confort
conte contes contre contres coquille cordon corne corps corse cote couches coudes coudre courant
courbe courbes couronne cours courtes couture coutures creances creche creuse croix cultures cures
cuve cuves dangers dauphin degre demie desert deserts detroit devise diamant don donjon doree douai
doue douillet doux douze drap dry dunes duras echelle echelles eclaires ecole ecueil ecurie elan
engins epargnes epine erre escale escales espere estampes etable etain etais etalon etangs etoile
eu eus fa falaise faucon faux fermete ferre fete feux feves fiefs fille fins flat fleche fleurie
florentin flotte folie folies folles fontaine fontainebleau fontaines force forestiere forge forges
forteresse fosse fosses fougeres four fourches fourneaux fours frais francs frise fronton gaillard
gap garde gars gemeaux gene germaine geste giron gironde gland gorges gouts graces grand grange
granges gras grasse grave gray grenade gres grues gueux guise habit haies haleine halles hanches
havre herisson hermes hommes hopital hotellerie houlette irai irais issus jardin job joyeuse joyeux
juif jumeaux jumelles jura jure jury lacs lama lance landes lange laps lasse lattes laye lent
lentilles leves levier lez liege lies ligne lilas lime limoges linge lire lisse lisses loge loges
lombard long lorette lorrain lot louches loue louer loupe lourde lourdes lue lutter lux luxe lys
mache machine macon madeleine mage mages magne maille maillot maire maisons male mana manche manoir
mans marchais marche marches mare marges marie marin marines marne marques marquise marre mars
martel martyre mas mathieu maure maux meaux mene mens menton menus mer mere messe meuse mire miroir
moisson molles monastere monnaie mont montagne monte montmorency monts morte mortiers motte mouche
mouches mouettes mouille moule moulins moult mousse mousson mouton moyen munster mure mures muret
murs mus noce nord noue noyer nuits oie ondes ongles orange orgueil orne ornes paille palais palme
pannes pantin parc parce parent paris parois pas passa passage passais pauvres peintre peintures
pelouse perche pere peri perigueux perles perron pers persan piano pierre pierres pieux pin pince
pins pis place places plaine plaisance plaisir plan planche planches plans plats pleure pleurs poil
poisson poissons pommier pont ponts port porta portes poses possession precieux premieres pres
priez prince publier puits pure puy quarante quartier quimper quinte racines rai raids ramasse
rance rancon rang real relevant rene rennes reunion reveillon ri riche richelieu riez ris rives
riviere rivieres roc roche rocher roches rodez romain romaine romans ronde roquefort roquette
roquettes rouge rouille rousses routes routier roux rue sabres sache saillant sains saint saintes
sales salins salle salles salon sana sarcelles saurais sauvages sauve sceaux selles sen sens
sentinelle serez serpent serre serres sers servais servant servies seuil sevres sieges signes
simple somme son souche soudan soude soupir sourd souterraine soyons suisse sure survie sus
syndicat table tablier tache taillee talon tampon tasse taule temple tendon tendu teneur termes
terrasse tierce tilleul titre tombe tonnerre touche touches tour tourne tournes tours toussaint
trait trappes tresse tresses treve tricot trinite tronche tulle union us vaillant val valence
valenciennes vallee vanne vannes var vaudeville vaux venere ventes ver verdier verger verges verne
verriere vers vert vertus veuve veuves vichy vienne viens vieux vif vignes ville villes vire vitre
vives vivier vogue voisines voue vue y
"""
COMMON_WORDS = _words(_COMMON_WORDS_TEXT)
# Frequent English words (Zipf ≥ 5 in wordfreq's English data) that name small communes.
ENGLISH_WORDS = frozenset({"this", "very", "still", "many", "hours", "gets", "goes", "born", "island"})


# "la ville de X", "le CCAS de X", "le maire du Havre": X is a commune, and the action local.
_COMMUNE_CUES = _words("ville commune mairie maire municipalite municipal ccas cias habitants sociale")
_DEPARTEMENT_CUES = _words("departement departemental departementale cd prefecture prefet dept dpt general")
_REGION_CUES = _words("region regional regionale ile")
# "la communauté de communes du Pays de Gex", whatever its kind today.
_EPCI_CUES = _words("communes agglomeration agglo urbaine metropole cc ca cu")
_CUES = _COMMUNE_CUES | _DEPARTEMENT_CUES | _REGION_CUES
_SURE_LEAD = 0.4  # below, a place in the title is a doubt, not what the text is about
_ARTICLES_AND_CONTRACTED = ARTICLES | {"du", "des", "au", "aux"}
_WEAK_PREPOSITIONS = _words("de d du des dans sur vers depuis près chez")
_PLACE_WORDS = _WEAK_PREPOSITIONS | ARTICLES | {"à", "au", "aux", "en"}  # "en Bretagne", "la Bretagne"
# Street and building names carry place names that are not where the action is.
_ODONYMS = _words(
    "rue avenue av boulevard bd quai impasse allee chemin square route gare passage porte esplanade "
    "parvis faubourg autoroute pont place"
)
_BUILDINGS = _words(
    "eglise college lycee ecole hopital clinique chapelle paroisse basilique cathedrale abbaye residence "
    "foyer ehpad stade institut institution fondation gymnase quartier cite parc hotel salle prison "
    "hospice pharmacie groupe"
)
# Institutions named after their seat but reaching wider: "l'académie de Créteil" is three départements.
_WIDER_SEATS = _words("academie diocese archeveche")
# Nouns whose "du Nord" is a direction, not the département ("l'Afrique du Nord").
_DIRECTION_HEADS = _words(
    "afrique amerique europe asie mer pole gare cap canal hemisphere coree irlande macedoine grand cote "
    "rive porte faubourg quartier zone secteur"
)
# Nouns that count things: "Covid 19", "article 13", "salle 12" carry no département number.
_COUNTING_HEADS = _words(
    "covid sars cov article page salle ligne route rn rd tome chapitre n no numero version windows "
    "annexe loi decret classe bus tram volume"
)
# Départemental bodies that texts name with the département's number: "SDIS 25", "CPAM 93".
_NUMBERED_BODIES = _words(
    "sdis caf cpam udaf admr mdph adil dsden ddcs ddcspp ddets ddt ddtm ddfip udccas cdos"
)
_MONTHS = _words("janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre")
# What follows a number that is no département: "59 ans", "93 repas", "75 %", "13e".
_UNITS = _words(
    "ans an h heures jours mois semaines minutes euros eur km m kg places personnes familles enfants "
    "agents lits repas colis appels fois bits octets bytes ko mo go kb mb gb e eme er ere pour sur"
)
# Before a demonym: an area around the place ("la banlieue parisienne"), not the place;
# its surroundings ("la métropole lilloise"), so its département.
_DEMONYM_AREAS = _words("region banlieue bassin couronne aire agglomerations")
_DEMONYM_TOWNS = _words("ville cite municipalite mairie")
_DEMONYM_SURROUNDINGS = _words("metropole agglomeration agglo pays departement")
_ADJECTIVE_ENDINGS = (
    "ale",
    "ales",
    "enne",
    "ennes",
    "aise",
    "aises",
    "oise",
    "oises",
    "ique",
    "iques",
    "onne",
    "ande",  # « la capitale normande », « lorraine », « occitane »: another region's capital
    "aine",
    "ane",
)
_EXAMPLE_WORDS = _words("dont notamment exemple")
_DISTRICT_WORDS = _words("quartier quartiers")
_PLANS = _words("etendre elargir reproduire dupliquer essaimer envisage envisagent prevoit prevoient")
_CAME = _words(
    "venu venue venus venues vient viennent venant originaire originaires arrive arrivee arrives arrivees"
)
# A witness introduced by where they live: "une habitante de Dole", "un généraliste de Roubaix".
_WITNESSES = _words(
    "habitant habitante retraite retraitee generaliste medecin infirmier infirmiere pharmacien pharmacienne "
    "commercant commercante agriculteur agricultrice eleveur eleveuse artisan boulanger boulangere etudiant "
    "etudiante lyceen lyceenne enseignant enseignante instituteur institutrice professeur professeure "
    "resident residente patient patiente benevole elu elue"
)
_BORN = frozenset({"né", "née", "nés", "nées", "fondé", "fondée", "fondés", "fondées"})  # as written
_SEAT_WORDS = _words("base basee bases basees siege domicilie domiciliee")
_SETTLED_WORDS = _words("installe installee installes installees implante implantee")
# Their demonym is their seat ("l'entreprise parisienne"); an association's is mostly where it acts.
# (Not a manufacturer's: « le fabricant gardois » makes its masks where it is.)
# ("up": « la start-up parisienne » is read as "start", "up".)
_COMPANIES = _words(
    "entreprise societe start startup up groupe enseigne marque compagnie mutuelle assureur editeur"
)
_ORGANISATIONS = _COMPANIES | _words("association cooperative fondation")
# Heads of a compound that make it a name of its own, not "<something>-<town>".
_COMPOUND_HEADS = _words("saint sainte st ste le la les de du des")
_NATIONAL_WORDS = _words("national nationale nationaux ministere gouvernement ministre")
_FUNCTION_WORDS = SENTENCE_OPENERS  # "Depuis Nantes", "Pour Lille": no name before the place
_NEIGHBOUR_WORDS = _words("voisin voisine voisins voisines")
_NAME_PARTICLES_OF_PEOPLE = _words("von van der den di da del della dos ben")  # "Christian von Roques"
# Capitalised words next to a name that do not make it a person's name ("Ville de Paris").
# Not a person's first or last name: « Entraide Colombes » is an organisation named after its town.
_NOT_PEOPLE = _CUES | _words("saint sainte ville grand agglo metropole entraide solidarite solidarites")
# Words only a text written overseas uses: the mainland as « l'Hexagone », Creole words of the
# press of La Réunion and the Antilles (« gramoune », « marmaille », « zoreil »), the archipelago
# La Réunion belongs to (« la Banque alimentaire des Mascareignes »).
_OVERSEAS_WORDS = _words(
    "hexagone gramoune gramounes marmaille marmailles zoreil zoreils zoreille zoreilles mascareignes"
)
_FRENCH_WORDS = _words("le la les des du et est une un pour dans avec sur par qui que au aux ses")
_ENGLISH_WORDS = _words("the and of to is in with for that was are on by from this it")

_WORD_RE = re.compile(r"[^\W_]+")
_DEPARTEMENT_TOKEN_RE = re.compile(r"^(?:cd|dept|dpt)(\d{2,3}|2[ab])$")
_YEAR_RE = re.compile(r"^(1[89]|20)\d\d$")
_SENTENCE_END_RE = re.compile(r"[.!?:;\n«»\"“”()\[\]|•–—]")
_JOIN_RE = re.compile(r"[ \t\u00a0\u202f]{0,2}(?:[-‐‑'’.(][ \t\u00a0\u202f]{0,2})?")
_DATELINE_RE = re.compile(r"\s*[:,–—]")
_HYPHENS = ("-", "‐", "‑")
_MARKUP_RE = re.compile(
    r"<(?:(script|style|noscript|template|svg|head)\b|!--|[A-Za-z/!?])"
    r"|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});",
    re.IGNORECASE,
)
_TAG_RE = re.compile(r"<[A-Za-z/!?][^<>]{0,2000}>")

LOWER, CAPITAL, UPPER, DIGITS = 0, 1, 2, 3  # the shape of a word: "vue", "Vue", "CCAS", "59" or "13e"
NUMBER = "number"  # the form of a département cited by its number


@dataclass(frozen=True)
class Place:
    """A place the text cites. `start`/`end` are offsets in the text as given, around its first
    mention; `evidence` is that mention as read (markup removed)."""

    level: str  # "commune" | "epci" | "departement" | "region"
    code: str
    name: str
    score: float
    start: int
    end: int
    evidence: str


@dataclass(frozen=True)
class GeoResult:
    places: tuple[Place, ...]  # every place found, best first
    best: Place | None  # the most specific perimeter the text supports, or None
    departement_code: str | None  # the best perimeter's (an EPCI's when all members share it)
    commune_code: str | None  # when the text is about one commune
    region_code: str | None

    def epci_names(self) -> tuple[str, ...]:
        """The EPCI the text names, as written: an institution as much as a territory."""
        return tuple(place.evidence for place in self.places if place.level == EPCI)

    def cited_names(self) -> tuple[str, ...]:
        """Each place as the text first cites it and by its name ("14e arrondissement" and
        "Marseille"): the words a comparison of texts sets aside as territory."""
        return tuple(dict.fromkeys(name for place in self.places for name in (place.evidence, place.name)))


EMPTY = GeoResult(places=(), best=None, departement_code=None, commune_code=None, region_code=None)


class Geotagger:
    """Finds places in French text with an in-memory gazetteer; `tag` is safe on any input."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._departement_codes = frozenset(gazetteer.departements)
        # The first word of every key: most words of a text are not one, and are skipped at once.
        self._openers = frozenset(key.split(" ", 1)[0] for key in gazetteer.names)
        self._words: dict[str, tuple[str, int]] = {}

    @classmethod
    def vendored(cls) -> Geotagger:
        """A geotagger over the vendored geography, built once per process."""
        return _vendored()

    def tag(self, text: str) -> GeoResult:
        """The places `text` cites and its perimeter; an empty result when it cites none."""
        if not isinstance(text, str):
            raise TypeError(f"Le texte à géolocaliser doit être une chaîne, pas {type(text).__name__}")
        visible, clean_marks, raw_marks = _visible_text(text)
        words = self._cut(visible[:MAX_CHARS])
        mentions = self._mentions(words) if words.keys else []
        found = self._resolve(words, mentions)
        if not found:
            return EMPTY
        return self._result(words, found, clean_marks, raw_marks)

    # --- words ---------------------------------------------------------------------------------

    def _cut(self, text: str) -> _Words:
        cache = self._words
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        matches = list(_WORD_RE.finditer(text))
        surfaces = [match.group() for match in matches]
        folded = [cache.get(surface) or _fold(surface, cache) for surface in surfaces]
        keys = [key for key, _shape in folded]
        shapes = [shape for _key, shape in folded]
        starts = [match.start() for match in matches]
        ends = [match.end() for match in matches]
        newline = text.find("\n", 0, TITLE_MAX_CHARS)
        title_end = bisect_right(starts, newline) if newline > 0 else 0
        lower, capital = shapes.count(LOWER), shapes.count(CAPITAL)
        # Capitals tell names from words unless the text is all lower-case or mostly capitals.
        mixed_case = lower > 0 and capital > 0 and shapes.count(UPPER) < lower + capital
        sample = keys[:400]
        french = sum(map(_FRENCH_WORDS.__contains__, sample))
        english = sum(map(_ENGLISH_WORDS.__contains__, sample))
        foreign = len(sample) >= 12 and (english > french or french < len(sample) // 25)
        overseas = not _OVERSEAS_WORDS.isdisjoint(keys) or any(
            key == "metropole" and shapes[index] == LOWER and keys[index - 1] in {"en", "de"}
            for index, key in enumerate(keys)
            if index
        )
        return _Words(text, surfaces, keys, shapes, starts, ends, title_end, mixed_case, foreign, overseas)

    # --- mentions ------------------------------------------------------------------------------

    def _mentions(self, words: _Words) -> list[_Mention]:
        spans = self._spans(words)
        name_ends = {end - 1 for _start, end in spans}
        postal_codes = {
            index: key
            for index, key in enumerate(words.keys)
            if len(key) == 5 and words.shapes[index] == DIGITS and key in self.gazetteer.postal_codes
        }
        mentions = []
        names = self.gazetteer.names
        for start, end in spans:
            # The longest name first; when its words do not read as that name ("communauté urbaine
            # Caen la mer" for the EPCI "Caen la Mer"), the longest name within it ("Caen").
            for first, stop in _sub_spans(start, end):
                if first > start and words.keys[first - 1] in ARTICLES:
                    continue  # "le bassin de la Villette" is no commune named Villette
                if (first, stop) == (start, end) or " ".join(words.keys[first:stop]) in names:
                    mention = self._weigh(words, first, stop, postal_codes, name_ends)
                    if mention is not None and mention.readings:
                        mentions.append(mention)
                        break
        _short_forms(mentions)
        mentions += self._numbers(words, name_ends)
        if self.gazetteer.demonyms:
            named = {index for mention in mentions for index in range(mention.start, mention.end)}
            mentions += self._demonyms(words, named)
        mentions.sort(key=lambda mention: mention.start)
        return mentions[:MAX_MENTIONS]

    def _spans(self, words: _Words) -> list[tuple[int, int]]:
        """The longest runs of words that are gazetteer keys; overlaps go to the longer run."""
        names, prefixes, most = self.gazetteer.names, self.gazetteer.prefixes, self.gazetteer.max_words
        keys, count, openers = words.keys, len(words.keys), self._openers
        candidates = []
        for start in range(count):
            key = keys[start]
            if key not in openers:
                continue
            longest = -1
            end = start
            while True:
                if key in names:
                    longest = end
                end += 1
                if key not in prefixes or end >= count or end - start >= most or not _joined(words.gap(end)):
                    break
                key = f"{key} {keys[end]}"
            if longest >= 0:
                candidates.append((start, longest + 1))
        candidates.sort(key=lambda span: (span[0] - span[1], span[0]))
        taken: set[int] = set()
        spans = []
        for start, end in candidates:
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                spans.append((start, end))
        return sorted(spans)

    def _weigh(
        self, words: _Words, start: int, end: int, postal_codes: dict[int, str], name_ends: set[int]
    ) -> _Mention | None:
        """The readings of one name that its context allows, each with a confidence."""
        key = " ".join(words.keys[start:end])
        lower_case = self.gazetteer.lower_case.get(key, 0)
        significant = [i for i in range(start, end) if not lower_case >> (i - start) & 1] or [start]
        if words.mixed_case and any(words.shapes[i] == LOWER for i in significant):
            return None  # "vue", "en mars", "un plan": a place name is written with capitals
        if (
            _in_street_or_building(words, start)
            or _in_date(words, start, end)
            or _in_identifier(words, start, end)
            or (_in_compound(words, start, end) and not _compound_tail(words, start, end))
        ):
            return None
        mention = _Mention(start, end, [], key)
        _read_cue(words, mention)
        for index in (start - 1, end):
            if index in postal_codes and len(words.gap(max(index, start))) <= 3:
                mention.postal_code = postal_codes[index]  # "59000 Lille", "Lille (59000)"
        hint = _number_in_brackets(words, end)
        if hint in self._departement_codes:
            mention.departement_hint = hint
        if start > 0 and _no_break(words, start):
            mention.previous = words.surfaces[start - 1].lower()
        context = _Context(
            significant=tuple(significant),
            risky=_risky(key),
            dateline=_dateline(words, start, end),
            sentence_start=words.sentence_start(start),
            apposition=start - 1 in name_ends and words.gap(start).strip() in {",", "(", "-", "–"},
            continued=_continued(words, end, self.gazetteer),
            in_run=_in_name_run(words, start, end),
        )
        for name in self.gazetteer.names[key]:
            confidence = self._confidence(words, mention, name, context)
            if confidence > 0:
                mention.readings.append((name, confidence))
        return mention

    def _confidence(self, words: _Words, mention: _Mention, name: Name, context: _Context) -> float:
        """How sure the context makes us that this reading is a place cited here; 0 drops it."""
        if name.form == ACRONYM:
            written = all(words.shapes[i] == UPPER for i in range(mention.start, mention.end))
        else:
            written = all(words.capitalised(i, upper_counts=not context.risky) for i in context.significant)
        if not written or not _article_allowed(mention, name):
            return 0.0
        if context.risky and (
            (not words.mixed_case and not (mention.cue or mention.postal_code))  # "en vue de", no capitals
            or _names_more(words, mention.end)  # "le CIAS du Grand Autunois", "le Palais des sports"
        ):
            return 0.0
        if name.level == COMMUNE:
            confidence = self._commune_confidence(words, mention, name, context)
        elif name.level == DEPARTEMENT and name.form == AREA:
            # "sur la Côte d'Opale": a place, less precise than the département's own name.
            confidence = 0.0 if context.risky or mention.cue == COMMUNE else 0.75
        elif name.level == DEPARTEMENT:
            confidence = self._departement_confidence(words, mention, name, context)
        elif name.level == REGION:
            confidence = _region_confidence(mention, context)
        else:
            confidence = _epci_confidence(mention, name, context)
        confidence *= _aside(words, mention, context)
        if name.level == COMMUNE:
            confidence *= self._where_it_acts(words, mention, name, context)
        elif name.level == DEPARTEMENT and _range_end(words, mention):
            confidence *= 0.6  # "des Vosges à la Loire"
        return confidence * (0.6 if words.foreign else 1.0)

    def _where_it_acts(self, words: _Words, mention: _Mention, name: Name, context: _Context) -> float:
        """How much a commune cited is where the text acts, not a seat, a range or a person's name."""
        factor = 1.0
        if _range_end(words, mention) or "jusqu" in words.keys[max(0, mention.start - 4) : mention.start]:
            factor *= 0.6  # "de Lille à Marseille", "jusqu'au CHU de Nice": how far it reaches
        if _compound_tail(words, mention.start, mention.end):
            factor *= 0.8  # "le Louvre-Lens": in a name, yet where the place is
        if _seat(words, mention):
            factor *= 0.5  # "l'enseigne basée à Villeneuve-d'Ascq": where it sits, not where it acts
        commune = self.gazetteer.communes[name.code]
        before = words.keys[max(0, mention.start - 3) : mention.start]
        village = commune.population < HAMLET
        if village and not _DISTRICT_WORDS.isdisjoint(before):
            factor *= 0.5  # "le quartier de la Mosson": a district's name, not a village elsewhere
        if not _EXAMPLE_WORDS.isdisjoint(before):
            factor *= 0.7  # "plusieurs villes, dont Orléans et Metz": one example among others
        if not _PLANS.isdisjoint(words.keys[max(0, mention.start - 8) : mention.start]):
            factor *= 0.6  # "veut étendre ces tournées à Nîmes": where it may go next
        if (
            mention.previous in _ARTICLES_AND_CONTRACTED
            and words.keys[mention.start][:1].isalpha()  # not "le 20e arrondissement de Paris"
            and commune.name_type in {0, 1}
        ):
            # "sur la Croisette", "la Maison des Fougères": an article the town's name does not take
            factor *= 0.5
        if words.gap(mention.end)[:1] in {"'", "’"}:
            factor *= 0.3  # "Mayot'Together": a coined name, not the village of Mayot
        if mention.previous in {"de", "d"} and len(before) >= 2:
            if before[-2] in _CAME:
                factor *= 0.5  # "Josiane, venue de Saint-Martin-d'Hères": where a person comes from
            elif len(before) == 3 and before[0] in {"un", "une"} and before[1] in _WITNESSES:
                factor *= 0.6  # "raconte un généraliste de Roubaix": one witness among many, perhaps
        if context.in_run and not (mention.cue or mention.postal_code):
            small = context.risky or commune.population < 50_000
            factor *= 0.5 if small else 0.8
        return factor

    def _commune_confidence(self, words: _Words, mention: _Mention, name: Name, context: _Context) -> float:
        commune = self.gazetteer.communes[name.code]
        previous = mention.previous
        if mention.cue == COMMUNE or mention.postal_code or mention.departement_hint == commune.departement:
            score = 0.95
        elif (
            previous in {"à", "au", "aux"} or (previous == "a" and words.surfaces[mention.start - 1] == "A")
        ) and not (
            # "au Palais" is a palace more often than Le Palais (Morbihan)
            context.risky and name.form == NO_ARTICLE and commune.population < 20_000
        ):
            score = 0.88  # not "en": "en Ligne", "en Mars" are no communes
        elif context.dateline:
            score = 0.7 if context.risky else 0.85
        elif previous in _WEAK_PREPOSITIONS and not context.risky:
            score = 0.8  # "des Pauvres" is no commune: an ordinary word needs a stronger cue
        elif context.risky:
            score = _risky_commune_confidence(words, mention, commune.population, context)
        else:
            score = 0.62 if context.sentence_start else 0.72
            score += 0.03 * min(population_weight(commune.population) - 4, 2)
        if not score:
            return 0.0
        if mention.cue in {DEPARTEMENT, REGION}:
            score *= 0.5  # "le Département de la Réunion" is not the commune La Réunion
        return score * {ALIAS: 0.8, SHORT: 0.85}.get(name.form, 1.0)

    def _departement_confidence(
        self, words: _Words, mention: _Mention, name: Name, context: _Context
    ) -> float:
        departement = self.gazetteer.departements[name.code]
        previous = mention.previous
        if mention.cue == DEPARTEMENT or (mention.cue == REGION and departement.overseas):
            return 0.97
        if _direction(words, mention.start) or departement.communes == 1:
            return 0.0  # "le nord du Gard"; Paris: the town's reading says as much, weighed as a town's
        if (
            previous in _article_forms(departement.name_type)
            or words.keys[mention.start] in ARTICLES  # "la Somme", "les Landes", "l'Ain"
            or previous in {"en", "dans"}
            or (previous in {"à", "au"} and departement.overseas)  # islands: "à Mayotte"
            or context.dateline
            or context.apposition  # "Roubaix (Nord)", "Chassy, Cher"
        ):
            return 0.9
        if context.risky or mention.cue == COMMUNE:
            return 0.0
        if previous in {"à", "au", "aux"}:
            return 0.3  # "à Mayenne" is the town
        return 0.62 if context.sentence_start else 0.8

    def _numbers(self, words: _Words, name_ends: set[int]) -> list[_Mention]:
        """Départements cited by number: "(59)", "dans le 93", "CD 59", "CD59", "France Victimes 31"."""
        codes = self._departement_codes
        mentions = []
        for index, key in enumerate(words.keys):
            if not (key[:1].isdigit() or (key[:1] == "d" and key[-1:].isdigit()) or key[:2] == "cd"):
                continue
            token = _DEPARTEMENT_TOKEN_RE.match(key)
            if token:
                code, confidence = token.group(1).upper(), 0.92
            elif len(key) in (2, 3):
                code = key.upper()
                confidence = self._number_confidence(words, index, name_ends) if code in codes else 0.0
            else:
                continue
            if code in codes and confidence:
                mention = _Mention(
                    index, index + 1, [(Name(DEPARTEMENT, code, NUMBER), confidence)], f"#{code}"
                )
                cued = index > 0 and words.keys[index - 1] in {"cd", "departement", "du"}
                mention.council = bool(token) or (confidence > 0.9 and cued)
                mention.body = index > 0 and words.keys[index - 1] in _NUMBERED_BODIES
                mentions.append(mention)
        return mentions

    def _demonyms(self, words: _Words, named: set[int]) -> list[_Mention]:
        """Places cited through their inhabitants: "les Nantais", "la municipalité nantaise". Weaker
        than the name itself; never "Le Parisien" (a newspaper) or "la région parisienne"."""
        gazetteer, keys = self.gazetteer, words.keys
        demonyms, most, openers = gazetteer.demonyms, gazetteer.demonym_words, gazetteer.demonym_openers
        mentions = []
        index = 0
        while index < len(keys):
            if keys[index] not in openers:
                index += 1
                continue
            for size in range(min(most, len(keys) - index), 0, -1):
                name = demonyms.get(" ".join(keys[index : index + size]))
                if name is not None and not named.intersection(range(index, index + size)):
                    break
            else:
                index += 1
                continue
            previous = keys[index - 1] if index > 0 and _no_break(words, index) else ""
            confidence = _demonym_confidence(words, index, index + size, previous, name)
            if previous in _DEMONYM_SURROUNDINGS and name.level == COMMUNE:
                # "la métropole lilloise": the city's surroundings, so its département only.
                name = Name(DEPARTEMENT, self.gazetteer.communes[name.code].departement, DEMONYM)
            if confidence:
                reading = (name, confidence * (0.6 if words.foreign else 1.0))
                mentions.append(_Mention(index, index + size, [reading], f"~{name.level}:{name.code}"))
            index += size
        return mentions

    def _number_confidence(self, words: _Words, index: int, name_ends: set[int]) -> float:
        """How sure we are that a two- or three-digit number is a département; 0 when it is not."""
        keys = words.keys
        before = keys[index - 1] if index > 0 and _no_break(words, index) else ""
        two_before = keys[index - 2] if before and index > 1 and _no_break(words, index - 1) else ""
        after = keys[index + 1] if index + 1 < len(keys) else ""
        gap_before, gap_after = words.gap(index), words.gap(index + 1)
        if gap_before.rstrip().endswith("(") and gap_after.lstrip().startswith(")"):
            return _bracketed_number_confidence(words, index, name_ends)
        if (
            gap_after.startswith(("%", "°"))
            or (gap_after in {",", "."} and after.isdigit())  # 59,5
            or (after.isdigit() and gap_after.strip() == "")  # 20 000
            or before.isdigit()
            or after in _MONTHS
            or after in _UNITS
            or _YEAR_RE.match(after)
        ):
            return 0.0
        if (
            before in {"cd", "departement", "dept", "dpt"}
            or (before in {"du", "de"} and two_before in {"departement", "cd"})
            or before in _NUMBERED_BODIES  # "les pompiers du SDIS 25", "la CAF 93"
        ):
            return 0.95
        if before == "le" and two_before == "dans":
            return 0.85
        if (
            len(before) >= 3
            and words.shapes[index - 1] == CAPITAL
            and before not in _COUNTING_HEADS
            and gap_before == " "
            and not words.sentence_start(index - 1)
            and (not after or _SENTENCE_END_RE.search(gap_after) or words.shapes[index + 1] == LOWER)
            and not words.foreign
        ):
            return 0.5  # "Sauvegarde 26": départemental associations carry their number
        return 0.0

    # --- readings ------------------------------------------------------------------------------

    def _resolve(self, words: _Words, mentions: list[_Mention]) -> dict[tuple[str, str], _Found]:
        """Pick one reading per mention, supported by the départements and régions of the other
        mentions (all their readings first, then their chosen one), and gather each place's mentions."""
        overseas = words.overseas
        support = _Support(self.gazetteer, mentions, [m.readings for m in mentions], overseas=overseas)
        choices = self._choose(mentions, support)
        chosen = [[choice] if choice else [] for choice in choices]
        support = _Support(self.gazetteer, mentions, chosen, overseas=overseas)
        choices = self._choose(mentions, support)
        found: dict[tuple[str, str], _Found] = {}
        for mention, choice in zip(mentions, choices, strict=True):
            if choice is None:
                continue
            name, score = choice
            in_title = mention.start < words.title_end
            local = mention.cue == COMMUNE and mention.institution and name.level == COMMUNE
            place = found.get((name.level, name.code))
            if place is None:
                found[name.level, name.code] = _Found(
                    name, score, mention, in_title, local, mention.council, body_only=mention.body
                )
                continue
            # Each further mention adds half its weight: repetition is evidence, but correlated.
            place.score = min(1 - (1 - place.score) * (1 - score * 0.5), 0.99)
            place.mentions += 1
            place.in_title = place.in_title or in_title
            place.local_cue = place.local_cue or local
            place.council = place.council or mention.council
            place.body_only = place.body_only and mention.body
        self._shortened_in_title(words, found)
        return found

    def _shortened_in_title(self, words: _Words, found: dict[tuple[str, str], _Found]) -> None:
        """« Ivry rouvre son marché » over a text about Ivry-sur-Seine: titles shorten a compound
        name to its head; when no place of the title was found, the commune is the title's place."""
        if any(place.in_title for place in found.values()):
            return
        heads = {
            key
            for index, key in enumerate(words.keys[: words.title_end])
            if words.shapes[index] == CAPITAL
            and "-" not in words.gap(index)
            and "-" not in words.gap(index + 1)
            and key not in _COMPOUND_HEADS  # « Saint », « Sainte » stand for no one
            and key not in _FUNCTION_WORDS  # « Notre »
            and not _risky(key)  # « Maisons de retraite » is no Maisons-Alfort
            and (index + 1 >= words.title_end or words.keys[index + 1] not in _OF)
        }
        for place in found.values():
            if place.name.level == COMMUNE:
                head, hyphen, _rest = self.gazetteer.communes[place.name.code].name.partition("-")
                if hyphen and normalize_name(head).replace(" ", "") in heads:
                    place.in_title = True

    def _choose(self, mentions: list[_Mention], support: _Support) -> list[tuple[Name, float] | None]:
        """The likeliest reading of each mention, with its confidence. One sense per text: all the
        mentions of a name take the reading that its most telling mention supports ("Vienne : …"
        then "à Vienne" is the town both times)."""
        weights = [self._weights(mention, support) for mention in mentions]
        best_of_name: dict[str, dict[Name, float]] = defaultdict(dict)
        for mention, weighted in zip(mentions, weights, strict=True):
            combined = best_of_name[mention.key]
            for name, weight in weighted.items():
                combined[name] = max(combined.get(name, weight), weight)
        choices: list[tuple[Name, float] | None] = []
        several_names = len({mention.key for mention in mentions}) > 1
        for mention, weighted in zip(mentions, weights, strict=True):
            combined = best_of_name[mention.key] if mention.readings else {}
            own = {name: weighted[name] for name in combined if name in weighted}
            if not own:
                choices.append(None)
                continue
            name = max(combined, key=combined.__getitem__)
            if name not in own:
                name = max(own, key=own.__getitem__)
            # Paris the commune and Paris the département are one place: they are no rivals.
            rivals = [
                weight for other, weight in own.items() if other == name or not self._same_place(other, name)
            ]
            share = 1 / sum(10 ** (weight - own[name]) for weight in rivals)
            confidence = dict(mention.readings)[name]
            # A name several places bear, that none of the text's other places vouches for
            # ("à Maurepas" in a text on Rennes): a district, a street, more often than that town.
            if len(rivals) > 1 and several_names and not self._supported(name, mention.key, support):
                confidence *= UNSUPPORTED_HOMONYM
            choices.append((name, confidence * (0.4 + 0.6 * share)))
        return choices

    def _same_place(self, a: Name, b: Name) -> bool:
        """A département of one commune (Paris) and that commune."""
        if {a.level, b.level} != {COMMUNE, DEPARTEMENT}:
            return False
        commune, departement = (a, b) if a.level == COMMUNE else (b, a)
        return (
            self.gazetteer.departements[departement.code].communes == 1
            and self.gazetteer.communes[commune.code].departement == departement.code
        )

    def _supported(self, name: Name, key: str, support: _Support) -> bool:
        departement = self.gazetteer.departement_of(name.level, name.code) or ""
        region = self.gazetteer.region_of(name.level, name.code) or ""
        return support.of(DEPARTEMENT, departement, key) > 0 or support.of(REGION, region, key) > 0

    def _weights(self, mention: _Mention, support: _Support) -> dict[Name, float]:
        """Each reading's weight (log-scale): population, the other places cited, the words around."""
        gazetteer = self.gazetteer
        weights = {}
        for name, confidence in mention.readings:
            departement = gazetteer.departement_of(name.level, name.code) or ""
            region = gazetteer.region_of(name.level, name.code) or ""
            departement_support = support.of(DEPARTEMENT, departement, mention.key)
            population = gazetteer.population_of(name.level, name.code)
            # A former commune is far smaller than the one it merged into.
            weight = population_weight(min(population, 2_000) if name.form == ALIAS else population)
            weight += 3 * departement_support + 1.5 * support.of(REGION, region, mention.key) + 2 * confidence
            if name.level == COMMUNE:
                weight += self._commune_bonus(mention, name, departement_support, support.overseas)
            elif name.level == DEPARTEMENT:
                weight += self._departement_bonus(mention, name)
            weights[name] = weight
        return weights

    def _commune_bonus(self, mention: _Mention, name: Name, support: float, overseas: bool) -> float:
        commune = self.gazetteer.communes[name.code]
        bonus = 0.0
        if mention.postal_code in commune.postal_codes:
            bonus += 6
        if mention.departement_hint == commune.departement:
            bonus += 6
        if (
            commune.overseas
            and support < 0.3
            and not overseas
            and self.gazetteer.departements[commune.departement].name != commune.name
        ):
            bonus -= 2.5  # overseas homonyms need their island cited
        if mention.cue == COMMUNE or mention.previous in {"à", "au", "aux"}:
            bonus += 2  # "à Mayenne" is the town, "en Mayenne" the département
        if name.form == ALIAS:
            bonus -= 1.5
        if mention.previous in {"au", "du", "aux", "des"}:
            # "du Hamel" is Le Hamel, not Hamel
            bonus += 2 if name.form == NO_ARTICLE or commune.name_type in (2, 4) else -2
        return bonus

    def _departement_bonus(self, mention: _Mention, name: Name) -> float:
        departement = self.gazetteer.departements[name.code]
        bonus = 0.0
        if departement.communes == 1:
            # Paris is a commune and a département: say commune. Saint-Martin is an overseas
            # collectivity with no real commune: say département.
            bonus += 0.5 if departement.overseas else -0.5
        if mention.cue == DEPARTEMENT:
            bonus += 3
        if mention.previous in {"en", "dans"} or mention.previous in _article_forms(departement.name_type):
            bonus += 2
        return bonus

    # --- perimeter -----------------------------------------------------------------------------

    def _result(
        self,
        words: _Words,
        found: dict[tuple[str, str], _Found],
        clean_marks: list[int],
        raw_marks: list[int],
    ) -> GeoResult:
        best, confidence = self._perimeter(words, found)
        if confidence < MIN_CONFIDENCE:
            best = None
        gazetteer = self.gazetteer

        def place(item: _Found) -> Place:
            first, last = words.starts[item.mention.start], words.ends[item.mention.end - 1]
            return Place(
                level=item.name.level,
                code=item.name.code,
                name=gazetteer.name_of(item.name.level, item.name.code),
                score=round(confidence if item is best else item.score, 3),
                start=_raw_offset(first, clean_marks, raw_marks),
                end=_raw_offset(last, clean_marks, raw_marks),
                evidence=words.text[first:last],
            )

        ordered = sorted(found.values(), key=lambda item: (item is not best, -item.score, item.mention.start))
        if best is not None and ordered[0] is not best:  # a département its surest place speaks for
            ordered = [best, *(item for item in ordered if item.name != best.name)]
        places = tuple(place(item) for item in ordered)
        if best is None:
            return GeoResult(
                places=places, best=None, departement_code=None, commune_code=None, region_code=None
            )
        level, code = best.name.level, best.name.code
        return GeoResult(
            places=places,
            best=places[0],
            departement_code=gazetteer.departement_of(level, code),
            commune_code=code if level == COMMUNE else None,
            region_code=gazetteer.region_of(level, code),
        )

    def _hamlet_among_cities(self, lead: _Found, places: list[_Found]) -> bool:
        """The title's place is a village no other place of the text supports, while the text names
        a large city elsewhere, surely: "Gerland" (21, 443 inhabitants) heading a text on the Ville de
        Lyon's centre at Gerland is Lyon's district, not the village."""
        gazetteer = self.gazetteer
        if lead.name.level != COMMUNE or gazetteer.communes[lead.name.code].population >= HAMLET:
            return False
        home = gazetteer.communes[lead.name.code].departement
        if any(p is not lead and gazetteer.departement_of(p.name.level, p.name.code) == home for p in places):
            return False
        sure = [p for p in places if p.name.level == COMMUNE and p.score >= SURE_CITY]
        if any(gazetteer.communes[p.name.code].population >= CITY for p in sure):
            return True
        # "Tarentaise" (a village of the Loire) heading a text on Moûtiers and Bourg-Saint-Maurice
        # (Savoie): a valley, a district, not the village.
        towns = Counter(gazetteer.communes[p.name.code].departement for p in sure)
        return any(count >= 2 for count in towns.values())

    def _perimeter(self, words: _Words, found: dict[tuple[str, str], _Found]) -> tuple[_Found | None, float]:
        """The most specific perimeter the text supports, and the confidence in it."""
        gazetteer = self.gazetteer
        places = sorted(found.values(), key=lambda place: place.mention.start)
        # The title's first place (a sure one): what the text is about.
        titled = [place for place in places if place.in_title and place.score >= _SURE_LEAD]
        lead = titled[0] if titled else None
        while lead is not None and self._hamlet_among_cities(lead, places):
            titled.remove(lead)
            places.remove(lead)
            lead = titled[0] if titled else None
        national = _national(words)

        votes: dict[str, float] = defaultdict(float)
        council_acts = _council_acts(words, leading=True)
        for place in places:
            departement = gazetteer.departement_of(place.name.level, place.name.code)
            if departement:
                weight = place.score * (2.5 if place is lead else 2.0 if place.in_title else 1.0)
                if place.name.level == DEPARTEMENT:
                    # The Département acting (« le Département de la Seine-Saint-Denis envoie 550
                    # jeunes à Tignes »): where it sends them is not its perimeter.
                    weight *= 1.8 if place.council or (place is lead and council_acts) else 1.2
                votes[departement] += weight
        regional = lead is not None and lead.name.level == REGION and not any(p.local_cue for p in places)
        if (
            regional
            and lead is not None
            and len(votes) == 1
            and not (_council_acts(words, REGION) or _regional_service(words))
        ):
            # "Auvergne : … ateliers de Clermont-Ferrand … maisons de retraite du Puy-de-Dôme": every
            # local place in one département of that région is what the text is about (unless the
            # Région itself acts: « la Région Normandie crée un fonds … à Coutances »).
            (only,) = votes
            regional = gazetteer.region_of(DEPARTEMENT, only) != lead.name.code
        # « Toulouse, Montpellier : la Région … »: a title naming towns of several départements is not
        # about the first one.
        titled_departements = {gazetteer.departement_of(p.name.level, p.name.code) for p in titled} - {None}
        several = len(titled_departements) > 1
        across = self._region_acts_across(words, places, votes) if lead is None or several else None
        if across is not None:
            return across, across.score
        if not votes or regional:
            regions = [place for place in places if place.name.level == REGION]
            region = lead if lead and lead.name.level == REGION else max(regions, key=_score, default=None)
            if region is None:
                return None, 0.0
            return region, region.score * (0.6 if national and not region.in_title else 1.0)

        departement = max(votes, key=votes.__getitem__)  # ties: the first cited
        inside = [p for p in places if gazetteer.departement_of(p.name.level, p.name.code) == departement]
        chosen = _most_specific(inside, lead, council=_council_acts(words) or any(p.council for p in places))
        fraction = votes[departement] / sum(votes.values())
        share = 0.5 + 0.5 * fraction
        if chosen is None or (lead is None and self._scattered(places, fraction)):
            return None, 0.0
        discount = 1.0
        if national and not chosen.in_title:
            # A national programme often cites one local example; several agreeing mentions make a
            # local text that also speaks of national matters. (On the sample, 16 of the 17 texts
            # with national words and no place in the title are national.)
            discount = 0.7 if sum(place.mentions for place in inside) > 1 else 0.5
        confidence = chosen.score * share * discount
        if confidence < MIN_CONFIDENCE and chosen.name.level != DEPARTEMENT and len(inside) > 1:
            # « Lodève Solidarité Covid » (unsure) … Montpellier … Clermont-l'Hérault: which commune
            # is unsure, the département is not; its surest place speaks for it.
            surest = max(inside, key=_score)
            if surest.score * share * discount >= MIN_CONFIDENCE:
                return replace(surest, name=Name(DEPARTEMENT, departement)), surest.score * share * discount
        return chosen, confidence

    def _region_acts_across(
        self, words: _Words, places: list[_Found], votes: dict[str, float]
    ) -> _Found | None:
        """The Région acts, and the towns cited lie in several of its départements: « la Région
        Hauts-de-France … les CHU de Lille et d'Amiens » is a regional scheme, the région named or not
        (« la Région … les banques alimentaires de Besançon et d'Auxerre »)."""
        if (
            len(votes) < 2
            or any(p.local_cue for p in places)
            or not _council_acts(words, REGION, leading=True)
        ):
            return None
        gazetteer = self.gazetteer
        regions = {gazetteer.region_of(DEPARTEMENT, departement) for departement in votes}
        if len(regions) != 1:
            return None
        code = regions.pop()
        if code is None:
            return None
        named = [p for p in places if p.name.level == REGION and p.name.code == code and p.score >= SURE]
        if named:
            return named[0]
        if any(p.name.level == REGION for p in places):
            return None  # another région is named: not this one's scheme
        surest = max(places, key=_score)
        return replace(surest, name=Name(REGION, code))

    def _scattered(self, places: list[_Found], share: float) -> bool:
        """No place in the title and sure places all over: no one perimeter."""
        if (
            len({place.name.code for place in places if place.name.level == REGION and place.score >= SURE})
            > 1
        ):
            return True  # "les hôpitaux d'Île-de-France et du Grand Est, notamment à Mulhouse"
        if share >= 0.5:
            return False
        gazetteer = self.gazetteer
        sure = {gazetteer.departement_of(p.name.level, p.name.code) for p in places if p.score >= SURE}
        return len(sure) >= SCATTERED  # "présente à Paris, Lyon, Lille et Marseille"


@cache
def _vendored() -> Geotagger:
    return Geotagger(Gazetteer.vendored())


@dataclass(slots=True)
class _Words:
    """The text cut into words: surface, folded key, shape and offsets, plus traits of the text."""

    text: str
    surfaces: list[str]
    keys: list[str]
    shapes: list[int]
    starts: list[int]
    ends: list[int]
    title_end: int  # words before this index are the title's
    mixed_case: bool  # capitals carry information (not an all-lower or all-caps text)
    foreign: bool  # the text is not French
    overseas: bool = False  # written from overseas: « venus de métropole », « les gramounes »

    def gap(self, index: int) -> str:
        """The characters between word `index - 1` and word `index`."""
        if index <= 0:
            return self.text[: self.starts[0]] if self.starts else ""
        if index >= len(self.starts):
            return self.text[self.ends[-1] :]
        return self.text[self.ends[index - 1] : self.starts[index]]

    def sentence_start(self, index: int) -> bool:
        return index in {0, self.title_end} or bool(_SENTENCE_END_RE.search(self.gap(index)))

    def capitalised(self, index: int, *, upper_counts: bool = True) -> bool:
        shape = self.shapes[index]
        return shape in {CAPITAL, DIGITS} or (upper_counts and shape == UPPER) or not self.mixed_case


@dataclass(slots=True)
class _Mention:
    start: int  # word indexes, end excluded
    end: int
    readings: list[tuple[Name, float]]  # each reading with the confidence its context gives
    key: str = ""  # the folded name ("saint denis"), or "#59" for a number
    cue: str = ""  # COMMUNE, DEPARTEMENT or REGION: an institution named just before
    council: bool = False  # "le Département du Gard": the council itself
    departement_hint: str = ""  # "(59)" right after
    postal_code: str = ""  # right before or after
    previous: str = ""  # the word just before, lower-cased ("à", "du", "en"), unless punctuation parts them
    # The cue is the town's institution ("la ville de", "le CCAS de"), not its people ("les
    # habitants de X", who may be invited to what another town runs).
    institution: bool = False
    body: bool = False  # "SDIS 25": a body named by its département's number, not a perimeter


@dataclass(frozen=True, slots=True)
class _Context:
    """What the words around a name say, the same for all its readings."""

    significant: tuple[int, ...]  # the words that must be capitalised
    risky: bool  # the name is also an ordinary word, or very short
    dateline: bool  # "Nemours : …" opening the title
    sentence_start: bool  # its capital says nothing
    apposition: bool  # right after another place: "Roubaix (Nord)", "Chassy, Cher"
    continued: bool  # the start of a longer proper name: "la Côte d'Opale"
    in_run: bool  # next to a capitalised word: a person's name?


@dataclass(slots=True)
class _Found:
    """A place and what its mentions say, while deciding the perimeter."""

    name: Name
    score: float
    mention: _Mention  # the first
    in_title: bool
    local_cue: bool = False
    council: bool = False
    mentions: int = 1
    body_only: bool = False  # only named through its bodies ("SDIS 25")


def _article_allowed(mention: _Mention, name: Name) -> bool:
    """ "Havre" only after "au"/"du"; "Réunion" only after an institution ("la Région Réunion")."""
    if name.form != NO_ARTICLE:
        return True
    if name.level == COMMUNE:
        return mention.previous in {"au", "du", "aux", "des"}
    return bool(mention.cue)


def _sub_spans(start: int, end: int) -> Iterator[tuple[int, int]]:
    """The spans within [start, end), longest first, then leftmost."""
    for size in range(end - start, 0, -1):
        for first in range(start, end - size + 1):
            yield first, first + size


def _short_forms(mentions: list[_Mention]) -> None:
    """ "à Clichy" then "à Clichy-sous-Bois, en Seine-Saint-Denis": the short name is the long one's
    usual short form in this text, not another commune."""
    longer: dict[str, set[Name]] = defaultdict(set)  # a key's proper word prefix -> the communes
    for mention in mentions:
        if len(mention.readings) == 1 and mention.readings[0][0].level == COMMUNE:
            words = mention.key.split()
            for end in range(1, len(words)):
                longer[" ".join(words[:end])].add(mention.readings[0][0])
    if not longer:
        return
    for mention in mentions:
        article, _space, rest = mention.key.partition(" ")
        # "Le Puy" then "du Puy-en-Velay": the article went into "du".
        found = longer.get(mention.key) or (longer.get(rest) if article in ARTICLES else None)
        if found and len(found) == 1 and any(name.level == COMMUNE for name, _ in mention.readings):
            confidence = max(confidence for _, confidence in mention.readings)
            mention.readings = [(next(iter(found)), confidence)]


def _demonym_confidence(words: _Words, start: int, end: int, previous: str, name: Name) -> float:
    qualified = _demonym_of_noun(previous, name)
    if qualified is not None:
        return qualified
    if words.keys[start] == "capitale" and end - start == 1:
        # "dans la capitale" is Paris; "la capitale régionale", "la capitale de la Bretagne" are not.
        return 0.6 if previous == "la" and not _qualified(words, end) else 0.0
    shape = words.shapes[start]
    if shape == CAPITAL and previous in {"le", "la", "l"} and end - start == 1:
        return 0.0  # "Le Parisien", "La Marseillaise": a newspaper, an anthem
    if shape == CAPITAL and not words.sentence_start(start):
        return 0.7  # "les Nantais", "des Lillois", "la Ville rose"
    return 0.6


def _demonym_of_noun(previous: str, name: Name) -> float | None:
    """What the noun a demonym qualifies makes of it, if it says anything."""
    if previous in _COMPANIES:
        return 0.3  # "l'entreprise parisienne": where it is based, not where it acts
    if name.level != COMMUNE:
        return None
    if previous in _DEMONYM_AREAS:
        return 0.0  # "la région parisienne", "la banlieue lyonnaise": no one place
    if previous in _DEMONYM_TOWNS:
        return 0.8  # "la cité blésoise", "la municipalité lilloise": the town itself
    return None


def _seat(words: _Words, mention: _Mention) -> bool:
    """ "basée à Biarritz", "dont le siège est à Lyon", "l'entreprise sociale Simplon, installée à
    Montreuil": an organisation's seat (not "un centre installé à Lens", where it acts)."""
    start = mention.start
    if mention.previous not in {"à", "a"} or start < 2:
        return False
    before = words.keys[max(0, start - 4) : start - 1]
    if not _SEAT_WORDS.isdisjoint(before):
        return True
    if any(word.lower() in _BORN for word in words.surfaces[max(0, start - 3) : start - 1]):
        return True  # "Né à Paris en 2017, le service répond…": where it began, not where it acts
    return not _SETTLED_WORDS.isdisjoint(before) and not _ORGANISATIONS.isdisjoint(
        words.keys[max(0, start - 8) : start - 1]
    )


_OF = frozenset({"de", "d", "des", "du"})  # "de Lille à…", "de la Région"
_RANGE_TO = frozenset({"à", "au", "aux"})  # "du Gard aux Pyrénées-Orientales"


def _aside(words: _Words, mention: _Mention, context: _Context) -> float:
    """Less sure of a name that opens a longer one (« la Côte d'Opale ») or is followed by « voisin »:
    « l'hôpital d'Argenteuil, dans le Val-d'Oise voisin » is next door, not where the text acts."""
    factor = 0.4 if context.continued else 1.0
    keys, start, end = words.keys, mention.start, mention.end
    if (
        end < len(keys)
        and keys[end] in _NEIGHBOUR_WORDS
        and words.shapes[end] == LOWER  # not « Lyon Voisins Solidaires »
        and _no_break(words, end)
        # A name with its article, as the press writes a neighbour: not « à Lyon voisins et commerçants »
        and {keys[start], keys[start - 1] if start else ""} & ARTICLES
        and (end + 1 == len(keys) or keys[end + 1] not in _OF | {"avec"})  # « voisine de Paris »
    ):
        factor *= 0.3
    return factor


def _range_end(words: _Words, mention: _Mention) -> bool:
    """ "de Lille à Marseille", "de Brest à Strasbourg": a name opening or closing a range."""
    surfaces, start, end = words.surfaces, mention.start, mention.end
    if (
        mention.previous in _OF
        and end + 1 < len(surfaces)
        and surfaces[end] in _RANGE_TO
        and _no_break(words, end)
    ):
        following = end + 1
        if surfaces[following].lower() in ARTICLES and following + 1 < len(surfaces):
            following += 1  # "des Vosges à la Loire"
        if words.capitalised(following):
            return True
    if mention.previous not in _RANGE_TO or start < 2 or not _no_break(words, start - 1):
        return False  # ("rue de la Mare, à Paris" is no range)
    # Back over the first name ("Saint-Jean-de-Luz" is several words) to the "de" before it.
    for index in range(start - 2, max(-1, start - 7), -1):
        word = surfaces[index]
        if word.lower() in _OF and not words.gap(index + 1).startswith("-"):
            return index < start - 2
        if not (
            words.capitalised(index, upper_counts=False)
            or words.gap(index + 1) == "-"
            or word.lower() in ARTICLES
        ):
            return False  # ("de l'Aude aux Pyrénées-Orientales": past the article)
    return False


def _national(words: _Words) -> bool:
    """National words, except in a local institution's name ("l'Opéra national de Paris"), or the
    whole country (« partout en France », « dans toute la France », « la France entière »)."""
    keys = words.keys
    for index, key in enumerate(keys):
        if key == "france" and _whole_country(keys, index):
            return True
        if key in _NATIONAL_WORDS and not (
            key.startswith("national")
            and index + 2 < len(keys)
            and keys[index + 1] in {"de", "du", "d"}
            and words.capitalised(index + 2)
        ):
            return True
    return False


def _whole_country(keys: list[str], index: int) -> bool:
    """« partout en France », « dans toute la France », « la France entière »: but not a local story's
    frame (« comme partout en France », « venus de toute la France ») nor « l'Île-de-France entière »."""
    before = keys[max(0, index - 2) : index]
    if before in (["partout", "en"], ["toute", "la"]):
        return keys[max(0, index - 3) : max(0, index - 2)] not in (["comme"], ["de"])
    return keys[index + 1 : index + 2] == ["entiere"] and keys[index - 1 : index] != ["de"]


def _qualified(words: _Words, index: int) -> bool:
    """Whether the word at `index` qualifies the one before ("capitale régionale", "… de la")."""
    if index >= len(words.keys) or not _no_break(words, index):
        return False
    key = words.keys[index]
    if key == "des":  # "la capitale des Gaules", but "distribue dans la capitale des colis"
        return index + 1 < len(words.keys) and words.capitalised(index + 1)
    return key in {"de", "du", "d"} or key.endswith(_ADJECTIVE_ENDINGS)


def _risky_commune_confidence(words: _Words, mention: _Mention, population: int, context: _Context) -> float:
    """A commune named like an ordinary word, with no place context: only a large town, and not
    alone ("Orange" may be the company; "Tours de magie" opens a sentence)."""
    large = population >= 100_000
    if words.keys[mention.start] in ARTICLES:  # "Le Mans", "La Garde": the article makes it a name
        return 0.72 if large else 0.45
    if large:
        return 0.45 if context.sentence_start else 0.72
    return 0.45 if population >= 20_000 and not context.sentence_start else 0.0


def _region_confidence(mention: _Mention, context: _Context) -> float:
    if mention.cue == REGION:
        return 0.95
    if mention.previous in _PLACE_WORDS or context.dateline:
        return 0.85
    return 0.0 if context.risky else 0.75


def _epci_confidence(mention: _Mention, name: Name, context: _Context) -> float:
    if name.form == CORE:  # an EPCI's name without its kind: "Grand Dole"
        if mention.cue == EPCI:
            return 0.92
        if context.risky:
            return 0.0
        return 0.8 if mention.previous in _PLACE_WORDS or context.dateline else 0.7
    return 0.8 if name.form == ACRONYM else 0.92


def _most_specific(inside: list[_Found], lead: _Found | None, *, council: bool) -> _Found | None:
    """Within one département: the commune when the initiative is local to it, an EPCI when it is
    the title's place, else the département."""
    communes = [place for place in inside if place.name.level == COMMUNE]
    epcis = [place for place in inside if place.name.level == EPCI]
    named = [place for place in inside if place.name.level == DEPARTEMENT and not place.body_only]
    bodies = [place for place in inside if place.name.level == DEPARTEMENT and place.body_only]
    departement_titled = any(place.in_title for place in named)
    commune = max(communes, key=lambda p: (p.local_cue, p.in_title, p.score, -p.mention.start), default=None)
    epci = max(epcis, key=lambda p: (p.in_title, p.score, -p.mention.start), default=None)
    if commune is not None and (
        (commune.local_cue and not (council and departement_titled))
        or (commune is lead and not council)
        or (commune.in_title and not departement_titled and not council)
        or (len(communes) == 1 and not departement_titled and not council and not (epci and epci.in_title))
    ):
        return commune
    if epci is not None and (epci.in_title or not named) and not departement_titled:
        return epci
    if named:
        return max(named, key=_score)
    return commune or epci or max(bodies, key=_score, default=None)


def _score(place: _Found) -> float:
    return place.score


class _Support:
    """The départements and régions each name vouches for (its readings', by their share of
    confidence), so that the other names can lean on them; a name does not vouch for itself."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        mentions: list[_Mention],
        readings: list[list[tuple[Name, float]]],
        *,
        overseas: bool = False,
    ):
        self.overseas = overseas  # the text is written overseas: an island need not be cited
        by_place: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
        for mention, chosen in zip(mentions, readings, strict=True):
            for name, confidence in chosen:
                weight = confidence / len(chosen)
                for level, code in (
                    (DEPARTEMENT, gazetteer.departement_of(name.level, name.code)),
                    (REGION, gazetteer.region_of(name.level, name.code)),
                ):
                    if code:
                        keys = by_place[level, code]
                        keys[mention.key] = max(keys.get(mention.key, 0.0), weight)
        # The two strongest names per place are enough to know what the others say of it.
        self._top = {
            place: sorted(keys.items(), key=lambda item: -item[1])[:2] for place, keys in by_place.items()
        }

    def of(self, level: str, code: str, key: str) -> float:
        """How strongly names other than `key` vouch for this département or région."""
        for other, weight in self._top.get((level, code), ()):
            if other != key:
                return weight
        return 0.0


def _fold(surface: str, cache: dict[str, tuple[str, int]]) -> tuple[str, int]:
    """The folded key and the shape of one word, remembered."""
    key = normalize_name(surface).replace(" ", "")
    if surface[0].isdigit():
        shape = DIGITS
    elif len(surface) > 1 and surface.isupper():
        shape = UPPER
    elif surface[0].isupper():
        shape = CAPITAL
    else:
        shape = LOWER
    cache[surface] = (key, shape)
    return key, shape


def _risky(key: str) -> bool:
    """A name that is also an ordinary word, or too short to be told from one."""
    words = [word for word in key.split() if word not in ARTICLES]
    if len(words) != 1:
        return False
    return words[0] in COMMON_WORDS or words[0] in ENGLISH_WORDS or len(words[0]) < 4


@lru_cache(maxsize=4096)  # bounded: garbage input has endless distinct gaps
def _joined(gap: str) -> bool:
    """Whether two words separated by `gap` may belong to one name ("Saint-Denis", "Val d'Oise")."""
    return gap != "" and bool(_JOIN_RE.fullmatch(gap))


def _no_break(words: _Words, index: int) -> bool:
    """No punctuation between word `index - 1` and word `index` (spaces, apostrophes, hyphens)."""
    gap = words.gap(index)
    return gap == " " or _joined(gap)


def _read_cue(words: _Words, mention: _Mention) -> None:
    """An institution named just before: "la ville de", "le Département du", "la Région"."""
    index = mention.start - 1
    skipped = 0
    while index >= 0 and words.keys[index] in ARTICLES | {"de", "du", "des", "d"} and skipped < 2:
        if not _no_break(words, index + 1):
            return
        index -= 1
        skipped += 1
    if index < 0 or not _no_break(words, index + 1):
        return
    key = words.keys[index]
    if key in _COMMUNE_CUES:
        mention.cue = COMMUNE
        mention.institution = key != "habitants"
    elif key in _DEPARTEMENT_CUES:
        mention.cue = DEPARTEMENT
        mention.council = words.shapes[index] != LOWER or key in {"departemental", "cd", "general"}
    elif key in _REGION_CUES:
        mention.cue = REGION
    elif key in _EPCI_CUES:
        mention.cue = EPCI


def _article_forms(name_type: int | None) -> frozenset[str]:
    """The words that precede a département or région name, given its INSEE article type."""
    return _ARTICLE_FORMS.get(name_type or 0, _ARTICLE_FORMS[0])


_ARTICLE_FORMS = {
    0: frozenset({"de", "à"}),
    1: frozenset({"d"}),
    2: frozenset({"le", "du", "au"}),
    3: frozenset({"la"}),
    4: frozenset({"les", "des", "aux"}),
    5: frozenset({"l"}),
}


def _number_in_brackets(words: _Words, index: int) -> str:
    """The number in "(59)" right after word `index - 1`, upper-cased ("2A"), or ""."""
    if index >= len(words.keys) or words.gap(index).strip() != "(":
        return ""
    key = words.keys[index]
    if not (key[:1].isdigit() and len(key) in (2, 3)) or not words.gap(index + 1).lstrip().startswith(")"):
        return ""
    return key.upper()


def _bracketed_number_confidence(words: _Words, index: int, name_ends: set[int]) -> float:
    """ "Roubaix (59)" is surely the Nord; "une association (59)" less so."""
    if index - 1 in name_ends:
        return 0.92
    return 0.8 if index > 0 and words.shapes[index - 1] == CAPITAL else 0.45


def _dateline(words: _Words, start: int, end: int) -> bool:
    """ "Nemours : le CCAS …": a title opening on a place and a colon (or a comma, a dash)."""
    if start not in {0, words.title_end} or not _DATELINE_RE.match(words.gap(end)):
        return False
    line_end = words.text.find("\n", words.ends[end - 1])
    following = bisect_right(words.starts, line_end if line_end >= 0 else len(words.text)) - end
    return following >= 3


def _in_street_or_building(words: _Words, start: int) -> bool:
    """ "rue de Paris", "avenue du Havre", "église Saint-Pierre", "collège Jean-Moulin", "l'académie
    de Créteil"."""
    index = start - 1
    particle = False
    while index >= 0 and words.keys[index] in ARTICLES | {"de", "du", "des", "d"}:
        index -= 1
        particle = True
    if index < 0 or start - index > 3 or not _no_break(words, index + 1):
        return False
    key = words.keys[index]
    if key in _ODONYMS and words.shapes[index] in {LOWER, CAPITAL}:
        return True
    return key in _WIDER_SEATS if particle else key in _BUILDINGS


def _in_date(words: _Words, start: int, end: int) -> bool:
    """ "1er Mars", "Mars 2020": a month, not the commune."""
    if end - start != 1 or words.keys[start] not in _MONTHS:
        return False
    before = words.keys[start - 1] if start > 0 else ""
    after = words.keys[end] if end < len(words.keys) else ""
    return before.isdigit() or before in {"1er", "debut", "fin", "mi"} or bool(_YEAR_RE.match(after))


def _in_identifier(words: _Words, start: int, end: int) -> bool:
    """Part of an e-mail address, a web address or a programming identifier ("CAP_SYS_NICE")."""
    text, first, last = words.text, words.starts[start], words.ends[end - 1]
    before = text[first - 1] if first > 0 else " "
    after = text[last] if last < len(text) else " "
    if before in "@_/\\" or after in "@_/\\":
        return True
    dotted_after = after == "." and text[last + 1 : last + 2].isalnum()
    return dotted_after or (before == "." and first > 1 and text[first - 2].isalnum())


def _in_compound(words: _Words, start: int, end: int) -> bool:
    """Part of a longer hyphenated name the gazetteer does not know: "Valence-d'Agen", "Croix-Rouge"."""
    after = words.gap(end) if end < len(words.keys) else ""
    return after.startswith(_HYPHENS) or (start > 0 and words.gap(start) in _HYPHENS)


def _compound_tail(words: _Words, start: int, end: int) -> bool:
    """The town closing a two-part name: "le Louvre-Lens", "le Centre Pompidou-Metz", "Paris-Orly"."""
    if (
        start < 1
        or words.gap(start) not in _HYPHENS
        or (end < len(words.keys) and words.gap(end) in _HYPHENS)
    ):
        return False
    head = start - 1
    return (
        words.shapes[head] == CAPITAL
        and words.keys[head] not in _COMPOUND_HEADS
        and (head == 0 or words.gap(head) not in _HYPHENS)
    )


def _continued(words: _Words, end: int, gazetteer: Gazetteer) -> bool:
    """Followed by "de"/"du"/"d'" and a capitalised word that is no place: the start of a longer
    proper name ("la Côte d'Opale", "le Palais du Pharo"), not a place cited on its own."""
    if end + 1 >= len(words.keys) or words.keys[end] not in {"de", "du", "des", "d"}:
        return False
    if not (_no_break(words, end) and _no_break(words, end + 1)):
        return False
    following = end + 1
    if words.keys[following] in ARTICLES and following + 1 < len(words.keys):
        following += 1
    key = words.keys[following]
    return words.shapes[following] == CAPITAL and key not in gazetteer.names and key not in gazetteer.prefixes


def _names_more(words: _Words, end: int) -> bool:
    """What follows an ordinary word written as a name makes it part of a longer one: another
    name ("Grand Autunois") or "de"/"des" and a common noun ("Palais des sports")."""
    keys, count = words.keys, len(words.keys)
    if end >= count or not _no_break(words, end):
        return False
    if words.gap(end) == " " and words.shapes[end] == CAPITAL:
        return True
    return (
        keys[end] in {"de", "du", "des", "d"}
        and end + 1 < count
        and _no_break(words, end + 1)
        and words.shapes[end + 1] == LOWER
        and keys[end + 1] not in ARTICLES
    )


def _in_name_run(words: _Words, start: int, end: int) -> bool:
    """Next to a capitalised word that is no institution: a person's name ("Élisabeth Borne",
    "Nicolas François") or an organisation's."""
    if not words.mixed_case:
        return False
    neighbours = []
    if start > 0 and words.gap(start) == " " and words.keys[start - 1] not in _FUNCTION_WORDS:
        neighbours.append(start - 1)
    if start > 1 and words.keys[start - 1] in _NAME_PARTICLES_OF_PEOPLE and words.gap(start - 1) == " ":
        neighbours.append(start - 2)  # "Christian von Roques"
    if end < len(words.keys) and words.gap(end) == " ":
        neighbours.append(end)
    return any(words.shapes[i] == CAPITAL and words.keys[i] not in _NOT_PEOPLE for i in neighbours)


# Regional State services, written in capitals (« l'ARS Bretagne », « la DRAC »).
_REGIONAL_SERVICES = _words("ars drac dreets draaf dreal")
# A council acting: its institution's name capitalised ("le Département", "la Région") or
# "conseil" and its adjective ("le conseil départemental", "le conseil régional").
_COUNCILS = {
    DEPARTEMENT: (frozenset({"departement"}), frozenset({"departemental", "general"})),
    # « la Collectivité de Corse », « la Collectivité territoriale de Guyane » act as Régions.
    REGION: (frozenset({"region", "collectivite"}), frozenset({"regional"})),
}


def _council_acts(words: _Words, level: str = DEPARTEMENT, *, leading: bool = False) -> bool:
    """The Département (or the Région) itself acts, not only its territory. `leading`: not as one
    of several (« des commandes de mairies, de la Région, d'entreprises »)."""
    institution, adjectives = _COUNCILS[level]
    keys = words.keys
    for index, key in enumerate(keys):
        council = (key in institution and words.shapes[index] == CAPITAL and words.mixed_case) or (
            key == "conseil" and index + 1 < len(keys) and keys[index + 1] in adjectives
        )
        if council and not (leading and index > 1 and keys[index - 2] in _OF and keys[index - 1] in ARTICLES):
            return True
    return False


def _regional_service(words: _Words) -> bool:
    """A regional State service leads, named in the title (« l'ARS Bretagne finance … »): its perimeter
    is the région (not « l'ARS a fourni des masques » to a local action)."""
    keys = words.keys[: words.title_end]
    return any(
        (key in _REGIONAL_SERVICES and words.shapes[index] == UPPER)
        or (key == "agence" and keys[index + 1 : index + 2] == ["regionale"])
        for index, key in enumerate(keys)
    )


def _direction(words: _Words, start: int) -> bool:
    """ "l'Afrique du Nord", "la mer du Nord", "la gare du Nord": a direction, not the département."""
    if start < 2 or words.keys[start - 1] not in {"du", "de", "d"}:
        return False
    return words.keys[start - 2] in _DIRECTION_HEADS


def _visible_text(text: str) -> tuple[str, list[int], list[int]]:
    """The text without markup, and where its offsets move: (visible offset, raw offset) after each
    replacement, so that spans point into the text as given. Linear on any input."""
    if "<" not in text and "&" not in text:
        return text, [], []
    raw = text[:MAX_RAW_CHARS]
    lower = raw.lower()
    pieces: list[str] = []
    clean_marks: list[int] = []
    raw_marks: list[int] = []
    position = length = 0
    while (match := _MARKUP_RE.search(raw, position)) and length < MAX_CHARS:
        pieces.append(raw[position : match.start()])
        length += match.start() - position
        found = match.group()
        if found.startswith("&"):
            replacement, end = html.unescape(found), match.end()
        elif match.group(1):  # a block whose content is not text: <script>…</script>
            close = lower.find(f"</{match.group(1).lower()}", match.end())
            closing = raw.find(">", close) if close >= 0 else -1
            replacement, end = " ", (closing + 1 if closing >= 0 else len(raw))
        elif found == "<!--":
            close = raw.find("-->", match.end())
            replacement, end = " ", (close + 3 if close >= 0 else len(raw))
        else:
            tag = _TAG_RE.match(raw, match.start())
            replacement, end = (" ", tag.end()) if tag else ("<", match.start() + 1)
        pieces.append(replacement)
        length += len(replacement)
        position = end
        clean_marks.append(length)
        raw_marks.append(end)
    pieces.append(raw[position:])
    return "".join(pieces), clean_marks, raw_marks


def _raw_offset(offset: int, clean_marks: list[int], raw_marks: list[int]) -> int:
    """Where an offset of the visible text falls in the text as given."""
    index = bisect_right(clean_marks, offset) - 1
    if index < 0:
        return offset
    return raw_marks[index] + (offset - clean_marks[index])

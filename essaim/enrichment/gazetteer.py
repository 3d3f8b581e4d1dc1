"""The official geography in memory, indexed by normalised name for the geotagger. Pure (no Django).

Read once from the vendored file (`essaim/territories/data/territories.json.gz`, the same one the
database is loaded from) or from a given path. Every name a text may use for a place becomes a key
of `Gazetteer.names`, in the normal form of `territories.names.normalize_name` ("saint etienne"):

- communes by their official name, and "Havre" for "Le Havre" (only valid after "au"/"du"), the
  usual short form of a few large compound names ("Cherbourg"), delegated and associated communes
  (former names, pointing to the current commune) and Paris/Lyon/Marseille arrondissements;
- départements and régions by name (the overseas régions are their département), a few former
  régions (before 2016), and areas wholly in one département ("Côte d'Opale", "Médoc");
- EPCI by their name with its type spelled out ("communauté d'agglomération du Grand Dole",
  "agglo du Grand Dole", "CA du Grand Dole"), by their distinctive core ("Grand Dole"), and by the
  acronyms that the official name gives in brackets ("CARENE") or that a métropole's initials make.

Apart from the names, `Gazetteer.demonyms` reads every form of the demonyms of `data/demonyms.tsv`
("nantaises" → Nantes, "haut-rhinois" → Haut-Rhin), which texts write in lower case.

Deciding which reading of a key a text means is the geotagger's job, not this module's.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from essaim.territories.names import normalize_name

VENDORED = Path(__file__).resolve().parent.parent / "territories" / "data" / "territories.json.gz"
DEMONYMS = Path(__file__).resolve().parent / "data" / "demonyms.tsv"
SUPPORTED_FORMAT = 1

COMMUNE, EPCI, DEPARTEMENT, REGION = "commune", "epci", "departement", "region"

# How a key names its place (`Name.form`); the geotagger weighs them differently.
OFFICIAL = "official"  # the official name, or an EPCI name with its type spelled out
NO_ARTICLE = "no_article"  # "Havre" of "Le Havre": only after the contracted article ("au", "du")
SHORT = "short"  # "Cherbourg" for "Cherbourg-en-Cotentin"
ALIAS = "alias"  # a delegated or associated commune (a former commune)
ARRONDISSEMENT = "arrondissement"  # "Paris 13e" → Paris
FORMER = "former"  # a région before 2016
DEMONYM = "demonym"  # "les Nantais", "l'atelier lillois": the place through its inhabitants
AREA = "area"  # a "pays", coast or valley that lies (almost) wholly in one département: "Côte d'Opale"
CORE = "core"  # an EPCI's name without its type ("Grand Dole")
ACRONYM = "acronym"  # written in capitals only ("CARENE", "MEL")

ARTICLES = frozenset({"le", "la", "les", "l"})
# Grammatical words inside names ("Saint-Jean-de-la-Ruelle"): not written with a capital.
NAME_PARTICLES = frozenset(
    {"de", "du", "des", "d", "la", "le", "les", "l", "en", "sur", "sous", "et", "lez", "aux", "au", "a"}
)
# Words naming the kind of an EPCI: a core containing one is as distinctive as the full name.
EPCI_TYPE_WORDS = frozenset(
    {
        "agglo",
        "agglomeration",
        "agglopole",
        "communaute",
        "metropole",
        "eurometropole",
        "territoire",
        "territoires",
    }
)
# How texts spell each kind of EPCI before its core name.
_EPCI_PHRASES = {
    "CC": ("communaute de communes", "cc", "comcom", "com com"),
    "CA": ("communaute d agglomeration", "agglomeration", "agglo", "ca"),
    "CU": ("communaute urbaine", "cu"),
}
_EPCI_PHRASE_WORDS = frozenset(
    word for phrases in _EPCI_PHRASES.values() for phrase in phrases for word in phrase.split()
) | {"europeenne", "urbaine"}
_EPCI_PREFIX_RE = re.compile(r"^(CA|CC|CU)\s+")
_BRACKETS_RE = re.compile(r"\(([^()]*)\)")
_WORD_RE = re.compile(r"[^\W_]+")
_ARTICLE_OF_TYPE = {2: "le", 3: "la", 4: "les", 5: "l'"}
_ACRONYM_RE = re.compile(r"^[A-Z][A-Z0-9]{2,7}$")
# Three-letter EPCI acronyms that are also the sector's: "AME" is the aide médicale de l'État first.
_SECTOR_ACRONYMS = frozenset({"AME"})
# Links between the parts of a compound name; the part before one may serve as a short form.
_SHORT_FORM_LINKS = ("en", "sur", "les", "lez", "la", "le", "de", "du", "des", "d", "sous", "aux")
SHORT_FORM_MIN_POPULATION = 10_000
SHORT_FORM_OVER_VILLAGE = 100  # "Aix" (145,000) over the village of Aix (350)

# Régions before the 2016 reform, each wholly inside one current région.
FORMER_REGIONS = {
    "Nord-Pas-de-Calais": "32",
    "Picardie": "32",
    "Alsace": "44",
    "Lorraine": "44",
    "Champagne-Ardenne": "44",
    "Aquitaine": "75",
    "Limousin": "75",
    "Poitou-Charentes": "75",
    "Midi-Pyrénées": "76",
    "Languedoc-Roussillon": "76",
    "Rhône-Alpes": "84",
    "Auvergne": "84",
    "Bourgogne": "27",
    "Franche-Comté": "27",
    "Basse-Normandie": "28",
    "Haute-Normandie": "28",
    "PACA": "93",
    "Région Sud": "93",  # the name Provence-Alpes-Côte d'Azur uses for itself since 2017
}

# Natural and historical areas the press names instead of the département, each (almost) wholly in
# one. Only unambiguous ones: an area across several départements ("Sologne", "Morvan"), named like
# a town ("Tarentaise", "Brie"; a village may yield: AREA_OVER_VILLAGE), like a wine ("Beaujolais")
# or a river in a town's name ("Saint-Georges-de-l'Oyapock") is left out; one an EPCI is named
# after ("Pays basque", "Cotentin") is found as that EPCI already.
AREAS = {
    "Côte d'Opale": "62",
    "Calaisis": "62",
    "Artois": "62",
    "Audomarois": "62",
    "Avesnois": "59",
    "Cambrésis": "59",
    "Douaisis": "59",
    "Valenciennois": "59",
    "Flandre intérieure": "59",
    "Thiérache": "02",
    "Soissonnais": "02",
    "Laonnois": "02",
    "Santerre": "80",
    "Vimeu": "80",
    "Ponthieu": "80",
    "Noyonnais": "60",
    "Pays de Caux": "76",
    "Pays d'Auge": "14",
    "Bessin": "14",
    "Béarn": "64",
    "Bigorre": "65",
    "Bassin d'Arcachon": "33",
    "Médoc": "33",
    "Entre-deux-Mers": "33",
    "Périgord": "24",
    "Quercy": "46",
    "Rouergue": "12",
    "Pays catalan": "66",
    "Cerdagne": "66",
    "Camargue": "13",
    "Pays d'Aix": "13",
    "Côte Bleue": "13",
    "Luberon": "84",
    "Comtat Venaissin": "84",
    "Pays niçois": "06",
    "Pays mentonnais": "06",
    "Balagne": "2B",
    "Castagniccia": "2B",
    "Pays de Retz": "44",
    "Presqu'île guérandaise": "44",
    "Trégor": "22",
    "Cornouaille": "29",
    "Pays bigouden": "29",
    "Belle-Île": "56",
    "Bocage vendéen": "85",
    "Puisaye": "89",
    "Pays messin": "57",
    "Haut-Doubs": "25",
    "Haut-Jura": "39",
    "Chablais": "74",
    "Maurienne": "73",
    "Queyras": "05",
    "Bourbonnais": "03",
    "Forez": "42",
    "Velay": "43",
    "Limagne": "63",
    "Vivarais": "07",
    "Diois": "26",
    "Brionnais": "71",
    "Auxois": "21",
    "Anjou": "49",
    "Segréen": "49",
    "Touraine": "37",
    "Nivernais": "58",
    "Bugey": "01",
    "Vendômois": "41",
    "Pays nantais": "44",
    "Goëlo": "22",
    "Avranchin": "50",
    "Champsaur": "05",
    "Ubaye": "04",
    "Sartenais": "2A",
    "Nebbio": "2B",
    "Blayais": "33",
    "Marmandais": "47",
    "Comminges": "31",
    "Couserans": "09",
    "Lodévois": "34",
    "Pays de Montbéliard": "25",
    "Pays horloger": "25",
    "Toulois": "54",
    "Lunévillois": "54",
    "Aunis": "17",
    "Angoumois": "16",
    "Cognaçais": "16",
    "Mellois": "79",
    "Bressuirais": "79",
    "Xaintrie": "19",
    "Alpilles": "13",
    "Pays d'Arles": "13",
    "Dracénie": "83",
    "Pévèle": "59",
    "Vermandois": "02",
    "Mantois": "78",
    "Hurepoix": "91",
    "Pays de Langres": "52",
    "Autunois": "71",
    "Tonnerrois": "89",
    "Sénonais": "89",
    "Avallonnais": "89",
    "Nord-Caraïbe": "972",
    "Mafate": "974",
    # Creole names of the overseas départements.
    "Gwadloup": "971",
    "Gwada": "971",
    "Matinik": "972",
    "Madinina": "972",
    "Lagwiyann": "973",
    "Maoré": "976",
}
# A village no bigger than this yields its name to an area the press names far more often
# ("en Anjou" is Maine-et-Loire, not the village of Anjou in Isère).
AREA_OVER_VILLAGE = 2_000


@dataclass(frozen=True, slots=True)
class Commune:
    code: str
    name: str
    name_type: int | None  # INSEE's TNCC: which article the name takes
    departement: str
    region: str
    epci: str  # "" when none
    population: int  # 0 when unknown
    postal_codes: tuple[str, ...]
    overseas: bool


@dataclass(frozen=True, slots=True)
class Departement:
    code: str
    name: str
    name_type: int | None
    region: str
    population: int
    communes: int
    overseas: bool


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str
    name_type: int | None
    population: int


# An EPCI is in a département when this share of its inhabitants lives there: two thirds place the
# Grand Avignon (78 % in Vaucluse) or Roissy Pays de France (73 % in Val-d'Oise) where their seat is,
# while below, the seat is not always where most live (Arche Agglo: 57 % in Drôme, seat in Ardèche).
EPCI_MAIN_SHARE = 2 / 3


@dataclass(frozen=True, slots=True)
class Epci:
    code: str
    name: str
    kind: str  # CC, CA, CU, METRO, MET69
    departements: tuple[str, ...]  # those of its members, the most populated first
    population: int
    main_share: float = 1.0  # the share of its inhabitants living in the first département
    # Where an EPCI named after its largest town lies when no département holds two thirds of it:
    # Redon Agglomération (42 % in Ille-et-Vilaine) is Redon's.
    town_departement: str | None = None


@dataclass(frozen=True, slots=True)
class Name:
    """One reading of a key: the place it names and how (`form`)."""

    level: str
    code: str
    form: str = OFFICIAL


class Gazetteer:
    """Territories by code, their names by normalised key, communes by postal code."""

    def __init__(
        self,
        *,
        communes: dict[str, Commune],
        departements: dict[str, Departement],
        regions: dict[str, Region],
        epcis: dict[str, Epci],
        names: dict[str, tuple[Name, ...]],
        lower_case: dict[str, int],
        demonyms: dict[str, Name] | None = None,
    ) -> None:
        self.communes = communes
        self.departements = departements
        self.regions = regions
        self.epcis = epcis
        self.names = names
        # Key → bit i set when its word i may be written in lower case ("de" in "Saint-Jean-de-la-Ruelle",
        # "communauté" in an EPCI's name); every other word of a place name is written with a capital.
        self.lower_case = lower_case
        # Every form of a demonym, by key ("nantaises"), and the most words one has ("haut rhinois").
        self.demonyms = demonyms or {}
        self.demonym_words = max((key.count(" ") + 1 for key in self.demonyms), default=0)
        self.demonym_openers = frozenset(key.split(" ", 1)[0] for key in self.demonyms)
        # Every proper prefix of a key, word by word: the matcher stops as soon as it leaves them.
        self.prefixes = frozenset(
            " ".join(words[:end]) for words in (key.split() for key in names) for end in range(1, len(words))
        )
        self.max_words = max((key.count(" ") + 1 for key in names), default=1)
        postal: dict[str, list[str]] = defaultdict(list)
        for commune in communes.values():
            for postal_code in commune.postal_codes:
                postal[postal_code].append(commune.code)
        self.postal_codes = {code: tuple(found) for code, found in postal.items()}

    @classmethod
    def vendored(cls) -> Gazetteer:
        """The geography shipped with the code, loaded once per process."""
        return _vendored()

    @classmethod
    def from_path(cls, path: Path) -> Gazetteer:
        bundle = json.loads(gzip.decompress(path.read_bytes()))
        if bundle.get("format") != SUPPORTED_FORMAT:
            raise ValueError(f"Format de fichier géographique non pris en charge : {bundle.get('format')!r}")
        return cls.from_bundle(bundle)

    @classmethod
    def from_bundle(cls, bundle: dict[str, Any]) -> Gazetteer:
        """Build from the decoded vendored structure (see `scripts/build_territories.py`)."""
        communes = _communes(bundle)
        departements = _departements(bundle, communes)
        regions = _regions(bundle, communes)
        epcis = _epcis(bundle, communes)
        names = _NameIndex()
        names.add_communes(communes, bundle["aliases"])
        names.add_departements(departements)
        names.add_regions(regions)
        # Last: short forms and EPCI cores are only kept when no other place already has the key.
        names.add_short_forms(communes)
        names.add_epcis(epcis)
        names.add_areas(departements, communes)
        return cls(
            communes=communes,
            departements=departements,
            regions=regions,
            epcis=epcis,
            names=names.frozen(),
            lower_case=names.lower_case,
            demonyms=demonyms_read(DEMONYMS, communes, departements, regions),
        )

    def departement_of(self, level: str, code: str) -> str | None:
        """The département a place lies in (an EPCI: the one two thirds of its inhabitants live in,
        since some straddle a border: Moulins Communauté, 03, has one commune in the Nièvre; none for
        the Métropole du Grand Paris)."""
        if level == COMMUNE:
            return self.communes[code].departement
        if level == DEPARTEMENT:
            return code
        if level == EPCI:
            epci = self.epcis[code]
            if epci.departements and epci.main_share >= EPCI_MAIN_SHARE:
                return epci.departements[0]
            return epci.town_departement
        return None

    def region_of(self, level: str, code: str) -> str | None:
        if level == COMMUNE:
            return self.communes[code].region
        if level == DEPARTEMENT:
            return self.departements[code].region
        if level == EPCI:
            departements = self.epcis[code].departements
            return self.departements[departements[0]].region if departements else None
        return code

    def name_of(self, level: str, code: str) -> str:
        if level == COMMUNE:
            return self.communes[code].name
        if level == DEPARTEMENT:
            return self.departements[code].name
        if level == EPCI:
            return self.epcis[code].name
        return self.regions[code].name

    def population_of(self, level: str, code: str) -> int:
        if level == COMMUNE:
            return self.communes[code].population
        if level == DEPARTEMENT:
            return self.departements[code].population
        if level == EPCI:
            return self.epcis[code].population
        return self.regions[code].population


@cache
def _vendored() -> Gazetteer:
    return Gazetteer.from_path(VENDORED)


def demonym_forms(masculine: str, feminine: str) -> tuple[str, ...]:
    """The four forms of a demonym: "manceau" → "manceaux", "mancelle", "mancelles"."""
    if masculine.endswith(("s", "x")):
        plural = masculine
    elif masculine.endswith("eau"):
        plural = masculine + "x"
    else:
        plural = masculine + "s"
    return tuple(dict.fromkeys((masculine, plural, feminine, feminine + "s")))


def demonyms_read(
    path: Path,
    communes: dict[str, Commune],
    departements: dict[str, Departement],
    regions: dict[str, Region] | None = None,
) -> dict[str, Name]:
    """Demonyms by the key of each of their forms; a line naming an unknown place is an error."""
    by_name: dict[tuple[str, str], Commune] = {}
    for commune in communes.values():
        key = (normalize_name(commune.name), commune.departement)
        if key not in by_name or commune.population > by_name[key].population:
            by_name[key] = commune
    found: dict[str, Name] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        masculine, feminine, place, code = line.split("\t")
        if place == "(région)":
            name = Name(REGION, code, DEMONYM) if code in (regions or {}) else None
        elif place == "-":
            name = Name(DEPARTEMENT, code, DEMONYM) if code in departements else None
        else:
            match = by_name.get((normalize_name(place), code))
            name = Name(COMMUNE, match.code, DEMONYM) if match else None
        if name is None:
            raise ValueError(f"{path.name}, ligne {number} : lieu inconnu {place!r} ({code})")
        for form in demonym_forms(masculine, feminine):
            found[normalize_name(form)] = name
    return found


def _communes(bundle: dict[str, Any]) -> dict[str, Commune]:
    columns = {name: index for index, name in enumerate(bundle["commune_columns"])}
    communes = {}
    for row in bundle["communes"]:
        code = row[columns["code"]]
        communes[code] = Commune(
            code=code,
            name=row[columns["name"]],
            name_type=row[columns["name_type"]],
            departement=row[columns["departement"]],
            region=row[columns["region"]],
            epci=row[columns["epci"]] or "",
            population=row[columns["population"]] or 0,
            postal_codes=tuple((row[columns["postal_codes"]] or "").split()),
            overseas=row[columns["zone"]] != "metro",
        )
    return communes


def _departements(bundle: dict[str, Any], communes: dict[str, Commune]) -> dict[str, Departement]:
    population: Counter[str] = Counter()
    count: Counter[str] = Counter()
    for commune in communes.values():
        population[commune.departement] += commune.population
        count[commune.departement] += 1
    return {
        code: Departement(code, name, name_type, region, population[code], count[code], zone != "metro")
        for code, name, name_type, region, zone in bundle["departements"]
    }


def _regions(bundle: dict[str, Any], communes: dict[str, Commune]) -> dict[str, Region]:
    population: Counter[str] = Counter()
    for commune in communes.values():
        population[commune.region] += commune.population
    return {
        code: Region(code, name, name_type, population[code])
        for code, name, name_type, _zone in bundle["regions"]
    }


def _epcis(bundle: dict[str, Any], communes: dict[str, Commune]) -> dict[str, Epci]:
    population: dict[str, Counter[str]] = defaultdict(Counter)
    largest: dict[str, Commune] = {}
    for commune in communes.values():
        if commune.epci:
            # `+ 1`: a member of unknown population still places the EPCI in its département.
            population[commune.epci][commune.departement] += commune.population + 1
            known = largest.get(commune.epci)
            if known is None or commune.population > known.population:
                largest[commune.epci] = commune
    epcis = {}
    for code, name, kind in bundle["epci"]:
        shares = population.get(code, Counter())
        departements = tuple(sorted(shares, key=lambda d: (-shares[d], d)))
        total = sum(shares.values())
        main = shares[departements[0]] / total if departements else 1.0
        town = largest.get(code)
        # An EPCI named after its largest town ("Redon Agglomération"): that town's département.
        core = normalize_name(_EPCI_PREFIX_RE.sub("", name))
        named_after = town.departement if town and core.startswith(normalize_name(town.name) + " ") else None
        epcis[code] = Epci(code, name, kind, departements, total, main, named_after)
    return epcis


class _NameIndex:
    """Collects key → readings while the gazetteer is built."""

    def __init__(self) -> None:
        self._names: dict[str, list[Name]] = defaultdict(list)
        self._keys: dict[str, str] = {}
        self.lower_case: dict[str, int] = {}

    def key(self, name: str) -> str:
        """`normalize_name`, remembered: most names are normalised twice while building."""
        try:
            return self._keys[name]
        except KeyError:
            key = self._keys[name] = normalize_name(name)
            return key

    def add(self, written: str, name: Name, *, key: str = "") -> None:
        """Index a name as written (its capitals say which words must be capitalised in a text)."""
        key = key or self.key(written)
        if not key:
            return
        if name not in self._names[key]:
            self._names[key].append(name)
        mask = self.lower_case.get(key, 0) | _lower_case_mask(written, key)
        if mask:  # most names are all capitalised: only the others are stored
            self.lower_case[key] = mask

    def frozen(self) -> dict[str, tuple[Name, ...]]:
        return {key: tuple(found) for key, found in self._names.items()}

    def add_communes(self, communes: dict[str, Commune], aliases: Iterable[list[str]]) -> None:
        for commune in communes.values():
            self.add(commune.name, Name(COMMUNE, commune.code))
            if "(" in commune.name:  # "Château-Chinon (Ville)" is written "Château-Chinon"
                self.add(_BRACKETS_RE.sub(" ", commune.name), Name(COMMUNE, commune.code))
            article, _space, rest = commune.name.partition(" ")
            if rest and article in {"Le", "Les"}:
                self.add(rest, Name(COMMUNE, commune.code, NO_ARTICLE))
        for kind, _code, name, commune_code in aliases:
            if commune_code not in communes:
                continue
            if kind == "arrondissement":
                for written in _arrondissement_names(name):
                    self.add(written, Name(COMMUNE, commune_code, ARRONDISSEMENT))
            elif self.key(name) != self.key(communes[commune_code].name):
                self.add(name, Name(COMMUNE, commune_code, ALIAS))

    def add_short_forms(self, communes: dict[str, Commune]) -> None:
        """ "Cherbourg" for "Cherbourg-en-Cotentin", only for a large commune that clearly owns it:
        three times as populated as any other commune whose name starts the same way."""
        starting: dict[str, list[Commune]] = defaultdict(list)
        shorts = {}
        for commune in communes.values():
            words = self.key(commune.name).split()
            for index in range(1, len(words)):
                starting[" ".join(words[:index])].append(commune)
                if words[index] in _SHORT_FORM_LINKS:
                    shorts[" ".join(words[:index])] = " ".join(_WORD_RE.findall(commune.name)[:index])
        for short, written in shorts.items():
            if len(short) < 3 or short.split()[0] in ARTICLES | {"saint", "sainte"}:
                continue
            owners = sorted(starting[short], key=lambda c: -c.population)
            runner_up = owners[1].population if len(owners) > 1 else 0
            if owners[0].population < max(SHORT_FORM_MIN_POPULATION, 3 * runner_up):
                continue
            namesakes = [
                communes[name.code].population for name in self._names.get(short, ()) if name.level == COMMUNE
            ]
            if namesakes:
                # "Aix" is Aix-en-Provence to every reader, although a village is called Aix.
                if owners[0].population < SHORT_FORM_OVER_VILLAGE * max(namesakes):
                    continue
            elif short in self._names or len(short) < 5:
                continue
            self.add(written, Name(COMMUNE, owners[0].code, SHORT), key=short)

    def add_departements(self, departements: dict[str, Departement]) -> None:
        for departement in departements.values():
            name = departement.name
            self.add(name, Name(DEPARTEMENT, departement.code))
            article, _space, rest = name.partition(" ")
            if rest and article in {"La", "Le", "Les"}:  # "La Réunion" is also "Réunion" ("Région Réunion")
                self.add(rest, Name(DEPARTEMENT, departement.code, NO_ARTICLE))
            elif departement.name_type in _ARTICLE_OF_TYPE:
                # "la Somme", "les Landes", "l'Ain": the article belongs to the mention.
                self.add(
                    f"{_ARTICLE_OF_TYPE[departement.name_type]} {name}", Name(DEPARTEMENT, departement.code)
                )

    def add_regions(self, regions: dict[str, Region]) -> None:
        for region in regions.values():
            # An overseas région is its département ("Guadeloupe"): the département reading stands.
            if not any(name.level == DEPARTEMENT for name in self._names.get(self.key(region.name), ())):
                self.add(region.name, Name(REGION, region.code))
        for name, code in FORMER_REGIONS.items():
            self.add(name, Name(REGION, code, FORMER))

    def add_areas(self, departements: dict[str, Departement], communes: dict[str, Commune]) -> None:
        """Areas, only where no official place but a village has the name: the place's own reading
        stands."""
        for name, code in AREAS.items():
            key = self.key(name)
            if code in departements and all(
                reading.level == COMMUNE and communes[reading.code].population <= AREA_OVER_VILLAGE
                for reading in self._names.get(key, ())
            ):
                self._names.pop(key, None)
                self.add(name, Name(DEPARTEMENT, code, AREA))

    def add_epcis(self, epcis: dict[str, Epci]) -> None:
        acronyms: dict[str, set[str]] = defaultdict(set)
        for epci in epcis.values():
            for key, form in _epci_keys(epci.name, epci.kind):
                if form == ACRONYM:
                    acronyms[key].add(epci.code)
                elif form != CORE or all(name.level == EPCI for name in self._names.get(key, ())):
                    # A core that also names another kind of place ("Grand Dole" does not) is skipped.
                    self.add(_lenient(key), Name(EPCI, epci.code, form), key=key)
        for acronym, codes in acronyms.items():
            if len(codes) == 1:
                self.add(acronym, Name(EPCI, codes.pop(), ACRONYM), key=acronym.lower())


def _arrondissement_names(name: str) -> list[str]:
    """ "Paris 13e Arrondissement" → "Paris 13e arrondissement", "Paris 13e", "Paris 13ème",
    "13e arrondissement de Paris"."""
    match = re.match(r"^(.*?)\s+(\d+)(er|e)\s+arrondissement$", name, re.IGNORECASE)
    if not match:
        return [name]
    city, number, suffix = match.group(1), match.group(2), match.group(3).lower()
    ordinals = {f"{number}{suffix}", f"{number}ème"} | ({f"{number}ère"} if suffix == "er" else set())
    names = []
    for ordinal in sorted(ordinals):
        names += [
            f"{city} {ordinal} arrondissement",
            f"{city} {ordinal}",
            f"{ordinal} arrondissement de {city}",
            f"{ordinal} arrondissement",  # of Paris, Lyon or Marseille: the places around tell which
        ]
    return names


def _lower_case_mask(written: str, key: str) -> int:
    """Bit i set when word i of `written` is not capitalised (or when the words do not line up
    with the key's, for the grammatical words only)."""
    words = _WORD_RE.findall(written)
    keys = key.split()
    if len(words) != len(keys):
        return sum(1 << i for i, word in enumerate(keys) if word in NAME_PARTICLES)
    return sum(1 << i for i, word in enumerate(words) if not word[0].isupper())


def _lenient(key: str) -> str:
    """An EPCI key written with capitals except on grammatical and EPCI-kind words: texts write
    "Métropole européenne de Lille" as well as "la métropole Européenne de Lille"."""
    lower = NAME_PARTICLES | EPCI_TYPE_WORDS | _EPCI_PHRASE_WORDS
    words = key.split()
    return " ".join(
        # After "pays", an adjective takes no capital: "Pays basque", "Pays bigouden".
        word if word in lower or (index and words[index - 1] == "pays") else word.capitalize()
        for index, word in enumerate(words)
    )


def _epci_keys(name: str, kind: str) -> list[tuple[str, str]]:
    """The keys of one EPCI, each with its form."""
    keys: list[tuple[str, str]] = [(normalize_name(name), OFFICIAL)]
    core = _EPCI_PREFIX_RE.sub("", name)
    for bracketed in _BRACKETS_RE.findall(core):
        if _ACRONYM_RE.match(bracketed.strip()) and bracketed.strip() not in _SECTOR_ACRONYMS:
            keys.append((bracketed.strip(), ACRONYM))
    core_key = normalize_name(_BRACKETS_RE.sub(" ", core))
    words = core_key.split()
    while words and words[0] in NAME_PARTICLES:
        words = words[1:]
    bare = " ".join(words)
    if not bare:
        return keys
    for phrase in _EPCI_PHRASES.get(kind, ()):
        keys += [(f"{phrase} {core_key}", OFFICIAL), (f"{phrase} {bare}", OFFICIAL)]
        keys += [(f"{phrase} {link} {bare}", OFFICIAL) for link in ("de", "du", "de la", "des", "d")]
    significant = [word for word in words if word not in NAME_PARTICLES]
    kinds = [index for index, word in enumerate(words) if word in EPCI_TYPE_WORDS]
    if kinds:
        keys.append((bare, OFFICIAL))  # "Caux Seine Agglo", "Vitré Communauté"
        if core_key.split()[0] in ARTICLES:
            keys.append((core_key, OFFICIAL))  # "Le Mans Métropole": the town's article is its name's
        if 0 < kinds[0] < len(words) - 1:
            # "Guingamp-Paimpol Agglomération" for "… Agglomération de l'Armor à l'Argoat"
            keys.append((" ".join(words[: kinds[0] + 1]), OFFICIAL))
    elif len(significant) >= 2 or (significant and len(significant[0]) >= 6):
        keys.append((bare, CORE))
    if kind == "CA" and not kinds:
        keys += [(f"{bare} agglomeration", OFFICIAL), (f"{bare} agglo", OFFICIAL)]  # "Nevers Agglomération"
    if kind in {"METRO", "MET69"} and words[0] == "metropole":
        keys += _metropole_keys(name, words)
    return keys


def _metropole_keys(name: str, words: list[str]) -> list[tuple[str, str]]:
    """ "la Métropole Aix-Marseille-Provence" without its "d'", and initials: "MEL"."""
    keys = []
    if len(words) > 2 and words[1] in NAME_PARTICLES:
        keys.append((" ".join(words[:1] + words[2:]), OFFICIAL))
    initials = "".join(word[0] for word in normalize_name(name).split() if word not in NAME_PARTICLES)
    if len(initials) >= 3:
        keys.append((initials.upper(), ACRONYM))
    return keys


def population_weight(population: int) -> float:
    """log10 of a population, the prior that makes Valence (Drôme) likelier than Valence (Charente)."""
    return math.log10(population + 10)

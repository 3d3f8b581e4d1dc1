"""Benchmark: the search service on synthetic French initiatives, embedded and PostgreSQL.

    .venv/bin/python bench/search.py [--sizes 100000,1000000] [--queries 240] [--keep-indexes DIR]
                                     [--engines tantivy,postgresql,bare] [--no-docs] [--http]

For each size, one child process builds our Tantivy index (`TantivyBackend.rebuild`) and a bare
Tantivy index over the same generated documents, then times the same queries on both, interleaved;
another child, on a temporary PostgreSQL 15 cluster, does the same with `PostgresBackend`. A query
is what a visitor's page computes: first page of 20, total, every facet count and the département
counts of the map. The table is printed and written into docs/performance.md under
"## Recherche / Search" (subsection "### Moteurs / Engines"), with the machine. `--http` then runs
bench/search_http.py (the search page over HTTP).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from bisect import bisect
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from random import Random

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from _machine import machine  # noqa: E402

from essaim.catalog.periods import Precision, crisis_period  # noqa: E402
from essaim.territories.wording import name_with_of  # noqa: E402

DOC = REPO / "docs" / "performance.md"
# The latest results of each engine and size, so that engines benchmarked in separate runs
# (the PostgreSQL cluster and the Tantivy builds are long) appear in one table.
RESULTS = REPO / "bench" / "results" / "search.json"
HEADING = "## Recherche / Search"
SUBHEADING = "### Moteurs / Engines"
DOC_INTRO = (
    "# Performance\n\nMeasured figures of Essaim's batch and page paths, with the machine they ran on. "
    "Each section is rewritten by the bench script named in it.\n"
)
TERRITORIES = REPO / "essaim" / "territories" / "data" / "territories.json.gz"
DEMO_CORPUS = REPO / "essaim" / "catalog" / "data" / "demo_initiatives.jsonl"
PGBIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))
CORPUS_SEED = 2020
QUERY_SEED = 2021
VISITOR_STATUSES = ("publiee",)
PAGE_SIZE = 20
# PostgreSQL for a 24 GiB, 2-core machine (recorded in the doc with the figures).
PG_SETTINGS = {
    "shared_buffers": "4GB",
    "effective_cache_size": "16GB",
    "work_mem": "64MB",
    "maintenance_work_mem": "1GB",
    "max_parallel_workers_per_gather": "1",
    "max_parallel_workers": "2",
    "random_page_cost": "1.1",
}
PG_TEST_SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}

# ---------------------------------------------------------------------------------------------
# Synthetic corpus: deterministic (seeded), French, spread over real territories and taxonomies.


@dataclass(frozen=True)
class ThemeText:
    weight: int
    actions: tuple[str, ...]
    goals: tuple[str, ...]
    words: tuple[str, ...]  # most frequent first
    publics: tuple[str, ...]


# Per theme code and weight: actions, goals, vocabulary (most frequent first) and usual publics;
# values are separated by "|" and may continue on the next line.
THEME_TEXT = """
accompagnement_publics 18
  actions: des maraudes renforcées auprès des personnes sans abri
    | une veille téléphonique auprès des personnes isolées | un registre des personnes vulnérables
    | la mise à l'abri des personnes à la rue | un accueil de jour ouvert sept jours sur sept
    | une permanence d'accès aux droits | des visites de convivialité à domicile
    | une plateforme d'entraide entre voisins | une bagagerie solidaire
    | un numéro vert d'écoute et d'orientation
  goals: rompre l'isolement des plus fragiles | maintenir le lien social
    | repérer les personnes vulnérables | garantir l'accès aux droits
    | héberger en urgence les personnes à la rue
  words: isolement | sans-abri | lien social | hébergement d'urgence | maraudes | précarité
    | solitude | veille sociale | accès aux droits | accueil de jour | personnes vulnérables
    | grande exclusion | domiciliation | orientation
  publics: sans_abri | personnes_precaires | personnes_agees | tous_publics
alimentation_agriculture 12
  actions: une distribution de colis alimentaires | une épicerie solidaire éphémère
    | des chèques alimentaires pour les familles | un drive fermier avec les producteurs locaux
    | un portage de repas à domicile | une plateforme de circuits courts
    | une collecte de denrées avec la banque alimentaire | des paniers de légumes solidaires
  goals: garantir l'aide alimentaire pendant le confinement | soutenir les producteurs locaux
    | lutter contre la précarité alimentaire | éviter les ruptures d'approvisionnement
  words: aide alimentaire | colis | repas | producteurs locaux | banque alimentaire
    | circuits courts | épicerie solidaire | denrées | distribution | paniers | marchés
    | agriculteurs | précarité alimentaire | restauration scolaire
  publics: personnes_precaires | familles | etudiants | entreprises_commercants | tous_publics
autonomie_age_handicap 14
  actions: des appels réguliers aux personnes âgées isolées
    | le prêt de tablettes aux résidents des EHPAD | un soutien renforcé aux aidants familiaux
    | des courses livrées à domicile | un service de transport solidaire
    | une cellule de soutien aux services d'aide à domicile
    | des visites en visioconférence avec les familles | une plateforme de répit pour les aidants
  goals: préserver l'autonomie des personnes âgées | rompre l'isolement des résidents
    | soutenir les aidants | maintenir les aides à domicile
    | garantir l'accessibilité pour les personnes handicapées
  words: personnes âgées | EHPAD | aidants | handicap | aide à domicile | tablettes | aînés
    | seniors | résidences autonomie | répit | visioconférence | perte d'autonomie | accessibilité
    | canicule
  publics: personnes_agees | personnes_handicapees | professionnels | familles
culture 6
  actions: un service de retrait de livres en bibliothèque | des spectacles diffusés en ligne
    | des concerts sous les fenêtres des EHPAD | une médiathèque numérique gratuite
    | des résidences d'artistes dans les quartiers | un fonds de soutien aux compagnies
    | des ateliers de pratique artistique à distance
  goals: maintenir l'accès à la culture | soutenir les artistes et les compagnies
    | rompre l'isolement par la culture
  words: bibliothèque | culture | médiathèque | lecture | spectacle vivant | concerts | artistes
    | livres | patrimoine | musées | compagnies | théâtre
  publics: tous_publics | enfants | jeunes | personnes_agees | professionnels
economie_entreprises 9
  actions: un fonds d'urgence pour les commerçants
    | une plateforme de vente en ligne pour les commerces de proximité
    | des prêts d'honneur aux artisans | des bons d'achat à dépenser chez les commerçants
    | l'exonération des loyers des commerces municipaux | une cellule d'appui aux entreprises
  goals: soutenir le commerce de proximité | préserver l'emploi local
    | aider les entreprises à traverser la crise
  words: commerçants | entreprises | artisans | commerce de proximité | fonds d'urgence | emploi
    | trésorerie | loyers | vente en ligne | chômage partiel | bons d'achat | restaurateurs
    | tourisme
  publics: entreprises_commercants | professionnels | tous_publics
enfance_education 10
  actions: un soutien scolaire à distance | le prêt d'ordinateurs aux collégiens
    | l'accueil des enfants des soignants | des cours de rattrapage pendant les vacances
    | une ligne d'écoute pour les parents | la distribution de kits pédagogiques
    | des ateliers de parentalité en visioconférence
  goals: assurer la continuité éducative | réduire la fracture numérique des élèves
    | soutenir la parentalité | accueillir les enfants des personnels prioritaires
  words: soutien scolaire | collégiens | élèves | numérique | fracture numérique
    | continuité pédagogique | ordinateurs | parentalité | écoles | collèges | crèches | enseignants
    | devoirs | vacances apprenantes
  publics: enfants | jeunes | familles | etudiants | professionnels
protection_enfance 6
  actions: un renforcement des visites des éducateurs
    | une cellule de recueil des informations préoccupantes
    | des appels réguliers aux familles suivies | des places d'accueil d'urgence pour les mineurs
    | un soutien aux assistants familiaux | une ligne dédiée aux jeunes majeurs sortant de l'ASE
  goals: protéger les enfants en danger | maintenir le suivi des familles
    | soutenir les assistants familiaux
  words: aide sociale à l'enfance | éducateurs | informations préoccupantes | ASE
    | assistants familiaux | PMI | placement | enfance en danger | mineurs non accompagnés
    | jeunes majeurs | foyers
  publics: enfants | jeunes | familles | professionnels
violences_conjugales_intrafamiliales 7
  actions: des points d'accueil pour les victimes dans les centres commerciaux
    | la mise à l'abri des femmes victimes de violences
    | l'éviction des conjoints violents vers un hébergement dédié
    | un dispositif d'alerte en pharmacie | une permanence juridique et psychologique
    | des nuitées d'hôtel pour les victimes
  goals: protéger les victimes de violences conjugales | faciliter l'alerte pendant le confinement
    | éloigner les auteurs de violences
  words: violences conjugales | victimes | femmes victimes | violences intrafamiliales
    | mise à l'abri | pharmacies | auteurs | alerte | plainte | gendarmerie
    | accompagnement juridique
  publics: femmes_victimes | enfants | familles | professionnels
sante 12
  actions: un centre de vaccination intercommunal | des téléconsultations dans les maisons de santé
    | la distribution de masques aux habitants | une cellule de soutien psychologique
    | des équipes mobiles de dépistage | un transport vers les centres de vaccination
    | une plateforme d'écoute pour les soignants
  goals: garantir l'accès aux soins | accélérer la vaccination | prévenir la détresse psychologique
    | protéger les soignants
  words: vaccination | masques | soignants | dépistage | santé mentale | téléconsultation
    | soutien psychologique | médecins | covid-19 | prévention | hôpital | infirmiers
    | gel hydroalcoolique
  publics: tous_publics | personnes_agees | professionnels | personnes_precaires
insertion 6
  actions: un accompagnement renforcé des allocataires du RSA
    | des chantiers d'insertion maintenus pendant le confinement
    | une plateforme de mise en relation avec les employeurs
    | des missions rémunérées pour les jeunes | un job dating en visioconférence
    | une aide exceptionnelle aux jeunes sans ressources
  goals: accompagner vers l'emploi | éviter les ruptures de parcours
    | soutenir les allocataires du RSA
  words: insertion | RSA | emploi | allocataires | jeunes | chantiers d'insertion | formation
    | mission locale | demandeurs d'emploi | apprentissage | minima sociaux
  publics: personnes_precaires | jeunes | professionnels | etudiants
"""


def parse_themes(text: str) -> dict[str, ThemeText]:
    themes: dict[str, ThemeText] = {}
    for paragraph in re.split(r"\n(?=\S)", text.strip()):
        head, *rest = paragraph.split("\n", 1)
        code, weight = head.split()
        fields = dict(
            re.findall(r"^  (\w+):(.*?)(?=^  \w+:|\Z)", rest[0] if rest else "", re.MULTILINE | re.DOTALL)
        )
        values = {
            key: tuple(" ".join(value.split()) for value in raw.split("|")) for key, raw in fields.items()
        }
        themes[code] = ThemeText(int(weight), **values)
    return themes


THEMES = parse_themes(THEME_TEXT)


def bars(text: str) -> tuple[str, ...]:
    """ "a | b" -> ("a", "b"): long lists of phrases, written compactly."""
    return tuple(" ".join(value.split()) for value in text.split("|"))


# Words of every theme, most frequent first.
GENERAL_WORDS = bars(
    "confinement | bénévoles | crise sanitaire | habitants | solidarité | associations | département "
    "| CCAS | familles | partenaires | agents | domicile | numérique | téléphone | quartiers | "
    "urgence | accompagnement | travailleurs sociaux | centre social | mairie | entraide | proximité "
    "| coordination | élus"
)
PUBLIC_WEIGHTS = {
    "personnes_agees": 14,
    "personnes_handicapees": 6,
    "enfants": 9,
    "jeunes": 8,
    "familles": 10,
    "femmes_victimes": 4,
    "sans_abri": 5,
    "personnes_precaires": 12,
    "entreprises_commercants": 6,
    "etudiants": 4,
    "tous_publics": 14,
    "professionnels": 6,
    "benevoles": 2,
}
PUBLIC_TEXT = {
    "personnes_agees": "aux personnes âgées",
    "personnes_handicapees": "aux personnes en situation de handicap",
    "enfants": "aux enfants",
    "jeunes": "aux jeunes",
    "familles": "aux familles",
    "femmes_victimes": "aux femmes victimes de violences",
    "sans_abri": "aux personnes sans abri",
    "personnes_precaires": "aux personnes en situation de précarité",
    "entreprises_commercants": "aux commerçants et aux entreprises",
    "etudiants": "aux étudiants",
    "tous_publics": "à tous les habitants",
    "professionnels": "aux professionnels",
    "benevoles": "aux bénévoles",
}
PARTNERS = bars(
    "la Croix-Rouge | le Secours populaire | les Restos du cœur | la banque alimentaire | la caisse "
    "d'allocations familiales | l'agence régionale de santé | la préfecture | Pôle emploi | la "
    "mission locale | les bailleurs sociaux | la protection civile | les pharmacies | les commerçants "
    "| le centre social | les services de PMI | l'Éducation nationale | La Poste | les médecins "
    "généralistes | la gendarmerie | le SAMU social | les maisons France services | le Secours "
    "catholique | les Petits Frères des Pauvres | l'UDAF"
)
CONTEXTS = bars(
    "pendant le premier confinement | dès l'annonce du confinement | au printemps 2020 | au plus fort "
    "de la crise sanitaire | pendant le deuxième confinement | à l'automne 2020 | pendant l'épidémie "
    "de covid-19 | lors du troisième confinement | depuis la rentrée 2020 | en 2021 | avant la crise, "
    "puis pendant les confinements"
)
CLOSINGS = bars(
    "L'initiative a été reconduite après la crise sanitaire. | Une évaluation a été conduite avec les "
    "partenaires. | Le dispositif est désormais pérennisé. | Les retours des bénéficiaires ont été "
    "très positifs. | Le coût de l'opération a été pris en charge par la collectivité. | D'autres "
    "communes du département ont repris l'idée. | Un bilan a été présenté en conseil municipal. | "
    "L'expérience a donné lieu à un guide pratique."
)
PEOPLE = ("bénéficiaires", "personnes", "familles", "habitants", "foyers", "appels")
ASSOCIATIONS = ("Entraide", "Solidarité", "Les Amis", "Maison des solidarités", "Secours populaire", "Emmaüs")
# Level of an initiative's perimeter → weight; actor types by level (weight; "" = no lead actor).
LEVEL_WEIGHTS = {"commune": 72, "departement": 18, "region": 5, "national": 5}
ACTORS_BY_LEVEL = {
    "commune": {
        "commune": 40,
        "ccas_cias": 25,
        "association": 14,
        "intercommunalite": 8,
        "collectif_citoyen": 5,
        "entreprise": 2,
        "autre": 2,
        "": 4,
    },
    "departement": {"departement": 70, "etat": 8, "association": 12, "autre": 3, "": 7},
    "region": {"region": 75, "etat": 10, "association": 8, "": 7},
    "national": {"etat": 50, "association": 35, "entreprise": 5, "": 10},
}
STATUS_WEIGHTS = {"publiee": 90, "brouillon": 2, "soumise": 3, "qualifiee": 3, "archivee": 2}
EVIDENCE_WEIGHTS = {"declaratif": 70, "documente": 24, "evalue": 6}
YEAR_WEIGHTS = {2019: 8, 2020: 45, 2021: 30, 2022: 10, 2023: 7}
LOCKDOWN_STARTS = ((dt.date(2020, 3, 17), 55), (dt.date(2020, 10, 30), 25), (dt.date(2021, 4, 3), 20))
FRENCH_STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        "alors aussi avec avaient avait avant cette comme dans depuis elles entre être leurs moins notamment "
        "parmi plusieurs pour puis sans selon sont toute toutes tous très vers ainsi afin chaque lors dont "
        "après encore était jusqu",
    )
)


class Weighted:
    """Draw from weighted items with a prepared cumulative table (bisect, no per-draw sums)."""

    def __init__(self, items: Iterable[tuple[object, float]]) -> None:
        pairs = list(items)
        self.items = [item for item, _ in pairs]
        self.cumulative = list(accumulate(weight for _, weight in pairs))
        self.total = self.cumulative[-1]

    def draw(self, rng: Random):
        return self.items[bisect(self.cumulative, rng.random() * self.total)]

    def distinct(self, rng: Random, count: int) -> list:
        chosen: list = []
        while len(chosen) < min(count, len(self.items)):
            item = self.draw(rng)
            if item not in chosen:
                chosen.append(item)
        return chosen


def zipf(items: Iterable, exponent: float = 1.0) -> Weighted:
    return Weighted((item, 1 / (rank + 1) ** exponent) for rank, item in enumerate(items))


@dataclass(frozen=True)
class Place:
    level: str  # commune, departement, region, national
    code: str
    name: str
    of: str  # "de Lille", "du Nord"
    region: str = ""
    departement: str = ""
    names: tuple[str, ...] = ()  # what the index adds to the body: territory, département, région


@dataclass(frozen=True)
class Synthetic:
    """One generated initiative: enough for a SearchDoc (engines) or ORM rows (HTTP bench)."""

    number: int
    title: str
    summary: str
    results: str
    place: Place
    actor_type: str  # "" = no lead actor
    actor_name: str
    themes: tuple[str, ...]
    publics: tuple[str, ...]
    start: dt.date | None
    precision: str
    evidence: str
    status: str
    created_at: dt.datetime
    published_at: dt.datetime | None

    @property
    def period(self) -> str:
        return crisis_period(self.start, self.precision).value


@dataclass(frozen=True)
class BenchQuery:
    text: str
    selected: dict[str, tuple[str, ...]] = field(default_factory=dict)
    kind: str = ""


class Corpus:
    """Real geography and taxonomy codes, and the vocabulary, ready for seeded draws."""

    def __init__(self) -> None:
        bundle = json.loads(gzip.decompress(TERRITORIES.read_bytes()))
        regions = {code: (name, name_type) for code, name, name_type, _zone in bundle["regions"]}
        departements = {
            code: (name, name_type, region) for code, name, name_type, region, _zone in bundle["departements"]
        }
        population: Counter[str] = Counter()
        communes = []
        for row in bundle["communes"]:
            code, name, name_type, departement, region = row[:5]
            people = max(row[7] or 0, 1)
            population[departement] += people
            population["r" + region] += people
            place = Place(
                "commune",
                code,
                name,
                name_with_of(name, name_type),
                region,
                departement,
                (name, departements[departement][0], regions[region][0]),
            )
            communes.append((place, people))
        self.communes = Weighted(communes)
        self.departements = Weighted(
            (
                Place(
                    "departement",
                    code,
                    name,
                    name_with_of(name, name_type),
                    region,
                    code,
                    (name, regions[region][0]),
                ),
                population[code],
            )
            for code, (name, name_type, region) in departements.items()
        )
        self.regions = Weighted(
            (
                Place("region", code, name, name_with_of(name, name_type), code, "", (name,)),
                population["r" + code],
            )
            for code, (name, name_type) in regions.items()
        )
        self.national = Place("national", "FR", "France", "de la France")
        self.levels = Weighted(LEVEL_WEIGHTS.items())
        self.actors = {level: Weighted(weights.items()) for level, weights in ACTORS_BY_LEVEL.items()}
        self.themes = Weighted((code, text.weight) for code, text in THEMES.items())
        self.publics = Weighted(PUBLIC_WEIGHTS.items())
        self.statuses = Weighted(STATUS_WEIGHTS.items())
        self.evidence = Weighted(EVIDENCE_WEIGHTS.items())
        self.years = Weighted(YEAR_WEIGHTS.items())
        self.lockdowns = Weighted(LOCKDOWN_STARTS)
        self.theme_words = {code: zipf(text.words, 0.9) for code, text in THEMES.items()}
        self.general = zipf(GENERAL_WORDS, 0.8)
        self.rare_words = self._rare_words()
        self.rare = zipf(self.rare_words, 1.0)
        self.partners = zipf(PARTNERS, 0.7)

    @staticmethod
    def _rare_words() -> list[str]:
        """The long tail: words of the demo corpus (real summaries), most frequent first."""
        known = {word.lower() for text in THEMES.values() for phrase in text.words for word in phrase.split()}
        known |= {word.lower() for phrase in GENERAL_WORDS for word in phrase.split()}
        counts: Counter[str] = Counter()
        for line in DEMO_CORPUS.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            text = f"{record['title']} {record['summary']}"
            counts.update(
                word
                for word in re.findall(r"[^\W\d_]+", text.lower())
                if len(word) >= 5 and word not in known and word not in FRENCH_STOPWORDS
            )
        return [word for word, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]

    # Initiatives -------------------------------------------------------------------------------

    def initiatives(self, count: int, *, seed: int = CORPUS_SEED) -> Iterator[Synthetic]:
        rng = Random(seed)
        for number in range(1, count + 1):
            yield self._initiative(rng, number)

    def _place(self, rng: Random) -> Place:
        level = self.levels.draw(rng)
        if level == "commune":
            return self.communes.draw(rng)
        if level == "departement":
            return self.departements.draw(rng)
        return self.regions.draw(rng) if level == "region" else self.national

    def _start(self, rng: Random) -> tuple[dt.date | None, str]:
        roll = rng.random()
        if roll < 0.03:
            return None, Precision.DAY.value
        if roll < 0.5:
            start = self.lockdowns.draw(rng) + dt.timedelta(days=rng.randrange(40))
        else:
            start = dt.date(self.years.draw(rng), 1, 1) + dt.timedelta(days=rng.randrange(365))
        precision = rng.random()
        if precision < 0.55:
            return start, Precision.DAY.value
        return start, (Precision.MONTH.value if precision < 0.95 else Precision.YEAR.value)

    def _actor(self, rng: Random, place: Place, actor_type: str) -> str:
        names = {
            "commune": f"Ville {place.of}",
            "ccas_cias": f"CCAS {place.of}",
            "association": f"{rng.choice(ASSOCIATIONS)} {place.of}",
            "intercommunalite": f"Communauté de communes {place.of}",
            "collectif_citoyen": f"Collectif citoyen {place.of}",
            "entreprise": f"Entreprise solidaire {place.of}",
            "departement": f"Département {place.of}",
            "region": f"Région {place.name}",
            "etat": f"Préfecture {place.of}" if place.level != "national" else "Ministère des Solidarités",
        }
        return names.get(actor_type, f"Partenaire local {place.of}") if actor_type else ""

    def _initiative(self, rng: Random, number: int) -> Synthetic:
        place = self._place(rng)
        actor_type = self.actors[place.level].draw(rng)
        actor = self._actor(rng, place, actor_type)
        themes = tuple(self.themes.distinct(rng, rng.choice((1, 1, 1, 2, 2, 3))))
        main = THEMES[themes[0]]
        publics = {rng.choice(main.publics)}
        for _ in range(rng.choice((0, 0, 1, 2))):
            publics.add(self.publics.draw(rng) if rng.random() < 0.4 else rng.choice(main.publics))
        action = rng.choice(main.actions)
        title = self._title(rng, place, action, main, publics)
        summary = self._summary(
            rng, place, actor or f"La collectivité {place.of}", action, themes=themes, publics=publics
        )
        results = (
            f"{rng.randrange(12, 4000):,} {rng.choice(PEOPLE)} ont été accompagnés en "
            f"{rng.randrange(2, 40)} semaines.".replace(",", " ")
        )
        start, precision = self._start(rng)
        status = self.statuses.draw(rng)
        begin = max(start or dt.date(2020, 6, 1), dt.date(2020, 3, 1))
        created = dt.datetime.combine(begin, dt.time(9), tzinfo=dt.UTC) + dt.timedelta(
            days=rng.randrange(5, 700), minutes=rng.randrange(600)
        )
        published = created + dt.timedelta(days=rng.randrange(1, 60)) if status == "publiee" else None
        return Synthetic(
            number=number,
            title=title,
            summary=summary,
            results=results,
            place=place,
            actor_type=actor_type,
            actor_name=actor,
            themes=themes,
            publics=tuple(sorted(publics)),
            start=start,
            precision=precision,
            evidence=self.evidence.draw(rng),
            status=status,
            created_at=created,
            published_at=published,
        )

    def _title(self, rng: Random, place: Place, action: str, main: ThemeText, publics: set[str]) -> str:
        word = self.theme_words[THEMES_BY_TEXT[id(main)]].draw(rng)
        shape = rng.randrange(4)
        if shape == 0:
            return f"{place.name} : {action}"
        if shape == 1:
            return f"{action[0].upper()}{action[1:]} {place.of}"
        if shape == 2:
            return f"{word[0].upper()}{word[1:]} : {action} {PUBLIC_TEXT[min(publics)]}"
        return f"{place.name} mise sur {action}"

    def _summary(
        self,
        rng: Random,
        place: Place,
        actor: str,
        action: str,
        *,
        themes: tuple[str, ...],
        publics: set[str],
    ) -> str:
        main = THEMES[themes[0]]
        words = self.theme_words
        audience = " et ".join(PUBLIC_TEXT[code] for code in sorted(publics))
        first = f"{actor} a mis en place {action} {rng.choice(CONTEXTS)} pour {rng.choice(main.goals)}."
        pool = [
            f"Le dispositif s'adresse {audience} et s'appuie sur {self.partners.draw(rng)} "
            f"et {self.partners.draw(rng)}.",
            f"Il associe {words[themes[0]].draw(rng)}, {words[rng.choice(themes)].draw(rng)} "
            f"et {words[themes[-1]].draw(rng)}.",
            f"Les équipes citent aussi {self.rare.draw(rng)}, {self.rare.draw(rng)} et "
            f"{self.rare.draw(rng)} parmi les points d'attention.",
            f"{rng.randrange(3, 300)} {self.general.draw(rng)} et agents ont été mobilisés "
            f"{place.of}, avec l'appui {of(self.partners.draw(rng))}.",
            f"L'action répond à la question {of(self.general.draw(rng))} et {of(self.general.draw(rng))} "
            f"sur le territoire.",
            f"Elle a été présentée comme une réponse à {self.rare.draw(rng)} et à "
            f"{words[rng.choice(themes)].draw(rng)}.",
            f"Le suivi passe par {self.general.draw(rng)}, {self.rare.draw(rng)} et {self.rare.draw(rng)}.",
            rng.choice(CLOSINGS),
        ]
        rng.shuffle(pool)
        target = rng.randrange(60, 151)
        sentences = [first]
        length = len(first.split())
        for sentence in pool:
            if length >= target:
                break
            sentences.append(sentence)
            length += len(sentence.split())
        while length < target:  # long summaries: more of the long tail
            sentence = (
                f"On y retrouve {self.rare.draw(rng)}, {self.general.draw(rng)} et {self.rare.draw(rng)}."
            )
            sentences.append(sentence)
            length += len(sentence.split())
        return " ".join(sentences)


THEMES_BY_TEXT = {id(text): code for code, text in THEMES.items()}


def of(phrase: str) -> str:
    """ "de" + a phrase that starts with an article: "de la", "du", "des", "de l'"."""
    for article, replacement in (("le ", "du "), ("les ", "des "), ("la ", "de la "), ("l'", "de l'")):
        if phrase.startswith(article):
            return replacement + phrase[len(article) :]
    return ("d'" if phrase[0].lower() in "aeiouyéèêh" else "de ") + phrase


def search_doc(item: Synthetic):
    """The document the index gets, shaped like `essaim.search.documents.doc_from`."""
    from essaim.search.documents import SearchDoc

    place = item.place
    body = "\n".join(part for part in (item.summary, item.results, item.actor_name, *place.names) if part)
    moment = item.published_at or item.created_at
    return SearchDoc(
        id=item.number,
        title=item.title,
        body=body,
        status=item.status,
        facets={
            "theme": item.themes,
            "public": item.publics,
            "region": (place.region,) if place.region else (),
            "departement": (place.departement,) if place.departement else (),
            "porteur": (item.actor_type,) if item.actor_type else (),
            "periode": (item.period,),
            "annee": (str(item.start.year),) if item.start else (),
            "preuve": (item.evidence,),
            "statut": (item.status,),
        },
        sort_ts=int(moment.timestamp() * 1000),
    )


# Queries ---------------------------------------------------------------------------------------

QUERY_KINDS = {
    "frequent": 30,
    "two_frequent": 15,
    "rare": 12,
    "frequent_rare": 10,
    "place": 13,
    "phrase3": 20,
}
FILTER_KEYS = {
    "theme": 30,
    "region": 18,
    "departement": 18,
    "periode": 12,
    "public": 10,
    "annee": 6,
    "porteur": 6,
}
PERIODS = {
    "confinement_1": 40,
    "entre_confinements": 15,
    "confinement_2": 20,
    "confinement_3": 10,
    "apres": 15,
}


def unaccented(text: str) -> str:
    import unicodedata

    return "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))


def bench_queries(corpus: Corpus, count: int, *, seed: int = QUERY_SEED) -> list[BenchQuery]:
    """`count` queries of 1–3 words, half with 1–2 facet filters; some unaccented, some half-typed."""
    rng = Random(seed)
    frequent = zipf(
        [word for text in THEMES.values() for word in text.words[:8]] + list(GENERAL_WORDS[:12]), 0.5
    )
    tail = corpus.rare_words[150:]
    kinds = Weighted(QUERY_KINDS.items())
    keys = Weighted(FILTER_KEYS.items())
    queries = []
    for number in range(count):
        kind = kinds.draw(rng)
        if kind == "frequent":
            text = frequent.draw(rng)
        elif kind == "two_frequent":
            text = f"{frequent.draw(rng).split()[0]} {frequent.draw(rng).split()[-1]}"
        elif kind == "rare":
            text = rng.choice(tail)
        elif kind == "frequent_rare":
            text = f"{frequent.draw(rng).split()[-1]} {rng.choice(tail)}"
        elif kind == "place":
            place = corpus.communes.draw(rng) if rng.random() < 0.6 else corpus.departements.draw(rng)
            text = f"{place.name.split()[0].split('-')[0]} {frequent.draw(rng).split()[0]}"
        else:
            text = rng.choice([word for word in (frequent.draw(rng) for _ in range(20)) if " " in word])
        text = " ".join(text.split()[:3])
        if rng.random() < 0.15:
            kind += "+unaccented"
            text = unaccented(text)
        last = text.split()[-1]
        if rng.random() < 0.2 and len(last) > 4:
            kind += "+typing"
            text = text[: len(text) - len(last) + rng.randrange(3, len(last))]
        selected: dict[str, tuple[str, ...]] = {}
        if number % 2:
            for key in keys.distinct(rng, rng.choice((1, 1, 2))):
                selected[key] = filter_values(corpus, rng, key)
        queries.append(BenchQuery(text=text, selected=selected, kind=kind))
    return queries


def filter_values(corpus: Corpus, rng: Random, key: str) -> tuple[str, ...]:
    if key == "theme":
        return tuple(sorted(corpus.themes.distinct(rng, rng.choice((1, 1, 2)))))
    draws = {
        "region": lambda: corpus.regions.draw(rng).code,
        "departement": lambda: corpus.departements.draw(rng).code,
        "periode": lambda: Weighted(PERIODS.items()).draw(rng),
        "public": lambda: corpus.publics.draw(rng),
        "annee": lambda: str(corpus.years.draw(rng)),
        "porteur": lambda: rng.choice(("commune", "ccas_cias", "departement", "association")),
    }
    return (draws[key](),)


def visitor_request(query: BenchQuery):
    """What a visitor's page asks: the service's own parsing (the box's text is stripped, so the
    last word is always a prefix), first page, every facet but the status."""
    from essaim.search.backends.base import COUNTED_FACETS, SearchRequest
    from essaim.search.query import parse

    return SearchRequest(
        query=parse(" ".join(query.text.split())),
        selected=query.selected,
        statuses=VISITOR_STATUSES,
        offset=0,
        limit=PAGE_SIZE,
        facets=tuple(key for key in COUNTED_FACETS if key != "statut"),
    )


# Engines ---------------------------------------------------------------------------------------


class Timed:
    """Wrap an iterator and add up the time spent producing its items (the generator's share)."""

    def __init__(self, items: Iterator) -> None:
        self.items = items
        self.seconds = 0.0
        self.count = 0

    def __iter__(self) -> Iterator:
        while True:
            started = time.perf_counter()
            try:
                item = next(self.items)
            except StopIteration:
                self.seconds += time.perf_counter() - started
                return
            self.seconds += time.perf_counter() - started
            self.count += 1
            yield item


def timed_build(build, corpus: Corpus, size: int) -> dict:
    """Build from freshly generated documents; the generation time is measured and left out."""
    docs = Timed(search_doc(item) for item in corpus.initiatives(size))
    started = time.perf_counter()
    build(iter(docs))
    total = time.perf_counter() - started
    return {"build_s": total - docs.seconds, "generate_s": docs.seconds, "docs": docs.count}


class BareTantivy:
    """Tantivy through its Python bindings and nothing else: same analyser, fields and writer
    settings as our backend, one search for the page and count, one `aggregate` for every facet
    (filter aggregations for the disjunctive ones), no reload, no stored-document fetch."""

    name = "bare"

    def __init__(self, path: Path) -> None:
        import tantivy

        from essaim.search.analysis import french_analyzer
        from essaim.search.backends.tantivy_index import build_schema, prefix_analyzer

        self.schema = build_schema()
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.index = tantivy.Index(self.schema, path=str(path))
        self.index.register_tokenizer("fr", french_analyzer())
        self.index.register_tokenizer("prefix", prefix_analyzer())
        self.searcher = self.index.searcher()  # an index kept from an earlier run is timed as it is

    def rebuild(self, docs: Iterable) -> None:
        from essaim.search.backends.tantivy_index import tantivy_document

        writer = self.index.writer(heap_size=128_000_000, num_threads=1)
        for doc in docs:
            writer.add_document(tantivy_document(doc))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()

    @property
    def segments(self) -> int:
        return self.index.searcher().num_segments

    def size_bytes(self) -> int:
        return sum(file.stat().st_size for file in self.path.rglob("*") if file.is_file())

    def search(self, request):
        from tantivy import Occur, Query

        text = []
        for clause in request.query.required:
            fields = []
            for name, boost in (("title", 3.0), ("body", 1.0)):
                if clause.is_phrase:
                    query = Query.phrase_query(self.schema, name, list(clause.stems))
                else:
                    query = Query.term_query(self.schema, name, clause.stems[0])
                    if clause.prefix:  # the index's field of word beginnings
                        prefix = Query.term_query(self.schema, f"{name}_prefix", clause.prefix[:20])
                        query = Query.boolean_query([(Occur.Should, query), (Occur.Should, prefix)])
                fields.append((Occur.Should, Query.boost_query(query, boost)))
            text.append((Occur.Must, Query.boolean_query(fields)))
        text.append((Occur.Must, Query.term_set_query(self.schema, "statut", list(request.statuses))))
        selected = request.selected
        filters = [
            (Occur.Must, Query.term_set_query(self.schema, key, list(values)))
            for key, values in selected.items()
        ]
        query = Query.boolean_query(text + filters)
        result = self.searcher.search(query, PAGE_SIZE, count=True)
        ids = self.searcher.fast_field_values("id", [address for _, address in result.hits])
        terms = {key: {"terms": {"field": key, "size": 500}} for key in request.facets}
        if not selected:
            aggregations = terms
        else:
            # One pass over the text matches: each facet counted under every filter but its own.
            aggregations = {
                "all": {
                    "filter": query_string(selected),
                    "aggs": {key: terms[key] for key in request.facets if key not in selected},
                }
            }
            for key in selected:
                others = {name: values for name, values in selected.items() if name != key}
                aggregations[f"without_{key}"] = (
                    {"filter": query_string(others), "aggs": {key: terms[key]}} if others else terms[key]
                )
        found = self.searcher.aggregate(Query.boolean_query(text), aggregations)
        facets = {}
        for name, value in found.items():
            nested = value.items() if "buckets" not in value else [(name, value)]
            for key, counts in nested:
                if isinstance(counts, dict) and "buckets" in counts:
                    facets[key.removeprefix("without_")] = {
                        b["key"]: b["doc_count"] for b in counts["buckets"]
                    }
        return result.count, list(ids), facets


FACET_FIELDS = ("theme", "public", "region", "departement", "porteur", "periode", "annee", "preuve", "statut")


def query_string(selected: dict[str, tuple[str, ...]]) -> str:
    return " AND ".join(
        "(" + " OR ".join(f"{key}:{value}" for value in values) + ")" for key, values in selected.items()
    )


def percentiles(samples: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98], "mean": statistics.fmean(samples)}


def time_queries(engines: dict, requests: list, *, rounds: int) -> dict[str, list[float]]:
    """A warm-up pass, then `rounds` timed passes; engines interleaved query by query, their
    order alternating, so that both see the same machine state."""
    for request in requests:
        for engine in engines.values():
            engine.search(request)
    timings: dict[str, list[float]] = {name: [] for name in engines}
    names = list(engines)
    for round_number in range(rounds):
        for number, request in enumerate(requests):
            order = names if (number + round_number) % 2 == 0 else names[::-1]
            for name in order:
                started = time.perf_counter()
                engines[name].search(request)
                timings[name].append((time.perf_counter() - started) * 1000)
    return timings


def agreement(ours, bare, requests: list) -> dict:
    """How often the bare equivalent finds the same total and the same counts when ours counts
    exactly (a sanity check), and how far our estimates are from its exact totals."""
    same_total = same_facets = exact = 0
    errors = []
    for request in requests:
        hits = ours.search(request)
        total, _ids, facets = bare.search(request)
        if not hits.exact:
            errors.append(abs(hits.total - total) / max(total, 1))
            continue
        exact += 1
        same_total += hits.total == total
        same_facets += all(hits.facets.get(key, {}) == facets.get(key, {}) for key in request.facets)
    return {
        "exact": exact,
        "estimated": len(errors),
        "same_total": same_total / max(exact, 1),
        "same_facets": same_facets / max(exact, 1),
        "estimate_error_median": statistics.median(errors) if errors else 0.0,
        "estimate_error_max": max(errors, default=0.0),
    }


# Child processes (Django reads DATABASE_URL once, at start-up) -------------------------------------


def django_setup() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "essaim.settings")
    django.setup()


def child_tantivy(size: int, query_count: int, engines: list[str], rounds: int) -> dict:
    """Our backend and the bare index, built from the same documents, timed on the same queries."""
    django_setup()
    from essaim.search.backends.tantivy_index import SCHEMA_VERSION, TantivyBackend

    corpus = Corpus()
    requests = [visitor_request(query) for query in bench_queries(corpus, query_count)]
    folder = Path(os.environ["ESSAIM_VAR_DIR"])
    built: dict[str, object] = {}
    report: dict[str, dict] = {}
    for name in engines:
        engine = (
            TantivyBackend(folder / "ours")
            if name == "tantivy"
            else BareTantivy(folder / f"bare-v{SCHEMA_VERSION}")
        )
        # With --keep-indexes, an index built earlier in the same format is timed again as it is,
        # with the build figures of the run that built it.
        stamp = folder / f"{name}.built.json"
        earlier = json.loads(stamp.read_text()) if stamp.exists() else {}
        if earlier.get("format") == SCHEMA_VERSION and earlier.get("docs") == size:
            log(f"{name} {size:,}: index déjà construit ({stamp})")
            report[name] = earlier
        else:
            log(f"{name} {size:,}: indexation…")
            report[name] = timed_build(engine.rebuild, corpus, size)
            report[name]["bytes"] = engine.size_bytes()
            report[name]["segments"] = engine.segments
            report[name]["format"] = SCHEMA_VERSION
            stamp.write_text(json.dumps(report[name]))
        log(f"{name} {size:,}: {report[name]['build_s']:.1f} s, {report[name]['bytes'] / 1e6:,.0f} Mo")
        built[name] = engine
    log(f"tantivy {size:,}: {len(requests)} requêtes × {rounds}…")
    load = os.getloadavg()[0]
    timings = time_queries(built, requests, rounds=rounds)
    for name, samples in timings.items():
        report[name]["latency_ms"] = samples
        report[name]["load"] = [load, os.getloadavg()[0]]
    if len(built) == 2:
        report["bare"]["agreement"] = agreement(built["tantivy"], built["bare"], requests)
    return report


def child_postgres(size: int, query_count: int, rounds: int) -> dict:
    django_setup()
    from django.core.management import call_command
    from django.db import connection

    from essaim.search.backends.postgres import PostgresBackend

    call_command("migrate", verbosity=0)
    corpus = Corpus()
    requests = [visitor_request(query) for query in bench_queries(corpus, query_count)]
    backend = PostgresBackend()
    log(f"postgresql {size:,}: indexation…")
    report = timed_build(backend.rebuild, corpus, size)
    report["bytes"] = backend.size_bytes()
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        report["server"] = cursor.fetchone()[0].split(" on ")[0]
    log(f"postgresql {size:,}: {report['build_s']:.1f} s, {report['bytes'] / 1e6:,.0f} Mo")
    log(f"postgresql {size:,}: {len(requests)} requêtes × {rounds}…")
    load = os.getloadavg()[0]
    report["latency_ms"] = time_queries({"postgresql": backend}, requests, rounds=rounds)["postgresql"]
    report["load"] = [load, os.getloadavg()[0]]
    return {"postgresql": report}


def log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)  # noqa: DTZ005


def run_child(kind: str, size: int, args: argparse.Namespace, env: dict[str, str]) -> dict:
    kept = Path(args.keep_indexes) / str(size) if args.keep_indexes and kind == "tantivy" else None
    if kept:
        kept.mkdir(parents=True, exist_ok=True)
    with (
        contextlib.nullcontext(str(kept))
        if kept
        else tempfile.TemporaryDirectory(prefix="essaim-bench-search-") as folder
    ):
        env = {
            "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
            **os.environ,
            **env,
            # Keep the secret key file and the indexes out of the repository.
            "ESSAIM_VAR_DIR": folder,
            "ESSAIM_SEARCH_DIR": f"{folder}/index",
        }
        command = [
            sys.executable,
            __file__,
            f"--child={kind}",
            f"--sizes={size}",
            f"--queries={args.queries}",
            f"--rounds={args.rounds}",
            f"--engines={','.join(args.engines)}",
            *([f"--keep-indexes={args.keep_indexes}"] if args.keep_indexes else []),
        ]
        result = subprocess.run(command, env=env, cwd=REPO, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


# A temporary PostgreSQL 15 cluster, like scripts/test.sh -------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def postgres_cluster() -> Iterator[str]:
    """Start a throwaway cluster on a free port; stopped and removed at exit, even on Ctrl-C."""
    folder = Path(tempfile.mkdtemp(prefix="essaim-pg-"))
    as_pg: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        as_pg = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"
    port = free_port()
    options = " ".join(f"-c {key}={value}" for key, value in {**PG_SETTINGS, **PG_TEST_SETTINGS}.items())
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        subprocess.run(
            [
                *as_pg,
                PGBIN / "initdb",
                "-D",
                data,
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        subprocess.run(
            [
                *as_pg,
                PGBIN / "pg_ctl",
                "-D",
                data,
                "-l",
                folder / "server.log",
                "-w",
                "start",
                "-o",
                f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 {options}",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        yield f"postgres://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*as_pg, PGBIN / "pg_ctl", "-D", data, "-m", "immediate", "stop"],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(folder, ignore_errors=True)
        signal.signal(signal.SIGTERM, previous)


# Report ----------------------------------------------------------------------------------------------


ENGINE_LABELS = {"tantivy": "embarqué (Tantivy)", "postgresql": "PostgreSQL", "bare": "Tantivy nu"}


def rows(results: list[dict]) -> list[dict]:
    """One row per engine and size, with percentiles and the ratio to the bare index of that size."""
    table = []
    for result in results:
        for name, figures in result["engines"].items():
            row = {"engine": name, "size": result["size"], **figures, **percentiles(figures["latency_ms"])}
            bare = result["engines"].get("bare")
            row["ratio"] = row["p95"] / percentiles(bare["latency_ms"])["p95"] if bare else None
            table.append(row)
    return table


def table(results: list[dict]) -> str:
    lines = [
        "| moteur | N | construction s | index Mo | p50 ms | p95 ms | p99 ms | p95 / Tantivy nu |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows(results):
        ratio = f"{row['ratio']:.2f}" if row["ratio"] is not None else "—"
        lines.append(
            f"| {ENGINE_LABELS[row['engine']]} | {row['size']:,} | {row['build_s']:,.1f} | "
            f"{row['bytes'] / 1e6:,.0f} | {row['p50']:.1f} | {row['p95']:.1f} | {row['p99']:.1f} | {ratio} |"
        )
    return "\n".join(lines)


QUERY_GROUPS = {
    "sans filtre": lambda query: not query.selected,
    "avec filtres": lambda query: bool(query.selected),
    "mot fréquent seul": lambda query: query.kind.startswith("frequent") and " " not in query.text,
    "mot en cours de frappe": lambda query: "typing" in query.kind,
}


def breakdown(results: list[dict], query_count: int) -> str:
    """p95 by kind of query (the samples are in query order, round after round)."""
    queries = bench_queries(Corpus(), query_count)
    lines = [
        "| moteur | N | " + " | ".join(f"p95 {group} ms" for group in QUERY_GROUPS) + " |",
        "| --- | ---: | " + " | ".join("---:" for _ in QUERY_GROUPS) + " |",
    ]
    for result in results:
        for name, figures in result["engines"].items():
            samples = figures["latency_ms"]
            cells = []
            for keep in QUERY_GROUPS.values():
                chosen = [value for index, value in enumerate(samples) if keep(queries[index % len(queries)])]
                cells.append(f"{percentiles(chosen)['p95']:.1f}" if len(chosen) > 1 else "—")
            lines.append(f"| {ENGINE_LABELS[name]} | {result['size']:,} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def measured(results: list[dict]) -> str:
    when: dict[str, list[str]] = {}
    for result in results:
        for name, report in result["engines"].items():
            when.setdefault(report.get("measured", "?"), []).append(
                f"{ENGINE_LABELS[name]} {result['size']:,}"
            )
    return "; ".join(f"{', '.join(runs)}: {stamp}" for stamp, runs in sorted(when.items()))


def section(results: list[dict], host: dict[str, str], args: argparse.Namespace) -> str:
    samples = len(next(iter(results[0]["engines"].values()))["latency_ms"])
    checks = [
        f"{result['size']:,}: sur les {check['exact']} requêtes comptées exactement, même total "
        f"{check['same_total']:.0%}, mêmes comptes {check['same_facets']:.0%}"
        + (
            f"; {check['estimated']} requêtes estimées, total à {check['estimate_error_median']:.1%} "
            f"près en médiane ({check['estimate_error_max']:.1%} au pire)"
            if check["estimated"]
            else ""
        )
        for result in results
        if (bare := result["engines"].get("bare")) and (check := bare.get("agreement"))
    ]
    server = next((r["engines"]["postgresql"]["server"] for r in results if "postgresql" in r["engines"]), "")
    pg = ", ".join(f"`{key}={value}`" for key, value in PG_SETTINGS.items())
    return (
        f"{SUBHEADING}\n\n"
        f"`.venv/bin/python bench/search.py --sizes {','.join(map(str, args.sizes))} "
        f"--queries {args.queries}` "
        "(`make bench-search`). Synthetic initiatives, generated with a fixed seed: French titles and "
        "summaries of 60–150 words (phrase templates, a social-action vocabulary with Zipf-like "
        "frequencies and the long tail of the demo corpus), perimeters drawn by population from the "
        "real communes (72 %), départements (18 %), régions and the national level, 1–3 themes, 1–3 "
        "publics, actor types, start dates 2019–2023 (hence crisis periods), evidence levels, 90 % "
        "published. Build time leaves out the generation of the documents.\n\n"
        f"Queries: {args.queries} texts of 1–3 words (frequent and rare words, commune and "
        "département names, some without accents, some half-typed), half with 1–2 facet filters "
        "(theme, région, département, période, public, année, porteur); visitor statuses only; "
        "the text goes through the service's own parsing, so the last word is always also a prefix. "
        "Each query = `backend.search()` for the first page of 20 + the total + every facet count "
        f"(the map's département counts included). One warm-up pass, then {samples} timed queries "
        "per engine, engines interleaved query by query.\n\n"
        "Our embedded engine has two shards (published, others: visitors' queries need no status "
        "clause) and, above 50,000 matches, estimates the total and the facet counts from a "
        "sample of the documents (`SearchHits.exact`); its page of results is always exact. "
        "PostgreSQL follows the same contract from 10,000 matches, on a sample of about 5,000 "
        "(each counted match reads a heap row); beyond its exact limit, its first page ranks the "
        "matches among the 5,000 newest documents when they fill it.\n\n"
        "*Tantivy nu* is a plain Tantivy index over the same documents (same analyser, fields and "
        "writer settings, one index with a status clause), queried through the bindings without "
        "our backend: one `search` for the top 20 and the exact count (ids read from the fast "
        "field), prefixes on the index's field of word beginnings, and a single `aggregate` whose "
        "filter aggregations give the exact disjunctive facet counts. "
        + (f"Sanity check against our backend — {'; '.join(checks)}. " if checks else "")
        + f"PostgreSQL: {server or 'PostgreSQL 15'}, temporary cluster with {pg} "
        "(and `fsync=off`, which does not change reads).\n\n"
        f"{table(results)}\n\n"
        f"{breakdown(results, args.queries)}\n\n"
        f"Load average (1 min) when the timed passes started: {loads(results)} (other jobs may share "
        "the machine; the interleaving keeps the embedded/bare ratio fair, not the absolute figures).\n\n"
        "Targets: embedded at 1M p95 ≤ 25 ms and ≤ 2× bare Tantivy; PostgreSQL at 1M p95 ≤ 100 ms.\n\n"
        f"Machine: {host['cpu']}, {host['nproc']} CPU (`nproc`), {host['memory']} RAM (`free -h`), "
        f"Python {host['python']}; measured {measured(results)}.\n"
    )


def loads(results: list[dict]) -> str:
    return ", ".join(
        f"{ENGINE_LABELS[name]} {result['size']:,}: {figures['load'][0]:.1f}"
        for result in results
        for name, figures in result["engines"].items()
        if name != "bare" and "load" in figures
    )


def write_subsection(heading: str, text: str) -> None:
    """Replace `heading` (a "### " subsection) inside "## Recherche / Search" of
    docs/performance.md, or add it; every other section and subsection is kept as is."""
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else DOC_INTRO
    section_re = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    found = section_re.search(current)
    block = found.group(0) if found else f"{HEADING}\n\n"
    sub_re = re.compile(rf"^{re.escape(heading)}\n.*?(?=^### |\Z)", re.MULTILINE | re.DOTALL)
    if sub_re.search(block):
        block = sub_re.sub(lambda _match: text.rstrip("\n") + "\n\n", block)
    else:
        block = block.rstrip("\n") + "\n\n" + text.rstrip("\n") + "\n\n"
    if found:
        updated = current[: found.start()] + block + current[found.end() :]
    else:
        updated = current.rstrip("\n") + "\n\n" + block
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(updated.rstrip("\n") + "\n", encoding="utf-8")


def merged_with_earlier(results: list[dict]) -> list[dict]:
    """These results plus the latest earlier ones of the engines and sizes not run this time."""
    earlier = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    by_size = {result["size"]: result for result in earlier}
    for result in results:
        kept = by_size.setdefault(result["size"], {"size": result["size"], "engines": {}})
        kept["engines"].update(result["engines"])
    merged = [by_size[size] for size in sorted(by_size)]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(merged, indent=1) + "\n")
    return merged


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=lambda text: [int(size) for size in text.split(",")], default=[100_000, 1_000_000]
    )
    parser.add_argument("--queries", type=int, default=240)
    parser.add_argument("--rounds", type=int, default=2, help="timed passes over the queries")
    parser.add_argument(
        "--engines", type=lambda text: text.split(","), default=["tantivy", "postgresql", "bare"]
    )
    parser.add_argument("--no-docs", action="store_true", help="print only, leave docs/performance.md")
    parser.add_argument("--http", action="store_true", help="then run bench/search_http.py")
    parser.add_argument(
        "--keep-indexes",
        metavar="DIR",
        help="build the Tantivy indexes there once, and time the ones found there on later runs",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "tantivy":
        engines = [name for name in ("tantivy", "bare") if name in args.engines]
        print(json.dumps(child_tantivy(args.sizes[0], args.queries, engines, args.rounds)))
        return 0
    if args.child == "postgresql":
        print(json.dumps(child_postgres(args.sizes[0], args.queries, args.rounds)))
        return 0

    results = []
    with postgres_cluster() if "postgresql" in args.engines else contextlib.nullcontext("") as database:
        for size in args.sizes:
            engines: dict[str, dict] = {}
            if {"tantivy", "bare"} & set(args.engines):
                engines.update(run_child("tantivy", size, args, {}))
            if database:
                engines.update(run_child("postgresql", size, args, {"DATABASE_URL": database}))
            stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
            for report in engines.values():
                report["measured"] = stamp
            results.append({"size": size, "engines": engines})
            print(table(results[-1:]), file=sys.stderr)
    print(table(results))
    print()
    print(breakdown(results, args.queries))
    if not args.no_docs:
        results = merged_with_earlier(results)
        write_subsection(SUBHEADING, section(results, machine(), args))
        print(f"\nÉcrit dans {DOC.relative_to(REPO)}")
    if args.http:
        command = [sys.executable, str(REPO / "bench" / "search_http.py")]
        command += ["--no-docs"] if args.no_docs else []
        return subprocess.run(command, cwd=REPO, check=False).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())

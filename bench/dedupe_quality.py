"""Near-duplicate detection: quality on the shared corpus, speed on synthetic records.

    .venv/bin/python bench/dedupe_quality.py [--corpus ../shared/corpus/initiatives.jsonl]
                                             [--records 100000] [--show 15]

Quality: `find_duplicates` on the corpus, predicted pairs (every pair inside a predicted cluster)
against the true pairs given by `same_as`, in four variants: text only (codes None); the codes and
place names found by the real geotagger (what `essaim dedupe` does once the lead wires them); the
corpus's own codes (a perfect geotagger); and codes, actor type and start month (the upper bound).
Prints precision, recall, F1 and the false positives / negatives with their scores and reasons.

Speed: one process, N synthetic French reports built from templates (real communes weighted by
population, twelve kinds of action, named people, venues, projects, figures, dates, phones), ~1 %
of them told again by another "source" (other wordings, synonyms, sentences reordered and
dropped, another title), with the codes and place names a geotagger would give. Prints seconds and
the pair quality on the planted duplicates: their recall measures candidate generation at scale;
their precision is a floor, the templates making different initiatives of one town share whole
sentences, which real reports do not.

The corpus is a sample: these figures measure the rules, they are not a target to fit.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from essaim.enrichment import dedupe  # noqa: E402
from essaim.enrichment.dedupe import Record, find_duplicates  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "initiatives.jsonl"
Pair = tuple[str, str]


def pairs_of(groups: list[tuple[str, ...]]) -> set[Pair]:
    return {tuple(sorted(pair)) for group in groups for pair in itertools.combinations(group, 2)}  # type: ignore[misc]


def measure(predicted: set[Pair], true: set[Pair]) -> tuple[float, float, float]:
    tp = len(predicted & true)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(true) if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# --- Corpus --------------------------------------------------------------------------------------


VARIANTS = ("texte seul", "géotaggeur", "codes du corpus", "codes du corpus + porteur + début")


def geotagged(rows: list[dict]) -> list[tuple[str | None, str | None, tuple[str, ...]]]:
    """(département, commune, place names) found by the real geotagger, as `essaim dedupe` would."""
    from essaim.enrichment.geotag import Geotagger

    tagger = Geotagger.vendored()
    found = []
    for row in rows:
        geo = tagger.tag(f"{row['title']}\n{row['summary']}")
        found.append((geo.departement_code, geo.commune_code, tuple(place.evidence for place in geo.places)))
    return found


def corpus_records(rows: list[dict], variant: str) -> list[Record]:
    if variant == "géotaggeur":
        return [
            Record(row["id"], row["title"], row["summary"], departement, commune, places=places)
            for row, (departement, commune, places) in zip(rows, geotagged(rows), strict=True)
        ]
    codes = variant != "texte seul"
    everything = variant == VARIANTS[-1]
    return [
        Record(
            id=row["id"],
            title=row["title"],
            text=row["summary"],
            departement_code=row["departement_code"] if codes else None,
            commune_code=row["commune_code"] if codes else None,
            actor=row["actor_type"] if everything else None,
            start=row["start"] if everything else None,
        )
        for row in rows
    ]


def quality(corpus: Path, show: int) -> None:
    rows = [json.loads(line) for line in corpus.open(encoding="utf-8") if line.strip()]
    true = {tuple(sorted((row["id"], other))) for row in rows for other in row["same_as"]}
    print(f"Corpus : {len(rows)} fiches, {len(true)} paires de doublons vraies\n")
    for variant in VARIANTS:
        records = corpus_records(rows, variant)
        started = time.perf_counter()
        clusters = find_duplicates(records)
        elapsed = time.perf_counter() - started
        predicted = pairs_of([cluster.ids for cluster in clusters])
        precision, recall, f1 = measure(predicted, true)  # type: ignore[arg-type]
        print(
            f"== {variant} : précision {precision:.3f}, rappel {recall:.3f}, F1 {f1:.3f} "
            f"({len(clusters)} groupes, {len(predicted)} paires prédites, {elapsed * 1000:.0f} ms)"
        )
        # The batch scorer (population IDF) explains the errors as `find_duplicates` saw them.
        batch = dedupe._Batch(records)
        index = {record.id: position for position, record in enumerate(records)}
        titles = {row["id"]: row["title"] for row in rows}
        for label, errors in (("faux positifs", predicted - true), ("faux négatifs", true - predicted)):
            print(f"  {label} : {len(errors)}")
            for a, b in sorted(errors)[:show]:
                scored = batch.explain(index[a], index[b])
                print(f"    {scored.score:.2f} {a} {b} | {titles[a][:55]} | {titles[b][:55]}")
                print(f"         {' ; '.join(scored.reasons)}")
        print()


# --- Synthetic records ---------------------------------------------------------------------------
# Each action has its own vocabulary: titles, core sentences and details, several wordings each.
# A second report of one initiative keeps its facts (place, actor, figures, date, partner) and
# picks other wordings, reorders, drops and rewrites sentences: that is what real sources do.

ACTIONS = [
    {
        "titles": [
            "{place} : des repas livrés aux {public}",
            "Portage de repas renforcé à {place}",
            "{place} : le portage de repas à domicile double",
        ],
        "core": [
            "{actor} livre chaque jour des repas à domicile aux {public}.",
            "{actor} a étendu son service de portage de repas aux {public}.",
            "Les {public} reçoivent désormais un repas chaud à domicile grâce à {actor_low}.",
        ],
        "details": [
            "{n} repas sont livrés chaque semaine par {agents} agents.",
            "Les livreurs prennent aussi des nouvelles des bénéficiaires.",
            "La fermeture des restaurants seniors a fait bondir la demande.",
            "Un prestataire prépare les menus, adaptés aux régimes.",
        ],
    },
    {
        "titles": [
            "{place} : des colis alimentaires pour les {public}",
            "Aide alimentaire d'urgence à {place}",
            "{place} distribue {n} colis aux {public}",
        ],
        "core": [
            "{actor} distribue des colis alimentaires aux {public}.",
            "{actor} organise une distribution de denrées pour les {public}.",
            "Face à la fermeture de plusieurs points d'aide, {actor_low} livre des colis aux {public}.",
        ],
        "details": [
            "{n} colis ont été remis en quelques semaines.",
            "Les denrées proviennent de la banque alimentaire et de dons de commerçants.",
            "Des bénévoles assurent la logistique dans un gymnase réquisitionné.",
            "Les colis contiennent produits secs, conserves, fruits et produits d'hygiène.",
        ],
    },
    {
        "titles": [
            "{place} : {n} tablettes pour les {public}",
            "Continuité pédagogique : {place} prête des tablettes",
            "Des tablettes numériques distribuées à {place}",
        ],
        "core": [
            "{actor} prête {n} tablettes numériques aux {public}.",
            "Pour suivre les cours à distance, les {public} reçoivent une tablette de {actor_low}.",
            "{actor} a acheté {n} tablettes pour équiper les {public}.",
        ],
        "details": [
            "Les tablettes sont livrées avec une connexion 4G.",
            "Un technicien aide les familles à les configurer.",
            "Le matériel sera rendu à la fin de l'année scolaire.",
            "L'opération a coûté près de {money} euros.",
        ],
    },
    {
        "titles": [
            "{place} : une ligne d'écoute pour les {public}",
            "Un numéro gratuit d'écoute ouvert à {place}",
            "Écoute et soutien par téléphone à {place}",
        ],
        "core": [
            "{actor} ouvre une ligne d'écoute gratuite pour les {public}.",
            "Les {public} peuvent appeler un numéro dédié mis en place par {actor_low}.",
            "{actor} a lancé une permanence téléphonique pour les {public}.",
        ],
        "details": [
            "Des psychologues répondent du lundi au samedi.",
            "La ligne a reçu {n} appels le premier mois.",
            "Les appelants sont orientés vers les services compétents.",
            "Le numéro est affiché dans les pharmacies et les commerces.",
        ],
    },
    {
        "titles": [
            "{place} : des maraudes renforcées auprès des {public}",
            "Maraudes quotidiennes à {place}",
            "{place} multiplie les tournées de rue",
        ],
        "core": [
            "{actor} organise des maraudes chaque soir auprès des {public}.",
            "Les équipes de {actor_low} sillonnent la ville à la rencontre des {public}.",
            "{actor} a doublé le nombre de ses maraudes.",
        ],
        "details": [
            "Les équipes distribuent boissons chaudes, duvets et kits d'hygiène.",
            "{n} personnes ont été rencontrées en un mois.",
            "Un hébergement est proposé aux plus fragiles.",
            "Les maraudeurs informent sur les gestes barrières.",
        ],
    },
    {
        "titles": [
            "{place} : {agents} agents appellent les {public}",
            "Appels de convivialité à {place}",
            "{place} garde le contact avec les {public} isolés",
        ],
        "core": [
            "{actor} appelle chaque semaine les {public} inscrits sur le registre.",
            "Des agents de {actor_low} téléphonent régulièrement aux {public}.",
            "{actor} a mis en place une chaîne d'appels vers les {public}.",
        ],
        "details": [
            "{n} personnes sont contactées chaque semaine.",
            "Les appels permettent de repérer les besoins de courses ou de soins.",
            "Les agents volontaires viennent de services fermés.",
            "Une fiche de suivi est remplie après chaque appel.",
        ],
    },
    {
        "titles": [
            "{place} : une plateforme pour les commerçants",
            "Vente en ligne : {place} soutient ses commerces",
            "{place} lance un site de click and collect",
        ],
        "core": [
            "{actor} accompagne les commerçants vers la vente en ligne.",
            "{actor} a ouvert une plateforme gratuite où les commerces proposent le retrait.",
            "Une vitrine numérique lancée par {actor_low} référence les commerces ouverts.",
        ],
        "details": [
            "{n} commerces se sont inscrits en deux semaines.",
            "La plateforme est gratuite pour les commerçants comme pour les clients.",
            "Les restaurateurs y proposent la vente à emporter.",
            "Une aide de {money} euros complète le dispositif.",
        ],
    },
    {
        "titles": [
            "{place} : des masques en tissu pour les {public}",
            "{n} masques fabriqués à {place}",
            "Distribution de masques à {place}",
        ],
        "core": [
            "{actor} fait fabriquer des masques en tissu pour les {public}.",
            "Des couturières bénévoles cousent des masques distribués par {actor_low}.",
            "{actor} distribue {n} masques lavables aux {public}.",
        ],
        "details": [
            "Les masques sont remis en mairie sur présentation d'un justificatif.",
            "Un atelier d'insertion assure la découpe du tissu.",
            "Chaque foyer reçoit deux masques.",
            "La commande a coûté {money} euros.",
        ],
    },
    {
        "titles": [
            "{place} : {n} places d'hébergement d'urgence",
            "Hébergement d'urgence : {place} ouvre un centre",
            "Un gymnase transformé en centre d'accueil à {place}",
        ],
        "core": [
            "{actor} ouvre {n} places d'hébergement d'urgence pour les {public}.",
            "Un centre d'accueil temporaire a été ouvert par {actor_low}.",
            "{actor} met à l'abri les {public} dans un équipement réquisitionné.",
        ],
        "details": [
            "Les repas sont préparés par une association partenaire.",
            "Une équipe médicale passe chaque jour.",
            "Le centre restera ouvert jusqu'à la fin de la trêve hivernale.",
            "Des places sont réservées aux femmes avec enfants.",
        ],
    },
    {
        "titles": [
            "{place} : une aide de {money} euros pour les {public}",
            "Aide exceptionnelle aux {public} à {place}",
            "{place} verse un chèque solidarité",
        ],
        "core": [
            "{actor} verse une aide exceptionnelle de {money} euros aux {public}.",
            "Les {public} peuvent demander un chèque solidarité à {actor_low}.",
            "{actor} a voté un fonds d'urgence pour les {public}.",
        ],
        "details": [
            "{n} foyers en ont déjà bénéficié.",
            "La demande se fait en ligne ou par téléphone.",
            "L'aide est cumulable avec les aides de l'État.",
            "Le budget total atteint {money} euros.",
        ],
    },
    {
        "titles": [
            "{place} : des navettes vers les centres de vaccination",
            "Aller se faire vacciner : {place} organise le transport",
            "Un minibus pour la vaccination à {place}",
        ],
        "core": [
            "{actor} transporte gratuitement les {public} vers les centres de vaccination.",
            "Un minibus affrété par {actor_low} conduit les {public} à leur rendez-vous de vaccination.",
            "{actor} prend les rendez-vous et organise le transport des {public}.",
        ],
        "details": [
            "{n} personnes ont été conduites au centre en un mois.",
            "Le chauffeur vient chercher les personnes à domicile.",
            "Le service est accessible aux personnes à mobilité réduite.",
            "Les créneaux sont réservés avec le centre hospitalier.",
        ],
    },
    {
        "titles": [
            "{place} : des ordinateurs prêtés aux {public}",
            "Fracture numérique : {place} équipe les {public}",
            "{n} ordinateurs reconditionnés distribués à {place}",
        ],
        "core": [
            "{actor} prête des ordinateurs portables aux {public}.",
            "Des ordinateurs reconditionnés sont remis aux {public} par {actor_low}.",
            "{actor} a collecté et réparé {n} ordinateurs pour les {public}.",
        ],
        "details": [
            "Une entreprise d'insertion reconditionne les machines.",
            "Des clés 4G sont fournies aux foyers sans internet.",
            "Un accompagnement aux usages est proposé.",
            "Les ordinateurs ont été collectés auprès d'entreprises du territoire.",
        ],
    },
]
PUBLICS = [
    "personnes âgées",
    "familles modestes",
    "collégiens",
    "femmes victimes de violences",
    "personnes sans abri",
    "étudiants",
    "personnes handicapées",
    "résidents des EHPAD",
    "allocataires du RSA",
    "jeunes de moins de 25 ans",
    "aidants",
    "travailleurs saisonniers",
]
ACTORS = [
    ("La ville de {commune}", "commune"),
    ("Le CCAS de {commune}", "ccas_cias"),
    ("Le Département {dep_de}", "departement"),
    ("L'association {assoc}", "association"),
    ("La communauté de communes {commune_de}", "intercommunalite"),
]
PARTNERS = [
    "la Croix-Rouge",
    "le Secours populaire",
    "la banque alimentaire",
    "la CAF",
    "la chambre de commerce",
    "les Restos du cœur",
    "l'agence régionale de santé",
    "la préfecture",
    "le centre hospitalier",
    "la mission locale",
    "Emmaüs",
    "le Secours catholique",
    "la protection civile",
    "la MSA",
]
MONTHS = ["mars", "avril", "mai", "juin", "octobre", "novembre", "décembre", "janvier", "février"]
ASSOC_PARTS = [
    "Solidarité",
    "Entraide",
    "Horizon",
    "Passerelle",
    "Escale",
    "Trait d'union",
    "Relais",
    "Accueil",
]
OPENINGS = [
    "Face à la crise sanitaire,",
    "Pendant le confinement,",
    "Dès le début de l'épidémie,",
    "Avec la fermeture des services habituels,",
    "Depuis le reconfinement,",
    "Au printemps,",
]
PARTNER_SENTENCES = [
    "Le dispositif a démarré le {day} {month} avec {partner}.",
    "Lancée le {day} {month}, l'opération associe {partner}.",
    "{partner_cap} est partenaire de l'action depuis le {day} {month}.",
]
CLOSINGS = [
    "Les demandes ont nettement augmenté depuis le début de la crise.",
    "Un premier bilan sera présenté au conseil à la fin de l'opération.",
    "La collectivité envisage de pérenniser l'action si les besoins se confirment.",
    "L'élue en charge des solidarités salue la mobilisation des équipes.",
    "Des communes voisines souhaitent reprendre l'idée.",
    "Le financement est assuré en partie par l'État.",
    "Les bénéficiaires témoignent de leur soulagement.",
    "L'initiative a été saluée par la presse locale.",
]
# Press reports name people, venues and projects: the words that tell two initiatives apart.


def _words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _words(
    """
Marie Nathalie Isabelle Sylvie Catherine Martine Christine Françoise Valérie Sandrine Stéphanie
Véronique Sophie Céline Chantal Patricia Anne Brigitte Julie Monique Aurélie Nicole Laurence Émilie
Claire Jean Philippe Michel Alain Patrick Nicolas Christophe Pierre Christian Éric Frédéric Laurent
Stéphane David Pascal Daniel Sébastien Julien Thierry Olivier Bernard Thomas Alexandre Gérard Didier
Dominique Vincent François Bruno Guillaume Jérôme Jacques Marc Serge Yves Hervé Fabrice Mathieu
Benoît Antoine Karim Samia Fatima Mehdi Nadia Yannick Gaëlle Morgane Loïc Soizic Maïwenn Ange
Battista Hélène Agnès Odile Régis Arnaud Cédric
"""
)
LAST_NAMES = _words(
    """
Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Lefebvre Leroy
Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent Muller
Lefèvre Faure André Mercier Blanc Guérin Boyer Garnier Chevalier François Legrand Gauthier Garcia
Perrin Robin Clément Morin Nicolas Henry Roussel Mathieu Gautier Masson Marchand Duval Denis Dumont
Marie Lemaire Noël Meyer Dufour Meunier Brun Blanchard Giraud Joly Rivière Lucas Brunet Gaillard
Barbier Arnaud Martinez Gérard Roche Renard Schmitt Roy Leroux Colin Vidal Caron Picard Roger Fabre
Aubert Lemoine Renaud Dumas Lacroix Olivier Philippe Bourgeois Pierre Benoît Rey Leclerc Payet
Rolland Leclercq Guillaume Lecomte Lopez Jean Dupuy Guillot Hubert Berger Carpentier Sanchez Dupuis
Moulin Louis Deschamps Huet Vasseur Perez Boucher Fleury Royer Klein Jacquet Adam Paris Poirier
Marty Aubry Guyot Carré Charles Renault Charpentier Ménard Maillard Baron Bertin Bailly Hervé
Schneider Fernandez Le Gall Collet Léger Bouvier Julien Prévost Millet Perrot Daniel Le Roux Cousin
Germain Breton Besson Langlois Rémy Le Goff Pelletier Lévêque Perrier Leblanc Barré Lebrun Marchal
Weber Mallet Hamon Boulanger Jacob Monnier Michaud Rodriguez Guichard Gillet Étienne Grondin Poulain
Tessier
"""
)
SYLLABLES = _words(
    """
ber ton mer vil lan gou rie chal teau nier mont ard bou ric sal vin dau gal mar cel pon rou lec ler
gui bri ven tis cor dru fau lom pes quin ros tal
"""
)


def surname(rnd: random.Random) -> str:
    """A French-looking surname: a real one half the time, else a rarer one made of syllables."""
    if rnd.random() < 0.5:
        return rnd.choice(LAST_NAMES)
    return "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 3))).capitalize()


ROLES = [
    "adjointe aux solidarités",
    "maire",
    "directeur du CCAS",
    "vice-président chargé de l'action sociale",
    "présidente de l'association",
    "coordinatrice du dispositif",
    "responsable du service seniors",
]
VENUES = ["salle", "gymnase", "centre social", "espace", "maison de quartier", "halle", "foyer"]
PROJECT_PARTS = (
    ["Opération", "Plan", "Réseau", "Mission", "Cap", "Allô", "Objectif", "Pass", "Relais", "Chaîne"],
    [
        "Voisins",
        "Coup de main",
        "Solid'aînés",
        "Bien chez soi",
        "Lien",
        "Panier",
        "Tous unis",
        "Proximité",
        "Confiance",
        "Ensemble",
        "Entraide",
        "Bienveillance",
        "Soleil",
        "Horizon",
    ],
)
NAMED_SENTENCES = [
    "Baptisée « {project} », l'action a été pensée avec les habitants du quartier {district}.",
    "« Personne ne doit rester seul », explique {official}, {role}.",
    "La coordination est installée dans la {venue}.",
    "{official_cap}, {role}, suit l'opération au quotidien.",
    "Le quartier {district} a été le premier concerné.",
    "Les inscriptions se font à la {venue} ou par téléphone au {phone}.",
]
SYNONYMS = [
    ("personnes âgées", "aînés"),
    ("distribue", "remet"),
    ("livre", "apporte"),
    ("pendant", "durant"),
    ("bénévoles", "volontaires"),
    ("gratuite", "sans frais"),
    ("prête", "met à disposition"),
    ("chaque semaine", "toutes les semaines"),
    ("d'urgence", "en urgence"),
    ("ouvre", "inaugure"),
    ("organise", "met en place"),
    ("personnes", "habitants"),
]
SOURCES = [
    "Selon la presse régionale,",
    "D'après le magazine de la collectivité,",
    "Comme le relate un reportage,",
    "La lettre d'information du Département rapporte que",
    "Un article de France Bleu indique que",
]


def places(limit: int = 8000) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    with gzip.open(REPO / "essaim/territories/data/territories.json.gz") as file:
        data = json.loads(file.read())
    rows = sorted(data["communes"], key=lambda row: -(row[7] or 0))[:limit]
    departements = {row[0]: row[1] for row in data["departements"]}
    return [(row[0], row[1], row[3]) for row in rows], departements


def report(fact: dict, rnd: random.Random, *, second: bool) -> tuple[str, str]:
    """Title and text of one report of the initiative described by `fact`."""
    action = fact["action"]
    values = {**fact, "actor_low": fact["actor"][0].lower() + fact["actor"][1:]}
    sentences = [rnd.choice(action["core"]), *rnd.sample(action["details"], rnd.randint(1, 3))]
    sentences.append(rnd.choice(PARTNER_SENTENCES))
    sentences.extend(rnd.sample(NAMED_SENTENCES, rnd.randint(1, 3)))
    rnd.shuffle(sentences)
    sentences = [rnd.choice(OPENINGS) + " " + sentences[0][0].lower() + sentences[0][1:], *sentences[1:]]
    sentences.extend(rnd.sample(CLOSINGS, rnd.randint(0, 2)))
    text = " ".join(sentence.format(**values) for sentence in sentences)
    if second:
        text = f"{rnd.choice(SOURCES)} {text[0].lower()}{text[1:]}"
        for old, new in rnd.sample(SYNONYMS, 5):
            text = text.replace(old, new)
    return rnd.choice(action["titles"]).format(**values), text


def synthetic(count: int, seed: int = 5) -> tuple[list[Record], set[Pair]]:
    """`count` records, ~1 % of them a second report of another one (the true pairs)."""
    rnd = random.Random(seed)
    communes, departements = places()
    weights = [1 / (rank + 10) for rank in range(len(communes))]  # big cities report more
    chosen = rnd.choices(communes, weights=weights, k=count - count // 100)
    records: list[Record] = []
    facts: list[dict] = []
    for index, (code, name, dep) in enumerate(chosen):
        actor, actor_type = rnd.choice(ACTORS)
        partner = rnd.choice(PARTNERS)
        fact = {
            "action": rnd.choice(ACTIONS),
            "commune": name,
            "commune_de": f"de {name}",
            "dep_de": "de " + departements.get(dep, dep),
            "assoc": f"{rnd.choice(ASSOC_PARTS)} {name}",
            "public": rnd.choice(PUBLICS),
            "n": rnd.choice([rnd.randint(12, 900), rnd.randint(1, 90) * 100]),
            "money": f"{rnd.randint(1, 400) * 1000:,}".replace(",", " "),
            "agents": rnd.randint(3, 80),
            "day": rnd.randint(1, 28),
            "month": rnd.choice(MONTHS),
            "partner": partner,
            "partner_cap": partner[0].upper() + partner[1:],
            "place": name if actor_type != "departement" else departements.get(dep, dep),
            "project": f"{rnd.choice(PROJECT_PARTS[0])} {rnd.choice(PROJECT_PARTS[1])}",
            "official": f"{rnd.choice(FIRST_NAMES)} {surname(rnd)}",
            "role": rnd.choice(ROLES),
            "venue": f"{rnd.choice(VENUES)} {rnd.choice(FIRST_NAMES)}-{surname(rnd)}",
            "district": surname(rnd) if rnd.random() < 0.5 else f"des {surname(rnd)}",
            "phone": f"0{rnd.randint(1, 5)} " + " ".join(str(rnd.randint(10, 99)) for _ in range(4)),
        }
        fact["official_cap"] = fact["official"]
        fact["actor"] = actor.format(**fact)
        title, text = report(fact, rnd, second=False)
        # The place names a geotagger would report: the commune's and the département's.
        cited = (name, departements.get(dep, dep))
        records.append(Record(f"s{index}", title, text, dep, code, actor_type, places=cited))
        facts.append(fact)
    true: set[Pair] = set()
    for number in range(count // 100):
        original = rnd.randrange(len(chosen))
        source = records[original]
        title, text = report(facts[original], rnd, second=True)
        copy = Record(
            f"d{number}",
            title,
            text,
            source.departement_code,
            source.commune_code,
            source.actor,
            None,
            source.places,
        )
        records.append(copy)
        true.add(tuple(sorted((source.id, copy.id))))  # type: ignore[arg-type]
    return records, true


def speed(count: int) -> None:
    records, true = synthetic(count)
    started = time.perf_counter()
    clusters = find_duplicates(records)
    elapsed = time.perf_counter() - started
    predicted = pairs_of([cluster.ids for cluster in clusters])
    precision, recall, f1 = measure(predicted, true)
    print(
        f"== Vitesse : {len(records):_} fiches synthétiques en {elapsed:.1f} s "
        f"(un processus, {len(clusters):_} groupes)".replace("_", " ")
    )
    print(f"   doublons plantés : précision {precision:.3f} (un plancher), rappel {recall:.3f}, F1 {f1:.3f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--show", type=int, default=15, help="erreurs affichées par variante")
    args = parser.parse_args(argv)
    quality(args.corpus, args.show)
    if args.records:
        speed(args.records)


if __name__ == "__main__":
    main()

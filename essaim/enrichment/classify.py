"""Themes, publics and lead actor type of a French text, with calibrated scores and evidence. Pure.

The lexicons work from day one; a model trained on validated initiatives (`model.py`, which starts
from the lexicons' confidence and learns corrections) takes over for each label once it has seen
enough examples of it. Scores are confidences in [0, 1]: the first theme is the main one, and any
other theme or public scoring 0.5 or more is asserted.

Lexicon score of a label: the sum, over the distinct terms found, of weight × (2 in the title,
1 in the text, +0.5·ln(n) for n occurrences), the text part damped on long texts (√(150 / lemmas)).
Its confidence is sigmoid(a·ln(score) + b·score/best score + c) (`_calibrated`): for a theme, one
usual term (weight 2) alone gives 0.65, one strong term (4) 0.82, two 0.92; a secondary theme
scoring a quarter of the main one's gets about 0.2, half of it about 0.65. The three constants per
kind were fitted (logistic regression) on the lexicon scores of the shared sample of real
initiatives: a calibration of the score scale, the terms themselves are never fitted to it.
Of two asserted themes, a specific one leads the broader one (`_LEADS_OVER`): insertion before
health, child protection before education; old age before the catch-all theme when only the
elderly or disabled are served.

The lead actor is usually the grammatical subject, the first actor named: actor mentions weigh
more in the title and early in the text, less in the plural ("les associations"), less after "financé
par", "avec", "dans" (a partner, a beneficiary, a place), more after "à l'initiative de" (the lead).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from essaim.enrichment.lexicons import KINDS, Hit, Lexicon, LexiconIndex
from essaim.enrichment.model import Example, Model, features
from essaim.enrichment.text import MAX_TITLE_CHARS, SHAPE_CAPITAL, SHAPE_LOWER, Token, clean, tokens

ASSERTED = 0.5
SCORE_DIGITS = 4
MIN_SCORE = 0.01  # labels below are left out (the main theme is always kept)
EVIDENCE_TERMS = 5

# Lexicon scores
TITLE_WEIGHT = 2.0
REPEAT_BONUS = 0.5
BODY_LENGTH = 150  # lemmas of a usual summary (~120 words); longer texts are damped

# Calibration: confidence = sigmoid(a × ln(score) + b × score / best score + c), (a, b, c) below.
THEME_CURVE = (1.3, 3.6, -3.9)
# The catch-all theme: its words (isolés, bénévoles, solidarité) run through nearly every social
# initiative, so a specific theme wins a close call.
THEME_PRIOR = {"accompagnement_publics": 0.9}
PUBLIC_CURVE = (0.9, 3.2, -3.3)

# Actor type
ACTOR_TITLE = 2.0
ACTOR_FIRST = 1.5  # the first actor clearly named (title, then text) is usually the lead
ACTOR_FIRST_WEIGHT = 2.5  # "clearly": a term at least this heavy ("CCAS", "Département", not "collège")
ACTOR_OTHERS = 0.3  # each further mention of the same type adds 30 % of its value
ACTOR_PLURAL = 0.4  # "les associations", "les communes": partners or beneficiaries more often than the lead
PLURAL_LEADS = {"collectif_citoyen"}  # "des habitants lancent…" in a title: the plural is the collective
ACTOR_DECAY = 40  # lemmas: a mention at position 40 of the text counts half one at position 0
ACTOR_NAMED = 3.0  # "la société Doctolib", "l'association Emmaüs": an actor with its name is clearly named
CUE_WINDOW = 1  # at most one lemma between a cue ("financé par") and the actor it qualifies
SUPPORT_FACTOR = 0.3
LEAD_FACTOR = 1.6
_AREA_ENDINGS = ("ais", "ois")  # « le Briançonnais », « l'Autunois »
EPCI_NAMED = 3.5  # an EPCI named (« Grand Chambéry », « Nantes Métropole ») leads as « la Métropole » does
ACTOR_SCALE = 4.0  # evidence needed for confidence: 1 - exp(-score / scale)

# A model (which starts from the confidence of the layer below and learns corrections) is used for
# the labels it has seen at least this often; the layer below's confidence elsewhere.
MODEL_MIN_POSITIVES = 3
# A label no lexicon term supports is proposed only when the model alone is this confident: it gives
# every label it knows a small probability, which would otherwise list noise (« etat » at 3 %).
MODEL_ONLY = 0.1


@dataclass(frozen=True)
class Label:
    """A proposed label: its code, its confidence, and the terms that justify it (for analysts)."""

    code: str
    score: float
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Classification:
    themes: tuple[Label, ...]  # sorted by decreasing score, the first is the main theme
    publics: tuple[Label, ...]  # sorted by decreasing score
    actor_type: Label | None

    def asserted_themes(self) -> tuple[Label, ...]:
        """The main theme and the others scoring at least 0.5."""
        return tuple(label for rank, label in enumerate(self.themes) if rank == 0 or label.score >= ASSERTED)

    def asserted_publics(self) -> tuple[Label, ...]:
        return tuple(label for label in self.publics if label.score >= ASSERTED)


EMPTY = Classification(themes=(), publics=(), actor_type=None)


@dataclass
class _Evidence:
    """Per label: score and the terms that gave it."""

    score: float = 0.0
    terms: dict[str, float] = field(default_factory=dict)

    def add(self, term: str, value: float) -> None:
        self.score += value
        self.terms[term] = self.terms.get(term, 0.0) + value

    def words(self) -> tuple[str, ...]:
        ranked = sorted(self.terms.items(), key=lambda item: (-item[1], item[0]))
        return tuple(term for term, value in ranked[:EVIDENCE_TERMS] if value > 0)


@dataclass(frozen=True)
class Labelled:
    """A validated initiative, as analysts labelled it: what the model learns from."""

    title: str
    text: str
    themes: tuple[str, ...]  # the first is the main theme
    publics: tuple[str, ...]
    actor_type: str | None
    epcis: tuple[str, ...] = ()  # EPCI the text names, as `classify` receives them


@dataclass(frozen=True)
class _LexiconView:
    """What the lexicons make of a document: evidence and confidences per kind."""

    evidence: dict[str, dict[str, _Evidence]]
    scores: dict[str, dict[str, float]]


class Classifier:
    """Lexicons (compiled once), the seed model shipped with them, and, optionally, a model trained
    on the directory's validated initiatives.

    Each model corrects what comes before it: the seed corrects the lexicons, the directory's model
    corrects the seed (it is trained on the seed's output), so a directory with few validated
    initiatives does not lose what the seed learnt from thousands."""

    def __init__(
        self,
        lexicon: Lexicon,
        model: Model | None = None,
        *,
        seed: Model | None = None,
        index: LexiconIndex | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.index = index if index is not None and index.lexicon is lexicon else lexicon.compile()
        self.seed = seed
        self.model = model

    @classmethod
    def default(cls) -> Classifier:
        """The vendored lexicons and seed model: what works before any analyst edit or training."""
        return cls(Lexicon.vendored(), seed=Model.vendored())

    def classify(self, title: str, text: str, *, epcis: Iterable[str] = ()) -> Classification:
        """`epcis`: names of EPCI the text cites, as the geotagger found them (« Riom Limagne et
        Volcans »): an intercommunalité is named, as « la communauté de communes » would say."""
        title_tokens, body_tokens = _tokens(title, text)
        if not title_tokens and not body_tokens:
            return EMPTY
        view = self._read(title_tokens, body_tokens, _names_of(epcis))
        scores = _stacked((self.seed, self.model), title_tokens, body_tokens, view.scores)
        publics = _labels(scores["public"], view.evidence["public"])
        return Classification(
            themes=_specific_first(_labels(scores["theme"], view.evidence["theme"]), publics),
            publics=publics,
            actor_type=_best(scores["actor_type"], view.evidence["actor_type"]),
        )

    def actor_of_name(self, name: str) -> Label | None:
        """The type of an actor from its name alone (« CCAS de Roubaix », « Boulangerie Martin »): the
        lexicons only, as the models learnt from prose, not from names."""
        title_tokens, _ = _tokens(name, "")
        if not title_tokens:
            return None
        view = self._read(title_tokens, [])
        return _best(view.scores["actor_type"], view.evidence["actor_type"])

    def train(self, labelled: Iterable[Labelled]) -> Model:
        """A model learnt from validated initiatives, on top of this classifier's lexicons and seed."""
        examples = []
        for item in labelled:
            title_tokens, body_tokens = _tokens(item.title, item.text)
            lexical = self._read(title_tokens, body_tokens, _names_of(item.epcis)).scores
            examples.append(
                Example(
                    features=_features(title_tokens, body_tokens),
                    prior=_stacked((self.seed,), title_tokens, body_tokens, lexical),  # what it corrects
                    themes=item.themes,
                    publics=item.publics,
                    actor_type=item.actor_type,
                )
            )
        return Model.train(examples)

    def with_model(self, model: Model | None) -> Classifier:
        """The same lexicons (not compiled again) and seed with another model."""
        return Classifier(self.lexicon, model, seed=self.seed, index=self.index)

    def with_seed(self, seed: Model | None) -> Classifier:
        """The same lexicons (not compiled again) with another seed model (None: the lexicons alone)."""
        return Classifier(self.lexicon, self.model, seed=seed, index=self.index)

    def _read(
        self,
        title_tokens: list[Token],
        body_tokens: list[Token],
        epcis: dict[tuple[str, ...], str] | None = None,
    ) -> _LexiconView:
        title_hits = self.index.find(title_tokens)
        body_hits = self.index.find(body_tokens)
        if epcis:  # in the order of the text: the first actor named weighs more
            body_hits = sorted(body_hits + _named_epcis(body_tokens, epcis), key=lambda hit: hit.start)
        damping = min(1.0, math.sqrt(BODY_LENGTH / max(1, len(body_tokens))))
        themes = _term_scores(title_hits, body_hits, "theme", damping, THEME_PRIOR)
        publics = _term_scores(title_hits, body_hits, "public", damping)
        actors = _actor_scores(title_hits, body_hits, title_tokens, body_tokens)
        return _LexiconView(
            evidence={"theme": themes, "public": publics, "actor_type": actors},
            scores={
                "theme": _calibrated(themes, THEME_CURVE),
                "public": _calibrated(publics, PUBLIC_CURVE),
                "actor_type": _actor_confidences(actors),
            },
        )


def _stacked(
    models: Iterable[Model | None],
    title: list[Token],
    body: list[Token],
    lexical: dict[str, dict[str, float]],
) -> dict[str, dict[str, float]]:
    """The lexicons' confidences corrected by each model in turn (the seed, then the directory's)."""
    scores = lexical
    layers = [model for model in models if model is not None]
    document = _features(title, body) if layers else set()
    for model in layers:
        scores = _corrected(model, document, scores, lexical)
    return scores


def _corrected(
    model: Model,
    document: set[str],
    scores: dict[str, dict[str, float]],
    lexical: dict[str, dict[str, float]],
) -> dict[str, dict[str, float]]:
    """The model's probability where it has seen enough examples of a label, the prior's elsewhere;
    a label without any lexicon term (not in `lexical`) only while the model gives it MODEL_ONLY."""
    predicted = model.predict(document, scores)
    corrected = {}
    for kind in KINDS:
        blended = dict(scores[kind])
        for code, probability in predicted.get(kind, {}).items():
            if model.positives_of(kind, code) < MODEL_MIN_POSITIVES:
                continue
            if code in lexical[kind] or probability >= MODEL_ONLY:
                blended[code] = probability
            else:
                blended.pop(code, None)
        corrected[kind] = blended
    return corrected


def _tokens(title: str, text: str) -> tuple[list[Token], list[Token]]:
    return tokens(clean(title or "", limit=MAX_TITLE_CHARS)), tokens(clean(text or ""))


def _names_of(epcis: Iterable[str]) -> dict[tuple[str, ...], str]:
    """Each EPCI name as the lemmas to look for (-> as written), but for those named after an old
    area (« le Pays de Colombey », « le Briançonnais »): they name the area more than the institution."""
    names = {
        tuple(token.lemma for token in tokens(clean(name[:200]))): name for name in epcis if not _area(name)
    }
    return {lemmas: name for lemmas, name in names.items() if lemmas}


def _area(name: str) -> bool:
    words = name.lower().split()
    return bool(words) and (words[0] == "pays" or (len(words) == 1 and words[0].endswith(_AREA_ENDINGS)))


def _named_epcis(words: list[Token], epcis: dict[tuple[str, ...], str]) -> list[Hit]:
    """Where the text names an EPCI: an intercommunalité's evidence, as heavy as « la Métropole »."""
    hits = []
    lemmas = [word.lemma for word in words]
    for name, written in epcis.items():
        size = len(name)
        for start in range(len(lemmas) - size + 1):
            if lemmas[start] == name[0] and tuple(lemmas[start : start + size]) == name:
                hits.append(Hit("actor_type", "intercommunalite", written, EPCI_NAMED, start, start + size))
    return hits


def _features(title: list[Token], body: list[Token]) -> set[str]:
    return features([token.stem for token in title], [token.stem for token in body])


def _term_scores(
    title: list[Hit], body: list[Hit], kind: str, damping: float, prior: dict[str, float] | None = None
) -> dict[str, _Evidence]:
    counts: dict[tuple[str, str], list[float]] = {}  # (code, term) -> [weight, in title, text count]
    for hits, slot in ((title, 1), (body, 2)):
        for hit in hits:
            if hit.kind == kind:
                counts.setdefault((hit.code, hit.term), [hit.weight, 0.0, 0.0])[slot] += 1
    scores: dict[str, _Evidence] = {}
    for (code, term), (weight, title_count, text_count) in counts.items():
        value = weight * TITLE_WEIGHT if title_count else 0.0
        if text_count:
            value += weight * damping * (1 + REPEAT_BONUS * math.log(text_count))
        if prior:
            value *= prior.get(code, 1.0)
        scores.setdefault(code, _Evidence()).add(term, value)
    return {code: evidence for code, evidence in scores.items() if evidence.score > 0}


def _calibrated(scores: dict[str, _Evidence], curve: tuple[float, float, float]) -> dict[str, float]:
    """Confidence of each label from its evidence and its share of the best label's evidence."""
    if not scores:
        return {}
    top = max(evidence.score for evidence in scores.values())
    slope, share, intercept = curve
    return {
        code: _sigmoid(slope * math.log(evidence.score) + share * evidence.score / top + intercept)
        for code, evidence in scores.items()
    }


def _sigmoid(value: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, value))))


def _actor_scores(
    title: list[Hit], body: list[Hit], title_tokens: list[Token], body_tokens: list[Token]
) -> dict[str, _Evidence]:
    """Per actor type: its strongest mention, plus a little for each other one."""
    mentions: dict[str, list[tuple[float, str]]] = {}
    first = True
    for hits, words, in_title in ((title, title_tokens, True), (body, body_tokens, False)):
        support = [hit.end for hit in hits if hit.kind == "support"]
        lead = [hit.end for hit in hits if hit.kind == "lead"]
        named = {hit.start for hit in hits if hit.kind == "named" and words[hit.start].shape == SHAPE_LOWER}
        for hit in hits:
            if hit.kind != "actor_type" or hit.weight <= 0 or _adjective(hit, words):
                continue
            place = ACTOR_TITLE if in_title else 1.0 / (1.0 + hit.start / ACTOR_DECAY)
            value = hit.weight * place
            if hit.plural and not (in_title and hit.code in PLURAL_LEADS):
                value *= ACTOR_PLURAL
            if _follows(hit.start, lead, words):
                value *= LEAD_FACTOR
            elif _follows(hit.start, support, words) or words[hit.start].dative:
                value *= SUPPORT_FACTOR
            else:
                weight = hit.weight
                if _named(hit, words, named):  # the name makes it clear, whatever the noun's usual weight
                    weight = max(weight, ACTOR_NAMED)
                    value = weight * place
                if first and weight >= ACTOR_FIRST_WEIGHT:
                    value *= ACTOR_FIRST
                    first = False
            mentions.setdefault(hit.code, []).append((value, hit.term))
    scores: dict[str, _Evidence] = {}
    for code, found in mentions.items():
        found.sort(key=lambda mention: -mention[0])
        evidence = scores[code] = _Evidence()
        for rank, (value, term) in enumerate(found):
            evidence.add(term, value if rank == 0 else value * ACTOR_OTHERS)
    return scores


def _named(hit: Hit, words: list[Token], named: set[int]) -> bool:
    """A "named" noun followed by a name, one word apart at most: "la société Doctolib",
    "l'entreprise quimpéroise Armor-Lux" (not "les associations", not "Ville" in a title)."""
    if hit.start not in named or hit.end - hit.start != 1 or hit.plural:
        return False
    after = [word.shape >= SHAPE_CAPITAL for word in words[hit.end : hit.end + 2]]
    return after[:1] == [True] or after == [False, True]


def _adjective(hit: Hit, words: list[Token]) -> bool:
    """ "une page commune", "un foyer collectif": the word qualifies a noun, it names no actor."""
    word = words[hit.start]
    return hit.end - hit.start == 1 and word.after_noun and word.shape == SHAPE_LOWER


def _follows(start: int, cue_ends: Iterable[int], words: list[Token]) -> bool:
    """A cue just before, in the same clause: not "lutte contre la pauvreté. Le ministère…"."""
    return any(
        0 <= start - end <= CUE_WINDOW and not any(word.clause for word in words[end : start + 1])
        for end in cue_ends
    )


def _actor_confidences(scores: dict[str, _Evidence]) -> dict[str, float]:
    """Share of the actor evidence × how much evidence there is."""
    total = sum(evidence.score for evidence in scores.values())
    if not total:
        return {}
    return {
        code: (evidence.score / total) * (1.0 - math.exp(-evidence.score / ACTOR_SCALE))
        for code, evidence in scores.items()
    }


def _labels(scores: dict[str, float], evidence: dict[str, _Evidence]) -> tuple[Label, ...]:
    """Labels by decreasing score; equal scores (saturated at 1) by decreasing lexicon evidence."""

    def order(item: tuple[str, float]) -> tuple[float, float, str]:
        code, score = item
        return (-round(score, SCORE_DIGITS), -evidence[code].score if code in evidence else 0.0, code)

    found = []
    for rank, (code, score) in enumerate(sorted(scores.items(), key=order)):
        if rank and score < MIN_SCORE:
            continue
        words = evidence[code].words() if code in evidence else ()
        found.append(Label(code, round(min(1.0, max(0.0, score)), SCORE_DIGITS), words))
    return tuple(found)


# A theme asserted alongside a broader one leads it, as analysts label: the public or the field the
# practice is about before the means it uses (people in insertion sewing masks for the hospital are
# an insertion practice; tablets for children in care, a child-protection one; meals for the
# nurses, a food one; a help line for battered women, not the catch-all « accompagnement »; shopping
# runs for the elderly, an old-age one). Lead -> (the broader themes, the publics it needs: the
# practice serves only these; None: any).
_LEADS_OVER: dict[str, tuple[frozenset[str], frozenset[str] | None]] = {
    "insertion": (
        frozenset({"sante", "economie_entreprises", "enfance_education", "alimentation_agriculture"}),
        None,
    ),
    "protection_enfance": (frozenset({"enfance_education"}), None),
    "violences_conjugales_intrafamiliales": (frozenset({"accompagnement_publics"}), None),
    "alimentation_agriculture": (frozenset({"sante"}), None),
    "autonomie_age_handicap": (
        frozenset({"accompagnement_publics", "alimentation_agriculture"}),
        frozenset({"personnes_agees", "personnes_handicapees"}),
    ),
}


def _specific_first(themes: tuple[Label, ...], publics: tuple[Label, ...] = ()) -> tuple[Label, ...]:
    """The main theme yields to an asserted theme that leads over it (`_LEADS_OVER`, given the
    asserted `publics`); the two scores are swapped, so both stay asserted."""
    if len(themes) < 2:
        return themes
    main = themes[0].code
    served = {label.code for label in publics if label.score >= ASSERTED}
    for rank, label in enumerate(themes[1:], start=1):  # by decreasing score: the likelier first
        if label.score < ASSERTED:
            break
        broader, only = _LEADS_OVER.get(label.code, (frozenset(), None))
        if main in broader and (only is None or (served and served <= only)):
            lead, other = replace(label, score=themes[0].score), replace(themes[0], score=label.score)
            return (lead, *themes[1:rank], other, *themes[rank + 1 :])
    return themes


def _best(scores: dict[str, float], evidence: dict[str, _Evidence]) -> Label | None:
    if not scores:
        return None
    code, score = max(scores.items(), key=lambda item: (item[1], item[0]))
    words = evidence[code].words() if code in evidence else ()
    return Label(code, round(min(1.0, max(0.0, score)), 4), words)

"""French text normalisation for classification: cleaning, then tokens carrying a lemma. Pure.

Whatever arrives (an HTML page, 5 MB of text, binary garbage, another language) comes out as a
bounded list of tokens: markup is stripped, control characters dropped and the text capped, so
classifying never crashes nor hangs. Each token carries two normal forms of the folded word:
- its light lemma (singular, masculine: "âgées" = "âgé", "conjugaux" = "conjugales"), on which the
  lexicons match: precise, a term means what it says;
- its Snowball stem (the search index's analysis: "vaccination" = "vacciner"), the model's
  features: broader, the model learns which stems matter.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace

from essaim.search.analysis import MAX_WORD_LENGTH, fold, fold_accents, french_analyzer

MAX_CHARS = 20_000  # the text classified: the first 20,000 characters (a long article's lead)
MAX_TITLE_CHARS = 1_000
# Markup is stripped from at most this much raw input: a page weighs more than its text.
MAX_RAW_CHARS = 40 * MAX_CHARS
_CACHE_LIMIT = 200_000  # distinct words remembered; garbage input must not grow memory forever
# Words written with a capital only because they open a sentence, even before a name (« Depuis
# Nantes », « Selon Martine Dupont »): neither a place's neighbour nor a name (folded, no accents).
_OPENER_WORDS = (
    "a au aux en dans depuis pour avec sur sous chez vers entre par de du des le la les l un une et "
    "mais ou donc car puis ainsi alors aussi ici ce cette ces son sa ses leur leurs notre votre tout "
    "tous toute toutes selon face malgre pendant apres avant hors outre lors quand si comme pres "
    "autour partout grace contre aujourd cote contrairement demain desormais durant enfin ensuite "
    "hier parmi soit via voici voila lundi mardi mercredi jeudi vendredi samedi dimanche madame "
    "monsieur mme"
)
SENTENCE_OPENERS = frozenset(_OPENER_WORDS.split())

# One scan for the words and the marks between them: group 1 a word; group 2 where a cue stops
# reaching (a sentence, a quote, brackets; not ";", whose clause often names a helper: "un écran sur
# le parking ; la mairie prête le terrain"); else a comma.
_WORD_OR_MARK_RE = re.compile(r"([^\W_]+)|([.:!?()«»\n])|,")
_MARKUP_RE = re.compile(r"<[A-Za-z!/?]")
# A tag is short and never contains another "<": the bound keeps the scan linear on garbage.
_TAG_RE = re.compile(r"<[A-Za-z!/?][^<>]{0,2000}>")
_INVISIBLE_RE = re.compile(r"<(script|style|noscript|template|svg|head)\b")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffd]+")
_SPACES_RE = re.compile(r"\s+")

# Grammatical words dropped before matching, so "aide à domicile" = "aide domicile". "par",
# "avec", "pour" stay: the actor rules read them ("financé par", "avec le soutien de").
STOPWORDS = frozenset(
    {
        "a",
        "au",
        "aux",
        "ce",
        "ces",
        "cet",
        "cette",
        "d",
        "de",
        "des",
        "du",
        "elle",
        "elles",
        "en",
        "est",
        "et",
        "etait",
        "ete",
        "etre",
        "il",
        "ils",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lui",
        "ma",
        "mes",
        "mon",
        "n",
        "ne",
        "nos",
        "notre",
        "on",
        "ont",
        "ou",
        "qu",
        "que",
        "qui",
        "s",
        "sa",
        "se",
        "ses",
        "son",
        "sont",
        "ta",
        "tes",
        "ton",
        "un",
        "une",
        "vos",
        "votre",
        "y",
    }
)

# Lower-cased, as written: read on every grammatical word, so not folded.
_DATIVE = frozenset({"à", "a", "au", "aux"})
_ADJECTIVE_NOUNS = frozenset({"commune", "collectif"})
# Adjectives that come before the noun: "une petite commune" is still a commune.
_BEFORE_NOUNS = frozenset({
    "petit", "petite", "grand", "grande", "nouveau", "nouvel", "nouvelle", "jeune", "vieux", "vieil",
    "vieille", "beau", "bel", "belle", "seul", "seule", "meme", "autre", "chaque", "premier", "premiere",
    "dernier", "derniere", "plusieurs", "quelque", "certain", "certaine", "deux", "trois", "quatre",
    "cinq", "six", "sept", "huit", "neuf", "dix", "vingt", "cent", "mille",
})  # fmt: skip
_ARTICLES = frozenset({"l", "la", "le", "les"})
_GENITIVE = frozenset({"de", "du", "des", "d"})
# Received, but named after whoever runs it: « répondre au dispositif du Département ».
_SCHEMES = frozenset({"dispositif", "programme", "plan", "operation", "projet", "invitation"})

SHAPE_LOWER, SHAPE_CAPITAL, SHAPE_UPPER = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Token:
    lemma: str  # light lemma: "municipal" for municipale(s), municipaux; "commune" ≠ "communiqué"
    stem: str  # Snowball stem: "associ" for association(s), associatif, associer (the model's features)
    shape: int  # SHAPE_LOWER "état", SHAPE_CAPITAL "État", SHAPE_UPPER "CCAS"
    plural: bool
    dative: bool = False  # right after "à", "au", "aux": a recipient or a place, rarely the one who acts
    clause: bool = False  # punctuation just before: "lutte contre la pauvreté. Le ministère…"
    # An actor noun that is an adjective too, right after a content word: "une page commune", "un
    # foyer collectif" (marked on those nouns only: a copy of each token would cost time).
    after_noun: bool = False


# Feminine endings brought back to the masculine, longest first (after the plural is removed).
_FEMININE_ENDINGS = (
    ("trice", "teur"),
    ("euse", "eur"),
    ("iere", "ier"),
    ("elle", "el"),
    ("enne", "en"),
    ("ive", "if"),
    ("ale", "al"),
)


def singular(folded: str) -> str:
    """A folded word without its plural mark: "communes" -> "commune", "municipaux" -> "municipal"."""
    if len(folded) <= 3 or folded.isdigit():
        return folded
    if folded.endswith("aux") and not folded.endswith("eaux"):
        return folded[:-3] + "al"
    if folded[-1] in "sx" and folded[-2] != "s":
        return folded[:-1]
    return folded


def light_lemma(folded: str) -> str:
    """Singular and masculine: "culturelles" -> "culturel", "âgées" -> "age", "animatrices" -> "animateur".

    Lighter than a stemmer on purpose: "aidants" stays apart from "aide", "commune" from
    "communiqué", "collectif" from "collecte", so a lexicon term means what it says.
    """
    word = singular(folded)
    if len(word) > 5:
        for ending, masculine in _FEMININE_ENDINGS:
            if word.endswith(ending):
                return word[: -len(ending)] + masculine
    return word


def strip_markup(text: str) -> str:
    """Visible text of an HTML fragment or page (scripts, styles and tags removed)."""
    lower = text.lower()
    kept: list[str] = []
    cursor = 0
    # One forward scan: an unclosed <script> drops the rest, it never restarts the search.
    while found := _INVISIBLE_RE.search(lower, cursor):
        kept.append(text[cursor : found.start()])
        end = lower.find(f"</{found.group(1)}", found.end())
        close = lower.find(">", end) if end >= 0 else -1
        cursor = len(text) if close < 0 else close + 1
    kept.append(text[cursor:])
    return html.unescape(_TAG_RE.sub(" ", "".join(kept)))


def clean(text: str, *, limit: int = MAX_CHARS) -> str:
    """Plain text, at most `limit` characters: markup stripped, controls and extra spaces dropped."""
    if not text:
        return ""
    raw = text[:MAX_RAW_CHARS]
    if _MARKUP_RE.search(raw):
        raw = strip_markup(raw)
    elif "&" in raw:
        raw = html.unescape(raw)
    raw = _CONTROL_RE.sub(" ", raw[: limit * 2])
    return _SPACES_RE.sub(" ", raw).strip()[:limit]


_tokens: dict[str, Token | None] = {}


def _token(word: str) -> Token | None:
    folded = fold(word)
    if folded in STOPWORDS:
        return None
    if folded.isdigit():
        stem = folded
    else:
        stems = french_analyzer().analyze(folded)
        stem = stems[0] if stems else folded
    if len(word) > 1 and word.isupper():
        shape = SHAPE_UPPER
    elif word[0].isupper():
        shape = SHAPE_CAPITAL
    else:
        shape = SHAPE_LOWER
    plain = fold_accents(word)  # before "fold" aligns the feminine: "lycées" is "lyce" there
    plural = shape != SHAPE_UPPER and singular(plain) != plain
    return Token(light_lemma(folded), stem, shape, plural)


def tokens(text: str) -> list[Token]:
    """The lemmatised words of an already cleaned text, in order, grammatical words left out."""
    found: list[Token] = []
    cache = _tokens
    if len(cache) > _CACHE_LIMIT:
        cache.clear()
    dative = False  # the next word follows "à", "au", "aux", or the genitive of a word that did
    after_dative = False  # "remis aux bénévoles de la Croix-Rouge": the Croix-Rouge receives too
    clause = False  # punctuation since the last word kept
    comma = False  # a comma just before: a new clause if an article follows
    last: Token | None = None  # the word just before, if a content word
    last_word = ""
    for match in _WORD_OR_MARK_RE.finditer(text):
        word = match.group(1)
        if word is None:
            if match.group(2):
                clause = True
            else:
                comma = True
            last = None
            continue
        if len(word) > MAX_WORD_LENGTH:
            continue  # garbage or a glued URL: never a term, and not worth remembering
        try:
            token = cache[word]
        except KeyError:
            token = cache[word] = _token(word)
        if token is None:
            lower = word.lower()
            clause = clause or (comma and lower in _ARTICLES)  # ", le Premier ministre annonce"
            comma = False
            dative = (
                lower in _DATIVE
                or (dative and lower in _ARTICLES)  # "à la Ville"
                or (after_dative and lower in _GENITIVE)
            )
            after_dative = False
            last = None
            continue
        after_dative = dative and token.lemma not in _SCHEMES
        comma = False
        after_noun = token.lemma in _ADJECTIVE_NOUNS and last is not None and _noun(last, last_word)
        if dative or clause or after_noun:
            token = replace(token, dative=dative, clause=clause, after_noun=after_noun)
            dative = clause = False
        last, last_word = token, word
        found.append(token)
    return found


def _noun(token: Token, word: str) -> bool:
    """Whether a content word may be the noun an adjective follows ("une page commune"), not an
    adjective or a number before it ("une petite commune", "trois communes")."""
    return not (token.lemma in _BEFORE_NOUNS or word.lower() in _BEFORE_NOUNS or word.isdigit())


def lemmas(text: str) -> list[str]:
    """The lemmas of a raw text (cleaned first): what the lexicons see."""
    return [token.lemma for token in tokens(clean(text))]


def stems(text: str) -> list[str]:
    """The stems of a raw text (cleaned first): what the model sees."""
    return [token.stem for token in tokens(clean(text))]

"""French text analysis shared by every search backend: folding, stemming, highlighting.

Pure (no Django). The same function feeds the index and the query, so accents, case,
plurals and common inflections never decide whether a document matches.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from tantivy import Filter, TextAnalyzer, TextAnalyzerBuilder, Tokenizer

WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
# Feminine past participles (âgée, isolées) keep an "e" the Snowball stemmer does not strip
# once accents are gone; folding "ee(s)" to "e" first makes "isolées" = "isolé" = "isoles".
_FEMININE_RE = re.compile(r"(?<=[a-z])ees?\b")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
MAX_WORD_LENGTH = 40


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# The Latin letters with diacritics, folded once: most texts then need one `translate` only.
_LATIN = str.maketrans(
    {
        char: folded
        for char in map(chr, [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)])
        if (folded := _strip_accents(char)) != char and folded.isascii()
    }
)


def fold_accents(text: str) -> str:
    """Lower-case, strip accents and ligatures."""
    folded = text.lower().translate(_LATIN)
    return folded if folded.isascii() else _strip_accents(folded)


def fold(text: str) -> str:
    """What the index sees: accents folded and feminine endings aligned with the masculine."""
    return masculine(fold_accents(text))


def masculine(folded: str) -> str:
    """Feminine endings of an already folded text aligned with the masculine."""
    return _FEMININE_RE.sub("e", folded)


@cache
def french_analyzer() -> TextAnalyzer:
    """The tokenizer + stemmer used by the index; the input is already folded."""
    return (
        TextAnalyzerBuilder(Tokenizer.simple())
        .filter(Filter.remove_long(MAX_WORD_LENGTH + 1))
        .filter(Filter.lowercase())
        .filter(Filter.ascii_fold())
        .filter(Filter.stemmer("french"))
        .build()
    )


def stems(text: str) -> list[str]:
    """The index terms of a text, in order."""
    return list(french_analyzer().analyze(fold(text)))


@cache
def stem(word: str) -> str:
    """The index term of one word ("" for a word that yields none)."""
    terms = stems(word)
    return terms[0] if terms else ""


# Short grammatical words are not required in a query (they still count inside "a phrase").
STOPWORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "d",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "en",
        "et",
        "il",
        "ils",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "ma",
        "mais",
        "me",
        "mes",
        "ne",
        "ni",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "y",
    ]
)


def words(text: str) -> list[str]:
    """Folded surface words (what a person typed); overlong words are cut, not dropped."""
    return [word[:MAX_WORD_LENGTH] for word in WORD_RE.findall(fold(text))]


def surface_words(text: str) -> dict[str, str]:
    """Folded word -> the word as written (accents kept), for suggestions shown to people."""
    found: dict[str, str] = {}
    for word in WORD_RE.findall(text.lower()):
        if len(word) <= MAX_WORD_LENGTH and not word.isdigit():
            found.setdefault(fold(word), word)
    return found


@dataclass(frozen=True)
class Fragment:
    text: str
    match: bool


def highlight(
    text: str,
    *,
    terms: frozenset[str],
    prefixes: tuple[str, ...] = (),
    width: int = 240,
) -> list[Fragment]:
    """Cut `text` around its first match and mark the words whose stem is in `terms`.

    `prefixes` are folded prefixes typed so far (search as you type). Returns fragments so
    the template escapes the text itself: nothing from a document is trusted as HTML.
    """
    spans = []
    for found in WORD_RE.finditer(text):
        word = found.group()
        if stem(word) in terms or (prefixes and fold_accents(word).startswith(prefixes)):
            spans.append((found.start(), found.end()))
    start = 0
    if len(text) > width:
        first = spans[0][0] if spans else 0
        start = max(0, first - width // 4)
        # Start on a word boundary.
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    fragments: list[Fragment] = []
    if start:
        fragments.append(Fragment("… ", match=False))
    cursor = start
    for span_start, span_end in spans:
        if span_start < cursor or span_end > end:
            continue
        if span_start > cursor:
            fragments.append(Fragment(text[cursor:span_start], match=False))
        fragments.append(Fragment(text[span_start:span_end], match=True))
        cursor = span_end
    if cursor < end:
        fragments.append(Fragment(text[cursor:end], match=False))
    if end < len(text):
        fragments.append(Fragment(" …", match=False))
    return fragments

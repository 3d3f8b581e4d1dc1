"""Near-duplicate initiatives: the same initiative reported by several sources, in other words. Pure.

Four steps, each bounded so that millions of records, 5 MB of text or garbage never hang:

1. *Features*: the folded, stemmed content words of title + text (numbers kept, "1 200" = "1200"),
   and apart from them the *facts* — names, acronyms, figures, dates ("26 mars") — which two
   reports of one initiative share and two similar initiatives do not.
2. *Candidates*: a batch of up to ~630 records is compared pair by pair. Beyond, pairs that share
   an LSH band (one-permutation MinHash of the distinctive word bigrams: near copies), their
   territory and one of their rarest words, or two of their rarest words (paraphrases naming the
   same partner, figure or date), or a contact (phone number, e-mail address, web site). A block
   of more records is boilerplate and yields nothing, so the number of pairs grows linearly with
   the number of records.
3. *Scorer*: TF-IDF cosine of the texts and weighted Jaccard of the facts, half each, plus a little
   for the titles; then a contact both cite (`identifiers`, a site also by its name in words), the
   territory (different départements weigh heavily; a shared one the more, the fewer records of
   the batch have it), lead actor, start month and the years cited (none in common weighs
   against). Place names the geotagger found (`Record.places`) count as territory, not as
   wording. Each score comes with French reasons for the analyst.
4. *Clusters*: greedy average linkage over the scored pairs, so two records each weakly linked to
   a third are not merged through it; a report joins a cluster of its département on a weaker
   link to every member (a follow-up article resembles each earlier report a little less).
"""

from __future__ import annotations

import functools
import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import combinations, pairwise
from pathlib import Path
from typing import Any

from essaim.enrichment.identifiers import Identifiers, extract, named_in, phone_key
from essaim.enrichment.text import SENTENCE_OPENERS, clean
from essaim.search.analysis import MAX_WORD_LENGTH, STOPWORDS, fold, fold_accents, french_analyzer

DEFAULT_THRESHOLD = 0.22
SYNONYMS = Path(__file__).resolve().parent / "data" / "synonyms.txt"
MAX_TEXT_CHARS = 20_000  # a long article's lead is enough to recognise it
_CACHE_LIMIT = 300_000  # distinct words remembered; garbage must not grow memory forever
# Smoothing: the IDF of a small batch (or of one pair) is taken over as many extra empty
# documents, so two records alone are scored with nearly uniform word weights.
_PSEUDO_DOCS = 100
_COMMON_FACT = 0.05  # share of the records beyond which a name or figure is commonplace
_MIN_TEXT = 0.1  # texts sharing less than this (cosine) do not describe the same initiative
# LSH: 16 MinHash bins, bands of 2, so a pair is proposed at 54 % for a Jaccard of 0.3, 90 % at 0.5.
_BINS, _ROWS = 16, 2
_MIN_SHINGLES = 4  # fewer distinctive bigrams than this: nothing to recognise a copy by
# Blocks larger than these are boilerplate, not evidence: they yield no pair. Sizes of blocks of
# records sharing an LSH band, a territory and a rare word, a pair of rare words.
_MAX_BAND_BLOCK, _MAX_PLACE_BLOCK, _MAX_KEY_BLOCK = 10, 6, 20
_COMMON = 50  # a word more records have is common: its bigrams with common words are boilerplate
_RARE_WORDS = 4  # a record is blocked on each pair of its 4 rarest words (shared with another),
_PLACE_WORDS = 5  # and on its territory with each of its 5 rarest words
_EXHAUSTIVE = 200_000  # up to this many pairs (~630 records), every pair is scored
_EXHAUSTIVE_INDEX = 2_000  # a directory this small is compared with a new record in full
_MAX_POSTINGS = 2_000  # a word more records of a directory have is no lead
_MAX_LINKAGE = 6  # members compared on each side when two clusters are about to merge
_SHORT = 40  # a record of fewer words is also blocked on territory + title word
_STRONG, _LOOSE = 1.3, 0.5  # a strong link joins a cluster of one département it half resembles
_WEAK = 0.8  # share of the threshold: a weaker link, enough to join a cluster of one territory
_MAX_CLUSTER = 50  # beyond this, a cluster is a theme, not one initiative: it grows no more
_RARE_TERRITORY = 0.1  # added for a territory only the pair has in the batch (less if more have it)
_RAMP = 0.05  # … in full once the texts' cosine exceeds _MIN_TEXT by this much, in part below
_OTHER_YEARS = 0.1  # taken away when the two reports cite years, none in common
_CENTURIES = frozenset({"19", "20"})
_SHARED_FACTS = 0.2  # weighted share of names and figures in common that makes one initiative likely
_CONTACT_WEIGHT = 0.2  # added for a phone number, e-mail address or site that only the pair cites
# Added to the union of the facts' weights (a rare fact weighs ~4.6): one fact in common, however
# rare ("119"), makes two reports alike (0.7), not identical (1.0); several facts still do.
_FACT_PRIOR = 2.0
# One report with no fact to compare (no name, figure or date left once places are set aside):
# the wording alone, which two reports of the same kind of action share too, is a little less sure.
_WORDING_ONLY = 0.9
# Below this cosine the wordings barely meet: the facts in common count in proportion.
_FACTS_NEED_TEXT = 0.15
_NATIONAL_LOCAL = 0.1  # taken away from a national (or région-wide) report paired with a local one

# Verbs and adverbs of every report, left out besides the search index's grammatical words.
_EXTRA_WORDS = (
    "afin ainsi apres aussi avait avant cet cette chez comme dont entre est etaient etait ete etre "
    "fait faire lors ont peut plus sans sont sous tout toute toutes tous tres"
)
_EXTRA_STOPWORDS = frozenset(_EXTRA_WORDS.split())
_MONTH_NAMES = "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre"
_MONTHS = frozenset(_MONTH_NAMES.split())
_NATIONAL_WORDS = "national nationale nationaux nationales France gouvernement ministère ministre"
# Words; a phone number ("03 20 12 34 56"), "1 200" and "1,5" as one number; and the punctuation
# that starts a sentence (an empty match): the first word of a sentence is capitalised by grammar,
# not because it is a name.
_TOKEN_RE = re.compile(
    r"(\b0\d(?:[ .\u00a0-]\d\d){4}\b|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|[^\W_]+(?:,\d+)?)"
    r"|[.!?:;«»\"“”()\[\]…\n]"
)
_SEPARATORS_RE = re.compile(r"[ .\u00a0\u202f-]")
_MASK64 = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15
# Word kinds: grammatical, sentence break, plain, month, capitalised (a name unless it opens a
# sentence), fact (number, acronym), day of a month (a fact).
_STOP, _BREAK, _PLAIN, _MONTH, _NAME, _FACT, _DAY = range(7)


@dataclass(frozen=True)
class Record:
    id: str
    title: str
    text: str
    departement_code: str | None = None
    commune_code: str | None = None
    actor: str | None = None  # lead actor type or name if known
    start: str | None = None  # "YYYY-MM"
    # Place names the text cites (the geotagger's evidence): they are territory, weighed by the
    # codes above, not wording; two initiatives of one town must not look alike by its name.
    places: tuple[str, ...] = ()
    region_code: str | None = None  # a région-wide initiative's (the département is None then)


@dataclass(frozen=True)
class PairScore:
    score: float  # 0–1
    reasons: tuple[str, ...]  # short French phrases for the analyst


@dataclass(frozen=True)
class Cluster:
    ids: tuple[str, ...]  # in input order
    score: float  # mean score of all its pairs
    reasons: tuple[str, ...]  # those of the pairs that linked it


# --- 1. Features ---------------------------------------------------------------------------------

_words: dict[str, tuple[str, int]] = {"": ("", _BREAK)}


def _number(raw: str) -> tuple[str, int]:
    if len(raw) > MAX_WORD_LENGTH:
        return "", _STOP
    if raw in {"1er", "1re"}:
        return "1", _DAY
    if not raw.isdigit():  # "1 200", "1,5", "03 20 12 34 56", or a word such as "4G", "2e"
        if not raw.isascii() or raw.isalnum():
            return _word(raw)
        raw = _SEPARATORS_RE.sub("", raw).replace(",", ".")
    return raw, _DAY if len(raw) <= 2 and raw.isdigit() else _FACT


def _stem(folded: str) -> str:
    stems = french_analyzer().analyze(folded)
    return stems[0] if stems else folded


@functools.cache
def _synonyms() -> dict[str, str]:
    """Stem -> the stem standing for its group in `data/synonyms.txt` ("culturel" -> "cultur")."""
    found: dict[str, str] = {}
    for line in SYNONYMS.read_text(encoding="utf-8").splitlines():
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        head = _stem(fold(words[0]))
        for word in words:
            found.setdefault(_stem(fold(word)), head)
    return found


@functools.cache
def _national_stems() -> frozenset[str]:
    return frozenset(_stem(fold(word)) for word in _NATIONAL_WORDS.split())


def _word(raw: str) -> tuple[str, int]:
    folded = fold(raw)
    if len(raw) > MAX_WORD_LENGTH or folded in STOPWORDS or folded in _EXTRA_STOPWORDS:
        return "", _STOP
    if any(char.isdigit() for char in raw):
        number = _SEPARATORS_RE.sub("", folded).replace(",", ".")
        return number, _DAY if number.isdigit() and len(number) <= 2 else _FACT
    if len(raw) < 2:
        return "", _STOP
    stem = _stem(folded)
    if raw.isupper():
        return stem, _FACT  # an acronym: CCAS, EHPAD
    # Two reports of one initiative say "culturel" and "culture", "officine" and "pharmacie".
    stem = _synonyms().get(stem, stem)
    if raw[0].isupper():
        return stem, _NAME
    return stem, _MONTH if folded in _MONTHS else _PLAIN


_NO_CONTACTS = Identifiers({}, {})


@dataclass(slots=True)
class _Features:
    tokens: list[str]  # content stems of title + text, in order
    title: tuple[str, ...]  # distinct stems of the title, in order
    facts: dict[str, str]  # stem -> the words as written, for the reasons
    places: frozenset[str] = frozenset()  # stems of the place names cited
    contacts: Identifiers = _NO_CONTACTS  # phone numbers, e-mail addresses, web sites
    years: frozenset[str] = frozenset()  # the years cited ("2020")
    tf: dict[str, float] = field(default_factory=dict)  # distinct tokens, in order -> sublinear TF
    national: bool = False  # speaks of the nation ("national", "gouvernement", "France")


def _analyse(text: str, tokens: list[str], facts: dict[str, str]) -> None:
    cache = _words
    if len(cache) > _CACHE_LIMIT:
        cache.clear()
        cache[""] = ("", _BREAK)
    append, get = tokens.append, cache.get
    stop, name, month, fact, day_kind = _BREAK, _NAME, _MONTH, _FACT, _DAY  # locals: a hot loop
    opening, day = True, ""
    held: tuple[str, str] | None = None  # a capitalised word opening a sentence: a name if one follows
    for raw in _TOKEN_RE.findall(text):
        entry = get(raw)
        if entry is None:
            if raw[0].isdigit():  # numbers are mostly one-offs (phones, amounts): not remembered
                entry = _number(raw)
            else:
                entry = cache[raw] = _word(raw)
        stem, kind = entry
        if kind <= stop:  # a sentence break, or a grammatical word ("l'Aude": a name follows)
            opening, day, held = kind == stop, "", None
            continue
        append(stem)
        if held is not None and kind == name:  # « Solutions Associations Occitanie »: one name
            facts.setdefault(*held)
        held = (stem, raw) if kind == name and opening and fold(raw) not in SENTENCE_OPENERS else None
        if kind >= fact or (kind == name and not opening):
            if stem not in facts:
                facts[stem] = raw
        elif kind == month and day:
            # "26 mars": a date is a fact of its own, stronger than the day and the month apart.
            facts.setdefault(day + stem, f"{day} {raw}")
            append(day + stem)
        opening = False
        day = stem if kind == day_kind else ""


def _plain(text: str, limit: int) -> str:
    # Markup and entities need the full cleaning; other control characters never form words.
    return clean(text, limit=limit) if "<" in text or "&" in text else text[:limit]


_places: dict[tuple[str, ...], frozenset[str]] = {}
_TERRITORY_NOUNS = frozenset({"arrond"})  # the stem of "arrondissement"


def _place_words(names: tuple[str, ...]) -> frozenset[str]:
    """The stems of place names (cached: the same communes come back again and again)."""
    found = _places.get(names)
    if found is None:
        if len(_places) > _CACHE_LIMIT:
            _places.clear()
        words: list[str] = []
        _analyse(" . ".join(name[:200] for name in names[:50]), words, {})
        # "14e arrondissement" is a district both reports may name: its number and noun stay words.
        found = _places[names] = frozenset(
            word for word in words if (word.isdigit() or word.isalpha()) and word not in _TERRITORY_NOUNS
        )
    return found


def _contacts_of(record: Record, facts: dict[str, str]) -> Identifiers:
    """Phone numbers, e-mail addresses and sites. The words already read the usual phone numbers
    ("05 65 59 47 12" is the fact "0565594712"): the slower search is for "+33" only."""
    text = f"{record.title[:1_000]}\n{record.text[:MAX_TEXT_CHARS]}"
    found = extract(text, phones="+33" in text)
    phones = {key: raw for token, raw in facts.items() if len(token) == 10 and (key := phone_key(token))}
    return Identifiers({**phones, **found.cited}, found.names) if phones else found


def _features(record: Record) -> _Features:
    tokens: list[str] = []
    facts: dict[str, str] = {}
    _analyse(_plain(record.title, 1_000), tokens, facts)
    title = tuple(dict.fromkeys(tokens))
    _analyse(_plain(record.text, MAX_TEXT_CHARS), tokens, facts)
    places = _place_words(record.places) if record.places else frozenset()
    if places:
        tokens = [token for token in tokens if token not in places]
        title = tuple(token for token in title if token not in places)
        facts = {token: raw for token, raw in facts.items() if token not in places}
    contacts = _contacts_of(record, facts)
    years = frozenset(  # "2020", not the figure "2 000" (a French thousand keeps its space)
        token
        for token, raw in facts.items()
        if len(token) == 4 and token[:2] in _CENTURIES and token.isdigit() and raw.isdigit()
    )
    tf = {token: _TF[min(count, 63)] for token, count in Counter(tokens).items()}
    national = not _national_stems().isdisjoint(tf)
    return _Features(tokens, title, facts, places, contacts, years, tf, national)


def _code(token: str) -> int:
    """A word's hash, the same in every process (str hashes are salted per process)."""
    return zlib.crc32(token.encode())


def _bands(codes: list[int]) -> list[int]:
    """LSH keys of a record, from its words' `_code` (negative for a common word): a one-permutation
    MinHash of the word bigrams, cut into bands.

    Bigrams of two common words are boilerplate ("le dispositif mobilise"): left out, so that
    records written from one template do not all look like copies of each other.
    """
    shingles = {pair for pair in pairwise(codes) if pair[0] >= 0 or pair[1] >= 0}
    if len(shingles) < _MIN_SHINGLES:
        return []
    shift = 64 - _BINS.bit_length() + 1
    low = (1 << shift) - 1
    mins = [_MASK64] * _BINS
    for pair in shingles:
        mixed = (hash(pair) * _GOLDEN) & _MASK64  # int tuples hash alike in every process
        slot = mixed >> shift
        mins[slot] = min(mins[slot], mixed & low)
    # An empty bin borrows the value of the next full one (circularly), shifted by the distance.
    filled = mins[:]
    following = 0
    for slot in range(2 * _BINS - 1, -1, -1):
        if mins[slot % _BINS] != _MASK64:
            following = slot
        elif slot < _BINS:
            filled[slot] = (mins[following % _BINS] + (following - slot) * _GOLDEN) & _MASK64
    return [hash((band, *filled[band : band + _ROWS])) for band in range(0, _BINS, _ROWS)]


# --- 3. Scorer -----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Vectors:
    text: dict[str, float]  # L2-normalised TF-IDF
    title: dict[str, float]
    facts: dict[str, float]  # fact stem -> IDF
    facts_mass: float


_TF = [0.0, *(1 + math.log(count) for count in range(1, 64))]  # sublinear term frequency


class _Weights:
    """Document frequencies of a population, and the IDF-weighted vectors of its records."""

    def __init__(
        self, df: Counter[str], documents: int, extra: frozenset[str] = frozenset(), *, complete: bool = False
    ) -> None:
        self.df = df
        self.documents = documents
        self.extra = extra  # the words of a record scored against the population, not yet in it
        self._numerator = documents + _PSEUDO_DOCS
        # A "fact" found in many records (a year, "Département", "CCAS") tells no initiative apart.
        self._frequent = max(2.0, _COMMON_FACT * documents)
        self._idf: dict[str, float] = {}
        if complete:  # a batch: every word's weight at once
            self._idf = {token: math.log(self._numerator / (count + 1)) for token, count in df.items()}

    def count(self, token: str) -> int:
        return self.df[token] + (token in self.extra)

    def _weigh(self, features: _Features) -> dict[str, float]:
        """The IDF of every word, the record's words computed if not yet."""
        idf = self._idf
        for token in [token for token in features.tf if token not in idf]:
            idf[token] = math.log(self._numerator / (self.count(token) + 1))
        return idf

    def text(self, features: _Features) -> dict[str, float]:
        """The L2-normalised TF-IDF vector of the text (all a cosine needs)."""
        idf = self._weigh(features)
        return _normalised({token: weight * idf[token] for token, weight in features.tf.items()})

    def vectors(self, features: _Features, text: dict[str, float] | None = None) -> _Vectors:
        """Every vector of a record (`text` if already computed)."""
        if text is None:
            text = self.text(features)
        idf = self._idf  # filled by `text` for every word of the record
        title = {token: idf[token] for token in features.title}
        frequent, count = self._frequent, self.count
        facts = {token: idf[token] for token in features.facts if count(token) <= frequent}
        return _Vectors(text, _normalised(title), facts, sum(facts.values()))


def _normalised(vector: dict[str, float]) -> dict[str, float]:
    norm = math.hypot(*vector.values())
    return {token: weight / norm for token, weight in vector.items()} if norm else {}


# Sums run over dicts (insertion order), never over sets: the same input gives the same bits.
def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(b) < len(a):
        a, b = b, a
    return sum([weight * b[token] for token, weight in a.items() if token in b])


@dataclass(frozen=True, slots=True)
class _Similarity:
    text: float  # cosine of the texts
    title: float  # cosine of the titles
    facts: float  # weighted Jaccard of the facts
    shared: tuple[str, ...]  # the facts in common


def _similarity(a: _Vectors, b: _Vectors) -> _Similarity:
    text = _cosine(a.text, b.text)
    if text < _MIN_TEXT:
        return _Similarity(text, 0.0, 0.0, ())
    if len(b.facts) < len(a.facts):
        a, b = b, a
    shared = tuple(token for token in a.facts if token in b.facts)
    mass = sum([a.facts[token] for token in shared])
    union = a.facts_mass + b.facts_mass - mass
    facts = mass / (union + _FACT_PRIOR) if union > 0 and a.facts and b.facts else -1.0
    return _Similarity(text, _cosine(a.title, b.title) if a.title and b.title else 0.0, facts, shared)


def _months(start: str | None) -> int | None:
    if start and len(start) >= 7 and start[:4].isdigit() and start[5:7].isdigit():
        return int(start[:4]) * 12 + int(start[5:7])
    return None


def _same_places(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both records cite mostly the same places (a joint action of two départements, say)."""
    return bool(a and b) and len(a & b) >= 0.6 * len(a | b)


def _place_names(names: tuple[str, ...]) -> dict[str, str]:
    """Place names as compared (accents and case folded, "l'Aude" = "Aude") -> as written."""
    found: dict[str, str] = {}
    for name in names[:50]:
        key = fold_accents(name[:200]).removeprefix("l'").removeprefix("la ").removeprefix("le ")
        found.setdefault(key, name)
    return found


def _rarity(count: int) -> float:
    """How telling it is that two records share something `count` records of the batch have:
    1 when they alone have it, 1/2 when a third one has it too…; 0 when the population is unknown."""
    return 1.0 / (count - 1) if count >= 2 else 0.0


def _years(a: frozenset[str], b: frozenset[str], notes: list[str] | None = None) -> float:
    """Reports citing years, none in common, tell of two moments: likely two initiatives (a
    follow-up article recalls the year it started)."""
    if not a or not b or a & b:
        return 0.0
    if notes is not None:
        notes.append(f"années citées différentes : {', '.join(sorted(a))} / {', '.join(sorted(b))}")
    return -_OTHER_YEARS


def _territory(
    a: Record,
    b: Record,
    same_places: bool,
    notes: list[str],
    *,
    rare: Callable[[str], float],
    facts: float = 0.0,
) -> float:
    """Territory agreement: an adjustment of the score (reasons appended). `rare(key)` is the
    bonus a territory shared by the pair earns, the larger the fewer records of the batch have it.
    """
    if a.commune_code and a.commune_code == b.commune_code:
        notes.append(f"même commune : {a.commune_code}")
        return 0.05 + rare(f"commune:{a.commune_code}")
    if a.departement_code and b.departement_code and a.departement_code != b.departement_code:
        codes = f"{a.departement_code} / {b.departement_code}"
        if same_places:
            notes.append(f"départements différents ({codes}) mais mêmes lieux cités")
            return 0.0
        # The same kind of action in two départements is the commonest false duplicate.
        notes.append(f"départements différents : {codes}")
        return -0.35
    if a.commune_code and b.commune_code:
        notes.append(f"communes différentes : {a.commune_code} / {b.commune_code}")
        # Many names and figures in common: one initiative across towns (six hotels of a métropole).
        return -0.05 if facts >= _SHARED_FACTS else -0.15
    if a.departement_code and a.departement_code == b.departement_code:
        notes.append(f"même département : {a.departement_code}")
        return 0.03 + _within_departement(a, b, notes, rare=rare)
    return _shared_place(a, b, same_places, notes, rare=rare)


def _within_departement(a: Record, b: Record, notes: list[str], *, rare: Callable[[str], float]) -> float:
    """The rarity of what a pair of one département shares: the département, or an EPCI, a district,
    a town in passing both cite, as telling as a commune if fewer records of the batch cite it."""
    within = rare(f"departement:{a.departement_code}")
    # Written alike on both sides (compared by folded name only, the département's own name, cited
    # by fewer records than the département, would count); sorted: ties give the same reason.
    shared = sorted(_place_names(a.places).items() & _place_names(b.places).items()) if b.places else []
    rarest = max(shared, key=lambda place: rare(f"lieu:{place[0]}"), default=None)
    if rarest is None or rare(f"lieu:{rarest[0]}") <= within:
        return within
    notes.append(f"mêmes lieux cités : {rarest[1]}")
    return rare(f"lieu:{rarest[0]}")


def _shared_place(
    a: Record, b: Record, same_places: bool, notes: list[str], *, rare: Callable[[str], float]
) -> float:
    """Département unknown on one side: the régions, and the places both cite, are territory too."""
    if a.region_code and b.region_code and a.region_code != b.region_code and not same_places:
        # Two régions' business funds are two initiatives, as two départements' are.
        notes.append(f"régions différentes : {a.region_code} / {b.region_code}")
        return -0.35
    names = _place_names(a.places)
    shared = sorted(names.keys() & _place_names(b.places).keys()) if b.places else []
    if not shared:
        return 0.0
    rarest = max(shared, key=lambda name: rare(f"lieu:{name}"))
    notes.append(f"mêmes lieux cités : {names[rarest]}")
    return 0.03 + rare(f"lieu:{rarest}")


def _context(
    a: Record,
    b: Record,
    same_places: bool,
    reasons: list[str] | None = None,
    *,
    count: Callable[[str], int] = lambda key: 0,
    text: float = 1.0,
    facts: float = 0.0,
) -> float:
    """Territory, actor and start-month agreement: an adjustment of the score (reasons appended).

    A territory few records of the batch share says more than a big city's: of the three records
    of a small town, two telling the same thing are likely one initiative. It supports a
    resemblance of the texts (`text`, their cosine), it does not make one.
    """
    notes: list[str] = [] if reasons is None else reasons
    support = _RARE_TERRITORY * min(1.0, max(0.0, (text - _MIN_TEXT) / _RAMP))

    def rare(key: str) -> float:
        return support * _rarity(count(key)) if support else 0.0

    adjust = _territory(a, b, same_places, notes, rare=rare, facts=facts)
    if a.actor and b.actor:
        if a.actor == b.actor:
            notes.append(f"même porteur : {a.actor}")
        else:
            adjust -= 0.05
            notes.append(f"porteurs différents : {a.actor} / {b.actor}")
    start_a, start_b = _months(a.start), _months(b.start)
    if start_a is not None and start_b is not None:
        if start_a == start_b:
            adjust += 0.03
            notes.append("même période de début")
        elif abs(start_a - start_b) > 2:
            adjust -= 0.1
            notes.append(f"débuts éloignés : {a.start} / {b.start}")
    return adjust


_CONTACT_KINDS = {
    "tel": "même numéro de téléphone",
    "mail": "même adresse électronique",
    "web": "même site web",
}


@functools.lru_cache(maxsize=4096)
def _title_contacts(title: str) -> frozenset[str]:
    return frozenset(extract(title[:1_000], phones=True).cited)


def _contacts(
    a: Record,
    b: Record,
    fa: _Features,
    fb: _Features,
    *,
    count: Callable[[str], int],
    notes: list[str] | None = None,
) -> float:
    """A phone number, e-mail address or web site both reports cite: an addition to the score.

    It identifies an initiative, unless many records of the population cite it (a town hall's
    switchboard, a ministry's site): its weight is shared among them. A site also counts when the
    other report spells its name in words (« Vivons local » for vivonslocal.org).
    """
    ca, cb = fa.contacts, fb.contacts
    if not (ca.cited and cb.cited) and not (ca.names or cb.names):
        return 0.0
    best = 0.0
    for key, shown in ca.cited.items():
        if key in cb.cited:
            # A site or number a title names is what the report is about ("l'État lance
            # jeveuxaider.gouv.fr"): it identifies the initiative however many reports cite it.
            # Otherwise its weight is shared: 1/4 with a third record citing it (a switchboard).
            titled = key in _title_contacts(a.title) or key in _title_contacts(b.title)
            best = max(best, 1.0 if titled else _rarity(max(2, count(key))) ** 2)
            if notes is not None:
                kind, many = _CONTACT_KINDS[key.split(":", 1)[0]], count(key)
                notes.append(f"{kind}, cité par {many} fiches : {shown}" if many > 2 else f"{kind} : {shown}")
    if best < 1.0:
        for names, other in ((ca.names, b), (cb.names, a)):
            found = named_in(names, f"{other.title[:1_000]}\n{other.text[:MAX_TEXT_CHARS]}")
            if found is not None and f"web:{found[0].lower()}" not in ca.cited.keys() & cb.cited.keys():
                best = 1.0
                if notes is not None:
                    notes.append(f"site cité par son nom : {found[0]} / « {found[1]} »")
                break
    return _CONTACT_WEIGHT * best


def _adjustment(  # noqa: PLR0917 (the pair, its features and what explains it)
    a: Record,
    b: Record,
    fa: _Features,
    fb: _Features,
    similarity: _Similarity,
    count: Callable[[str], int],
    contacts: list[str] | None = None,
    context: list[str] | None = None,
) -> float:
    """Everything but the wording: contacts, territory, actor, dates (reasons appended)."""
    adjust = _contacts(a, b, fa, fb, count=count, notes=contacts)
    places = _same_places(fa.places, fb.places)
    adjust += _context(a, b, places, context, count=count, text=similarity.text, facts=similarity.facts)
    adjust += _national_and_local(a, b, fa, fb, context)
    return adjust + _years(fa.years, fb.years, context)


def _national_and_local(a: Record, b: Record, fa: _Features, fb: _Features, notes: list[str] | None) -> float:
    """A national scheme and a local action of its kind (the national 119 campaign and a
    Département's) are two initiatives: one report placed, the other placed nowhere and national
    (by its own words, or by the local one's: « relaie le programme national »). So are a région's
    scheme and a local one in that région (the Région's fund, a Métropole's contribution to it):
    one report région-wide, the other placed in one of its départements; and a national scheme
    and a région's (a care-home group's tablets, the Région's tablets for care homes)."""
    for local, other, features, own in ((a, b, fb, fa), (b, a, fa, fb)):
        regional = local.region_code and not local.departement_code
        # National by the other's words, not by its own: a national report naming a région in
        # passing (« la moitié des bénéficiaires vivent en Île-de-France ») is no région's scheme.
        nationwide = features.national and not own.national
        if regional and not (other.region_code or other.departement_code) and nationwide:
            # A company's national scheme and a Région's of its kind (tablets for care homes).
            if notes is not None:
                notes.append("initiative nationale / régionale")
            return -_NATIONAL_LOCAL
        if not local.departement_code or other.departement_code:
            continue
        if not other.region_code and (features.national or own.national):
            scale = "nationale"
        elif other.region_code and other.region_code == local.region_code:
            scale = "régionale"
        else:
            continue
        if notes is not None:
            notes.append(f"initiative {scale} / locale ({local.departement_code})")
        return -_NATIONAL_LOCAL
    return 0.0


def _combine(similarity: _Similarity, adjust: float) -> float:
    if similarity.text < _MIN_TEXT:
        return 0.0
    # Facts weigh as much as the wording: a paraphrase keeps the names, figures and dates.
    text, facts = similarity.text, similarity.facts
    if facts > 0 and text < _FACTS_NEED_TEXT:
        facts *= text / _FACTS_NEED_TEXT  # « Ehpad » shared by two texts that say nothing alike
    base = 0.5 * text + 0.5 * facts if facts >= 0 else _WORDING_ONLY * text
    return min(1.0, max(0.0, base + 0.05 * similarity.title + adjust))


def _decimal(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def _explain(
    a: Record,
    b: Record,
    similarity: _Similarity,
    fa: _Features,
    fb: _Features,
    *,
    count: Callable[[str], int] | None = None,
) -> PairScore:
    """The score and reasons; `count` is how many records of the population cite a contact or
    have a territory (keys of `_population_keys`); without it, the pair alone."""
    count = count or _alone
    context: list[str] = []
    contacts: list[str] = []
    score = _combine(similarity, _adjustment(a, b, fa, fb, similarity, count, contacts, context))
    reasons = []
    if similarity.title >= 0.5:
        reasons.append(
            f"titres {'très ' if similarity.title >= 0.8 else ''}proches ({_decimal(similarity.title)})"
        )
    if similarity.text >= 0.25:
        reasons.append(
            f"textes {'très ' if similarity.text >= 0.5 else ''}proches ({_decimal(similarity.text)})"
        )
    if similarity.shared:
        shown = [fa.facts.get(token) or fb.facts.get(token, token) for token in similarity.shared[:5]]
        reasons.append("mêmes noms, nombres ou dates : " + ", ".join(shown))
    return PairScore(round(score, 4), (*reasons, *contacts, *context))


def _population_keys(record: Record, features: _Features) -> Iterator[str]:
    """What a record shares with others that is the rarer the more telling: its contacts, its
    commune and département, the places it cites."""
    yield from features.contacts.cited
    if record.commune_code:
        yield f"commune:{record.commune_code}"
    if record.departement_code:
        yield f"departement:{record.departement_code}"
    yield from (f"lieu:{name}" for name in _place_names(record.places))


def _alone(key: str) -> int:
    """A pair alone: a contact both cite is theirs; how common a territory is, is unknown."""
    return 2 if key.split(":", 1)[0] in _CONTACT_KINDS else 0


def pair_score(a: Record, b: Record) -> PairScore:
    """How likely two records describe the same initiative (0–1), with the reasons.

    Alone, a pair has no population to weigh its words: they count almost equally. Within
    `find_duplicates` or a `DuplicateIndex`, words common in the population count less.
    """
    fa, fb = _features(a), _features(b)
    weights = _Weights(Counter([*set(fa.tokens), *set(fb.tokens)]), 2)
    return _explain(a, b, _similarity(weights.vectors(fa), weights.vectors(fb)), fa, fb)


# --- 2 and 4. Candidates and clusters ------------------------------------------------------------


def _blocks(groups: Mapping[Any, list[int]], largest: int) -> Iterator[list[int]]:
    """Records sharing a key, for blocks of two up to `largest` records."""
    for members in groups.values():
        if 2 <= len(members) <= largest:
            yield members


def _rare_keys(features: _Features, count: Callable[[str], int]) -> tuple[list[str], list[tuple[str, str]]]:
    """A record's rarest words shared with another record, and its blocking keys: every pair of them.

    Two reports of one initiative share several of their rarest words (a partner, a figure, a
    date); a pair of them is far more selective than either word, so blocks stay small.
    """
    # A stable sort of the words in text order: ties in frequency break alike in every run.
    ranked = sorted(dict.fromkeys(features.tokens), key=count)
    shared = [token for token in ranked if count(token) >= 2]
    rarest = shared[:_PLACE_WORDS]
    return rarest, list(combinations(rarest[:_RARE_WORDS], 2))


class _Batch:
    """The records of one `find_duplicates` call, their features and the pair scores computed."""

    def __init__(self, records: list[Record]) -> None:
        self.records = records
        self.features = [_features(record) for record in records]
        df: Counter[str] = Counter()
        for features in self.features:
            df.update(set(features.tokens))
        self.weights = _Weights(df, len(records), complete=True)
        self.counts: Counter[str] = Counter()  # records per contact, territory, place cited
        for record, features in zip(records, self.features, strict=True):
            self.counts.update(_population_keys(record, features))
        self._vectors: dict[int, _Vectors] = {}
        self.scores: dict[tuple[int, int], float] = {}

    def vectors(self, index: int) -> _Vectors:
        found = self._vectors.get(index)
        if found is None:
            found = self._vectors[index] = self.weights.vectors(self.features[index])
        return found

    def candidates(self) -> list[tuple[int, int]]:
        """Pairs sharing an LSH band, a contact (phone, e-mail, site), a territory and a rare word,
        or two blocking keys (`_rare_keys`).

        A small batch is compared exhaustively: every pair, exact.
        """
        size = len(self.records)
        if size * (size - 1) // 2 <= _EXHAUSTIVE:
            return list(combinations(range(size), 2))
        bands: defaultdict[int, list[int]] = defaultdict(list)
        places: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
        keys: defaultdict[tuple[str, str], list[int]] = defaultdict(list)  # two are needed
        # Word codes, negative for a common word (see `_bands`).
        codes = {
            token: ~_code(token) if n > _COMMON else _code(token) for token, n in self.weights.df.items()
        }
        count = self.weights.df.__getitem__
        for index, (record, features) in enumerate(zip(self.records, self.features, strict=True)):
            for band in _bands([codes[token] for token in features.tokens]):
                bands[band].append(index)
            for contact in features.contacts.cited:  # a phone, an address: a lead like a place
                places["", contact].append(index)
            rarest, words = _rare_keys(features, count)
            for key in words:
                keys[key].append(index)
            place = record.commune_code or record.departement_code
            if place:
                for token in rarest:
                    places[place, token].append(index)
                if len(features.tokens) < _SHORT:
                    for token in features.title:
                        keys[place, token].append(index)
        pairs: set[tuple[int, int]] = set()
        for members in _blocks(bands, _MAX_BAND_BLOCK):
            pairs.update(combinations(members, 2))
        # The same territory and one of the rarest words, or a contact: a lead when few records
        # have it (a switchboard is none).
        for members in _blocks(places, _MAX_PLACE_BLOCK):
            pairs.update(combinations(members, 2))
        # One rare word in common is chance, two are a lead.
        shared: Counter[tuple[int, int]] = Counter()
        for members in _blocks(keys, _MAX_KEY_BLOCK):
            shared.update(combinations(members, 2))
        pairs.update(pair for pair, count in shared.items() if count >= 2)
        return sorted(pairs)

    def score(self, i: int, j: int) -> float:
        key = (i, j) if i < j else (j, i)
        found = self.scores.get(key)
        if found is None:
            similarity = _similarity(self.vectors(key[0]), self.vectors(key[1]))
            found = 0.0
            if similarity.text >= _MIN_TEXT:
                (a, b), (fa, fb) = self.records_of(key), (self.features[key[0]], self.features[key[1]])
                adjust = _adjustment(a, b, fa, fb, similarity, self.counts.__getitem__)
                found = _combine(similarity, adjust)
            self.scores[key] = found
        return found

    def records_of(self, pair: tuple[int, int]) -> tuple[Record, Record]:
        return self.records[pair[0]], self.records[pair[1]]

    def explain(self, i: int, j: int) -> PairScore:
        similarity = _similarity(self.vectors(i), self.vectors(j))
        return _explain(
            self.records[i],
            self.records[j],
            similarity,
            self.features[i],
            self.features[j],
            count=self.counts.__getitem__,
        )


def _linkage(batch: _Batch, left: list[int], right: list[int]) -> float:
    """Average linkage: the mean score between the members of two clusters."""
    left, right = left[:_MAX_LINKAGE], right[:_MAX_LINKAGE]
    return sum([batch.score(i, j) for i in left for j in right]) / (len(left) * len(right))


def _joinable(batch: _Batch, left: list[int], right: list[int], threshold: float, weak: float) -> bool:
    """Whether two clusters (one may be a single record) describe one initiative: the mean score
    between their members reaches the threshold; or, all of them being of one known département,
    every score between them reaches the weaker `weak`, or the mean reaches `_LOOSE` times the
    threshold and one score `_STRONG` times it (or the threshold itself, if no score is nil: no
    member shares nothing with the other side). A follow-up article a year later resembles each
    earlier report less than they resemble each other (much like one, little like another), and
    the batch's word weights count their shared words less the more reports share them.
    """
    linkage = _linkage(batch, left, right)
    if linkage >= threshold:
        return True
    records = batch.records
    codes = {records[index].departement_code or None for index in [*left, *right]}
    if len(codes) > 1 or None in codes:
        return False
    left, right = left[:_MAX_LINKAGE], right[:_MAX_LINKAGE]
    scores = [batch.score(i, j) for i in left for j in right]
    if min(scores) >= weak:
        return True
    if linkage < _LOOSE * threshold:
        return False
    # A mere duplicate link joins only if no member is wholly unlike the other side.
    return max(scores) >= _STRONG * threshold or (max(scores) >= threshold and min(scores) > 0)


def find_duplicates(records: Iterable[Record], *, threshold: float = DEFAULT_THRESHOLD) -> list[Cluster]:
    """Clusters of two or more records describing the same initiative, most certain first.

    A repeated id keeps its first record. Two records are paired when their score reaches the
    threshold. Two clusters (or a record and a cluster) merge on a link reaching `_WEAK` of the
    threshold, if `_joinable`: never through one link alone, so that a chain of links does not
    gather records that do not resemble each other.
    """
    unique: dict[str, Record] = {}
    for record in records:
        unique.setdefault(record.id, record)
    batch = _Batch(list(unique.values()))
    weak = _WEAK * threshold
    edges = sorted((-score, i, j) for i, j in batch.candidates() if (score := batch.score(i, j)) >= weak)
    cluster_of = list(range(len(batch.records)))
    members: dict[int, list[int]] = {}
    links: dict[int, list[tuple[int, int]]] = {}
    for negative, i, j in edges:
        ci, cj = cluster_of[i], cluster_of[j]
        if ci == cj:
            continue
        left, right = members.get(ci, [i]), members.get(cj, [j])
        size = len(left) + len(right)
        if size > _MAX_CLUSTER or (size == 2 and -negative < threshold):
            continue
        if size > 2 and not _joinable(batch, left, right, threshold, weak):
            continue
        if len(left) < len(right):
            ci, cj, left, right = cj, ci, right, left
        for index in right:
            cluster_of[index] = ci
        members[ci] = left + right
        links[ci] = [*links.pop(ci, []), *links.pop(cj, []), (i, j)]
        members.pop(cj, None)
    clusters = []
    for root, group in members.items():
        group.sort()
        pairs = list(combinations(group[: 2 * _MAX_LINKAGE], 2))  # a bounded sample of a big cluster
        score = sum([batch.score(i, j) for i, j in pairs]) / len(pairs)
        reasons = dict.fromkeys(reason for i, j in links[root] for reason in batch.explain(i, j).reasons)
        ids = tuple(batch.records[index].id for index in group)
        clusters.append((-score, group[0], Cluster(ids, round(score, 4), tuple(reasons))))
    clusters.sort(key=lambda item: (item[0], item[1]))
    return [cluster for *_, cluster in clusters]


# --- Incremental checks --------------------------------------------------------------------------


# The inbox checks each new candidate against the same few hundred records of its département:
# their analysis is kept (records are immutable values, equal when nothing in them changed).
_CACHED_RECORDS = 40_000  # ~6 kB each: the directory indexes of every département, and more


@functools.lru_cache(maxsize=_CACHED_RECORDS)
def _indexed(record: Record) -> tuple[_Features, tuple[int, ...]]:
    """A record's features and LSH bands, as the incremental index stores them (read-only)."""
    features = _features(record)
    return features, tuple(_bands([_code(token) for token in features.tokens]))


class DuplicateIndex:
    """The directory's records, to ask whether a new one is already there (inbox, contribution form)."""

    def __init__(self) -> None:
        self._records: list[Record] = []
        self._features: list[_Features] = []
        self._df: Counter[str] = Counter()
        self._postings: defaultdict[str, list[int]] = defaultdict(list)
        self._bands: defaultdict[int, list[int]] = defaultdict(list)
        self._counts: Counter[str] = Counter()  # records per contact, territory, place cited
        # A copy reads the postings and bands of its original for the records they had in common
        # (positions below `_shared`) and keeps its own apart: copying thousands of lists was
        # most of the cost of a question.
        self._base: DuplicateIndex | None = None
        self._shared = 0

    def __len__(self) -> int:
        return len(self._records)

    def copy(self) -> DuplicateIndex:
        """An independent index holding the same records (a base kept once, then extended per
        question): much cheaper than adding them again."""
        other = DuplicateIndex()
        other._records = list(self._records)
        other._features = list(self._features)
        other._df = Counter(self._df)
        other._counts = Counter(self._counts)
        if self._base is None:
            other._base, other._shared = self, len(self._records)
        else:  # a copy of a copy: the same original, and a copy of the lists of its own
            other._base, other._shared = self._base, self._shared
            other._postings = defaultdict(list, {token: list(ids) for token, ids in self._postings.items()})
            other._bands = defaultdict(list, {band: list(ids) for band, ids in self._bands.items()})
        return other

    def _merged(self, own: list[int] | None, shared: list[int] | None) -> list[int]:
        if shared and shared[-1] >= self._shared:  # the original was extended after the copy
            shared = [position for position in shared if position < self._shared]
        if not own:
            return shared or []
        return [*shared, *own] if shared else own

    def _posting(self, token: str) -> list[int]:
        """The positions of the records having this word."""
        own = self._postings.get(token)
        return self._merged(own, self._base._postings.get(token)) if self._base else own or []

    def _band(self, band: int) -> list[int]:
        own = self._bands.get(band)
        return self._merged(own, self._base._bands.get(band)) if self._base else own or []

    def add(self, record: Record) -> None:
        index = len(self._records)
        features, bands = _indexed(record)
        self._records.append(record)
        self._features.append(features)
        self._counts.update(_population_keys(record, features))
        self._df.update(features.tf.keys())
        postings = self._postings
        for token in features.tf:
            postings[token].append(index)
        for band in bands:
            self._bands[band].append(index)

    def candidates(
        self, record: Record, limit: int = 5, *, min_score: float = DEFAULT_THRESHOLD
    ) -> list[tuple[str, PairScore]]:
        """The `limit` records most likely to describe the same initiative as `record`, best first."""
        features = _features(record)
        weights = _Weights(self._df, len(self._records) + 1, frozenset(features.tokens))
        if len(self._records) <= _EXHAUSTIVE_INDEX:
            leads = list(range(len(self._records)))
        else:
            leads = self._leads(record, features, weights)
        vectors = weights.vectors(features)
        counts = self._counts

        def count(key: str) -> int:
            return counts[key] + 1  # the new record has it too

        found = []
        for index in leads:
            other = self._records[index]
            similarity = _similarity(vectors, weights.vectors(self._features[index]))
            scored = _explain(record, other, similarity, features, self._features[index], count=count)
            if scored.score >= min_score and other.id != record.id:
                found.append((-scored.score, index, other.id, scored))
        found.sort(key=lambda item: (item[0], item[1]))
        return [(key, scored) for _, _, key, scored in found[:limit]]

    def neighbours(
        self,
        ids: Iterable[str],
        limit: int = 5,
        *,
        min_score: float = DEFAULT_THRESHOLD,
        compared: int = _EXHAUSTIVE_INDEX,
        also: Mapping[str, Iterable[str]] | None = None,
    ) -> dict[str, list[tuple[str, PairScore]]]:
        """For each of these records of the index, the `limit` others most likely to describe the
        same initiative, best first (a record not in the index has no entry).

        One question for many records (the inbox enriches the candidates of a file together): the
        words are weighed once for the whole index, and only the records that can reach the texts'
        cosine `_MIN_TEXT` (below it a pair scores 0) are scored: see `_reachable`. The first
        `compared` records (the directory's, say), and those `also` names for a record, are
        candidates for its question; in an index larger than `_EXHAUSTIVE_INDEX`, the others (the
        rest of a large file) must share a blocking key with it.
        """
        records, size = self._records, len(self._records)
        weights = _Weights(self._df, size)
        texts: dict[int, dict[str, float]] = {}  # most records are left at their text's cosine
        vectors: dict[int, _Vectors] = {}

        def text(position: int) -> dict[str, float]:
            found = texts.get(position)
            if found is None:
                found = texts[position] = weights.text(self._features[position])
            return found

        def vector(position: int) -> _Vectors:
            found = vectors.get(position)
            if found is None:
                found = vectors[position] = weights.vectors(self._features[position], text(position))
            return found

        positions = {record.id: position for position, record in enumerate(records)}
        count = self._counts.__getitem__
        found: dict[str, list[tuple[str, PairScore]]] = {}
        for key in ids:
            position = positions.get(key)
            if position is None:
                continue
            record, features, own = records[position], self._features[position], vector(position)
            leads = self._reachable(own.text)
            if size > _EXHAUSTIVE_INDEX:
                kept = set(self._leads(record, features, weights))
                kept.update(positions[name] for name in (also or {}).get(key, ()) if name in positions)
                leads = {other for other in leads if other < compared or other in kept}
            scored = []
            for other in sorted(leads):
                if (
                    other == position
                    or records[other].id == key
                    or _cosine(own.text, text(other)) < _MIN_TEXT
                ):
                    continue
                similarity = _similarity(own, vector(other))
                pair = _explain(
                    record, records[other], similarity, features, self._features[other], count=count
                )
                if pair.score >= min_score:
                    scored.append((-pair.score, other, pair))
            scored.sort(key=lambda item: (item[0], item[1]))
            found[key] = [(records[other].id, pair) for _, other, pair in scored[:limit]]
        return found

    def _reachable(self, text: dict[str, float]) -> set[int]:
        """The records whose texts' cosine with `text` (normalised) may reach `_MIN_TEXT`.

        The most common words of `text` are set aside while the norm of their weights stays below
        `_MIN_TEXT`: by Cauchy–Schwarz, they add less than that norm to any cosine. Each rarer
        word shared adds at most its own weight (the other record's is at most 1). A record whose
        bound stays below the threshold cannot reach it: exact, not an approximation, and found
        from the rarer words' postings alone (short ones), with no vector computed.
        """
        df = self._df
        common = 0.0
        rare: list[str] = []
        for token in sorted(text, key=lambda token: (-df[token], token)):
            weight = text[token]
            if not rare and common + weight * weight < _MIN_TEXT * _MIN_TEXT * 0.99:
                common += weight * weight
            else:
                rare.append(token)
        bounds: defaultdict[int, float] = defaultdict(float)
        for token in rare:
            weight = text[token]
            for position in self._posting(token):
                bounds[position] += weight
        needed = _MIN_TEXT - math.sqrt(common) - 1e-9
        return {position for position, bound in bounds.items() if bound >= needed}

    def _leads(self, record: Record, features: _Features, weights: _Weights) -> list[int]:
        """The records sharing blocking keys with `record`, most keys first (at most 100)."""
        hits: Counter[int] = Counter()
        posting = self._posting
        rarest, words = _rare_keys(features, weights.count)
        for first, second in words:  # the records having both words
            firsts, seconds = posting(first), posting(second)
            if len(firsts) <= _MAX_POSTINGS and len(seconds) <= _MAX_POSTINGS:
                hits.update(set(firsts).intersection(seconds))
        place = record.commune_code or record.departement_code
        for token in rarest if place else ():  # the same territory and a rare word
            having = posting(token)
            if len(having) <= _MAX_POSTINGS:
                hits.update(i for i in having if place in self._territories(i))
        for band in _bands([_code(token) for token in features.tokens]):
            hits.update(self._band(band)[-_MAX_POSTINGS:])
        return [index for index, _ in sorted(hits.items(), key=lambda item: (-item[1], item[0]))[:100]]

    def _territories(self, index: int) -> tuple[str | None, str | None]:
        record = self._records[index]
        return record.commune_code, record.departement_code

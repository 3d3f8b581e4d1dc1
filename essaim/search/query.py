"""Parse what a person types in the search box into words, phrases, exclusions and a prefix.

Pure (no Django). Forgiving by design: unbalanced quotes, operators and punctuation never
raise; anything that is not a word is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from essaim.search.analysis import STOPWORDS, WORD_RE, fold_accents, stems, words

MAX_QUERY_CHARS = 200
MAX_CLAUSES = 12
MIN_PREFIX_CHARS = 3
# Engines index word beginnings up to this length; a longer typed prefix is cut to it.
MAX_PREFIX_CHARS = 20

_TOKEN_RE = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Clause:
    """One thing to match: a word or a phrase (several stems), possibly excluded."""

    stems: tuple[str, ...]
    excluded: bool = False
    # Folded text of the last word when the person may still be typing it.
    prefix: str = ""
    typed: str = ""

    @property
    def is_phrase(self) -> bool:
        return len(self.stems) > 1


@dataclass(frozen=True)
class ParsedQuery:
    clauses: tuple[Clause, ...] = field(default_factory=tuple)

    @property
    def required(self) -> tuple[Clause, ...]:
        return tuple(clause for clause in self.clauses if not clause.excluded)

    @property
    def excluded(self) -> tuple[Clause, ...]:
        return tuple(clause for clause in self.clauses if clause.excluded)

    @property
    def is_empty(self) -> bool:
        return not self.required

    def highlight_terms(self) -> frozenset[str]:
        return frozenset(term for clause in self.required for term in clause.stems)

    def highlight_prefixes(self) -> tuple[str, ...]:
        return tuple(clause.prefix for clause in self.required if clause.prefix)


def parse(text: str) -> ParsedQuery:
    """Words are all required; "quoted words" form a phrase; -word or -"a phrase" excludes.

    The last bare word also matches as a prefix when the text does not end with a space
    (search as you type).
    """
    text = text or ""
    if len(text) > MAX_QUERY_CHARS:
        # Cut on a space, so that no half word is searched.
        cut = text.rfind(" ", 0, MAX_QUERY_CHARS)
        text = text[: cut if cut > 0 else MAX_QUERY_CHARS].rstrip() + " "
    clauses: list[Clause] = []
    matches = list(_TOKEN_RE.finditer(text))
    for index, found in enumerate(matches):
        minus, phrase, bare = found.groups()
        if phrase is not None:
            terms = tuple(stems(phrase))
            if terms:
                clauses.append(Clause(stems=terms, excluded=bool(minus), typed=phrase.strip()))
            continue
        is_last_token = index == len(matches) - 1 and found.end() == len(text)
        if bare.startswith("-") and len(bare) > 1:
            # "-sans-abri" excludes the whole hyphenated word, as a phrase.
            terms = tuple(stems(bare[1:]))
            if terms:
                clauses.append(Clause(stems=terms, excluded=True, typed=bare[1:]))
            continue
        # Operators, punctuation and SQL or FTS metacharacters are just separators here.
        token_words = words(bare)
        # What was typed, accents aside: the prefix of a word still being typed.
        typed_words = [word[:40] for word in WORD_RE.findall(fold_accents(bare))]
        for position, word in enumerate(token_words):
            typing = is_last_token and position == len(token_words) - 1
            terms = tuple(stems(word))
            if not terms or (word in STOPWORDS and not typing):
                continue
            raw = typed_words[position] if position < len(typed_words) else word
            prefix = raw if typing and len(raw) >= MIN_PREFIX_CHARS else ""
            clauses.append(Clause(stems=terms, prefix=prefix, typed=word))
    return ParsedQuery(clauses=tuple(_dedupe(clauses)[:MAX_CLAUSES]))


def _dedupe(clauses: list[Clause]) -> list[Clause]:
    seen: set[tuple[tuple[str, ...], bool]] = set()
    unique = []
    for clause in clauses:
        key = (clause.stems, clause.excluded)
        if key not in seen:
            seen.add(key)
            unique.append(clause)
    return unique

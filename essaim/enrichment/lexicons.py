"""The classification lexicons: for each kind and code, weighted French terms matched on lemmas. Pure.

A term is a word or an expression ("violences conjugales", "aide sociale à l'enfance"): it matches
in the singular or the plural, masculine or feminine ("violence conjugale", "aides sociales…"),
because both sides go through `text.tokens`; verbs and derived nouns are separate terms ("vacciner",
"vaccination"): a light lemma keeps "aidants" apart from "aide" and "commune" from "communiqué".
A case-sensitive term also requires the capitals as written: "État" (the State) but not "état" (a
condition), "CCAS" but not "Ccas". Within a kind, the longest expression wins, so
"protection de l'enfance" does not also count as "enfance"; when several terms of one code match
the same words ("Département" and "département"), the heaviest counts.

Cues are not labels: "financé par", "avec", "dans" mark the actor that follows as a partner, a
beneficiary or a place, "à l'initiative de", "piloté par" as the lead; a "named" noun followed by a
name ("la société Doctolib", "l'association Emmaüs") names a precise actor. The vendored data is
`data/lexicons.json`; analysts edit a copy of its terms in the admin (`LexiconTerm`), from which
`essaim.enrichment.store` builds a `Lexicon` (the cues stay in the file).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from essaim.enrichment.text import SHAPE_LOWER, Token, tokens

KINDS = ("theme", "public", "actor_type")
CUES = ("support", "lead", "named")
VENDORED = Path(__file__).resolve().parent / "data" / "lexicons.json"
CASE_MARK = "="  # in the JSON file, "=État" is the case-sensitive term "État"


@dataclass(frozen=True)
class Term:
    text: str
    weight: float
    case_sensitive: bool = False


@dataclass(frozen=True)
class Row:
    """One editable line of a lexicon, as stored in the database."""

    kind: str
    code: str
    term: str
    weight: float
    case_sensitive: bool = False


@dataclass(frozen=True)
class Hit:
    """A term found in a text: tokens [start, end) carry `code`'s evidence."""

    kind: str
    code: str
    term: str
    weight: float
    start: int
    end: int
    plural: bool = False  # one word, in the plural ("les associations"): often partners, not the lead


@dataclass(frozen=True)
class Lexicon:
    terms: dict[str, dict[str, tuple[Term, ...]]]  # kind -> code -> terms
    cues: dict[str, tuple[str, ...]]  # "support" / "lead" / "named" -> expressions

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Lexicon:
        """Parse the JSON layout: {kind: {code: {term: weight}}, "cues": {"support": [...], ...}}."""
        terms: dict[str, dict[str, tuple[Term, ...]]] = {}
        for kind in KINDS:
            terms[kind] = {
                code: tuple(_term(text, float(weight)) for text, weight in entries.items())
                for code, entries in data.get(kind, {}).items()
            }
        cues = {name: tuple(data.get("cues", {}).get(name, ())) for name in CUES}
        return cls(terms=terms, cues=cues)

    @classmethod
    def vendored(cls) -> Lexicon:
        """The lexicons shipped with the code (also the seed of the admin's copy)."""
        return _vendored()

    @classmethod
    def from_rows(cls, rows: Iterable[Row], *, cues: dict[str, tuple[str, ...]] | None = None) -> Lexicon:
        grouped: dict[str, dict[str, list[Term]]] = {kind: {} for kind in KINDS}
        for row in rows:
            if row.kind in grouped:
                grouped[row.kind].setdefault(row.code, []).append(
                    Term(row.term, row.weight, row.case_sensitive)
                )
        return cls(
            terms={
                kind: {code: tuple(found) for code, found in codes.items()} for kind, codes in grouped.items()
            },
            cues=cues if cues is not None else _vendored().cues,
        )

    def rows(self) -> Iterator[Row]:
        for kind, codes in self.terms.items():
            for code, terms in codes.items():
                for term in terms:
                    yield Row(kind, code, term.text, term.weight, term.case_sensitive)

    def codes(self, kind: str) -> tuple[str, ...]:
        return tuple(self.terms.get(kind, {}))

    def compile(self) -> LexiconIndex:
        return LexiconIndex(self)


def _term(text: str, weight: float) -> Term:
    if text.startswith(CASE_MARK):
        return Term(text[len(CASE_MARK) :], weight, case_sensitive=True)
    return Term(text, weight)


@cache
def _vendored() -> Lexicon:
    return Lexicon.from_dict(json.loads(VENDORED.read_text(encoding="utf-8")))


@dataclass(frozen=True, slots=True)
class _Pattern:
    lemmas: tuple[str, ...]
    shapes: tuple[int, ...]  # the least shape each token needs (SHAPE_LOWER: any)
    kind: str
    code: str
    term: str
    weight: float


class LexiconIndex:
    """Terms indexed by their first lemma; `find` walks a text once, whatever the lexicon size."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        # Single words by lemma; expressions by their first two lemmas (so that a common first
        # word, "personne" or "centre", does not make every expression starting with it a candidate).
        single: dict[str, list[_Pattern]] = {}
        multi: dict[tuple[str, str], list[_Pattern]] = {}
        entries = [
            (kind, code, term)
            for kind, codes in lexicon.terms.items()
            for code, terms in codes.items()
            for term in terms
        ]
        entries += [(cue, cue, Term(text, 1.0)) for cue, texts in lexicon.cues.items() for text in texts]
        for kind, code, term in entries:
            found = tokens(term.text)
            if not found:
                continue
            shapes = tuple(_shape_needed(token, term.case_sensitive) for token in found)
            lemmas = tuple(token.lemma for token in found)
            pattern = _Pattern(lemmas, shapes, kind, code, term.text, term.weight)
            if len(lemmas) == 1:
                single.setdefault(lemmas[0], []).append(pattern)
            else:
                multi.setdefault((lemmas[0], lemmas[1]), []).append(pattern)
        for patterns in multi.values():
            patterns.sort(key=lambda pattern: -len(pattern.lemmas))
        self._single = single
        self._multi = multi
        self._starts = frozenset(first for first, _ in multi)

    def find(self, text: list[Token]) -> list[Hit]:
        """Every term found; within a kind, a term inside a longer one found there is not counted."""
        hits: list[Hit] = []
        covered: dict[str, int] = {}  # per kind, the end of the furthest match so far
        single, multi, starts = self._single, self._multi, self._starts
        last = len(text) - 1
        for start, token in enumerate(text):
            lemma = token.lemma
            words = single.get(lemma)
            expressions = (
                multi.get((lemma, text[start + 1].lemma)) if lemma in starts and start < last else None
            )
            if words is None and expressions is None:
                continue
            best: dict[tuple[str, str], Hit] = {}  # one hit per code: the heaviest of its terms
            reached: dict[str, int] = {}
            for pattern in (*(expressions or ()), *(words or ())):  # longest first
                end = start + len(pattern.lemmas)
                kind = pattern.kind
                if end <= max(covered.get(kind, 0), reached.get(kind, 0)) and reached.get(kind) != end:
                    continue  # inside a longer expression ("enfance" in "protection de l'enfance")
                if not _matches(pattern, text, start):
                    continue
                reached.setdefault(kind, end)
                known = best.get((kind, pattern.code))
                if known is None or pattern.weight > known.weight:
                    # A term written with a capital is a name: "Emmaüs", "Crous" are no plurals.
                    plural = end - start == 1 and token.plural and not pattern.term[:1].isupper()
                    best[(kind, pattern.code)] = Hit(
                        kind, pattern.code, pattern.term, pattern.weight, start, end, plural
                    )
            hits.extend(best.values())
            for kind, end in reached.items():
                covered[kind] = max(covered.get(kind, 0), end)
        return hits


def _shape_needed(token: Token, case_sensitive: bool) -> int:
    return token.shape if case_sensitive else SHAPE_LOWER


def _matches(pattern: _Pattern, text: list[Token], start: int) -> bool:
    size = len(pattern.lemmas)
    if start + size > len(text):
        return False
    for offset in range(size):
        token = text[start + offset]
        if offset > 1 and token.lemma != pattern.lemmas[offset]:  # the first two are the index key
            return False
        if token.shape < pattern.shapes[offset]:  # LOWER < CAPITAL < UPPER
            return False
    return True

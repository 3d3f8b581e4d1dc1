"""'Did you mean': the closest known word for a misspelt one. Pure (no Django)."""

from __future__ import annotations

from collections.abc import Mapping

from rapidfuzz.distance import Levenshtein


def max_edits(word: str) -> int:
    return 1 if len(word) <= 5 else 2


def closest(word: str, vocabulary: Mapping[str, int]) -> str | None:
    """The known word within 1–2 edits of `word`, preferring fewer edits then frequent words."""
    limit = max_edits(word)
    best: tuple[int, int, str] | None = None
    for candidate, count in vocabulary.items():
        if abs(len(candidate) - len(word)) > limit or candidate == word:
            continue
        distance = Levenshtein.distance(word, candidate, score_cutoff=limit)
        if distance <= limit:
            key = (distance, -count, candidate)
            if best is None or key < best:
                best = key
    return best[2] if best else None

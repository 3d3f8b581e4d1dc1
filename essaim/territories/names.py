"""Normalised place names, so that "Saint-Étienne", "st etienne" and "SAINT ETIENNE" are one key.

Pure (no Django): used by the geography loader to fill `search_name`, by the look-up selectors on
the user's input, and by the geotagging of free text. Both sides must go through the same function.
"""

import re
import unicodedata

# Ligatures that Unicode decomposition leaves alone but people type as two letters.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})
# Anything that is not a letter or a digit separates words: hyphens, apostrophes (straight or
# curly), underscores, dots ("St."), slashes, parentheses, dashes in EPCI names ("CC X - Y").
_SEPARATORS = re.compile(r"[\W_]+")
# Official names always spell "Saint"/"Sainte" in full; people and older sources abbreviate.
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def strip_accents(text: str) -> str:
    """Remove diacritics: "Étréchy" → "Etrechy", "Haÿ" → "Hay"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def normalize_name(name: str) -> str:
    """Return the look-up key of a place name: lower-case, no accents, words separated by one space.

    "Saint-Étienne", "St-Étienne", "st etienne" and "SAINT ETIENNE" all give "saint etienne";
    "L'Haÿ-les-Roses" gives "l hay les roses".
    """
    text = strip_accents(name.casefold().translate(_LIGATURES))
    words = _SEPARATORS.sub(" ", text).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)

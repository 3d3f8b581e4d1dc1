"""Text files of unknown encoding, as French partners send them: pure (no Django).

UTF-8 when the bytes are valid UTF-8 (with or without BOM), UTF-16 when its BOM says so; else the
legacy encoding of the office software that wrote the file — Windows (cp1252, by far the most
common), old Mac (Mac Roman) or DOS (cp850) — chosen by which one reads the accented letters of
French. A general-purpose detector guesses from too little evidence on a short file: it read a
three-row Windows spreadsheet as Baltic (« grāce ą » for « grâce à »).
"""

from __future__ import annotations

import codecs

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LEGACY = ("cp1252", "mac_roman", "cp850")  # the first one wins a tie
# What non-ASCII characters a French text is made of: accented letters, ligatures, typographic
# quotes, apostrophes, dashes, the euro sign, the no-break spaces.
_FRENCH = frozenset("àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ«»“”‘’–—…€°\u00a0\u202f")
_SAMPLE = 200_000  # characters judged: enough to tell, bounded for a 50 MB file


def decode_text(content: bytes) -> str:
    """The text of these bytes, never failing (an undecodable byte becomes U+FFFD)."""
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return content.decode(encoding, errors="replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best, best_share = None, -1.0
    for encoding in _LEGACY:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:  # cp1252 leaves five bytes undefined
            continue
        share = _french_share(text)
        if share > best_share:
            best, best_share = text, share
    return best if best is not None else content.decode("cp1252", errors="replace")


def _french_share(text: str) -> float:
    """Share of the non-ASCII characters that French uses (1 when there are none)."""
    others = [char for char in text[:_SAMPLE] if char > "\x7f"]
    return sum(char in _FRENCH for char in others) / len(others) if others else 1.0

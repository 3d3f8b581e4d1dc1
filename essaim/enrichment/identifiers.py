"""Contact identifiers in French text: phone numbers, e-mail addresses, web sites. Pure.

Two reports of one initiative in other words often keep its phone number, its address or its
site, which two different initiatives rarely share. A site is also recognised by its name: the
site "vivonslocal.org" and the words « Vivons local » name the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from essaim.search.analysis import fold

MAX_IDENTIFIERS = 20  # a directory page listing hundreds of contacts identifies nothing
_MIN_NAME = 6  # a site name shorter than this ("cd59", "caf") is matched as a site only
_NAME_WORDS = 4  # a site name is at most this many words run together

# Ten digits from 0 (or +33), spaced, dotted or dashed in pairs or not: "03 20 12 34 56",
# "+33 3 20 12 34 56", "0800 123 456". Not part of a longer run of digits.
_PHONE_RE = re.compile(
    r"(?<![\w+])(?:\+33[ .\u00a0]?(?:\(0\))?|0)[ .\u00a0-]?[1-9](?:[ .\u00a0-]?\d){8}(?![\d])"
)
_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}@((?:[a-z0-9-]{1,63}\.)+[a-z]{2,6})(?![\w-])", re.IGNORECASE
)
# Host names of the top-level domains French reports cite (a list: "etc.Le" is no site).
_TLDS = "fr|org|com|net|eu|info|re|bzh|alsace|corsica|paris|io|gouv"
_WEB_RE = re.compile(
    rf"(?<![\w@.-])(?:https?://)?(?:www\.)?((?:[a-z0-9][a-z0-9-]{{0,62}}\.){{1,4}}(?:{_TLDS}))(?![\w-])",
    re.IGNORECASE,
)
# Second-level suffixes that name no one: "allo119.gouv.fr" is the site "allo119".
_SUFFIXES = frozenset({"gouv", "asso", "com", "org", "net", "co"})
_WORD_RE = re.compile(r"[^\W_]+")
_TLD_RE = re.compile(rf"\.(?:{_TLDS})\b", re.IGNORECASE)  # a quick test before the full search


@dataclass(frozen=True, slots=True)
class Identifiers:
    cited: dict[str, str]  # "tel:0320123456", "mail:…", "web:host" -> as written, for the reasons
    names: dict[str, str]  # a site's name ("vivonslocal") -> its host as written


def _site_name(host: str) -> str:
    labels = host.split(".")[:-1]  # without the top-level domain
    while len(labels) > 1 and labels[-1] in _SUFFIXES:
        labels.pop()
    return labels[-1] if labels else ""


def phone_key(digits: str) -> str | None:
    """The key of a French phone number given as its digits ("0565594712"), None if it is not one."""
    if digits.startswith("33") and len(digits) in {11, 12}:
        digits = "0" + digits[2:].removeprefix("0")
    return f"tel:{digits}" if len(digits) == 10 and digits[0] == "0" and digits[1] != "0" else None


def extract(text: str, *, phones: bool = True) -> Identifiers:
    """The phone numbers (unless `phones` is false: a caller that reads them itself), e-mail
    addresses and web sites cited in `text`."""
    keys: dict[str, str] = {}
    names: dict[str, str] = {}
    for match in _PHONE_RE.finditer(text) if phones else ():
        key = phone_key("".join(char for char in match.group() if char.isdigit()))
        if key:
            keys.setdefault(key, match.group().strip())
    if "@" in text:
        for match in _EMAIL_RE.finditer(text):
            keys.setdefault(f"mail:{match.group().lower()}", match.group())
    for match in _WEB_RE.finditer(text) if _TLD_RE.search(text) else ():
        host = match.group(1).lower()
        if "@" in text[max(0, match.start() - 1) : match.start()]:
            continue
        keys.setdefault(f"web:{host}", match.group(1))
        name = fold(_site_name(host)).replace("-", "")
        if len(name) >= _MIN_NAME:
            names.setdefault(name, match.group(1))
        if len(keys) >= MAX_IDENTIFIERS:
            break
    return Identifiers(dict(list(keys.items())[:MAX_IDENTIFIERS]), names)


def named_in(names: dict[str, str], text: str) -> tuple[str, str] | None:
    """A site of `names` whose name `text` spells in words (« Vivons local »): (host, the words)."""
    if not names:
        return None
    words = _WORD_RE.findall(text)
    folded = [fold(word).lower() for word in words]
    for start in range(len(folded)):
        joined = ""
        for end in range(start, min(start + _NAME_WORDS, len(folded))):
            joined += folded[end]
            if len(joined) > 64:
                break
            if joined in names:
                return names[joined], " ".join(words[start : end + 1])
    return None

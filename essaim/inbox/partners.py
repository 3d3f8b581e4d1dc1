"""The partners a report names in free text, as actors of the directory: name and guessed type.

Reports list partners as they come ("Croix-Rouge française ; CCAS de Roubaix, le Département").
Each name becomes an actor whose type the classifier's actor lexicons read from the name alone
("CCAS de Roubaix" is a CCAS); a name they cannot type is « autre », which an analyst corrects in
the admin.
"""

from __future__ import annotations

import re

from essaim.catalog.services import ActorData
from essaim.enrichment.classify import Classifier

MAX_PARTNERS = 20  # beyond, it is a list of every contact, not the initiative's partners
MAX_NAME = 200  # Actor.name
UNTYPED = "autre"
MIN_TYPE_SCORE = 0.3  # below, the name says too little of what the partner is
_SEPARATORS_RE = re.compile(r"[\n;,•·]+")
_EDGES = " \t-–—*•·.:"
_ARTICLE_RE = re.compile(r"^(?:le |la |les |l['’])\s*(?=[A-ZÀ-Ý])")  # "le Département du Nord"


def partners_parse(text: str, classifier: Classifier) -> tuple[ActorData, ...]:
    """The distinct partners of `text`, in order (empty text: none)."""
    names: dict[str, str] = {}
    for part in _SEPARATORS_RE.split(text or ""):
        name = _ARTICLE_RE.sub("", " ".join(part.split()).strip(_EDGES))[:MAX_NAME]
        if len(name) >= 2:
            names.setdefault(name.casefold(), name)
    partners = []
    for name in list(names.values())[:MAX_PARTNERS]:
        label = classifier.actor_of_name(name)
        partners.append(ActorData(name, label.code if label and label.score >= MIN_TYPE_SCORE else UNTYPED))
    return tuple(partners)

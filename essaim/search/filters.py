"""The state of a search page: text, facet selections, page. Pure (no Django).

Every state is a URL: parameters are French, repeated for several values
(`?theme=sante&theme=culture&departement=59`), unknown values are dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from essaim.search.query import MAX_QUERY_CHARS

MAX_PAGE = 500  # like every search engine, deep pages are not served
MAX_VALUES_PER_FACET = 30


@dataclass(frozen=True)
class Facet:
    key: str  # URL parameter and index field
    label: str  # French label of the facet box
    staff_only: bool = False


FACETS: tuple[Facet, ...] = (
    Facet("theme", "Thématique"),
    Facet("public", "Public"),
    Facet("region", "Région"),
    Facet("departement", "Département"),
    Facet("porteur", "Type de porteur"),
    Facet("periode", "Période de crise"),
    Facet("annee", "Année de début"),
    Facet("preuve", "Niveau de preuve"),
    Facet("statut", "Statut", staff_only=True),
)
FACET_KEYS = tuple(facet.key for facet in FACETS)


@dataclass(frozen=True)
class SearchFilters:
    q: str = ""
    selected: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    page: int = 1
    sort: str = ""  # "" = pertinence, "recent" = plus récentes d'abord

    @classmethod
    def from_params(
        cls,
        params: Callable[[str], list[str]],
        *,
        allowed: Mapping[str, Iterable[str]],
    ) -> SearchFilters:
        """Build from a query-string reader (`QueryDict.getlist`), keeping known values only."""
        q = " ".join((params("q") or [""])[0].split())[:MAX_QUERY_CHARS]
        selected: dict[str, tuple[str, ...]] = {}
        for key in FACET_KEYS:
            known = set(allowed.get(key, ()))
            values = sorted({value for value in params(key) if value in known})
            if values:
                selected[key] = tuple(values[:MAX_VALUES_PER_FACET])
        try:
            page = int((params("page") or ["1"])[0])
        except ValueError:
            page = 1
        sort = "recent" if (params("tri") or [""])[0] == "recent" else ""
        return cls(q=q, selected=selected, page=min(max(page, 1), MAX_PAGE), sort=sort)

    def values(self, key: str) -> tuple[str, ...]:
        return self.selected.get(key, ())

    def without(self, key: str) -> SearchFilters:
        selected = {name: values for name, values in self.selected.items() if name != key}
        return replace(self, selected=selected, page=1)

    def toggled(self, key: str, value: str) -> SearchFilters:
        """The state after clicking a facet value: added if absent, removed if present."""
        current = set(self.values(key))
        current ^= {value}
        selected = dict(self.selected)
        if current:
            selected[key] = tuple(sorted(current))
        else:
            selected.pop(key, None)
        return replace(self, selected=selected, page=1)

    def at_page(self, page: int) -> SearchFilters:
        return replace(self, page=page)

    def query_string(self) -> str:
        pairs: list[tuple[str, str]] = []
        if self.q:
            pairs.append(("q", self.q))
        for key in FACET_KEYS:
            pairs.extend((key, value) for value in self.values(key))
        if self.sort:
            pairs.append(("tri", self.sort))
        if self.page > 1:
            pairs.append(("page", str(self.page)))
        return urlencode(pairs)

    @property
    def has_filters(self) -> bool:
        return bool(self.selected)

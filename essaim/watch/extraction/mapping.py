"""Which spreadsheet column holds what: guessed from French headers, saved per source, editable."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from essaim.watch.extraction.base import ExtractionError, Item, digest, first_sentences, normalise
from essaim.watch.extraction.tables import Table

# field → French label (shown on the mapping page and in the CLI's summary)
FIELDS: dict[str, str] = {
    "title": "Intitulé de l'action",
    "summary": "Résumé",
    "description": "Description",
    "lead_actor_name": "Porteur",
    "departement": "Département",
    "place": "Commune ou territoire",
    "start_date": "Date de début",
    "end_date": "Date de fin",
    "link": "Lien",
    "contact_name": "Contact",
    "contact_email": "Courriel du contact",
    "contact_phone": "Téléphone du contact",
    "partners": "Partenaires",
    "results": "Résultats",
    "funding": "Financements",
    "key": "Identifiant de la ligne",
}

# French aliases accepted in a mapping file (`essaim ingest --mapping`).
ALIASES = {normalise(label): name for name, label in FIELDS.items()} | {
    "titre": "title",
    "intitule": "title",
    "resume": "summary",
    "porteur": "lead_actor_name",
    "commune": "place",
    "territoire": "place",
    "date": "start_date",
    "url": "link",
    "lien": "link",
    "contact": "contact_name",
    "courriel": "contact_email",
    "email": "contact_email",
    "telephone": "contact_phone",
    "identifiant": "key",
}

# Exact header names first, then word prefixes, in an order where the specific wins ("courriel du
# contact" is an e-mail before it is a contact, "date de fin" an end before a date).
_EXACT: dict[str, tuple[str, ...]] = {
    "title": (
        "intitule",
        "titre",
        "nom de l action",
        "nom de l initiative",
        "nom du projet",
        "action",
        "initiative",
    ),
    "summary": ("resume", "synthese", "en bref"),
    "description": ("description", "presentation", "descriptif"),
    "lead_actor_name": ("porteur", "structure", "structure porteuse", "organisme", "porteur de l action"),
    "departement": ("departement", "dept", "dep", "code departement"),
    "place": ("commune", "territoire", "ville", "lieu"),
    "start_date": ("date", "date de debut", "debut", "date debut"),
    "end_date": ("date de fin", "fin", "date fin"),
    "link": ("lien", "url", "source", "site", "site web", "site internet"),
    "contact_name": ("contact", "referent", "personne a contacter"),
    "contact_email": ("courriel", "email", "e mail", "mel", "mail", "adresse electronique"),
    "contact_phone": ("telephone", "tel"),
    "partners": ("partenaires", "partenaire"),
    "results": ("resultats", "bilan"),
    "funding": ("financement", "financements", "financeurs"),
    "key": ("id", "identifiant", "reference", "ref", "numero", "n"),
}
_PREFIXES: list[tuple[str, tuple[str, ...]]] = [
    ("key", ("identifiant", "reference de l", "numero d")),
    ("contact_email", ("courriel", "email", "e mail", "mail", "adresse electronique", "adresse mail")),
    ("contact_phone", ("telephone", "tel ", "portable")),
    ("contact_name", ("contact", "referent", "personne a contacter", "interlocuteur")),
    ("end_date", ("date de fin", "date fin", "fin de l")),
    ("start_date", ("date de debut", "date debut", "debut", "date de lancement", "lancement", "date")),
    (
        "lead_actor_name",
        ("porteu", "structure", "organisme", "collectivite", "operateur", "maitre d ouvrage", "acteur"),
    ),
    ("departement", ("departement", "dept", "code dep")),
    ("place", ("commune", "territoire", "ville", "lieu", "localisation", "perimetre", "zone")),
    ("link", ("lien", "url", "source", "site", "adresse web", "page web")),
    ("partners", ("partenaire",)),
    ("results", ("resultat", "bilan", "impact")),
    ("funding", ("financ", "budget")),
    ("summary", ("resume", "synthese", "en bref", "chapeau")),
    ("description", ("description", "descriptif", "presentation", "detail", "contenu", "texte")),
    (
        "title",
        (
            "intitule",
            "titre",
            "nom de l action",
            "nom de l initiative",
            "nom du projet",
            "nom du dispositif",
            "action",
            "initiative",
            "projet",
            "dispositif",
        ),
    ),
]


@dataclass
class Mapping:
    """field → header, plus which were guessed (to say so)."""

    columns: dict[str, str] = field(default_factory=dict)
    guessed: list[str] = field(default_factory=list)

    def describe(self) -> list[str]:
        """French lines: « Intitulé de l'action ← « Nom de l'action » »."""
        return self.describe_fields(list(self.columns))

    def describe_fields(self, names: list[str]) -> list[str]:
        return [f"{FIELDS[name]} ← « {self.columns[name]} »" for name in names if name in self.columns]


def mapping_guess(headers: list[str]) -> Mapping:
    """Guess each field's column from French headers, tolerant to accents and case."""
    normalised = [normalise(header) for header in headers]
    taken: set[int] = set()
    columns: dict[str, str] = {}
    for name, names in _EXACT.items():
        for index, header in enumerate(normalised):
            if index not in taken and header in names and name not in columns:
                columns[name] = headers[index]
                taken.add(index)
    for name, prefixes in _PREFIXES:
        if name in columns:
            continue
        for index, header in enumerate(normalised):
            if index in taken:
                continue
            padded = f" {header} "
            if any(f" {prefix}" in padded for prefix in prefixes):
                columns[name] = headers[index]
                taken.add(index)
                break
    ordered = {name: columns[name] for name in FIELDS if name in columns}
    return Mapping(columns=ordered, guessed=list(ordered))


def mapping_from(saved: dict[str, str], headers: list[str]) -> Mapping:
    """A saved mapping applied to a new file: its columns that still exist (the title guessed if
    its column is gone); with no saved mapping, every column is guessed."""
    by_norm = {normalise(header): header for header in headers}
    columns: dict[str, str] = {}
    for given, header in (saved or {}).items():
        name = ALIASES.get(normalise(given), given)
        if name in FIELDS and header:
            found = header if header in headers else by_norm.get(normalise(header))
            if found:
                columns[name] = found
    guess = mapping_guess([header for header in headers if header not in columns.values()])
    # A saved mapping is the analyst's choice: only a title missing from the new file is guessed.
    guessed = [name for name in guess.columns if name not in columns and (not saved or name == "title")]
    for name in guessed:
        columns[name] = guess.columns[name]
    ordered = {name: columns[name] for name in FIELDS if name in columns}
    return Mapping(columns=ordered, guessed=guessed)


def mapping_require_title(mapping: Mapping, headers: list[str]) -> None:
    if "title" not in mapping.columns:
        listed = ", ".join(f"« {header} »" for header in headers[:20])
        raise ExtractionError(
            "Aucune colonne ne ressemble à l'intitulé de l'action (colonnes lues : "
            f"{listed}). Indiquez quelle colonne contient l'intitulé dans la correspondance des colonnes."
        )


_DATE_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})"), ("d", "m", "y")),
    (re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2})$"), ("d", "m", "yy")),
    (re.compile(r"^(\d{1,2})[/.\-](\d{4})$"), ("m", "y")),
)
_MONTHS = {
    normalise(name): number
    for number, name in enumerate(
        [
            "janvier",
            "fevrier",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "aout",
            "septembre",
            "octobre",
            "novembre",
            "decembre",
        ],
        start=1,
    )
}


def parse_date(value: str) -> dt.date | None:
    """17/03/2020, 2020-03-17, 03/2020, « mars 2020 », « 17 mars 2020 »; None when unreadable."""
    value = (value or "").strip()
    if not value:
        return None
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(value)
        if match:
            parts = dict(zip(order, (int(group) for group in match.groups()), strict=True))
            year = parts.get("y") or (2000 + parts["yy"] if "yy" in parts else 0)
            try:
                return dt.date(year, parts["m"], parts.get("d", 1))
            except ValueError:
                return None
    words = normalise(value).split()
    for index, word in enumerate(words):
        if word in _MONTHS and index + 1 < len(words) and re.fullmatch(r"\d{4}", words[index + 1]):
            day = int(words[index - 1]) if index and words[index - 1].isdigit() else 1
            try:
                return dt.date(int(words[index + 1]), _MONTHS[word], day)
            except ValueError:
                return None
    return None


def table_items(table: Table, mapping: Mapping, *, publisher: str = "") -> tuple[list[Item], list[str]]:
    """One item per row with a title; (items, French warnings about the rows left out)."""
    mapping_require_title(mapping, table.headers)
    index = {header: position for position, header in enumerate(table.headers)}
    columns = {name: index[header] for name, header in mapping.columns.items() if header in index}
    items: list[Item] = []
    warnings: list[str] = []
    untitled = 0
    seen: dict[str, int] = {}
    for row in table.rows:
        values = {name: row[position].strip() for name, position in columns.items() if position < len(row)}
        title = " ".join(values.get("title", "").split())
        if not title:
            untitled += 1
            continue
        raw = "\n".join(
            f"{header} : {cell}" for header, cell in zip(table.headers, row, strict=False) if cell
        )
        key = (
            values.get("key")
            or digest(
                "|".join(
                    normalise(values.get(name, ""))
                    for name in ("title", "lead_actor_name", "place", "departement")
                )
            )[:32]
        )
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key = f"{key}~{seen[key]}"  # the same action twice in one file: both kept, in order
        description = values.get("description", "")
        extra = {
            name: values[name]
            for name in (
                "lead_actor_name",
                "departement",
                "place",
                "start_date",
                "end_date",
                "contact_name",
                "contact_email",
                "contact_phone",
                "partners",
                "results",
                "funding",
            )
            if values.get(name)
        }
        items.append(
            Item(
                key=f"ligne:{key}",
                title=title[:250],
                text=raw,
                summary=values.get("summary") or first_sentences(description),
                url=values.get("link", "")
                if values.get("link", "").startswith(("http://", "https://"))
                else "",
                publisher=publisher,
                published_on=None,
                fields={"description": description, **extra},
            )
        )
    if untitled:
        warnings.append(
            f"{untitled} ligne{'s' if untitled > 1 else ''} sans intitulé "
            f"ignorée{'s' if untitled > 1 else ''}."
        )
    return items, warnings

"""Rebuild the vendored geography (`essaim/territories/data/territories.json.gz`) from the raw sources.

    .venv/bin/python scripts/build_territories.py [--reference ../shared/reference] [--output DIR]

Reads the Code officiel géographique as packaged by `@etalab/decoupage-administratif` (communes,
EPCI, départements, régions) and INSEE's "Comparateur de territoires" (one row per commune), joins
them on the commune code and writes one compact, deterministic gzip JSON file plus its attribution.
The application never reads the raw sources: a fresh clone only has the vendored file.

The two sources are not of the same year. INSEE rows of communes merged since then are attached to
the commune that absorbed them (via the COG's delegated/associated communes and former codes); the
loader aggregates them. Everything that still does not match is printed, never dropped silently.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = REPO.parent / "shared" / "reference"
DEFAULT_OUTPUT = REPO / "essaim" / "territories" / "data"
FORMAT_VERSION = 1
COG_SOURCE = "@etalab/decoupage-administratif 6.0.0"
INSEE_SOURCE = "INSEE, Comparateur de territoires (édition 2021)"

# INSEE column → name of the figure in `essaim.territories.indicators.commune_figures`.
INSEE_COLUMNS = {
    "P18_POP": "population_2018",
    "P13_POP": "population_2013",
    "SUPERF": "area_km2",
    "P18_LOG": "housing_units",
    "P18_LOGVAC": "vacant_housing",
    "P18_RSECOCC": "secondary_housing",
    "P18_ACT1564": "active_15_64",
    "P18_CHOM1564": "unemployed_15_64",
    "MED19": "median_income",
    "TP6019": "poverty_rate",
}
INTEGER_COLUMNS = {"P18_POP", "P13_POP"}
ALIAS_KINDS = {
    "commune-deleguee": "deleguee",
    "commune-associee": "associee",
    "arrondissement-municipal": "arrondissement",
}
COMMUNE_COLUMNS = [
    "code",
    "name",
    "name_type",
    "departement",
    "region",
    "epci",
    "zone",
    "population",
    "postal_codes",
    "figures",
]


@dataclass
class JoinReport:
    """What the INSEE ↔ COG join did, printed for the person who rebuilds the file."""

    matched: int = 0
    arrondissements: list[str] = field(default_factory=list)
    folded: dict[str, str] = field(default_factory=dict)  # former INSEE code → current commune
    unmatched_insee: list[str] = field(default_factory=list)
    ambiguous_insee: dict[str, list[str]] = field(default_factory=dict)
    missing_communes: list[str] = field(default_factory=list)  # current communes without any row


def read_json(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def parse_number(column: str, text: str) -> float | int | None:
    """An INSEE cell: blank is unknown (None, never 0); estimates are rounded to 2 decimals."""
    text = text.strip()
    if not text:
        return None
    value = float(text)
    if column in INTEGER_COLUMNS:
        return round(value)
    value = round(value, 2)
    # Integral values are written without ".0": smaller file, same number.
    return int(value) if value.is_integer() else value


def read_insee(path: Path) -> dict[str, list[float | int | None]]:
    """INSEE rows by commune code, with the columns of `INSEE_COLUMNS` in order."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=";")
        return {
            row["CODGEO"]: [parse_number(column, row[column]) for column in INSEE_COLUMNS] for row in reader
        }


def former_codes(communes: list[dict], current: set[str]) -> dict[str, set[str]]:
    """Every former commune code → the current commune(s) it became part of, according to the COG."""
    successors: dict[str, set[str]] = defaultdict(set)
    for commune in communes:
        if commune["type"] in {"commune-deleguee", "commune-associee"}:
            successors[commune["code"]].add(commune["chefLieu"])
        elif commune["type"] == "commune-actuelle":
            for old_code in commune.get("anciensCodes", []):
                successors[old_code].add(commune["code"])
    return {code: targets & current for code, targets in successors.items()}


def join_figures(communes: list[dict], insee: dict[str, list]) -> tuple[dict[str, list[list]], JoinReport]:
    """Attach INSEE rows to current communes: by code, else through the merger that absorbed them."""
    current = {c["code"] for c in communes if c["type"] == "commune-actuelle"}
    arrondissements = {c["code"] for c in communes if c["type"] == "arrondissement-municipal"}
    successors = former_codes(communes, current)
    figures: dict[str, list[list]] = defaultdict(list)
    report = JoinReport()
    for code in sorted(insee):
        row = [code, *insee[code]]
        if code in current:
            figures[code].append(row)
            report.matched += 1
        elif code in arrondissements:
            # Paris, Lyon and Marseille also have a row of their own covering all arrondissements.
            report.arrondissements.append(code)
        elif len(successors.get(code, ())) == 1:
            (target,) = successors[code]
            figures[target].append(row)
            report.folded[code] = target
        elif successors.get(code):
            # Split between several communes: its figures cannot be apportioned.
            report.ambiguous_insee[code] = sorted(successors[code])
        else:
            report.unmatched_insee.append(code)
    report.missing_communes = sorted(current - set(figures))
    return figures, report


def epci_of_communes(epcis: list[dict]) -> dict[str, str]:
    return {member["code"]: epci["code"] for epci in epcis for member in epci["membres"]}


def build_bundle(reference: Path) -> tuple[dict, JoinReport]:
    """Read the raw sources and return the vendored structure and the join report."""
    cog = reference / "cog"
    communes = read_json(cog / "communes.json")
    epcis = read_json(cog / "epci.json")
    departements = read_json(cog / "departements.json")
    regions = read_json(cog / "regions.json")
    insee = read_insee(reference / "insee" / "base_cc_comparateur.csv")

    figures, report = join_figures(communes, insee)
    epci_by_commune = epci_of_communes(epcis)
    commune_rows = [
        [
            c["code"],
            c["nom"],
            c.get("typeLiaison"),
            c["departement"],
            c["region"],
            epci_by_commune.get(c["code"], ""),
            c["zone"],
            c.get("population"),
            " ".join(sorted(set(c.get("codesPostaux", [])))),
            figures.get(c["code"], []),
        ]
        for c in sorted(communes, key=lambda c: c["code"])
        if c["type"] == "commune-actuelle"
    ]
    alias_rows = sorted(
        [
            ALIAS_KINDS[c["type"]],
            c["code"],
            c["nom"],
            c["commune"] if c["type"] == "arrondissement-municipal" else c["chefLieu"],
        ]
        for c in communes
        if c["type"] in ALIAS_KINDS
    )
    bundle = {
        "format": FORMAT_VERSION,
        "sources": {"cog": COG_SOURCE, "insee": INSEE_SOURCE},
        "figure_columns": list(INSEE_COLUMNS.values()),
        "commune_columns": COMMUNE_COLUMNS,
        "regions": sorted([r["code"], r["nom"], r.get("typeLiaison"), r["zone"]] for r in regions),
        "departements": sorted(
            [d["code"], d["nom"], d.get("typeLiaison"), d["region"], d["zone"]] for d in departements
        ),
        "epci": sorted([e["code"], e["nom"], e["type"]] for e in epcis),
        "communes": commune_rows,
        "aliases": alias_rows,
    }
    return bundle, report


def encode(bundle: dict) -> bytes:
    """Compact, deterministic bytes: same sources, same file (no timestamp in the gzip header)."""
    text = json.dumps(bundle, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def wrapped(items: list[str], per_line: int = 8) -> list[str]:
    """Indented lines of a few items each, so long code lists stay readable."""
    return ["  " + "  ".join(items[i : i + per_line]) for i in range(0, len(items), per_line)]


def print_report(bundle: dict, report: JoinReport, out: Path, size: int) -> None:
    names = {row[0]: row[1] for row in bundle["communes"]}
    zones = {row[0]: row[COMMUNE_COLUMNS.index("zone")] for row in bundle["communes"]}
    overseas = [code for code in report.missing_communes if zones[code] == "com"]
    others = [code for code in report.missing_communes if zones[code] != "com"]
    lines = [
        f"Communes actuelles (COG) : {len(bundle['communes'])}",
        f"EPCI : {len(bundle['epci'])}, départements : {len(bundle['departements'])}, "
        f"régions : {len(bundle['regions'])}, alias : {len(bundle['aliases'])}",
        f"Lignes INSEE rattachées par code : {report.matched}",
        "Lignes INSEE d'arrondissements municipaux écartées (la commune a sa propre ligne) : "
        f"{len(report.arrondissements)}",
        f"Lignes INSEE d'anciennes communes rattachées à leur commune nouvelle : {len(report.folded)}",
        *wrapped([f"{old}→{new}" for old, new in sorted(report.folded.items())]),
        f"Lignes INSEE sans commune actuelle (non rattachées) : {len(report.unmatched_insee)}",
        *wrapped(report.unmatched_insee),
        f"Lignes INSEE partagées entre plusieurs communes (non rattachées) : {len(report.ambiguous_insee)}",
        *wrapped([f"{code}→{'/'.join(targets)}" for code, targets in sorted(report.ambiguous_insee.items())]),
        f"Communes actuelles sans ligne INSEE (indicateurs inconnus) : {len(report.missing_communes)}",
        f"  dont collectivités d'outre-mer (hors du comparateur) : {len(overseas)}",
        *wrapped(overseas, per_line=12),
        f"  autres (communes créées ou rétablies depuis) : {len(others)}",
        *[f"  {code} {names[code]}" for code in others],
        f"Écrit : {out} ({size / 1_000_000:.2f} Mo)",
    ]
    print("\n".join(lines))


APPENDED_SECTIONS = "## Carte des départements"
ATTRIBUTION = """\
# Sources des données géographiques / Geography data sources

Fichier / file: `territories.json.gz`, généré par / built by `scripts/build_territories.py`.

## Français

Ce fichier est un dérivé compact de deux jeux de données publics :

- **Code officiel géographique** (communes actuelles, communes déléguées et associées,
  arrondissements municipaux, EPCI et leurs membres, départements, régions, codes postaux,
  populations), tel que publié par Etalab dans le paquet npm
  `@etalab/decoupage-administratif` **6.0.0** (`data/*.json`).
  Code : licence **MIT** ; données : INSEE, **Licence Ouverte / Open Licence** (Etalab).
- **INSEE, Comparateur de territoires, édition 2021** (`base_cc_comparateur.csv`) : population
  2018 et 2013, superficie, logements (vacants, résidences secondaires), actifs et chômeurs de
  15 à 64 ans, niveau de vie médian 2019, taux de pauvreté 2019.
  **Licence Ouverte / Open Licence** (Etalab).

Transformations : jointure sur le code commune ; les lignes INSEE d'anciennes communes fusionnées
depuis sont rattachées à la commune nouvelle ({folded} lignes) ; les {arrondissements} lignes
d'arrondissements municipaux sont écartées (Paris, Lyon et Marseille ont leur propre ligne) ;
{missing} communes actuelles n'ont pas de ligne INSEE (collectivités d'outre-mer, communes
rétablies) et leurs indicateurs sont inconnus. Une case vide (secret statistique) reste inconnue,
jamais zéro. Les estimations sont arrondies à deux décimales.

## English

This file is a compact derivative of two public datasets:

- **Code officiel géographique** (INSEE's official geography: current communes, delegated and
  associated communes, municipal arrondissements, EPCI and their members, départements, régions,
  postal codes, populations), as published by Etalab in the npm package
  `@etalab/decoupage-administratif` **6.0.0** (`data/*.json`).
  Code: **MIT** licence; data: INSEE, **Licence Ouverte / Open Licence** (Etalab).
- **INSEE, Comparateur de territoires, 2021 edition** (`base_cc_comparateur.csv`): population
  2018 and 2013, area, housing (vacant, secondary homes), active and unemployed people aged
  15-64, median standard of living 2019, poverty rate 2019. **Licence Ouverte / Open Licence**
  (Etalab).

Processing: joined on the commune code; INSEE rows of communes merged since then are attached to
the commune that absorbed them ({folded} rows); the {arrondissements} municipal-arrondissement rows
are left out (Paris, Lyon and Marseille have their own row); {missing} current communes have no
INSEE row (overseas collectivities, restored communes) and their indicators are unknown. A blank
cell (statistical secrecy) stays unknown, never zero. Estimates are rounded to two decimals.

## Licence de `@etalab/decoupage-administratif` / its licence

```
{mit_licence}
```

Licence Ouverte / Open Licence 2.0 : https://www.etalab.gouv.fr/licence-ouverte-open-licence/
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE, help="raw sources folder")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="vendored data folder")
    args = parser.parse_args(argv)

    bundle, report = build_bundle(args.reference)
    data = encode(bundle)
    args.output.mkdir(parents=True, exist_ok=True)
    out = args.output / "territories.json.gz"
    out.write_bytes(data)
    attribution = args.output / "ATTRIBUTION.md"
    # Other build scripts (the map's) append their own sections: keep them.
    previous = attribution.read_text(encoding="utf-8") if attribution.exists() else ""
    appended = previous[previous.index(APPENDED_SECTIONS) - 1 :] if APPENDED_SECTIONS in previous else ""
    attribution.write_text(
        ATTRIBUTION.format(
            folded=len(report.folded),
            arrondissements=len(report.arrondissements),
            missing=len(report.missing_communes),
            mit_licence=(args.reference / "cog" / "LICENSE-decoupage-administratif.txt")
            .read_text(encoding="utf-8")
            .strip(),
        )
        + appended,
        encoding="utf-8",
    )
    print_report(bundle, report, out, len(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Validate a held-out corpus (standard library only): bench/heldout/, bench/heldout2/…

    python bench/heldout/check.py [--corpus bench/heldout/initiatives.jsonl] [--reference DIR]

By default it checks structure and codes only: every line parses, the fields are exactly the expected
ones, ids are unique, `same_as` is symmetric and transitive, themes / publics / actor types belong to
the vocabularies of the corpus format, département codes are valid INSEE codes and every commune code
starts with its département code. It never reads anything outside the corpus file.

With `--reference DIR` (a copy of the raw reference data, e.g. ../shared/reference, holding
`cog/communes.json` and `cog/departements.json`), it also checks that every commune code exists,
that its name matches `commune` and that it belongs to `departement_code`.

Exits 0 when the corpus is valid, 1 otherwise; prints the counts either way.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE / "initiatives.jsonl"

FIELDS = [
    "id",
    "title",
    "summary",
    "commune",
    "commune_code",
    "departement_code",
    "actor_type",
    "themes",
    "publics",
    "start",
    "source_url",
    "source_name",
    "same_as",
    "confidence",
]
THEMES = {
    "accompagnement_publics",
    "alimentation_agriculture",
    "autonomie_age_handicap",
    "culture",
    "economie_entreprises",
    "enfance_education",
    "protection_enfance",
    "violences_conjugales_intrafamiliales",
    "sante",
    "insertion",
}
PUBLICS = {
    "personnes_agees",
    "personnes_handicapees",
    "enfants",
    "jeunes",
    "familles",
    "femmes_victimes",
    "sans_abri",
    "personnes_precaires",
    "entreprises_commercants",
    "etudiants",
    "tous_publics",
    "professionnels",
    "benevoles",
}
ACTOR_TYPES = {
    "departement",
    "commune",
    "intercommunalite",
    "ccas_cias",
    "region",
    "etat",
    "association",
    "entreprise",
    "collectif_citoyen",
    "autre",
}
CONFIDENCE = {"high", "medium"}
DEPARTEMENTS = (
    {f"{n:02d}" for n in range(1, 96) if n != 20} | {"2A", "2B"} | {"971", "972", "973", "974", "976"}
)
ID_RE = re.compile(r"^[A-Z]{1,2}\d{3}$")  # H001 (first set), K001, M001…, AB001
START_RE = re.compile(r"^(2020|2021)-(0[1-9]|1[0-2])$")
COMMUNE_RE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
MIN_WORDS, MAX_WORDS = 40, 120


def norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def load(corpus: Path, errors: list[str]) -> list[dict]:
    rows = []
    for number, line in enumerate(corpus.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            errors.append(f"line {number}: empty line")
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"line {number}: invalid JSON ({exc})")
            continue
        if not isinstance(row, dict):
            errors.append(f"line {number}: not a JSON object")
            continue
        rows.append(row)
    return rows


def check_record(row: dict, errors: list[str]) -> None:  # noqa: PLR0912 (one check per field, in order)
    key = row.get("id", "?")
    if list(row) != FIELDS:
        missing = [field for field in FIELDS if field not in row]
        extra = [field for field in row if field not in FIELDS]
        if missing or extra:
            errors.append(f"{key}: missing fields {missing}, unexpected fields {extra}")
            return
        errors.append(f"{key}: fields out of order")
    if not isinstance(key, str) or not ID_RE.match(key):
        errors.append(f"{key}: id must look like H001 (a capital letter, three digits)")
    for field in ("title", "summary", "source_name"):
        if not isinstance(row[field], str) or not row[field].strip():
            errors.append(f"{key}: {field} must be a non-empty string")
    if isinstance(row["summary"], str):
        words = len(row["summary"].split())
        if not MIN_WORDS <= words <= MAX_WORDS:
            errors.append(f"{key}: summary has {words} words (expected {MIN_WORDS}-{MAX_WORDS})")

    commune, code, dep = row["commune"], row["commune_code"], row["departement_code"]
    if (commune is None) != (code is None):
        errors.append(f"{key}: commune and commune_code must be both null or both set")
    if code is not None and (not isinstance(code, str) or not COMMUNE_RE.match(code)):
        errors.append(f"{key}: commune_code {code!r} is not an INSEE commune code")
    if dep is not None and dep not in DEPARTEMENTS:
        errors.append(f"{key}: departement_code {dep!r} is not a département code")
    if code is not None and dep is None:
        errors.append(f"{key}: commune_code set but departement_code null")
    if isinstance(code, str) and isinstance(dep, str) and not code.startswith(dep):
        errors.append(f"{key}: commune_code {code} is not in département {dep}")

    if row["actor_type"] not in ACTOR_TYPES:
        errors.append(f"{key}: unknown actor_type {row['actor_type']!r}")
    themes = row["themes"]
    if not isinstance(themes, list) or not 1 <= len(themes) <= 3 or len(set(themes)) != len(themes):
        errors.append(f"{key}: themes must be 1-3 distinct codes")
    else:
        for theme in themes:
            if theme not in THEMES:
                errors.append(f"{key}: unknown theme {theme!r}")
    publics = row["publics"]
    if not isinstance(publics, list) or not publics or len(set(publics)) != len(publics):
        errors.append(f"{key}: publics must be a non-empty list of distinct codes")
    else:
        for public in publics:
            if public not in PUBLICS:
                errors.append(f"{key}: unknown public {public!r}")
    if row["start"] is not None and (not isinstance(row["start"], str) or not START_RE.match(row["start"])):
        errors.append(f"{key}: start {row['start']!r} must be YYYY-MM (2020-2021) or null")
    url = row["source_url"]
    if url is not None and (not isinstance(url, str) or not url.startswith(("http://", "https://"))):
        errors.append(f"{key}: source_url must be null or an http(s) URL")
    if row["confidence"] not in CONFIDENCE:
        errors.append(f"{key}: confidence must be high or medium")
    if not isinstance(row["same_as"], list):
        errors.append(f"{key}: same_as must be a list")


def check_links(rows: list[dict], errors: list[str]) -> list[set[str]]:
    ids = [row.get("id") for row in rows]
    for key, count in Counter(ids).items():
        if count > 1:
            errors.append(f"{key}: id used {count} times")
    known = set(ids)
    links = {row["id"]: set(row["same_as"]) for row in rows if isinstance(row.get("same_as"), list)}
    for key, others in links.items():
        for other in others:
            if other == key:
                errors.append(f"{key}: same_as contains itself")
            elif other not in known:
                errors.append(f"{key}: same_as refers to unknown id {other}")
            elif key not in links.get(other, set()):
                errors.append(f"{key}: same_as {other} is not symmetric")
    # transitivity: each record's group (itself + same_as) must be identical for all its members
    groups: list[set[str]] = []
    seen: set[str] = set()
    for key, others in links.items():
        group = {key} | others
        for other in others & known:
            if {other} | links.get(other, set()) != group:
                errors.append(f"{key}: same_as is not transitive through {other}")
        if key not in seen:
            seen |= group
            groups.append(group)
    return groups


def check_reference(rows: list[dict], reference: Path, errors: list[str]) -> None:
    cog = reference / "cog" if (reference / "cog").is_dir() else reference
    communes = json.loads((cog / "communes.json").read_text(encoding="utf-8"))
    listed = json.loads((cog / "departements.json").read_text(encoding="utf-8"))
    departements = {row["code"] for row in listed}
    current = {}
    for commune in communes:
        if commune.get("type", "commune-actuelle") == "commune-actuelle":
            current[commune["code"]] = commune
    for row in rows:
        key, code, dep = row.get("id"), row.get("commune_code"), row.get("departement_code")
        if dep is not None and dep not in departements:
            errors.append(f"{key}: departement_code {dep} not in the reference")
        if code is None:
            continue
        commune = current.get(code)
        if commune is None:
            errors.append(f"{key}: commune_code {code} is not a current commune of the reference")
            continue
        if commune["departement"] != dep:
            errors.append(f"{key}: commune {code} is in département {commune['departement']}, not {dep}")
        if norm(commune["nom"]) != norm(row.get("commune") or ""):
            errors.append(f"{key}: commune {code} is named {commune['nom']!r}, not {row.get('commune')!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--reference", type=Path, help="raw reference directory (holding cog/communes.json)")
    args = parser.parse_args(argv)

    errors: list[str] = []
    rows = load(args.corpus, errors)
    for row in rows:
        check_record(row, errors)
    groups = check_links(rows, errors)
    if args.reference is not None:
        check_reference(rows, args.reference, errors)

    duplicated = [group for group in groups if len(group) > 1]
    pairs = sum(len(group) * (len(group) - 1) // 2 for group in duplicated)
    print(f"records: {len(rows)}")
    print(
        f"initiatives: {len(groups)} (with 2+ records: {len(duplicated)}; "
        f"{Counter(len(group) for group in duplicated)})"
    )
    print(f"duplicate pairs: {pairs}")
    print(
        f"national or regional (departement_code null): "
        f"{sum(row.get('departement_code') is None for row in rows)}"
    )
    print(f"départements: {len({row.get('departement_code') for row in rows} - {None})}")
    print("main theme:", dict(Counter(row["themes"][0] for row in rows if row.get("themes")).most_common()))
    print("actor type:", dict(Counter(row.get("actor_type") for row in rows).most_common()))
    print("confidence:", dict(Counter(row.get("confidence") for row in rows).most_common()))
    print(f"reference checked: {'yes (' + str(args.reference) + ')' if args.reference else 'no'}")
    if errors:
        print(f"\n{len(errors)} error(s):")
        for error in errors:
            print(f"  - {error}")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())

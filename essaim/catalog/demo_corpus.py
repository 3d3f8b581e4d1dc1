"""Pure reading of the demo corpus: records linked by `same_as` become one initiative.

No Django here: this turns JSON lines into plain `DemoInitiative` values that `demo.demo_load`
writes to the database.
"""

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# One corpus record, as read from JSON.
Record = dict[str, Any]


@dataclass(frozen=True)
class DemoInitiative:
    records: tuple[Record, ...]  # the first one gives the title and summary
    commune_codes: tuple[str, ...]  # most frequent first
    departement_code: str | None
    region_code: str | None
    theme_codes: tuple[str, ...]
    public_codes: tuple[str, ...]
    actor_type: str
    start: dt.date | None

    @property
    def main(self) -> Record:
        return self.records[0]


def read_records(path: Path) -> list[Record]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def group_records(records: Iterable[Record]) -> list[list[Record]]:
    """Connected groups of records through `same_as` links (links may be one-sided)."""
    by_id = {record["id"]: record for record in records}
    parent = {record_id: record_id for record_id in by_id}

    def root(record_id: str) -> str:
        while parent[record_id] != record_id:
            parent[record_id] = parent[parent[record_id]]
            record_id = parent[record_id]
        return record_id

    for record in by_id.values():
        for other in record.get("same_as") or []:
            if other in by_id:
                parent[root(other)] = root(record["id"])
    groups: dict[str, list[Record]] = {}
    for record_id in sorted(by_id):
        groups.setdefault(root(record_id), []).append(by_id[record_id])
    return sorted(groups.values(), key=lambda group: group[0]["id"])


def _most_common(values: Iterable[str | None]) -> list[str]:
    counts = Counter(value for value in values if value)
    return [value for value, _ in counts.most_common()]


def _ordered_union(lists: Iterable[Iterable[str]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(code for codes in lists for code in codes))


def _month(value: str | None) -> dt.date | None:
    if not value:
        return None
    year, month = value.split("-")[:2]
    return dt.date(int(year), int(month), 1)


def demo_initiative(group: list[Record]) -> DemoInitiative:
    """Combine the records of one group: the most specific territory, united themes and publics,
    the earliest start."""
    starts = [start for start in (_month(record.get("start")) for record in group) if start]
    departements = _most_common(record.get("departement_code") for record in group)
    return DemoInitiative(
        records=tuple(group),
        commune_codes=tuple(_most_common(record.get("commune_code") for record in group)),
        departement_code=departements[0] if departements else None,
        region_code=next((record["region_code"] for record in group if record.get("region_code")), None),
        theme_codes=_ordered_union(record["themes"] for record in group),
        public_codes=_ordered_union(record["publics"] for record in group),
        actor_type=group[0]["actor_type"],
        start=min(starts) if starts else None,
    )


def demo_initiatives(path: Path) -> list[DemoInitiative]:
    return [demo_initiative(group) for group in group_records(read_records(path))]

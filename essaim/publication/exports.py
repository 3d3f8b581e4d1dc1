"""Build the open data files of the published directory: CSV, JSON and their `datapackage.json`.

Files are written next to their final place under a temporary name, then renamed: a reader
(or a crash) never sees a half-written file. The files are rebuilt lazily: any catalogue change
leaves an `ExportChange` row; `exports_ensure_fresh` rebuilds when one is left.
"""

from __future__ import annotations

import csv
import datetime as dt
import fcntl
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db.models import Max

from essaim.catalog.selectors import initiatives_published
from essaim.publication.cells import csv_cell, flat
from essaim.publication.models import ExportChange
from essaim.publication.records import Record, records_of
from essaim.publication.schema import COLUMN_NAMES, table_schema

CSV_NAME = "initiatives.csv"
JSON_NAME = "initiatives.json"
PACKAGE_NAME = "datapackage.json"
FILE_NAMES = (CSV_NAME, JSON_NAME, PACKAGE_NAME)
LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}


@dataclass(frozen=True)
class ExportReport:
    rows: int
    built_at: dt.datetime
    seconds: float


def export_dir() -> Path:
    configured = getattr(settings, "ESSAIM_EXPORT_DIR", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "donnees"


@contextmanager
def _atomic_file(path: Path) -> Iterator[IO[str]]:
    """A text stream to a temporary file beside `path`, renamed onto it only if all went well."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            yield stream
        Path(temporary).chmod(0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _write_data(directory: Path, records: Iterator[Record]) -> int:
    """Write the CSV and the JSON in one pass over the records; returns the number of rows."""
    count = 0
    with _atomic_file(directory / CSV_NAME) as csv_stream, _atomic_file(directory / JSON_NAME) as json_stream:
        writer = csv.writer(csv_stream, lineterminator="\r\n")
        writer.writerow(COLUMN_NAMES)
        json_stream.write("[")
        for record in records:
            row = [flat(record[name]) for name in COLUMN_NAMES]
            writer.writerow([csv_cell(value) for value in row])
            json_stream.write(",\n" if count else "\n")
            json_stream.write(json.dumps(dict(zip(COLUMN_NAMES, row, strict=True)), ensure_ascii=False))
            count += 1
        json_stream.write("\n]\n")
    return count


def _resource(name: str, path: Path, digest: str, *, fmt: str, title: str) -> dict[str, Any]:
    """A tabular resource of the package: one of the two files, with the shared schema."""
    described: dict[str, Any] = {
        "name": name,
        "type": "table",
        "path": path.name,
        "title": title,
        "format": fmt,
        "mediatype": "text/csv" if fmt == "csv" else "application/json",
        "encoding": "utf-8",
        "schema": table_schema(),
    }
    if fmt == "csv":
        # Frictionless checks the size and hash of a CSV (not of a JSON file, which it streams).
        described |= {"bytes": path.stat().st_size, "hash": f"sha256:{digest}"}
        described["dialect"] = {"delimiter": ",", "quoteChar": '"', "header": True}
    return described


def package_descriptor(directory: Path, csv_digest: str, *, rows: int, built_at: dt.datetime) -> dict:
    """The `datapackage.json`: both files, their schema, the licence and the build date."""
    return {
        "name": "essaim-initiatives",
        "title": "Essaim — répertoire des initiatives locales d'action sociale",
        "description": (
            "Les initiatives publiées dans le répertoire Essaim, une ligne par initiative, avec les codes "
            "officiels (INSEE, SIREN) de leur territoire, leurs thématiques, publics, dates et sources. "
            "Aucune donnée personnelle (les personnes à contacter ne sont jamais exportées)."
        ),
        "created": built_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "licenses": [LICENCE],
        "essaim": {"rows": rows},
        "resources": [
            _resource(
                "initiatives-csv",
                directory / CSV_NAME,
                csv_digest,
                fmt="csv",
                title="Initiatives publiées (CSV)",
            ),
            _resource(
                "initiatives-json",
                directory / JSON_NAME,
                "",
                fmt="json",
                title="Initiatives publiées (JSON)",
            ),
        ],
    }


def exports_build(directory: Path | None = None) -> ExportReport:
    """Rebuild the three files from the published initiatives; changes made meanwhile stay queued."""
    directory = directory or export_dir()
    started = dt.datetime.now(dt.UTC)
    upto = ExportChange.objects.aggregate(last=Max("pk"))["last"]
    rows = _write_data(directory, records_of(initiatives_published()))
    descriptor = package_descriptor(directory, _sha256(directory / CSV_NAME), rows=rows, built_at=started)
    with _atomic_file(directory / PACKAGE_NAME) as stream:
        stream.write(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n")
    if upto is not None:
        ExportChange.objects.filter(pk__lte=upto).delete()
    seconds = (dt.datetime.now(dt.UTC) - started).total_seconds()
    return ExportReport(rows=rows, built_at=started, seconds=seconds)


def exports_are_stale(directory: Path | None = None) -> bool:
    directory = directory or export_dir()
    missing = any(not (directory / name).exists() for name in FILE_NAMES)
    return missing or ExportChange.objects.exists()


def exports_ensure_fresh(directory: Path | None = None) -> Path:
    """The directory of the files, rebuilt first if the catalogue changed since.

    One process rebuilds at a time (a lock file): the others wait for it, then find the files
    fresh instead of rebuilding them again.
    """
    directory = directory or export_dir()
    if not exports_are_stale(directory):
        return directory
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / ".construction.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if exports_are_stale(directory):
                exports_build(directory)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return directory


def package_read(directory: Path | None = None) -> dict[str, Any]:
    """The current `datapackage.json` (files rebuilt first when stale) and each file's size."""
    directory = exports_ensure_fresh(directory)
    package = json.loads((directory / PACKAGE_NAME).read_text(encoding="utf-8"))
    package["sizes"] = {name: (directory / name).stat().st_size for name in FILE_NAMES}
    return package

"""What `essaim annotate` and `essaim dedupe` share: reading the file, reporting bad lines."""

import sys
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from essaim.enrichment.jsonl import BadLine, InputRecord, read_records
from essaim.enrichment.pipeline import Annotator


def annotator() -> Annotator:
    """The geotagger and the classifier (lexicons edited in the admin and the trained model when
    the database has them; the vendored lexicons otherwise: the CLI needs no set-up)."""
    from essaim.enrichment.classify import Classifier
    from essaim.enrichment.geotag import Geotagger
    from essaim.enrichment.store import classifier_load

    try:
        classifier = classifier_load()
    except DatabaseError:
        classifier = Classifier.default()
    return Annotator(Geotagger.vendored(), classifier)


class BatchCommand(BaseCommand):
    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "file", help="fichier JSON lines (une initiative par ligne), ou - pour l'entrée standard"
        )

    def records(self, path: str) -> Iterator[InputRecord]:
        """The good records; bad lines go to stderr with their number and set the exit code."""
        self.bad_lines = 0
        if path == "-":
            lines = sys.stdin.buffer
            yield from self._checked(read_records(lines))
            return
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        with file.open("rb") as lines:
            yield from self._checked(read_records(lines))

    def _checked(self, items) -> Iterator[InputRecord]:
        for item in items:
            if isinstance(item, BadLine):
                self.bad_lines += 1
                self.stderr.write(f"ligne {item.line} ignorée : {item.reason}")
            else:
                yield item

    def finish(self) -> None:
        if self.bad_lines:
            self.stderr.write(f"{self.bad_lines} ligne(s) ignorée(s).")
            sys.exit(1)

"""`essaim ingest PATH_OR_URL [--source NAME] [--mapping FILE]`: the watch's pipeline, at once.

Reads a file (document or spreadsheet) or fetches a URL (feed or page), sends every initiative it
reports to the inbox, enriches them and prints a French summary. Exit code 1 when the run failed,
2 when some documents failed (the others are kept); never a traceback.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from essaim.core.file_types import size_text
from essaim.watch.extraction import SPREADSHEET_FORMATS, ExtractionError, detect_format
from essaim.watch.extraction.base import normalise
from essaim.watch.extraction.mapping import ALIASES, FIELDS
from essaim.watch.fetching import FetchError, fetch
from essaim.watch.ingestion import ACCEPTED_TYPES, Payload, source_run, user_agent
from essaim.watch.models import RunStatus, SourceKind
from essaim.watch.reports import duplicates_count, run_summary
from essaim.watch.sources import MAX_UPLOAD_BYTES, source_for_ingest, source_save

logger = logging.getLogger(__name__)


def _mapping_file(path: str) -> dict[str, str]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        raise CommandError(f"Fichier de correspondance illisible : {path}") from None
    except json.JSONDecodeError as error:
        raise CommandError(f"Fichier de correspondance mal formé (JSON attendu) : {error}") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise CommandError(
            'Le fichier de correspondance doit être un objet JSON : {"intitulé": "Nom de l\'action", …}.'
        )
    mapping: dict[str, str] = {}
    for name, header in data.items():
        field = ALIASES.get(normalise(name), name)
        if field not in FIELDS:
            known = ", ".join(sorted(FIELDS))
            raise CommandError(
                f"Champ inconnu dans la correspondance : « {name} » (champs connus : {known})."
            )
        mapping[field] = header
    return mapping


def _url_name(url: str) -> str:
    """A page's default source name: its host and path (two pages of one site are two sources)."""
    parts = urlsplit(url)
    return f"{parts.hostname or ''}{parts.path.rstrip('/')}"[:200] or url[:200]


class Command(BaseCommand):
    help = "Importe un document, un tableau, un flux ou une page dans la boîte de réception des analystes."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "target", metavar="CHEMIN_OU_URL", help="Fichier à lire ou adresse http(s) à récupérer."
        )
        parser.add_argument(
            "--source", dest="source_name", default="", help="Nom de la source (créée si besoin)."
        )
        parser.add_argument(
            "--mapping",
            default="",
            help='Correspondance des colonnes d\'un tableau, en JSON : {"titre": "Nom de l\'action", …}.',
        )

    def handle(self, *args, target: str, source_name: str, mapping: str, **options) -> None:
        columns = _mapping_file(mapping) if mapping else None
        try:
            if target.startswith(("http://", "https://")):
                source, payload = self._from_url(target, source_name)
            else:
                source, payload = self._from_path(target, source_name)
        except (FetchError, ExtractionError) as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except OSError as error:
            raise CommandError(f"Lecture impossible : {error.strerror or error}") from None
        if columns is not None:
            source.mapping = columns
            source.save(update_fields=["mapping", "updated_at"])
        elif payload.fmt in SPREADSHEET_FORMATS and not source.mapping:
            self.stdout.write(
                "Aucune correspondance enregistrée : les colonnes sont devinées d'après les en-têtes."
            )
        outcome = source_run(source, payload=payload)
        run = outcome.run
        for note in run.notes:
            self.stdout.write(note)
        try:
            duplicates: int | None = duplicates_count(outcome.candidate_ids, enrich=True)
        except Exception:  # the candidates are in; the worker will enrich them again
            logger.exception("Enrichment after `essaim ingest` failed")
            duplicates = None
            self.stderr.write("L'enrichissement a échoué : il sera refait en tâche de fond.")
        self.stdout.write(run_summary(run, duplicates=duplicates))
        if run.status == RunStatus.FAILED:
            raise CommandError(f"Échec de l'import : {run.errors[0] if run.errors else 'erreur inconnue'}")
        if run.status == RunStatus.PARTIAL:
            raise CommandError("Import partiel : certains documents n'ont pas été importés.", returncode=2)

    def _from_url(self, url: str, name: str):
        result = fetch(
            url,
            user_agent=user_agent(),
            allowed_hosts=settings.ESSAIM_WATCH_ALLOWED_HOSTS,
            accepted_types=ACCEPTED_TYPES[SourceKind.FEED] + ACCEPTED_TYPES[SourceKind.PAGE],
        )
        fmt = detect_format(
            result.content, filename=result.url.rsplit("/", 1)[-1], content_type=result.content_type
        )
        kind = SourceKind.FEED if fmt == "feed" else SourceKind.PAGE
        source = source_for_ingest(name=name or _url_name(url), kind=kind, url=url)
        source_save(source)
        source.etag, source.last_modified = result.etag[:300], result.last_modified[:100]
        return source, Payload(result.content, fmt, url=result.url, content_type=result.content_type)

    def _from_path(self, target: str, name: str):
        path = Path(target)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {target}")
        if path.stat().st_size > MAX_UPLOAD_BYTES:
            raise CommandError(f"Ce fichier dépasse {size_text(MAX_UPLOAD_BYTES)} : il n'a pas été lu.")
        content = path.read_bytes()
        if not content.strip():
            raise CommandError(f"Ce fichier est vide : {target}")
        fmt = detect_format(content, filename=path.name)
        kind = SourceKind.SPREADSHEET if fmt in SPREADSHEET_FORMATS else SourceKind.DOCUMENT
        source = source_for_ingest(name=name or path.stem, kind=kind)
        source_save(source, file_name=path.name, file_content=content)
        return source, Payload(content, fmt, file_name=path.name)

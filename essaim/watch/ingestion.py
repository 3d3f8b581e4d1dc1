"""Running a source: fetch or read its file, extract, and send each initiative to the inbox.

Nothing lost, nothing doubled:
- a document already read (same content hash for the source) is not read again;
- each initiative has a stable key per source (feed entry id, row key, section title); its
  candidate's origin key is `veille:<source>:<key>`, and an unchanged initiative is not sent again
  (a rejected candidate stays rejected when its page is fetched again);
- a document is imported in one transaction (a spreadsheet in transactions of `BATCH_ROWS` rows,
  its document marked complete by the last one, and resumed by the next run if interrupted);
  a failed document is reported, the others kept.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, transaction
from django.utils import timezone

from essaim.inbox.models import Origin
from essaim.inbox.services import CandidateData, Provenance, candidate_receive
from essaim.watch.extraction import (
    FORMAT_LABELS,
    SPREADSHEET_FORMATS,
    Extracted,
    ExtractionError,
    Item,
    detect_format,
    digest,
    extract,
    mapping_from,
    read_table,
)
from essaim.watch.extraction.mapping import mapping_require_title, parse_date, table_items
from essaim.watch.fetching import FetchError, fetch
from essaim.watch.models import AllowedHost, Document, Entry, Run, RunStatus, Source, SourceKind
from essaim.watch.places import RowPlaces, territory_of_row

if TYPE_CHECKING:
    from collections.abc import Callable

    from essaim.jobs.models import Job
    from essaim.jobs.progress import Progress
    from essaim.territories.models import Territory

logger = logging.getLogger(__name__)

BATCH_ROWS = 500
ACCEPTED_TYPES = {
    SourceKind.FEED: (
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    ),
    SourceKind.PAGE: (
        "text/html",
        "application/xhtml+xml",
        "text/plain",
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.oasis.opendocument.text",
    ),
}
FORMATS_OF_KIND = {
    SourceKind.FEED: ("feed",),
    SourceKind.PAGE: ("html", "txt", "pdf", "docx", "odt"),
    SourceKind.DOCUMENT: ("feed", "html", "txt", "pdf", "docx", "odt"),
    SourceKind.SPREADSHEET: SPREADSHEET_FORMATS,
}


class SourceError(Exception):
    """A run that could not start or read its document, with a French message."""


@dataclass
class Payload:
    content: bytes
    fmt: str
    url: str = ""
    content_type: str = ""
    file_name: str = ""


@dataclass
class Tally:
    """What one document gave, added to the run once its transaction committed."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    candidate_ids: list[int] = field(default_factory=list)


def user_agent() -> str:
    return f"Essaim-veille/1.0 (+{settings.ESSAIM_SITE_URL})"


def allowed_hosts() -> list[str]:
    """Hosts fetched despite a private address: the administrators' list, plus the settings'."""
    return [*settings.ESSAIM_WATCH_ALLOWED_HOSTS, *AllowedHost.objects.values_list("host", flat=True)]


def payload_fetch(source: Source) -> Payload | None:
    """The source's URL fetched safely; None when the server says nothing changed (304)."""
    result = fetch(
        source.url,
        user_agent=user_agent(),
        allowed_hosts=allowed_hosts(),
        accepted_types=ACCEPTED_TYPES[SourceKind(source.kind)],
        etag=source.etag,
        last_modified=source.last_modified,
    )
    if result.not_modified:
        return None
    source.etag = result.etag[:300]
    source.last_modified = result.last_modified[:100]
    fmt = detect_format(
        result.content, filename=result.url.rsplit("/", 1)[-1], content_type=result.content_type
    )
    return Payload(result.content, fmt, url=result.url, content_type=result.content_type)


def payload_file(source: Source) -> Payload:
    if not source.file:
        raise SourceError("Aucun fichier n'a été déposé pour cette source.")
    try:
        with source.file.open("rb") as handle:
            content = handle.read()
    except OSError:
        raise SourceError("Le fichier de cette source est introuvable : déposez-le à nouveau.") from None
    name = source.file_name or source.file.name
    return Payload(content, detect_format(content, filename=name), file_name=name)


def _check_format(source: Source, fmt: str) -> None:
    allowed = FORMATS_OF_KIND[SourceKind(source.kind)]
    if fmt not in allowed:
        kinds = ", ".join(FORMAT_LABELS[f] for f in allowed)
        raise ExtractionError(
            f"Ce document est un {FORMAT_LABELS.get(fmt, fmt)}, ce qui ne correspond pas "
            "à une source de type "
            f"« {SourceKind(source.kind).label} » (attendu : {kinds})."
        )


def _email(value: str) -> str:
    value = (value or "").strip()
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


def source_campaign(source: Source) -> str:
    """What the inbox files a source's candidates under (its filter « campagne ou source »)."""
    return f"Source « {source.name} »"[:200]


def candidate_data(
    source: Source,
    item: Item,
    document: Document,
    places: Callable[[str, str], Territory | None] = territory_of_row,
) -> CandidateData:
    fields = item.fields
    place = ", ".join(part for part in (fields.get("place", ""), fields.get("departement", "")) if part)
    description = fields.get("description", item.text)
    links = tuple(link for link in (item.url,) if link and link != document.url) if item.url else ()
    territory = None
    if fields.get("place") or fields.get("departement"):
        territory = places(fields.get("place", ""), fields.get("departement", ""))
    return CandidateData(
        title=item.title,
        summary=item.summary,
        description=description,
        territory=territory,
        place_text=place,
        lead_actor_name=fields.get("lead_actor_name", ""),
        partners=fields.get("partners", ""),
        start_date=parse_date(fields.get("start_date", "")),
        end_date=parse_date(fields.get("end_date", "")),
        results=fields.get("results", ""),
        funding=fields.get("funding", ""),
        contact_name=fields.get("contact_name", ""),
        contact_email=_email(fields.get("contact_email", "")),
        contact_phone=re.sub(r"[^\d+ .()-]", "", fields.get("contact_phone", ""))[:30],
        links=links,
        raw_text=item.text,
        source_url=item.url or document.url,
        publisher=item.publisher or source.name,
        published_on=item.published_on,
    )


def _deliver(
    source: Source, document: Document, item: Item, *, anchor: str, tally: Tally, places: RowPlaces
) -> None:
    """Send one initiative to the inbox unless it was sent unchanged before (inside a transaction)."""
    key = digest(f"{anchor}|{item.key}")[:40]
    fingerprint = item.fingerprint
    entry = Entry.objects.select_for_update().filter(source=source, key=key).first()
    if entry is not None and entry.fingerprint == fingerprint:
        tally.unchanged += 1
        return
    origin_key = f"veille:{source.pk}:{key}"
    candidate = candidate_receive(
        origin=Origin.WATCH,
        origin_key=origin_key,
        data=candidate_data(source, item, document, places),
        provenance=Provenance(label=f"Veille — {source.name}"[:300], campaign=source_campaign(source)),
        enrich=False,  # enriched together once the run is over (by its job, or `essaim ingest`)
    )
    tally.candidate_ids.append(candidate.pk)
    if entry is None:
        Entry.objects.create(
            source=source,
            document=document,
            key=key,
            origin_key=origin_key,
            fingerprint=fingerprint,
            title=item.title[:250],
        )
        tally.new += 1
    else:
        entry.document, entry.fingerprint, entry.title = document, fingerprint, item.title[:250]
        entry.save(update_fields=["document", "fingerprint", "title", "updated_at"])
        tally.updated += 1


@dataclass
class Outcome:
    """A run and the candidates it sent (the CLI counts their suggested duplicates)."""

    run: Run
    candidate_ids: list[int] = field(default_factory=list)


class _Runner:
    def __init__(self, source: Source, run: Run, progress: Progress | None, force: bool) -> None:
        self.source, self.run, self.progress, self.force = source, run, progress, force
        self.candidate_ids: list[int] = []
        self.failed_documents = 0
        self.places = RowPlaces()

    def add(self, tally: Tally) -> None:
        self.run.candidates_new += tally.new
        self.run.candidates_updated += tally.updated
        self.run.items_unchanged += tally.unchanged
        self.candidate_ids += tally.candidate_ids

    def error(self, message: str) -> None:
        self.run.errors.append(message)

    def _existing(self, content_hash: str) -> Document | None:
        return Document.objects.filter(source=self.source, content_hash=content_hash).first()

    # One document, one transaction.
    def document(self, payload: Payload, extracted: Extracted, *, anchor: str, content_hash: str) -> None:
        tally = Tally()
        try:
            with transaction.atomic():
                document = self._existing(content_hash) or Document.objects.create(
                    source=self.source,
                    url=payload.url[:1000],
                    content_hash=content_hash,
                    title=(extracted.title or (extracted.items[0].title if extracted.items else ""))[:300],
                    raw_text=extracted.text,
                    content_type=payload.content_type[:100] or payload.fmt,
                    file_name=payload.file_name[:255],
                    items_count=len(extracted.items),
                )
                for item in extracted.items:
                    _deliver(self.source, document, item, anchor=anchor, tally=tally, places=self.places)
        except (ValidationError, DatabaseError) as error:
            logger.warning(
                "Watch source %s: document %s failed: %s", self.source.pk, content_hash[:12], error
            )
            self.failed_documents += 1
            name = payload.file_name or payload.url or "document"
            detail = " ".join(error.messages) if isinstance(error, ValidationError) else "erreur de la base"
            self.error(f"« {name} » n'a pas été importé : {detail}.")
            return
        self.run.documents_new += 1
        self.add(tally)

    def feed(self, payload: Payload, extracted: Extracted) -> None:
        """Each entry is a document of its own: one transaction each."""
        self.run.items_found += len(extracted.items)
        self._start(len(extracted.items), "entrées")
        for item in extracted.items:
            content_hash = digest(f"entry|{item.key}|{item.fingerprint}")
            if not self.force and self._existing(content_hash) is not None:
                self.run.documents_unchanged += 1
            else:
                entry_payload = Payload(
                    b"", "feed", url=item.url or payload.url, content_type="entrée de flux"
                )
                entry_doc = Extracted(title=item.title, text=item.text, items=[item])
                self.document(entry_payload, entry_doc, anchor="", content_hash=content_hash)
            self._advance(1)

    def spreadsheet(self, payload: Payload, content_hash: str) -> None:
        table = read_table(payload.content, payload.fmt)
        self.source.headers = table.headers
        mapping = mapping_from(self.source.mapping, table.headers)
        mapping_require_title(mapping, table.headers)
        if mapping.guessed:
            lines = "; ".join(mapping.describe_fields(mapping.guessed))
            self.run.notes.append(f"Colonnes devinées d'après les en-têtes : {lines}.")
        self.source.mapping = mapping.columns
        existing = self._existing(content_hash)
        if existing is not None and existing.is_complete and not self.force:
            self.run.documents_unchanged += 1
            return
        items, warnings = table_items(table, mapping, publisher=self.source.name)
        self.places.prefetch(item.fields.get("place", "") for item in items)
        self.run.notes += warnings
        self.run.items_found += len(items)
        self._start(len(items), "lignes")
        text = "\n".join("\t".join(row) for row in [table.headers, *table.rows])
        tally_total = Tally()
        document = existing
        for start in range(0, max(len(items), 1), BATCH_ROWS):
            batch = items[start : start + BATCH_ROWS]
            last = start + BATCH_ROWS >= len(items)
            tally = Tally()
            try:
                with transaction.atomic():
                    if document is None:
                        document = Document.objects.create(
                            source=self.source,
                            url=payload.url[:1000],
                            content_hash=content_hash,
                            title=(payload.file_name or payload.url or "Tableau")[:300],
                            is_complete=False,
                            raw_text=text,
                            content_type=payload.content_type[:100] or payload.fmt,
                            file_name=payload.file_name[:255],
                            items_count=len(items),
                        )
                    for item in batch:
                        _deliver(self.source, document, item, anchor="", tally=tally, places=self.places)
                    if last:
                        document.is_complete = True
                        document.save(update_fields=["is_complete"])
            except (ValidationError, DatabaseError) as error:
                self.failed_documents += 1
                detail = (
                    " ".join(error.messages) if isinstance(error, ValidationError) else "erreur de la base"
                )
                self.error(
                    f"Import interrompu à la ligne {start + 1} ({detail}) : les lignes précédentes sont "
                    "gardées, la suite sera reprise à la prochaine exécution."
                )
                self.add(tally_total)
                return
            tally_total.new += tally.new
            tally_total.updated += tally.updated
            tally_total.unchanged += tally.unchanged
            tally_total.candidate_ids += tally.candidate_ids
            self._advance(len(batch))
        self.run.documents_new += 1 if existing is None else 0
        self.add(tally_total)

    def execute(self, payload: Payload | None) -> None:
        """Read the payload (None: the server said nothing changed) into documents and candidates."""
        run = self.run
        if payload is None:
            run.not_modified = True
            run.notes.append("Rien de nouveau depuis la dernière exécution (le serveur l'indique).")
            return
        _check_format(self.source, payload.fmt)
        content_hash = digest(payload.content)
        if payload.fmt in SPREADSHEET_FORMATS:
            self.spreadsheet(payload, content_hash)
        elif not self.force and payload.fmt != "feed" and self._existing(content_hash) is not None:
            run.documents_unchanged += 1
        else:
            extracted = extract(payload.content, payload.fmt, url=payload.url, publisher=self.source.name)
            run.notes += extracted.warnings
            if payload.fmt == "feed":
                self.feed(payload, extracted)
            else:
                run.items_found += len(extracted.items)
                # A fetched page keeps its initiatives' keys when it changes; each uploaded file has its own.
                anchor = self.source.url if self.source.is_fetched else content_hash
                self._start(1, "documents")
                self.document(payload, extracted, anchor=anchor, content_hash=content_hash)
                self._advance(1)
        if not run.items_found and not run.documents_unchanged and not run.errors:
            if self.source.is_fetched and self.source.items_found:
                # Never silently empty: a feed or page that gave initiatives and now gives none has
                # most likely moved or changed its layout.
                raise SourceError(
                    f"Cette source ne donne plus aucune initiative, alors qu'elle en donnait "
                    f"{self.source.items_found} : son adresse ou sa mise en page a sans doute changé."
                )
            run.notes.append("Aucune initiative n'a été trouvée dans ce document.")

    def _start(self, total: int, unit: str) -> None:
        if self.progress is not None:
            self.progress.start(total, unit=unit, step="Import")

    def _advance(self, count: int) -> None:
        if self.progress is not None:
            self.progress.advance(count)


def source_run(
    source: Source,
    *,
    progress: Progress | None = None,
    job: Job | None = None,
    force: bool = False,
    payload: Payload | None = None,
) -> Outcome:
    """Run a source now; its health and a `Run` record what happened. Never raises for a bad
    document or an unreachable server: the run says so, in French."""
    run = Run.objects.create(source=source, job=job)
    runner = _Runner(source, run, progress, force)
    failure = ""
    try:
        if payload is None:
            if progress is not None:
                progress.step("Récupération" if source.is_fetched else "Lecture du fichier")
            payload = payload_fetch(source) if source.is_fetched else payload_file(source)
        runner.execute(payload)
    except (FetchError, ExtractionError, SourceError) as error:
        failure = str(error)
    except Exception:
        logger.exception("Watch source %s failed", source.pk)
        failure = (
            "Une erreur inattendue a interrompu l'exécution (elle a été enregistrée pour l'équipe technique)."
        )
    now = timezone.now()
    if failure:
        run.errors.insert(0, failure)
        run.status = RunStatus.FAILED
    elif runner.failed_documents and not (run.documents_new or run.documents_unchanged):
        run.status = RunStatus.FAILED
        failure = run.errors[0]
    else:
        run.status = RunStatus.PARTIAL if run.errors else RunStatus.SUCCESS
    run.finished_at = now
    run.save()
    _health(source, run, failure, now)
    return Outcome(run=run, candidate_ids=runner.candidate_ids)


def _health(source: Source, run: Run, failure: str, now) -> None:
    source.last_run_at = now
    if failure:
        source.consecutive_failures += 1
        source.last_error = failure
        source.last_error_at = now
    else:
        source.consecutive_failures = 0
        source.last_success_at = now
        if not run.not_modified:
            source.items_found = run.items_found
        source.last_error = run.errors[0] if run.errors else ""
        if run.errors:
            source.last_error_at = now
    source.save(
        update_fields=[
            "last_run_at",
            "consecutive_failures",
            "last_error",
            "last_error_at",
            "last_success_at",
            "items_found",
            "etag",
            "last_modified",
            "headers",
            "mapping",
            "updated_at",
        ]
    )

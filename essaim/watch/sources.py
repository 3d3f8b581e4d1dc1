"""Managing sources: create, edit, drop a new file, save a spreadsheet's column mapping."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from essaim.core.file_types import size_text
from essaim.watch.extraction import FIELDS, SPREADSHEET_FORMATS, ExtractionError, detect_format, read_table
from essaim.watch.extraction.mapping import Mapping, mapping_from
from essaim.watch.ingestion import FORMATS_OF_KIND
from essaim.watch.models import Schedule, Source, SourceKind

MAX_UPLOAD_BYTES = 20 * 1000 * 1000  # « 20 Mo », as said (and as for the other uploads)


def _file_check(kind: str, name: str, content: bytes) -> str:
    if not content:
        raise ValidationError({"file": "Ce fichier est vide."})
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": f"Ce fichier dépasse {size_text(MAX_UPLOAD_BYTES)}."})
    try:
        fmt = detect_format(content, filename=name)
    except ExtractionError as error:
        raise ValidationError({"file": str(error)}) from None
    if fmt not in FORMATS_OF_KIND[SourceKind(kind)]:
        expected = (
            "un tableau CSV, XLSX ou ODS"
            if kind == SourceKind.SPREADSHEET
            else "un document PDF, DOCX, ODT, HTML ou TXT"
        )
        raise ValidationError(
            {"file": f"Ce fichier ne correspond pas au type de source : attendu {expected}."}
        )
    return fmt


def _validate(source: Source) -> None:
    errors: dict[str, str] = {}
    if not source.name.strip():
        errors["name"] = "Donnez un nom à la source."
    elif Source.objects.filter(name__iexact=source.name.strip()).exclude(pk=source.pk).exists():
        errors["name"] = "Une source porte déjà ce nom."
    if source.kind in {SourceKind.FEED, SourceKind.PAGE}:
        if not source.url.startswith(("http://", "https://")):
            errors["url"] = "Indiquez l'adresse complète, commençant par http:// ou https://."
    elif not source.file and source.kind in {SourceKind.DOCUMENT, SourceKind.SPREADSHEET}:
        errors["file"] = "Déposez le fichier de cette source."
    if source.schedule not in Schedule.values:
        errors["schedule"] = "Fréquence inconnue."
    if source.is_fetched is False and source.schedule != Schedule.MANUAL:
        errors["schedule"] = "Un fichier déposé ne change pas tout seul : sa fréquence est « manuel »."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def source_save(
    source: Source,
    *,
    file_name: str = "",
    file_content: bytes | None = None,
) -> Source:
    """Create or update a source (and store its new file, privately). French errors per field."""
    source.name = " ".join(source.name.split())
    if file_content is not None:
        _file_check(source.kind, file_name, file_content)
        source.file.save(file_name or "fichier", ContentFile(file_content), save=False)
        source.file_name = file_name[:255]
        source.headers = []  # the new file's own are read at its first run (or on the mapping page)
    _validate(source)
    source.save()
    return source


def source_for_ingest(*, name: str, kind: str, url: str = "", owner=None) -> Source:
    """The named source (made if new) used by `essaim ingest`; its kind must match."""
    source = Source.objects.filter(name__iexact=name).first()
    if source is None:
        return Source(name=name, kind=kind, url=url, owner=owner)
    if source.kind != kind:
        raise ValidationError(
            f"La source « {source.name} » est de type « {source.get_kind_display()} » : "
            "ce document ne peut pas y être ajouté."
        )
    if url:
        source.url = url
    return source


def source_headers(source: Source) -> list[str]:
    """The headers of the source's file (read again if needed), for the mapping page."""
    if source.headers:
        return list(source.headers)
    if not source.file:
        return []
    with source.file.open("rb") as handle:
        content = handle.read()
    fmt = detect_format(content, filename=source.file_name)
    if fmt not in SPREADSHEET_FORMATS:
        return []
    headers = read_table(content, fmt).headers
    Source.objects.filter(pk=source.pk).update(headers=headers)
    source.headers = headers
    return headers


def mapping_current(source: Source) -> Mapping:
    return mapping_from(source.mapping, source_headers(source))


def mapping_save(source: Source, columns: dict[str, str]) -> Source:
    """Save field → header for the source; a title column is required."""
    headers = source_headers(source)
    clean = {name: header for name, header in columns.items() if name in FIELDS and header in headers}
    if "title" not in clean:
        raise ValidationError({"title": "Choisissez la colonne qui contient l'intitulé de l'action."})
    used: dict[str, str] = {}
    for name, header in clean.items():
        if header in used:
            raise ValidationError(
                {name: f"La colonne « {header} » est déjà choisie pour « {FIELDS[used[header]]} »."}
            )
        used[header] = name
    source.mapping = clean
    source.save(update_fields=["mapping", "updated_at"])
    return source

"""Every write on the catalogue goes through these functions (views, admin actions, commands, imports).

Each runs in one transaction and validates its input with clear French messages, so that a bad
territory code, theme code or date range never leaves anything half-saved.
"""

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from essaim.accounts.abilities import can_see_contacts
from essaim.catalog.adoption import adoptions_move
from essaim.catalog.history import HistoryEntry
from essaim.catalog.models import (
    Actor,
    ActorType,
    Attachment,
    Initiative,
    InitiativeTheme,
    InitiativeTransition,
    Public,
    Source,
    Status,
    Theme,
)
from essaim.catalog.periods import Precision
from essaim.catalog.workflow import can_transition
from essaim.core import file_types
from essaim.territories.models import Level, Territory


@dataclass(frozen=True)
class SourceData:
    """A report of an initiative, as received (provenance)."""

    kind: str
    url: str = ""
    publisher: str = ""
    title: str = ""
    published_on: dt.date | None = None
    raw_text: str = ""
    external_key: str | None = None


@dataclass(frozen=True)
class ActorData:
    name: str
    type_code: str
    territory: Territory | None = None


@dataclass
class InitiativeData:
    """Everything needed to create an initiative; codes are checked against the referentials."""

    title: str
    summary: str
    territory_level: str
    territory_code: str
    theme_codes: Sequence[str]
    public_codes: Sequence[str] = ()
    description: str = ""
    lead_actor: ActorData | None = None
    start_date: dt.date | None = None
    start_precision: str = Precision.DAY.value
    end_date: dt.date | None = None
    staff: str = ""
    budget: float | None = None
    funding: str = ""
    results: str = ""
    evidence_level: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    sources: Sequence[SourceData] = field(default_factory=tuple)
    partners: Sequence[ActorData] = ()


def territory_resolve(level: str, code: str) -> Territory:
    """The territory of a perimeter, or a French error naming the unknown code."""
    if level not in Level.values:
        raise ValidationError(f"Niveau de territoire inconnu : « {level} ».", code="unknown_level")
    if level == Level.NATIONAL:
        code = code or "FR"
    try:
        return Territory.objects.get(level=level, code=code)
    except Territory.DoesNotExist:
        label = Level(level).label.lower()
        raise ValidationError(
            f"Le territoire « {code} » ({label}) n'existe pas dans la géographie officielle.",
            code="unknown_territory",
        ) from None


def _resolve_codes(model, codes: Sequence[str], noun: str) -> list:
    found = {item.code: item for item in model.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        listed = ", ".join(f"« {code} »" for code in unknown)
        raise ValidationError(f"{noun} inconnue(s) dans la nomenclature : {listed}.", code="unknown_code")
    return [found[code] for code in dict.fromkeys(codes)]


def _check_dates(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end < start:
        raise ValidationError(
            f"La date de fin ({end:%d/%m/%Y}) précède la date de début ({start:%d/%m/%Y}).",
            code="end_before_start",
        )


def actor_get_or_create(data: ActorData) -> Actor:
    actor_type = _resolve_codes(ActorType, [data.type_code], "Type d'acteur")[0]
    actor, _ = Actor.objects.get_or_create(name=data.name, type=actor_type, territory=data.territory)
    return actor


def initiative_set_themes(*, initiative: Initiative, themes: Sequence[Theme]) -> None:
    """Replace the ordered themes; the first one is the primary theme."""
    if not themes:
        raise ValidationError("Indiquez au moins une thématique.", code="no_theme")
    # Row by row (a handful at most) so that the history records every removal and addition.
    for link in InitiativeTheme.objects.filter(initiative=initiative):
        link.delete()
    for position, theme in enumerate(themes):
        InitiativeTheme.objects.create(initiative=initiative, theme=theme, position=position)


def source_add(*, initiative: Initiative, data: SourceData) -> Source:
    """Attach a validated source; one already known by its external key is returned unchanged.

    A key already attached to another initiative is refused: the report would otherwise be lost.
    """
    if data.external_key:
        existing = Source.objects.filter(external_key=data.external_key).first()
        if existing is not None:
            if existing.initiative_id != initiative.pk:
                raise ValidationError(
                    f"La source « {data.external_key} » est déjà rattachée "
                    f"à l'initiative n° {existing.initiative_id}.",
                    code="source_elsewhere",
                )
            return existing
    source = Source(
        initiative=initiative,
        kind=data.kind,
        external_key=data.external_key,
        title=data.title[:300],
        url=data.url,
        publisher=data.publisher[:200],
        published_on=data.published_on,
        raw_text=data.raw_text,
    )
    source.full_clean()  # kind among the choices, URL with an http(s) scheme
    source.save()
    return source


@transaction.atomic
def initiative_create(*, data: InitiativeData, by=None, status: str = Status.DRAFT) -> Initiative:
    """Create an initiative with its themes, publics, actor and sources, all or nothing.

    `status` lets an import of already-reviewed data arrive submitted, qualified, published or
    archived; the lifecycle is walked step by step so that every transition is recorded.
    """
    if status not in _CREATABLE_STATUSES:
        raise ValidationError(f"Statut initial impossible : « {status} ».", code="invalid_status")
    territory = territory_resolve(data.territory_level, data.territory_code)
    themes = _resolve_codes(Theme, list(data.theme_codes), "Thématique")
    publics = _resolve_codes(Public, list(data.public_codes), "Public")
    _check_dates(data.start_date, data.end_date)
    if not data.title.strip() or not data.summary.strip():
        raise ValidationError("Le titre et le résumé sont obligatoires.", code="required")
    if not themes:
        raise ValidationError("Indiquez au moins une thématique.", code="no_theme")
    if not data.sources:
        raise ValidationError(
            "Indiquez au moins une source : tout ce qui est rapporté garde sa provenance.", code="no_source"
        )

    initiative = Initiative(
        title=data.title.strip(),
        summary=data.summary.strip(),
        description=data.description,
        territory=territory,
        lead_actor=actor_get_or_create(data.lead_actor) if data.lead_actor else None,
        start_date=data.start_date,
        start_precision=data.start_precision,
        end_date=data.end_date,
        staff=data.staff,
        budget=data.budget,
        funding=data.funding,
        results=data.results,
        contact_name=data.contact_name,
        contact_email=data.contact_email,
        contact_phone=data.contact_phone,
        status=Status.DRAFT,
        created_by=by,
    )
    if data.evidence_level:
        initiative.evidence_level = data.evidence_level
    initiative.full_clean()
    initiative.save()
    initiative_set_themes(initiative=initiative, themes=themes)
    initiative.publics.set(publics)
    initiative.partners.set([actor_get_or_create(partner) for partner in data.partners])
    for source in data.sources:
        source_add(initiative=initiative, data=source)
    InitiativeTransition.objects.create(initiative=initiative, from_status="", to_status=Status.DRAFT, by=by)
    if status != Status.DRAFT:
        _walk_to(initiative=initiative, status=status, by=by)
    return initiative


_CREATABLE_STATUSES = frozenset(
    {Status.DRAFT, Status.SUBMITTED, Status.QUALIFIED, Status.PUBLISHED, Status.ARCHIVED}
)


def _walk_to(*, initiative: Initiative, status: str, by) -> None:
    """Move a new initiative along the usual path up to `status` (imports of already-qualified data)."""
    path = [Status.SUBMITTED, Status.QUALIFIED, Status.PUBLISHED]
    if status == Status.ARCHIVED:
        initiative_transition(initiative=initiative, to_status=status, by=by)
        return
    for step in path[: path.index(status) + 1]:
        initiative_transition(initiative=initiative, to_status=step, by=by)


@transaction.atomic
def initiative_transition(*, initiative: Initiative, to_status: str, by=None, note: str = "") -> Initiative:
    """Change the status along the lifecycle, with one history row per change."""
    from_status = initiative.status
    if not can_transition(from_status, to_status):
        raise ValidationError(
            f"Impossible de passer une initiative du statut « {Status(from_status).label} » "
            f"au statut « {Status(to_status).label} ».",
            code="invalid_transition",
        )
    initiative.status = to_status
    fields = ["status", "updated_at"]
    if to_status == Status.PUBLISHED and initiative.published_at is None:
        initiative.published_at = timezone.now()
        fields.append("published_at")
    initiative.save(update_fields=fields)
    InitiativeTransition.objects.create(
        initiative=initiative, from_status=from_status, to_status=to_status, by=by, note=note
    )
    return initiative


def initiative_publish(*, initiative: Initiative, by=None) -> Initiative:
    return initiative_transition(initiative=initiative, to_status=Status.PUBLISHED, by=by)


# Text fields that a merge fills on the kept initiative when it has them empty.
_FILLABLE = ("description", "staff", "funding", "results", "contact_name", "contact_email", "contact_phone")


@transaction.atomic
def initiative_merge(*, target: Initiative, duplicate: Initiative, by=None, note: str = "") -> Initiative:
    """Merge `duplicate` into `target`: every source, link, attachment, theme, public, follow-up and
    adoption is kept.

    The duplicate stays in the database with status "merged" and a pointer to `target`, so that
    old links can redirect and the history says what happened.
    """
    if target.pk == duplicate.pk:
        raise ValidationError("Une initiative ne peut pas être fusionnée avec elle-même.", code="self_merge")
    if Status.MERGED in (target.status, duplicate.status):
        raise ValidationError("Une initiative déjà fusionnée ne peut plus l'être.", code="already_merged")

    moved = list(duplicate.sources.all())
    for source in moved:
        source.initiative = target
        source.save(update_fields=["initiative"])  # a history row per moved source
    duplicate.links.update(initiative=target)
    duplicate.attachments.update(initiative=target)
    duplicate.follow_ups.update(initiative=target)
    adoptions_move(duplicate=duplicate, target=target)
    target.publics.add(*duplicate.publics.all())
    target.partners.add(*duplicate.partners.all())
    known = list(target.theme_links.values_list("theme_id", flat=True))
    extra = [
        link.theme for link in duplicate.theme_links.select_related("theme") if link.theme_id not in known
    ]
    if extra:
        # The target keeps its own order (and primary theme); the duplicate's extra themes follow.
        ordered = sorted(Theme.objects.filter(pk__in=known), key=lambda theme: known.index(theme.pk)) + extra
        initiative_set_themes(initiative=target, themes=ordered)
    changed = [name for name in _FILLABLE if not getattr(target, name) and getattr(duplicate, name)]
    for name in changed:
        setattr(target, name, getattr(duplicate, name))
    if target.lead_actor_id is None and duplicate.lead_actor_id is not None:
        target.lead_actor_id = duplicate.lead_actor_id
        changed.append("lead_actor")
    if changed:
        target.save(update_fields=[*changed, "updated_at"])

    from_status = duplicate.status
    duplicate.status = Status.MERGED
    duplicate.merged_into = target
    duplicate.save(update_fields=["status", "merged_into", "updated_at"])
    InitiativeTransition.objects.create(
        initiative=duplicate,
        from_status=from_status,
        to_status=Status.MERGED,
        by=by,
        note=note
        or f"Fusionnée dans l'initiative n° {target.pk} ; sources déplacées : "
        + (", ".join(f"n° {source.pk}" for source in moved) or "aucune")
        + ".",
    )
    return target


# --- Documents of an initiative ------------------------------------------------------------------
# Stored privately (essaim.core.storage); visitors see a document only once an analyst consented
# (is_public) and while the initiative is published. Every consent change is in the history.

ATTACHMENT_MAX_SIZE = 10 * 1000 * 1000  # « 10 Mo », as for the contributions' attachments


def attachments_for(*, user, initiative: Initiative) -> list[Attachment]:
    """The documents of an initiative this person may see: all of them for the staff who see
    contacts, the public ones of a published initiative for everybody else."""
    documents = Attachment.objects.filter(initiative=initiative).order_by("added_at", "pk")
    if can_see_contacts(user):
        return list(documents)
    if initiative.status != Status.PUBLISHED:
        return []
    return list(documents.filter(is_public=True))


def attachment_get_for(*, user, initiative_pk: int, pk: int) -> Attachment | None:
    """One document of that initiative if this person may download it (None otherwise, so a
    private document is not even revealed)."""
    attachment = (
        Attachment.objects.select_related("initiative").filter(pk=pk, initiative_id=initiative_pk).first()
    )
    if attachment is None:
        return None
    if can_see_contacts(user):
        return attachment
    if attachment.is_public and attachment.initiative.status == Status.PUBLISHED:
        return attachment
    return None


def attachment_filename(attachment: Attachment) -> str:
    """The name a download is saved under: its title, with the extension of its real type."""
    kind = file_types.KINDS.get(attachment.content_type)
    if kind is None:  # a document stored before types were checked: keep its stored extension
        extension = attachment.file.name.rpartition(".")[2] if "." in attachment.file.name else ""
        kind = file_types.FileKind(attachment.content_type, extension or "bin", "document")
    return file_types.original_name(attachment.title, kind)


def attachment_add(*, initiative: Initiative, upload: UploadedFile, title: str = "", by=None) -> Attachment:
    """Check a document by its content and size, store it privately under a random name; it stays
    private until an analyst makes it public."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError("Ce fichier est vide.", code="empty")
    if size > ATTACHMENT_MAX_SIZE:
        raise ValidationError(
            f"Fichier trop volumineux ({file_types.size_text(size)} ; "
            f"{file_types.size_text(ATTACHMENT_MAX_SIZE)} au plus).",
            code="too_big",
        )
    try:
        kind = file_types.file_kind(upload)
    except file_types.FileRefused as refusal:
        raise ValidationError(refusal.message, code="file_type") from None
    name = file_types.original_name(upload.name or "", kind)
    attachment = Attachment(
        initiative=initiative,
        title=(title.strip() or name)[:200],
        content_type=kind.content_type,
        size=size,
        is_public=False,
    )
    attachment._history_user = by  # type: ignore[attr-defined]  # read by django-simple-history
    upload.seek(0)
    attachment.file.save(f"{secrets.token_hex(16)}.{kind.extension}", upload, save=False)
    try:
        with transaction.atomic():
            attachment.save()
    except Exception:
        attachment.file.delete(save=False)  # no orphan file for a row that was never written
        raise
    return attachment


@transaction.atomic
def attachment_set_public(*, attachment: Attachment, public: bool, by=None) -> Attachment:
    """Give (public=True) or withdraw (False) the consent to show a document to visitors; the
    change is recorded with who made it. Asking for the current state records nothing."""
    locked = Attachment.objects.select_for_update().get(pk=attachment.pk)
    if locked.is_public == public:
        return locked
    locked.is_public = public
    locked._history_user = by  # type: ignore[attr-defined]  # read by django-simple-history
    locked.save(update_fields=["is_public"])
    return locked


def attachment_delete(*, attachment: Attachment, by=None) -> None:
    """Remove a document (sent by mistake, or withdrawn by whoever sent it): its history records
    who removed it, and its file is erased once the removal is committed (not before: a rolled
    back removal keeps its file)."""
    with transaction.atomic():
        locked = Attachment.objects.select_for_update().filter(pk=attachment.pk).first()
        if locked is None:  # removed meanwhile by someone else
            return
        storage, name = locked.file.storage, locked.file.name
        locked._history_user = by  # type: ignore[attr-defined]  # read by django-simple-history
        locked.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))


def attachment_history(initiative: Initiative) -> list[HistoryEntry]:
    """What happened to the initiative's documents (added, made public or private, removed),
    newest first, in the shape of the initiative's history."""
    records = Attachment.history.filter(initiative_id=initiative.pk).select_related("history_user")
    last_public: dict[int, bool] = {}
    entries = []
    for record in records.order_by("history_date", "history_id"):
        by = str(record.history_user) if record.history_user else "système"
        what = ""
        if record.history_type == "+":
            what = f"Document ajouté : « {record.title} » ({'public' if record.is_public else 'privé'})"
        elif record.history_type == "-":
            what = f"Document retiré : « {record.title} »"
        elif last_public.get(record.id, record.is_public) != record.is_public:
            what = f"Document « {record.title} » rendu {'public' if record.is_public else 'privé'}"
        last_public[record.id] = record.is_public
        if what:
            entries.append(HistoryEntry(at=record.history_date, by=by, what=what))
    return sorted(entries, key=lambda entry: entry.at, reverse=True)

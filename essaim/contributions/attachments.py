"""Attachments of a contribution: type checked by content, size and count limits, private storage.

The type is read from the file's bytes (magic numbers; for the ZIP-based office formats, the
archive's members), never from its name or the browser's header: a renamed program is refused.
"""

from __future__ import annotations

import secrets
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from essaim.contributions.models import Contribution, ContributionAttachment, ContributionStatus
from essaim.core import file_types
from essaim.core.file_types import FileKind, size_text

MAX_SIZE = 10 * 1000 * 1000  # « 10 Mo »
MAX_FILES = 10


def file_kind(stream: IO[bytes]) -> FileKind:
    """The kind of the file, read from its content; ValidationError (French) when not accepted."""
    try:
        return file_types.file_kind(stream)
    except file_types.FileRefused as refusal:
        raise ValidationError(refusal.message) from None


def attachment_check(*, contribution: Contribution, upload: UploadedFile) -> FileKind:
    """Whether this file may be attached (draft, count, size, type); its kind, or ValidationError."""
    if contribution.status != ContributionStatus.DRAFT:
        raise ValidationError(
            "Cette contribution a été envoyée : ses pièces jointes ne peuvent plus changer."
        )
    if contribution.attachments.count() >= MAX_FILES:
        raise ValidationError(
            f"{MAX_FILES} pièces jointes au plus par contribution : "
            "supprimez-en une pour en ajouter une autre."
        )
    size = upload.size or 0
    if size > MAX_SIZE:
        raise ValidationError(f"Fichier trop volumineux ({size_text(size)} ; {size_text(MAX_SIZE)} au plus).")
    if size == 0:
        raise ValidationError("Ce fichier est vide.")
    return file_kind(upload)


def attachment_add(*, contribution: Contribution, upload: UploadedFile, by) -> ContributionAttachment:
    """Check and store a file under a random name in the private storage."""
    with transaction.atomic():
        locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
        kind = attachment_check(contribution=locked, upload=upload)
        attachment = ContributionAttachment(
            contribution=locked,
            original_name=file_types.original_name(upload.name or "", kind),
            content_type=kind.content_type,
            size=upload.size or 0,
            uploaded_by=by,
        )
        upload.seek(0)
        attachment.file.save(f"{secrets.token_hex(16)}.{kind.extension}", upload, save=False)
        try:
            attachment.save()
        except Exception:
            attachment.file.delete(save=False)
            raise
    return attachment


def attachment_delete(*, attachment: ContributionAttachment) -> None:
    """Remove an attachment of a draft, and its file once the deletion is committed."""
    if attachment.contribution.status != ContributionStatus.DRAFT:
        raise ValidationError(
            "Cette contribution a été envoyée : ses pièces jointes ne peuvent plus changer."
        )
    file = attachment.file
    storage, name = file.storage, file.name
    with transaction.atomic():
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))

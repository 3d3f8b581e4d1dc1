"""What a file really is, read from its bytes: pure (no Django), shared by every upload.

The type comes from the content (magic numbers; for the ZIP-based office formats, the archive's
members), never from the file's name or the browser's header: a renamed program is refused.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from typing import IO

# An office document of 10 Mo rarely holds more than a few hundred Mo once uncompressed; beyond,
# it is a zip bomb (or nothing anyone should open).
MAX_UNCOMPRESSED = 300 * 1000 * 1000
MAX_MEMBERS = 5000
HEAD_BYTES = 16

NOT_ALLOWED = "Ce fichier n'est pas un PDF, une image ou un document bureautique."
ZIP_BOMB = "Ce document compressé est anormal (trop volumineux une fois décompressé) : il est refusé."


class FileRefused(ValueError):
    """The file is not of an accepted kind; its message is French and may be shown as is."""

    def __init__(self, message: str = NOT_ALLOWED) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str
    label: str


PDF = FileKind("application/pdf", "pdf", "PDF")
PNG = FileKind("image/png", "png", "image PNG")
JPEG = FileKind("image/jpeg", "jpg", "image JPEG")
GIF = FileKind("image/gif", "gif", "image GIF")
WEBP = FileKind("image/webp", "webp", "image WebP")
DOCX = FileKind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "document Word"
)
XLSX = FileKind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "classeur Excel")
PPTX = FileKind(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pptx",
    "présentation PowerPoint",
)
ODT = FileKind("application/vnd.oasis.opendocument.text", "odt", "texte OpenDocument")
ODS = FileKind("application/vnd.oasis.opendocument.spreadsheet", "ods", "classeur OpenDocument")
ODP = FileKind("application/vnd.oasis.opendocument.presentation", "odp", "présentation OpenDocument")

_OPEN_DOCUMENT = {kind.content_type: kind for kind in (ODT, ODS, ODP)}
# OOXML: the main part that tells a Word document from a workbook or a presentation.
_OFFICE_PARTS = (("word/document.xml", DOCX), ("xl/workbook.xml", XLSX), ("ppt/presentation.xml", PPTX))
KINDS = {kind.content_type: kind for kind in (PDF, PNG, JPEG, GIF, WEBP, DOCX, XLSX, PPTX, ODT, ODS, ODP)}


def size_text(size: int) -> str:
    """« 12,3 Mo », « 850 ko »: how a file size is said in French."""
    if size >= 1000 * 1000:
        return f"{size / 1_000_000:.1f} Mo".replace(".", ",").replace(",0 Mo", " Mo")
    return f"{max(1, round(size / 1000))} ko"


def _zip_kind(stream: IO[bytes]) -> FileKind:
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise FileRefused from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS or sum(member.file_size for member in members) > MAX_UNCOMPRESSED:
            raise FileRefused(ZIP_BOMB)
        names = {member.filename for member in members}
        if "mimetype" in names:
            info = archive.getinfo("mimetype")
            if info.file_size <= 100:
                try:
                    declared = archive.read(info).decode("ascii", "replace").strip()
                except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
                    raise FileRefused from None
                if declared in _OPEN_DOCUMENT:
                    return _OPEN_DOCUMENT[declared]
        if "[Content_Types].xml" in names:
            for part, kind in _OFFICE_PARTS:
                if part in names:
                    return kind
    raise FileRefused


def file_kind(stream: IO[bytes]) -> FileKind:
    """The kind of the file, read from its content; FileRefused (French message) when not accepted."""
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        try:
            return _zip_kind(stream)
        finally:
            stream.seek(0)
    raise FileRefused


def original_name(name: str, kind: FileKind) -> str:
    """The name the person gave, without any folder, short enough, with a fitting extension."""
    base = os.path.basename((name or "").replace("\\", "/")).strip().strip(".") or "document"
    base = "".join(char for char in base if char.isprintable())
    stem, extension = os.path.splitext(base)
    if extension.lower().lstrip(".") not in {kind.extension, "jpeg" if kind is JPEG else kind.extension}:
        stem, extension = base, f".{kind.extension}"
    return f"{stem[: 200 - len(extension)]}{extension}"

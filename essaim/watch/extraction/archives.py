"""Zip-based documents (DOCX, ODT, XLSX, ODS) are checked before any library opens them."""

from __future__ import annotations

import io
import zipfile

from essaim.watch.extraction.base import ExtractionError

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # all members together
MAX_RATIO = 100  # uncompressed / compressed, for a member big enough to matter
RATIO_FLOOR = 1024 * 1024  # members smaller than this are never a bomb
MAX_MEMBERS = 10_000


def zip_check(content: bytes, *, label: str) -> None:
    """Refuse an archive that is not one, or that would inflate beyond reason (a zip bomb)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ExtractionError(f"Ce fichier {label} est endommagé ou n'en est pas un.") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise ExtractionError(f"Ce fichier {label} contient trop d'éléments pour être lu sans risque.")
        total = 0
        for member in members:
            total += member.file_size
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
                raise ExtractionError(
                    f"Ce fichier {label} se décompresse de façon anormale (bombe de décompression ?) : "
                    "il n'a pas été ouvert."
                )
        if total > MAX_UNCOMPRESSED:
            raise ExtractionError(
                f"Ce fichier {label} occuperait plus de {MAX_UNCOMPRESSED // (1024 * 1024)} Mo une fois "
                "décompressé : il n'a pas été ouvert."
            )

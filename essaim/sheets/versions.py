"""Versions of a fiche: every save is a new version (author, date); diff two versions; restore one.

A version is never rewritten. Saving or restoring sends the edition back to draft: what was
approved must be approved again once it changes.
"""

import difflib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from essaim.sheets.models import Sheet, SheetStatus, SheetTransition, SheetVersion
from essaim.sheets.richtext import html_text
from essaim.sheets.sanitize import html_clean
from essaim.sheets.sections import SECTION_CODES, SECTIONS

NOTHING_CHANGED = "Aucune modification : la fiche n'a pas changé depuis la dernière version."


def _version_add(
    *, sheet: Sheet, sections: dict[str, str], by, note: str, is_generated: bool
) -> SheetVersion:
    number = (sheet.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = SheetVersion.objects.create(
        sheet=sheet, number=number, sections=sections, author=by, note=note, is_generated=is_generated
    )
    previous = sheet.status
    sheet.current_version = version
    if previous != SheetStatus.DRAFT:
        # A change withdraws the edition from review (and any approval of it).
        sheet.status = SheetStatus.DRAFT
        sheet.approved_version = None
        SheetTransition.objects.create(
            sheet=sheet,
            from_status=previous,
            to_status=SheetStatus.DRAFT,
            version=version,
            by=by,
            note="Fiche modifiée : elle repasse en brouillon.",
        )
    sheet.save(update_fields=["current_version", "status", "approved_version"])
    return version


def sections_clean(sections: dict[str, str]) -> dict[str, str]:
    """Every known section, sanitised; unknown keys are ignored."""
    return {code: html_clean(sections.get(code, "")) for code in SECTION_CODES}


@transaction.atomic
def version_save(*, sheet: Sheet, sections: dict[str, str], by, note: str = "") -> SheetVersion:
    """Save an edition of the fiche as a new version, sanitised. Refused when nothing changed."""
    sheet = Sheet.objects.select_for_update().get(pk=sheet.pk)
    cleaned = sections_clean(sections)
    current = sheet.current_version
    if current is not None and current.sections == cleaned:
        raise ValidationError(NOTHING_CHANGED)
    return _version_add(sheet=sheet, sections=cleaned, by=by, note=note.strip()[:300], is_generated=False)


@transaction.atomic
def version_restore(*, sheet: Sheet, version: SheetVersion, by) -> SheetVersion:
    """Bring back an older version's content as a new version (history is never rewritten)."""
    sheet = Sheet.objects.select_for_update().get(pk=sheet.pk)
    if version.sheet_id != sheet.pk:
        raise ValidationError("Cette version appartient à une autre fiche.")
    if sheet.current_version_id == version.pk or (
        sheet.current_version is not None and sheet.current_version.sections == version.sections
    ):
        raise ValidationError("Cette version est déjà le contenu actuel de la fiche.")
    return _version_add(
        sheet=sheet,
        sections=dict(version.sections),
        by=by,
        note=f"Restauration de la version {version.number}",
        is_generated=version.is_generated,
    )


@dataclass(frozen=True)
class DiffLine:
    """One line of a section's diff: « ajouté », « supprimé » or « inchangé »."""

    kind: str
    text: str

    @property
    def label(self) -> str:
        return {"added": "Ajouté", "removed": "Supprimé", "same": "Inchangé"}[self.kind]


@dataclass(frozen=True)
class SectionDiff:
    code: str
    title: str
    lines: tuple[DiffLine, ...]

    @property
    def changed(self) -> bool:
        return any(line.kind != "same" for line in self.lines)


def text_diff(old: str, new: str) -> tuple[DiffLine, ...]:
    """Line-by-line diff of two texts (difflib), readable as added / removed / unchanged lines."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lines.extend(DiffLine("same", text) for text in old_lines[i1:i2])
            continue
        lines.extend(DiffLine("removed", text) for text in old_lines[i1:i2])
        lines.extend(DiffLine("added", text) for text in new_lines[j1:j2])
    return tuple(lines)


def versions_diff(old: SheetVersion, new: SheetVersion) -> list[SectionDiff]:
    """The differences between two versions, section by section (on their text)."""
    return [
        SectionDiff(
            code=code,
            title=title,
            lines=text_diff(html_text(old.sections.get(code, "")), html_text(new.sections.get(code, ""))),
        )
        for code, title in SECTIONS
    ]

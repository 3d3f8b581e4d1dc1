"""The lifecycle of a fiche action: created as a generated draft for a selected initiative, then
draft → in review → approved (by a second person) → published, with a history row per step."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from essaim.catalog.models import Initiative
from essaim.review.models import Decision, Outcome
from essaim.sheets.drafting import draft_sections
from essaim.sheets.models import Sheet, SheetStatus, SheetTransition, SheetVersion

GENERATED_NOTE = "Brouillon généré automatiquement"
SELF_APPROVAL = (
    "Vous avez rédigé ou soumis cette fiche : elle doit être relue et approuvée par une autre personne."
)


def is_selected(initiative: Initiative) -> bool:
    """A fiche is written only for an initiative whose selection decision is « retenue »."""
    return Decision.objects.filter(entry__initiative=initiative, outcome=Outcome.SELECTED).exists()


def _move(sheet: Sheet, to_status: str, *, by, note: str = "") -> None:
    SheetTransition.objects.create(
        sheet=sheet,
        from_status=sheet.status,
        to_status=to_status,
        version=sheet.current_version,
        by=by,
        note=note,
    )
    sheet.status = to_status


def _locked(sheet: Sheet) -> Sheet:
    return Sheet.objects.select_for_update(of=("self",)).select_related("current_version").get(pk=sheet.pk)


@transaction.atomic
def sheet_create(*, initiative: Initiative, by) -> Sheet:
    """Create the fiche of a selected initiative with its automatically generated first draft."""
    if not is_selected(initiative):
        raise ValidationError("Une fiche action ne se rédige que pour une initiative retenue.")
    if Sheet.objects.filter(initiative=initiative).exists():
        raise ValidationError("Cette initiative a déjà sa fiche action.")
    sheet = Sheet.objects.create(initiative=initiative, created_by=by)
    version = SheetVersion.objects.create(
        sheet=sheet,
        number=1,
        sections=draft_sections(initiative),
        author=by,
        note=GENERATED_NOTE,
        is_generated=True,
    )
    sheet.current_version = version
    sheet.save(update_fields=["current_version"])
    SheetTransition.objects.create(
        sheet=sheet, to_status=SheetStatus.DRAFT, version=version, by=by, note=GENERATED_NOTE
    )
    return sheet


def sheet_authors(sheet: Sheet) -> set[int]:
    """Who wrote this fiche (any version they edited) or asked for its review: they may not approve it."""
    authors = set(
        sheet.versions.filter(is_generated=False, author__isnull=False).values_list("author_id", flat=True)
    )
    submitters = sheet.transitions.filter(to_status=SheetStatus.IN_REVIEW, by__isnull=False)
    authors.update(submitters.values_list("by_id", flat=True))
    return authors


@transaction.atomic
def sheet_submit(*, sheet: Sheet, by) -> Sheet:
    """Ask for a second person's review."""
    sheet = _locked(sheet)
    if sheet.status != SheetStatus.DRAFT:
        raise ValidationError("Seule une fiche en brouillon peut être soumise à la relecture.")
    if sheet.current_version is None or sheet.current_version.is_generated:
        raise ValidationError(
            "Le brouillon généré automatiquement doit être relu et modifié "
            "avant d'être soumis à la relecture."
        )
    _move(sheet, SheetStatus.IN_REVIEW, by=by)
    sheet.save(update_fields=["status"])
    return sheet


@transaction.atomic
def sheet_approve(*, sheet: Sheet, by, note: str = "") -> Sheet:
    """Approve the edition under review; never by its author."""
    sheet = _locked(sheet)
    if sheet.status != SheetStatus.IN_REVIEW:
        raise ValidationError("Seule une fiche en relecture peut être approuvée.")
    if by is None or by.pk in sheet_authors(sheet):
        raise ValidationError(SELF_APPROVAL)
    _move(sheet, SheetStatus.APPROVED, by=by, note=note.strip())
    sheet.approved_version = sheet.current_version
    sheet.save(update_fields=["status", "approved_version"])
    return sheet


@transaction.atomic
def sheet_request_changes(*, sheet: Sheet, by, note: str) -> Sheet:
    """Send the edition under review back to its authors, saying what to change."""
    sheet = _locked(sheet)
    if sheet.status != SheetStatus.IN_REVIEW:
        raise ValidationError("Seule une fiche en relecture peut être renvoyée en rédaction.")
    if not note.strip():
        raise ValidationError({"note": "Indiquez ce qui doit être repris."})
    _move(sheet, SheetStatus.DRAFT, by=by, note=note.strip())
    sheet.save(update_fields=["status"])
    return sheet


@transaction.atomic
def sheet_publish(*, sheet: Sheet, by) -> Sheet:
    """Publish the approved edition on the portal (it replaces the previously published one)."""
    sheet = _locked(sheet)
    if sheet.status != SheetStatus.APPROVED or sheet.approved_version_id is None:
        raise ValidationError("Seule une fiche approuvée peut être publiée.")
    if not is_selected(sheet.initiative):
        raise ValidationError("L'initiative n'est plus retenue : sa fiche ne peut pas être publiée.")
    _move(sheet, SheetStatus.PUBLISHED, by=by)
    sheet.published_version = sheet.approved_version
    sheet.published_at = timezone.now()
    sheet.save(update_fields=["status", "published_version", "published_at"])
    return sheet

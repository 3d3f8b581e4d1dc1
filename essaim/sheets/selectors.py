"""Reads of fiches action: what the public sees (published fiches of published initiatives), what
the staff see (every fiche, the edition in progress), and which selected initiatives still need one."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from essaim.catalog.models import Initiative, InitiativeTheme, Status
from essaim.review.models import Outcome
from essaim.sheets.models import Sheet, SheetStatus, SheetVersion
from essaim.sheets.permissions import can_see_sheet_drafts


def _with_relations(queryset: QuerySet[Sheet]) -> QuerySet[Sheet]:
    return queryset.select_related(
        "initiative__territory__departement",
        "initiative__territory__region",
        "current_version__author",
        "published_version",
        "approved_version",
    )


def sheets_published() -> QuerySet[Sheet]:
    """What every visitor may read: a published edition of a fiche whose initiative is public."""
    return _with_relations(
        Sheet.objects.filter(published_version__isnull=False, initiative__status=Status.PUBLISHED)
    ).order_by("-published_at", "-pk")


def sheets_in_progress() -> QuerySet[Sheet]:
    """Every fiche whose current edition is not the published one (staff)."""
    return _with_relations(Sheet.objects.exclude(status=SheetStatus.PUBLISHED)).order_by("-created_at", "-pk")


def sheet_get_for(*, user, pk: int) -> Sheet:
    """One fiche if this person may read it (404 otherwise: drafts are not even revealed)."""
    queryset = _with_relations(Sheet.objects.all()) if can_see_sheet_drafts(user) else sheets_published()
    try:
        return queryset.get(pk=pk)
    except Sheet.DoesNotExist as missing:
        raise Http404("Fiche action introuvable.") from missing


def sheet_version_for(*, user, sheet: Sheet) -> SheetVersion:
    """The edition this person reads: the one in progress for staff, the published one otherwise."""
    if can_see_sheet_drafts(user) and sheet.current_version is not None:
        return sheet.current_version
    if sheet.published_version is None:
        raise Http404("Fiche action introuvable.")
    return sheet.published_version


def initiatives_awaiting_sheet() -> QuerySet[Initiative]:
    """Selected initiatives (decision « retenue ») that have no fiche yet."""
    return (
        Initiative.objects.filter(shortlisting__decision__outcome=Outcome.SELECTED, sheet__isnull=True)
        .select_related("territory")
        .order_by("title")
    )


def initiatives_for_annex() -> QuerySet[Initiative]:
    """Every published initiative with what the directory's annex shows (territory, lead actor, themes)."""
    return (
        Initiative.objects.filter(status=Status.PUBLISHED)
        .select_related("territory__departement", "lead_actor")
        .prefetch_related(Prefetch("theme_links", queryset=InitiativeTheme.objects.select_related("theme")))
        .order_by("title", "pk")
    )


def sheets_for_booklet() -> list[Sheet]:
    """The published fiches of the booklet, in title order (the order of its table of contents)."""
    return sorted(sheets_published(), key=lambda sheet: (sheet.initiative.title.casefold(), sheet.pk))

"""Fiche pages: public list and reading (published only), staff editing, versions, review, exports.

Thin views: every write is a service of `workflow` or `versions`, every read a selector.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from essaim.accounts.decorators import ability_required
from essaim.catalog.adoption import adopters_of
from essaim.catalog.models import Initiative
from essaim.jobs.shortcuts import prepared_file_or_job
from essaim.sheets import jobs, selectors, workflow
from essaim.sheets.exports.document import sheet_document
from essaim.sheets.forms import HELP, ReviewNoteForm, SheetEditForm
from essaim.sheets.models import SheetVersion
from essaim.sheets.permissions import can_publish_sheets, can_see_sheet_drafts, can_write_sheets
from essaim.sheets.sections import DRAFT_MARKER, SECTIONS
from essaim.sheets.versions import version_restore, version_save, versions_diff

TRANSITIONS: dict[str, tuple[Callable[..., object], Callable[..., bool], str]] = {
    "submit": (workflow.sheet_submit, can_write_sheets, "La fiche est soumise à la relecture."),
    "approve": (workflow.sheet_approve, can_write_sheets, "La fiche est approuvée."),
    "request_changes": (
        workflow.sheet_request_changes,
        can_write_sheets,
        "La fiche est renvoyée en rédaction.",
    ),
    "publish": (workflow.sheet_publish, can_publish_sheets, "La fiche est publiée sur le portail."),
}


def _allowed(check: Callable[..., bool]):
    return ability_required(
        check, refusal="Cette action est réservée à l'équipe qui rédige les fiches action."
    )


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_GET
def sheet_list(request: HttpRequest) -> HttpResponse:
    """Published fiches for everybody; fiches in progress and selected initiatives without one for staff."""
    context: dict[str, object] = {"sheets": list(selectors.sheets_published())}
    if can_see_sheet_drafts(request.user):
        context["in_progress"] = list(selectors.sheets_in_progress())
    if can_write_sheets(request.user):
        context["awaiting"] = list(selectors.initiatives_awaiting_sheet())
    return render(request, "sheets/sheet_list.html", context)


@require_POST
@_allowed(can_write_sheets)
def sheet_create_view(request: HttpRequest, initiative_id: int) -> HttpResponse:
    initiative = get_object_or_404(Initiative, pk=initiative_id)
    try:
        sheet = workflow.sheet_create(initiative=initiative, by=request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect("sheets:list")
    messages.success(request, "Le brouillon de la fiche a été généré : relisez-le et complétez-le.")
    return redirect(sheet)


@require_GET
def sheet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = selectors.sheet_get_for(user=request.user, pk=pk)
    version = selectors.sheet_version_for(user=request.user, sheet=sheet)
    staff = can_see_sheet_drafts(request.user)
    context = {
        "sheet": sheet,
        "version": version,
        "sections": [(code, title, version.sections.get(code, "")) for code, title in SECTIONS],
        "marker": DRAFT_MARKER if version.is_generated else "",
        "adopters": list(adopters_of(sheet.initiative, user=request.user)),
        "staff": staff,
        "can_write": can_write_sheets(request.user),
        "can_publish": can_publish_sheets(request.user),
        "transitions": list(sheet.transitions.select_related("by", "version")[:20]) if staff else [],
        "review_form": ReviewNoteForm(),
    }
    return render(request, "sheets/sheet_detail.html", context)


@require_http_methods(["GET", "POST"])
@_allowed(can_write_sheets)
def sheet_edit(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = selectors.sheet_get_for(user=request.user, pk=pk)
    current = sheet.current_version
    initial = dict(current.sections) if current else {}
    form = SheetEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        sections = {code: form.cleaned_data[code] for code, _ in SECTIONS}
        try:
            version = version_save(
                sheet=sheet, sections=sections, by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"Version {version.number} enregistrée.")
            return redirect(sheet)
    status = 400 if request.method == "POST" else 200
    context = {
        "sheet": sheet,
        "form": form,
        "help": HELP,
        "marker": DRAFT_MARKER if current and current.is_generated else "",
    }
    return render(request, "sheets/sheet_edit.html", context, status=status)


@require_GET
@_allowed(can_see_sheet_drafts)
def sheet_versions(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = selectors.sheet_get_for(user=request.user, pk=pk)
    versions = list(sheet.versions.select_related("author"))
    return render(
        request,
        "sheets/sheet_versions.html",
        {"sheet": sheet, "versions": versions, "can_write": can_write_sheets(request.user)},
    )


@require_GET
@_allowed(can_see_sheet_drafts)
def sheet_diff(request: HttpRequest, pk: int) -> HttpResponse:
    """Compare two versions (`?de=<n°>&a=<n°>`), section by section."""
    sheet = selectors.sheet_get_for(user=request.user, pk=pk)
    try:
        old_number, new_number = int(request.GET.get("de", "")), int(request.GET.get("a", ""))
    except ValueError as bad:
        raise Http404("Choisissez deux versions à comparer.") from bad
    old = get_object_or_404(SheetVersion.objects.select_related("author"), sheet=sheet, number=old_number)
    new = get_object_or_404(SheetVersion.objects.select_related("author"), sheet=sheet, number=new_number)
    diff = versions_diff(old, new)
    return render(
        request,
        "sheets/sheet_diff.html",
        {"sheet": sheet, "old": old, "new": new, "diff": diff, "changed": any(part.changed for part in diff)},
    )


@require_POST
@_allowed(can_write_sheets)
def sheet_restore(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    sheet = selectors.sheet_get_for(user=request.user, pk=pk)
    version = get_object_or_404(SheetVersion, sheet=sheet, number=number)
    try:
        restored = version_restore(sheet=sheet, version=version, by=request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect("sheets:versions", pk=sheet.pk)
    messages.success(request, f"La version {number} est restaurée (nouvelle version {restored.number}).")
    return redirect(sheet)


@require_POST
def sheet_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    service, check, done = TRANSITIONS[action]
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not check(request.user):
        raise PermissionDenied("Cette action est réservée à l'équipe qui rédige les fiches action.")
    sheet = selectors.sheet_get_for(user=request.user, pk=pk)
    extra = {"note": request.POST.get("note", "")} if action in {"approve", "request_changes"} else {}
    try:
        service(sheet=sheet, by=request.user, **extra)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, done)
    return redirect(sheet)


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


@require_GET
def sheet_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The fiche as PDF, DOCX or ODT: the published edition for visitors, the current one for staff."""
    sheet = selectors.sheet_get_for(user=request.user, pk=pk)
    version = selectors.sheet_version_for(user=request.user, sheet=sheet)
    document = sheet_document(sheet, version, permalink=request.build_absolute_uri(sheet.get_absolute_url()))
    # The export libraries (WeasyPrint loads Pango) are imported only when an export is asked for.
    if fmt == "pdf":
        from essaim.sheets.exports.pdf import sheet_pdf

        content = sheet_pdf(document, base_url=request.build_absolute_uri("/"))
    elif fmt == "docx":
        from essaim.sheets.exports.docx import sheet_docx

        content = sheet_docx(document)
    else:
        from essaim.sheets.exports.odt import sheet_odt

        content = sheet_odt(document)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{document.filename}.{fmt}"'
    if version.pk != sheet.published_version_id:
        response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def sheet_booklet(request: HttpRequest) -> HttpResponse:
    """The booklet of every published fiche (published editions only, for everybody): served at
    once when already made, else made in the background while its page shows the progress."""
    base_url = request.build_absolute_uri("/")
    return prepared_file_or_job(
        request,
        kind=jobs.BOOKLET,
        key=jobs.booklet_key(base_url=base_url),
        label="Livret des fiches action (PDF)",
        params={"base_url": base_url},
        is_public=True,
    )


@require_GET
def directory_annex(request: HttpRequest, fmt: str) -> HttpResponse:
    """The directory's annex (published initiatives by theme then département): CSV at once; PDF,
    XLSX and ODS made in the background (a few seconds to minutes for a large directory)."""
    from essaim.sheets.exports import annex

    if fmt == "csv":
        response = HttpResponse(
            annex.annex_csv(annex.annex_rows(selectors.initiatives_for_annex())),
            content_type=CONTENT_TYPES[fmt],
        )
        response["Content-Disposition"] = 'attachment; filename="annexe-initiatives.csv"'
        return response
    base_url = request.build_absolute_uri("/")
    return prepared_file_or_job(
        request,
        kind=jobs.ANNEX,
        key=jobs.annex_key(fmt, base_url=base_url),
        label=jobs.ANNEX_LABELS[fmt],
        params={"format": fmt, "base_url": base_url},
        is_public=True,
    )

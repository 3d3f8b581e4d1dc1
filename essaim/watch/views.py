"""The watch's sources pages (analysts): thin views over `sources.py`, `jobs.py` and the selectors."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from essaim.accounts.abilities import can_manage_inbox
from essaim.accounts.decorators import ability_required
from essaim.core.file_types import size_text
from essaim.core.forms import errors_report
from essaim.watch.extraction import ExtractionError
from essaim.watch.forms import MappingForm, SourceForm
from essaim.watch.jobs import source_run_request
from essaim.watch.models import Document, Source, SourceKind
from essaim.watch.selectors import runs_of, sources_listed
from essaim.watch.sources import (
    MAX_UPLOAD_BYTES,
    mapping_current,
    mapping_save,
    source_headers,
    source_save,
)


def _allowed(check: Callable[..., bool]):
    return ability_required(check, refusal="Cette page est réservée aux analystes.")


@require_GET
@_allowed(can_manage_inbox)
def source_list(request: HttpRequest) -> HttpResponse:
    sources = list(sources_listed())
    return render(
        request,
        "watch/source_list.html",
        {"sources": sources, "broken": sum(1 for source in sources if source.is_broken)},
    )


def _save(request: HttpRequest, form: SourceForm, source: Source) -> Source | None:
    data = form.cleaned_data
    source.name = data["name"]
    if source.pk is None:
        source.kind = data["kind"]
        source.owner = request.user
    source.url = data.get("url") or ""
    source.schedule = data["schedule"]
    source.is_active = data["is_active"]
    upload = data.get("file")
    if upload is not None and upload.size > MAX_UPLOAD_BYTES:
        # Refused on its announced size, before it is read into memory.
        form.add_error("file", f"Ce fichier dépasse {size_text(MAX_UPLOAD_BYTES)}.")
        return None
    try:
        if upload is not None:
            return source_save(source, file_name=upload.name, file_content=upload.read())
        return source_save(source)
    except ValidationError as error:
        errors_report(form, error)
        return None


def _after_save(request: HttpRequest, source: Source, *, new_file: bool) -> HttpResponse:
    if source.kind == SourceKind.SPREADSHEET and new_file and not source.mapping:
        messages.info(request, "Vérifiez la correspondance des colonnes avant d'importer le tableau.")
        return redirect("watch:mapping", pk=source.pk)
    if new_file or source.last_run_at is None:
        job, _ = source_run_request(source, user=request.user)
        messages.success(request, f"Source « {source.name} » enregistrée : son exécution est lancée.")
        return redirect("jobs:detail", pk=job.pk)
    messages.success(request, f"Source « {source.name} » enregistrée.")
    return redirect("watch:detail", pk=source.pk)


@require_http_methods(["GET", "POST"])
@_allowed(can_manage_inbox)
def source_create(request: HttpRequest) -> HttpResponse:
    form = SourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        source = _save(request, form, Source())
        if source is not None:
            return _after_save(request, source, new_file=bool(source.file))
    return render(request, "watch/source_form.html", {"form": form, "source": None})


@require_http_methods(["GET", "POST"])
@_allowed(can_manage_inbox)
def source_edit(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    initial = {
        "name": source.name,
        "kind": source.kind,
        "url": source.url,
        "schedule": source.schedule,
        "is_active": source.is_active,
    }
    form = SourceForm(request.POST or None, request.FILES or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        new_file = form.cleaned_data.get("file") is not None
        saved = _save(request, form, source)
        if saved is not None:
            return _after_save(request, saved, new_file=new_file)
    return render(request, "watch/source_form.html", {"form": form, "source": source})


@require_GET
@_allowed(can_manage_inbox)
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source.objects.select_related("owner"), pk=pk)
    mapping: list[str] = []
    if source.kind == SourceKind.SPREADSHEET and source.file:
        try:
            mapping = mapping_current(source).describe()
        except (ExtractionError, OSError):
            mapping = []  # the file is unreadable: its runs say why
    return render(
        request,
        "watch/source_detail.html",
        {
            "source": source,
            "runs": runs_of(source),
            "documents": list(source.documents.all()[:20]),
            "mapping": mapping,
        },
    )


@require_POST
@_allowed(can_manage_inbox)
def source_run_view(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    job, created = source_run_request(source, user=request.user, force=request.POST.get("relire") == "1")
    if not created:
        messages.info(request, "Cette source est déjà en cours d'exécution : voici son avancement.")
    return redirect("jobs:detail", pk=job.pk)


@require_http_methods(["GET", "POST"])
@_allowed(can_manage_inbox)
def source_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk, kind=SourceKind.SPREADSHEET)
    try:
        headers = source_headers(source)
        current = mapping_current(source)
    except (ExtractionError, OSError) as error:
        messages.error(request, f"Le fichier de cette source ne peut pas être lu : {error}")
        return redirect("watch:detail", pk=source.pk)
    form = MappingForm(request.POST or None, headers=headers, initial_columns=current.columns)
    if request.method == "POST" and form.is_valid():
        try:
            mapping_save(source, form.columns())
        except ValidationError as error:
            errors_report(form, error)
        else:
            job, _ = source_run_request(source, user=request.user, force=True)
            messages.success(request, "Correspondance des colonnes enregistrée : l'import est lancé.")
            return redirect("jobs:detail", pk=job.pk)
    return render(
        request,
        "watch/source_mapping.html",
        {
            "source": source,
            "form": form,
            "headers": headers,
            "guessed": current.guessed if not source.mapping else [],
        },
    )


@require_GET
@_allowed(can_manage_inbox)
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document.objects.select_related("source"), pk=pk)
    return render(
        request,
        "watch/document_detail.html",
        {
            "document": document,
            "entries": list(document.entries.all()[:200]),
            "inbox_url": reverse("inbox:list"),
        },
    )

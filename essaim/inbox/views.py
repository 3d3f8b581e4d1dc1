"""The analysts' inbox (/veille/): thin views over the selectors and the decision services."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from essaim.accounts.abilities import can_manage_inbox
from essaim.accounts.decorators import ability_required
from essaim.catalog.models import Initiative, Theme
from essaim.core.forms import errors_report
from essaim.inbox import selectors
from essaim.inbox.decisions import (
    MERGE_FIELDS,
    accept_defaults,
    candidate_accept,
    candidate_merge,
    candidate_reject,
    candidate_values,
    candidates_decide,
    initiative_values,
    merge_choices,
)
from essaim.inbox.forms import AcceptForm, BulkForm, MergeForm, RejectForm
from essaim.inbox.models import Candidate, CandidateStatus, Origin

PAGE_SIZE = 50
BULK_MAX = 200

# Model fields a form edits under another name: their errors go to that field.
_RENAMED = {"territory": "territory_code"}


def _allowed(check: Callable[..., bool]):
    return ability_required(check, refusal="La veille est réservée aux analystes.")


def _already_decided(request: HttpRequest, error: ValidationError) -> bool:
    if getattr(error, "code", None) == "already_decided":
        messages.error(request, error.messages[0])
        return True
    return False


@require_GET
@_allowed(can_manage_inbox)
def candidate_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.InboxFilters.from_params(request.GET.get)
    page = Paginator(selectors.candidates_filtered(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "inbox/list.html",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "counts": selectors.pending_counts(),
            "origins": Origin.choices,
            "statuses": [*CandidateStatus.choices, (selectors.ALL, "Tous les statuts")],
            "campaigns": selectors.campaigns(),
            "themes": Theme.objects.filter(is_active=True).values_list("code", "label"),
            "bulk_form": BulkForm(),
        },
    )


def _detail(
    request: HttpRequest,
    candidate: Candidate,
    *,
    accept_form: AcceptForm | None = None,
    reject_form: RejectForm | None = None,
    status: int = 200,
) -> HttpResponse:
    filters = selectors.InboxFilters.from_params(request.GET.get)
    previous, following = selectors.neighbours(candidate, filters)
    targets = selectors.duplicate_targets(candidate)
    suggestions = {
        "territory": None,
        "themes": [],
        "publics": [],
        "actor_type": None,
        **(candidate.suggestions or {}),
    }
    duplicates = [
        {**item, "initiative": targets.get(item["id"]) if item["kind"] == "initiative" else None}
        for item in suggestions.get("duplicates", [])
    ]
    if accept_form is None:
        accept_form = AcceptForm(initial=AcceptForm.initial_from(accept_defaults(candidate)))
    return render(
        request,
        "inbox/detail.html",
        {
            "candidate": candidate,
            "suggestions": suggestions,
            "actor_types": [suggestions["actor_type"]] if suggestions.get("actor_type") else [],
            "duplicates": duplicates,
            "accept_form": accept_form,
            "reject_form": reject_form or RejectForm(),
            "previous": previous,
            "following": following,
            "query": request.GET.urlencode(),
        },
        status=status,
    )


@require_GET
@_allowed(can_manage_inbox)
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.candidate_get(pk)
    wanted = request.GET.get("fusionner", "").strip().lstrip("n°").strip()
    if wanted:  # "merge into initiative n° …", for a duplicate the engine did not point out
        if wanted.isdigit() and Initiative.objects.filter(pk=int(wanted)).exists():
            return redirect("inbox:merge", pk=candidate.pk, initiative_id=int(wanted))
        messages.error(request, f"Aucune initiative n° {wanted[:20]} dans le répertoire.")
    return _detail(request, candidate)


@require_http_methods(["GET", "POST"])
@_allowed(can_manage_inbox)
def candidate_accept_view(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.candidate_get(pk)
    if request.method == "GET":
        return _detail(request, candidate)
    form = AcceptForm(request.POST)
    if form.is_valid():
        try:
            initiative = candidate_accept(
                candidate=candidate, by=request.user, edits=form.edits(), publish=form.cleaned_data["publish"]
            )
        except ValidationError as error:
            if _already_decided(request, error):
                return redirect("inbox:detail", pk=candidate.pk)
            errors_report(form, error, _RENAMED)
        else:
            verb = "acceptée et publiée" if initiative.is_published else "acceptée (qualifiée)"
            messages.success(request, f"Initiative n° {initiative.pk} {verb} : « {initiative.title} ».")
            return redirect(_next_url(request, candidate))
    return _detail(request, candidate, accept_form=form, status=400)


@require_http_methods(["GET", "POST"])
@_allowed(can_manage_inbox)
def candidate_reject_view(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.candidate_get(pk)
    if request.method == "GET":
        return _detail(request, candidate)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            candidate_reject(candidate=candidate, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            if _already_decided(request, error):
                return redirect("inbox:detail", pk=candidate.pk)
            errors_report(form, error, _RENAMED)
        else:
            messages.success(request, f"Candidat « {candidate.title} » rejeté.")
            return redirect(_next_url(request, candidate))
    return _detail(request, candidate, reject_form=form, status=400)


@require_http_methods(["GET", "POST"])
@_allowed(can_manage_inbox)
def candidate_merge_view(request: HttpRequest, pk: int, initiative_id: int) -> HttpResponse:
    candidate = selectors.candidate_get(pk)
    initiative = get_object_or_404(
        Initiative.objects.select_related("territory", "lead_actor__type"), pk=initiative_id
    )
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            candidate_merge(
                candidate=candidate,
                target=initiative,
                by=request.user,
                take=merge_choices(form.cleaned_data),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            if _already_decided(request, error):
                return redirect("inbox:detail", pk=candidate.pk)
            errors_report(form, error, _RENAMED)
        else:
            messages.success(
                request, f"Candidat fusionné dans l'initiative n° {initiative.pk} « {initiative.title} »."
            )
            return redirect(_next_url(request, candidate))
    ours, theirs = candidate_values(candidate), initiative_values(initiative)
    rows = [
        {
            "name": name,
            "label": label,
            "candidate": ours[name],
            "initiative": theirs[name],
            "field": form[name],
            # Only what the candidate has, and says otherwise, can be taken from it.
            "pickable": ours[name] not in ("", None) and ours[name] != theirs[name],
        }
        for name, label in MERGE_FIELDS
    ]
    return render(
        request,
        "inbox/merge.html",
        {"candidate": candidate, "initiative": initiative, "rows": rows, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@_allowed(can_manage_inbox)
def bulk(request: HttpRequest) -> HttpResponse:
    form = BulkForm(request.POST)
    ids = [int(value) for value in request.POST.getlist("ids") if value.isdigit()][:BULK_MAX]
    back = reverse("inbox:list") + (f"?{request.POST['query']}" if request.POST.get("query") else "")
    if not form.is_valid():
        messages.error(request, "Choisissez une action groupée.")
        return redirect(back)
    if not ids:
        messages.error(request, "Cochez au moins un candidat.")
        return redirect(back)
    action = form.cleaned_data["action"]
    candidates = Candidate.objects.filter(pk__in=ids).order_by("pk")
    try:
        report = candidates_decide(
            candidates=candidates,
            action="reject" if action == "reject" else "accept",
            by=request.user,
            reason=form.cleaned_data["reason"],
            publish=action == "accept_publish",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    if report.done:
        verb = "rejeté(s)" if action == "reject" else "accepté(s)"
        messages.success(request, f"{len(report.done)} candidat(s) {verb}.")
    for candidate, reason in report.failed:
        messages.error(request, f"« {candidate.title} » : {reason}")
    return redirect(back)


def _next_url(request: HttpRequest, candidate: Candidate) -> str:
    """After a decision: the next candidate of the queue, or the list."""
    query = request.GET.urlencode()
    filters = selectors.InboxFilters.from_params(request.GET.get)
    following = (
        selectors.candidates_filtered(filters).exclude(pk=candidate.pk).values_list("pk", flat=True).first()
    )
    suffix = f"?{query}" if query else ""
    if following is None:
        return reverse("inbox:list") + suffix
    return reverse("inbox:detail", kwargs={"pk": following}) + suffix

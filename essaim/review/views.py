"""Selection pages (staff): thin views over the shortlist, scoring, aggregation and decision services."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from essaim.accounts.abilities import can_assess, can_manage_selection
from essaim.accounts.decorators import ability_required
from essaim.catalog import selectors as catalog
from essaim.core.forms import errors_report
from essaim.review import exports, ranking_page
from essaim.review.decisions import (
    contributor_message_write,
    decision_history,
    decision_record,
    reconciliation_record,
)
from essaim.review.forms import (
    AssessmentForm,
    ContributorMessageForm,
    DecisionForm,
    ExpertsForm,
    ReconciliationForm,
)
from essaim.review.models import Criterion, Outcome, ShortlistEntry
from essaim.review.scoring import assessment_save, other_assessments, others_visible_to
from essaim.review.selectors import assessment_of, assignments_of, entry_aggregate, entry_get
from essaim.review.shortlist import assignments_set, shortlist_add
from essaim.review.versions import grid_criteria
from essaim.search import service as search_service
from essaim.search.filters import SearchFilters

SEARCH_PAGE_SIZE = 20


def _allowed(check: Callable[..., bool]):
    return ability_required(check, refusal="Cette page est réservée à l'équipe de sélection.")


def _either(user) -> bool:
    return can_manage_selection(user) or can_assess(user)


@require_GET
@_allowed(_either)
def home(request: HttpRequest) -> HttpResponse:
    """Analysts land on the ranking, experts on their own assignments."""
    if can_manage_selection(request.user):
        return render(request, "review/ranking.html", ranking_page.context(request))
    return render(request, "review/assignments.html", {"assessments": assignments_of(request.user)})


@require_GET
@_allowed(can_manage_selection)
def ranking_export(request: HttpRequest, fmt: str) -> HttpResponse:
    rows = ranking_page.rows(request)
    if fmt == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(exports.ranking_xlsx(rows), content_type=content_type)
    else:
        response = HttpResponse(exports.ranking_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="classement-selection.{fmt}"'
    return response


@require_GET
@_allowed(can_manage_selection)
def shortlist_search(request: HttpRequest) -> HttpResponse:
    """Search the directory (every status staff may see) to shortlist initiatives."""
    filters = SearchFilters.from_params(request.GET.getlist, allowed={})
    outcome = search_service.search(
        filters, statuses=catalog.visible_statuses(request.user), page_size=SEARCH_PAGE_SIZE, facets=()
    )
    initiatives = catalog.initiatives_in_order(user=request.user, ids=outcome.ids)
    shortlisted = dict(
        ShortlistEntry.objects.filter(initiative__in=initiatives).values_list("initiative_id", "pk")
    )
    page = filters.page
    return render(
        request,
        "review/shortlist_search.html",
        {
            "q": filters.q,
            "outcome": outcome,
            "results": [(initiative, shortlisted.get(initiative.pk)) for initiative in initiatives],
            "previous_page": page - 1 if page > 1 else None,
            "next_page": page + 1 if page < outcome.page_count else None,
        },
    )


@require_http_methods(["GET", "POST"])
@_allowed(can_manage_selection)
def shortlist_create(request: HttpRequest, initiative_id: int) -> HttpResponse:
    initiative = get_object_or_404(catalog.initiatives_visible_to(request.user), pk=initiative_id)
    existing = ShortlistEntry.objects.filter(initiative=initiative).first()
    if existing is not None:
        messages.info(request, "Cette initiative est déjà présélectionnée.")
        return redirect("review:entry", pk=existing.pk)
    form = ExpertsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = shortlist_add(
                initiative=initiative, experts=form.cleaned_data["experts"], by=request.user
            )
        except ValidationError as error:
            errors_report(form, error)
        else:
            messages.success(
                request, f"« {initiative.title} » est présélectionnée et confiée aux experts choisis."
            )
            return redirect("review:entry", pk=entry.pk)
    return render(request, "review/shortlist_create.html", {"initiative": initiative, "form": form})


def _entry_context(request: HttpRequest, entry: ShortlistEntry, **forms) -> dict:
    criteria = grid_criteria(entry.grid)
    result = entry_aggregate(entry, criteria)
    submitted = sorted(entry.submitted, key=lambda a: a.pk)
    by_expert = {a.pk: {s.criterion_id: s for s in a.scores.all()} for a in submitted}
    reconciliations = {r.criterion_id: r for r in entry.reconciliations.all()}
    rows = []
    for criterion, outcome in zip(criteria, result.criteria, strict=True):
        reconcile_form = forms.get("reconcile_forms", {}).get(criterion.pk)
        if outcome.disagreement and reconcile_form is None:
            current = reconciliations.get(criterion.pk)
            initial = {"value": str(current.value), "reason": current.reason} if current else None
            reconcile_form = ReconciliationForm(criterion=criterion, initial=initial)
        rows.append(
            {
                "criterion": criterion,
                "outcome": outcome,
                "scores": [by_expert[a.pk].get(criterion.pk) for a in submitted],
                "reconciliation": reconciliations.get(criterion.pk),
                "form": reconcile_form if outcome.disagreement else None,
            }
        )
    decision = getattr(entry, "decision", None)
    return {
        "entry": entry,
        "initiative": entry.initiative,
        "aggregate": result,
        "rows": rows,
        "submitted": submitted,
        "assessments": list(entry.assessments.all()),
        "experts_form": forms.get("experts_form")
        or ExpertsForm(initial={"experts": [a.expert_id for a in entry.assessments.all()]}),
        "decision": decision,
        "decision_form": forms.get("decision_form")
        or DecisionForm(
            initial={"outcome": decision.outcome, "rationale": decision.rationale} if decision else None
        ),
        "history": decision_history(entry),
        "message_form": forms.get("message_form") or ContributorMessageForm(initial=_message_initial(entry)),
        "can_write_message": decision is not None and decision.outcome == Outcome.NOT_RETAINED,
        "messages_written": list(entry.messages.all()),
    }


def _message_initial(entry: ShortlistEntry) -> dict[str, str]:
    title = entry.initiative.title
    return {
        "subject": f"Votre initiative « {title[:120]} » et la sélection Essaim",
        "body": (
            "Madame, Monsieur,\n\n"
            f"Nous vous remercions d'avoir fait connaître l'initiative « {title} ». Après examen par "
            "plusieurs experts, elle n'a pas été retenue parmi les pratiques qui feront l'objet d'une "
            "fiche action, pour la raison suivante :\n\n…\n\n"
            "Elle reste présente dans le répertoire Essaim.\n\nL'équipe de l'observatoire"
        ),
    }


@require_GET
@_allowed(can_manage_selection)
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "review/entry_detail.html", _entry_context(request, entry_get(pk)))


def _entry_page_with(request: HttpRequest, entry: ShortlistEntry, **forms) -> HttpResponse:
    return render(request, "review/entry_detail.html", _entry_context(request, entry, **forms), status=400)


@require_POST
@_allowed(can_manage_selection)
def entry_experts(request: HttpRequest, pk: int) -> HttpResponse:
    entry = entry_get(pk)
    form = ExpertsForm(request.POST)
    if form.is_valid():
        try:
            assignments_set(entry=entry, experts=form.cleaned_data["experts"], by=request.user)
        except ValidationError as error:
            errors_report(form, error)
        else:
            messages.success(request, "Les experts chargés de cette évaluation sont enregistrés.")
            return redirect("review:entry", pk=entry.pk)
    return _entry_page_with(request, entry, experts_form=form)


@require_POST
@_allowed(can_manage_selection)
def entry_reconcile(request: HttpRequest, pk: int, criterion_id: int) -> HttpResponse:
    entry = entry_get(pk)
    criterion = get_object_or_404(Criterion, pk=criterion_id, grid_id=entry.grid_id)
    form = ReconciliationForm(request.POST, criterion=criterion)
    if form.is_valid():
        try:
            reconciliation_record(
                entry=entry,
                criterion=criterion,
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # nothing to correct in the form: say it at the top
                messages.error(request, " ".join(error.messages))
                return redirect("review:entry", pk=entry.pk)
            errors_report(form, error)
        else:
            messages.success(request, f"Note arbitrée enregistrée pour « {criterion.label} ».")
            return redirect(reverse("review:entry", kwargs={"pk": entry.pk}) + f"#critere-{criterion.code}")
    return _entry_page_with(request, entry, reconcile_forms={criterion.pk: form})


@require_POST
@_allowed(can_manage_selection)
def entry_decide(request: HttpRequest, pk: int) -> HttpResponse:
    entry = entry_get(pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            decision = decision_record(
                entry=entry,
                outcome=form.cleaned_data["outcome"],
                rationale=form.cleaned_data["rationale"],
                by=request.user,
            )
        except ValidationError as error:
            errors_report(form, error)
        else:
            messages.success(request, f"Décision enregistrée : {decision.get_outcome_display().lower()}.")
            return redirect("review:entry", pk=entry.pk)
    return _entry_page_with(request, entry, decision_form=form)


@require_POST
@_allowed(can_manage_selection)
def entry_message(request: HttpRequest, pk: int) -> HttpResponse:
    entry = entry_get(pk)
    form = ContributorMessageForm(request.POST)
    if form.is_valid():
        try:
            message = contributor_message_write(
                entry=entry,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                by=request.user,
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                messages.error(request, " ".join(error.messages))
                return redirect("review:entry", pk=entry.pk)
            errors_report(form, error)
        else:
            where = (
                f"à {message.recipient}" if message.recipient else "(aucune adresse connue pour l'instant)"
            )
            messages.success(request, f"Message au contributeur enregistré ; il sera envoyé {where}.")
            return redirect("review:entry", pk=entry.pk)
    return _entry_page_with(request, entry, message_form=form)


@require_http_methods(["GET", "POST"])
@_allowed(can_assess)
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An expert's own assessment: the grid form while a draft, then their scores beside the others'."""
    assessment = assessment_of(request.user, pk)
    criteria = grid_criteria(assessment.grid)
    form = AssessmentForm(request.POST or None, criteria=criteria, assessment=assessment)
    status = 200
    if request.method == "POST":
        submit = request.POST.get("action") == "soumettre"
        if form.is_valid():
            try:
                assessment_save(
                    assessment=assessment,
                    scores=form.scores(),
                    comments=form.comments(),
                    evidence_level=form.cleaned_data["evidence_level"],
                    transfer_type=form.cleaned_data["transfer_type"],
                    comment=form.cleaned_data["comment"],
                    submit=submit,
                )
            except ValidationError as error:
                errors_report(form, error)
                status = 400
            else:
                messages.success(
                    request,
                    "Évaluation soumise. Les notes des autres experts vous sont désormais visibles."
                    if submit
                    else "Brouillon enregistré : vous pourrez reprendre votre évaluation plus tard.",
                )
                return redirect("review:assessment", pk=assessment.pk)
    own = {s.criterion_id: s for s in assessment.scores.all()}
    others = other_assessments(assessment)
    others_scores = [{s.criterion_id: s for s in other.scores.all()} for other in others]
    return render(
        request,
        "review/assessment.html",
        {
            "assessment": assessment,
            "initiative": assessment.entry.initiative,
            "form": form,
            "others_visible": others_visible_to(assessment),
            "others": others,
            "table": [
                (criterion, own.get(criterion.pk), [scores.get(criterion.pk) for scores in others_scores])
                for criterion in criteria
            ],
        },
        status=status,
    )

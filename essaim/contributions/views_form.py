"""Pages of the contribution form, its attachments, the territory autocompletion and the public
crisis form. Thin: the rules are in submission.py, attachments.py, crisis.py and suggestions.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from essaim.accounts.abilities import can_contribute
from essaim.catalog.models import ActorType
from essaim.contributions import attachments as attachment_service
from essaim.contributions import crisis
from essaim.contributions.form_steps import (
    EDIT_STEPS,
    LAST_STEP,
    STEPS,
    required_fields,
    step_get,
    step_number,
)
from essaim.contributions.forms_contribution import (
    STEP_FORMS,
    AttachmentForm,
    AudienceStepForm,
    CrisisForm,
    StepForm,
)
from essaim.contributions.models import Campaign, CampaignKind, Contribution, ContributionStatus
from essaim.contributions.submission import (
    attachment_of,
    campaign_closed_message,
    campaign_open_to,
    contribution_of,
    draft_version,
    saved_at_text,
    step_save,
    submission_check,
)
from essaim.contributions.submission import contribution_create as draft_create
from essaim.contributions.submission import contribution_submit as submit
from essaim.contributions.suggestions import (
    NO_SUGGESTIONS,
    labels_suggest,
    similar_initiatives,
    territory_label,
    territory_suggest,
)

# Anonymous visitors go to the login page; the views then check the contribution's organisation.
_signed_in = login_required


def _step_url(contribution: Contribution, number: int) -> str:
    if number >= LAST_STEP:
        return reverse("contributions:contribution_submit", args=[contribution.pk])
    return reverse("contributions:contribution_edit", args=[contribution.pk]) + f"?etape={number}"


def _step_context(contribution: Contribution, form: StepForm, attachment_form: AttachmentForm | None = None):
    step = step_get(form.step)
    context = {
        "contribution": contribution,
        "campaign": contribution.campaign,
        "steps": STEPS,
        "step": step,
        "previous_step": step.number - 1 if step.number > 1 else None,
        "next_step": step.number + 1,
        "form": form,
        "version": draft_version(contribution),
        "attachment_form": attachment_form or AttachmentForm(),
        "attachments": contribution.attachments.all() if step.number == 5 else [],
        "max_files": attachment_service.MAX_FILES,
        "suggested": None,
        "actor_suggestion": None,
        "choices": None,
        "required": required_fields(contribution.campaign.required_fields or []),
    }
    if step.number in {2, 3}:
        suggestions = (
            labels_suggest(
                title=contribution.title, summary=contribution.summary, description=contribution.description
            )
            if contribution.title or contribution.summary
            else NO_SUGGESTIONS
        )
        context["actor_suggestion"] = suggestions.actor_type
        if step.number == 2 and suggestions.actor_type:
            actor_type = ActorType.objects.filter(code=suggestions.actor_type.code).first()
            context["actor_suggestion"] = (actor_type, suggestions.actor_type) if actor_type else None
        if isinstance(form, AudienceStepForm):
            context["choices"] = form.with_suggestions(suggestions.themes, suggestions.publics)
            context["suggested"] = bool(suggestions.themes or suggestions.publics)
    return context


def _read_only(request: HttpRequest, contribution: Contribution) -> HttpResponse:
    return render(
        request,
        "contributions/form/summary.html",
        {
            "contribution": contribution,
            "campaign": contribution.campaign,
            "editable": False,
            "check": None,
            "similar": [],
            "attachments": contribution.attachments.all(),
            "errors": [],
        },
    )


@require_http_methods(["GET", "POST"])
@_signed_in
def contribution_create(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, slug=slug)
    if not can_contribute(request.user):
        raise PermissionDenied(
            "Seuls les contributeurs des organisations invitées peuvent décrire une initiative."
        )
    if not campaign_open_to(request.user, campaign):
        raise Http404("Cette campagne ne vous est pas ouverte.")
    closed = "" if campaign.is_open() else campaign_closed_message(campaign)
    if request.method == "POST" and not closed:
        contribution = draft_create(campaign=campaign, by=request.user)
        messages.success(request, "Votre brouillon est créé : il est enregistré à chaque étape.")
        return redirect(_step_url(contribution, 1))
    return render(
        request,
        "contributions/form/create.html",
        {"campaign": campaign, "closed": closed},
        status=403 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@_signed_in
def contribution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = contribution_of(request.user, pk)
    if contribution.status != ContributionStatus.DRAFT:
        return _read_only(request, contribution)
    if request.method == "GET":
        number = step_number(request.GET.get("etape"))
        if number >= LAST_STEP:
            return redirect(_step_url(contribution, LAST_STEP))
        form = STEP_FORMS[number](instance=contribution)
        return render(request, "contributions/form/step.html", _step_context(contribution, form))
    number = min(step_number(request.POST.get("etape")), EDIT_STEPS[-1].number)
    form = STEP_FORMS[number](request.POST, instance=contribution)
    if not form.is_valid():
        return render(request, "contributions/form/step.html", _step_context(contribution, form), status=400)
    step_save(contribution=contribution, form=form)
    target = step_number(request.POST.get("aller") or str(number))
    messages.success(request, f"Brouillon enregistré à {saved_at_text(contribution)}.")
    return redirect(_step_url(contribution, target))


@require_POST
@_signed_in
def contribution_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """Save what is valid of the step being typed; the time, and the errors of the rest."""
    contribution = contribution_of(request.user, pk)
    if contribution.status != ContributionStatus.DRAFT:
        return JsonResponse(
            {"erreur": "Cette contribution a été envoyée : elle ne peut plus être modifiée."}, status=409
        )
    sent_from = request.POST.get("version")
    if sent_from and sent_from != draft_version(contribution):
        at = saved_at_text(contribution)
        message = (
            f"Le brouillon a été enregistré à {at} depuis une autre page. Pour garder ce que vous venez "
            "de saisir ici, utilisez « Enregistrer le brouillon » ; sinon, rechargez celle-ci."
        )
        return JsonResponse({"erreur": message}, status=409)
    number = min(step_number(request.POST.get("etape")), EDIT_STEPS[-1].number)
    form = STEP_FORMS[number](request.POST, instance=contribution)
    form.is_valid()
    step_save(contribution=contribution, form=form)
    errors = {name: [str(message) for message in messages_] for name, messages_ in form.errors.items()}
    return JsonResponse(
        {
            "enregistre_a": saved_at_text(contribution),
            "erreurs": errors,
            "version": draft_version(contribution),
        }
    )


@require_http_methods(["GET", "POST"])
@_signed_in
def contribution_submit(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = contribution_of(request.user, pk)
    if contribution.status != ContributionStatus.DRAFT:
        if request.method == "POST":
            messages.info(request, "Cette contribution a déjà été envoyée.")
        return _read_only(request, contribution)
    errors: list[str] = []
    if request.method == "POST":
        try:
            submit(contribution=contribution, by=request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            return redirect("contributions:contribution_thanks", pk=contribution.pk)
    check = submission_check(contribution)
    similar = similar_initiatives(
        title=contribution.title,
        summary=contribution.summary,
        territory=contribution.territory,
        actor=contribution.lead_actor_name,
    )
    return render(
        request,
        "contributions/form/summary.html",
        {
            "contribution": contribution,
            "campaign": contribution.campaign,
            "editable": True,
            "check": check,
            "similar": similar,
            "attachments": contribution.attachments.all(),
            "errors": errors,
            "steps": STEPS,
            "step": step_get(LAST_STEP),
        },
        status=400 if errors else 200,
    )


@require_GET
@_signed_in
def contribution_thanks(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = contribution_of(request.user, pk)
    return render(request, "contributions/form/thanks.html", {"contribution": contribution})


# --- Attachments ---------------------------------------------------------------------------------


@require_POST
@_signed_in
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = contribution_of(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = attachment_service.attachment_add(
                contribution=contribution, upload=form.cleaned_data["file"], by=request.user
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            messages.success(request, f"« {attachment.original_name} » est ajouté à la contribution.")
            return redirect(_step_url(contribution, 5) + "#pieces-jointes")
    if contribution.status != ContributionStatus.DRAFT:
        return _read_only(request, contribution)
    step_form = STEP_FORMS[5](instance=contribution)
    return render(
        request, "contributions/form/step.html", _step_context(contribution, step_form, form), status=400
    )


@require_GET
@_signed_in
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    attachment = attachment_of(request.user, pk, attachment_pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@_signed_in
def attachment_delete(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    contribution = contribution_of(request.user, pk)
    attachment = attachment_of(request.user, contribution.pk, attachment_pk)
    try:
        attachment_service.attachment_delete(attachment=attachment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"« {attachment.original_name} » est supprimé.")
    return redirect(_step_url(contribution, 5) + "#pieces-jointes")


# --- Territories ---------------------------------------------------------------------------------


@require_GET
def territory_autocomplete(request: HttpRequest) -> JsonResponse:
    """Territories whose name starts with `?q=`: communes, EPCI, départements, régions, France."""
    query = (request.GET.get("q") or "")[:100]
    results = [
        {
            "id": territory.pk,
            "nom": territory_label(territory),
            "niveau": territory.get_level_display(),
            "code": territory.code,
        }
        for territory in territory_suggest(query)
    ]
    response = JsonResponse({"resultats": results})
    response["Cache-Control"] = "public, max-age=3600"
    return response


# --- Crisis form ---------------------------------------------------------------------------------


def _client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR") or "inconnue"


def _crisis_page(
    request: HttpRequest, campaign: Campaign, form: CrisisForm | None, *, status: int, notice: str = ""
):
    return render(
        request,
        "contributions/form/crisis_page.html",
        {"campaign": campaign, "crisis_form": form, "crisis_notice": notice},
        status=status,
    )


@require_POST
def crisis_submit(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, slug=slug, kind=CampaignKind.CRISIS)
    if not campaign.is_open():
        notice = "Ce formulaire de crise est fermé : il ne reçoit plus de signalements. Merci de votre aide."
        return _crisis_page(request, campaign, None, status=410, notice=notice)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > crisis.MAX_BODY_BYTES:
        return _crisis_page(request, campaign, None, status=413, notice=crisis.BODY_TOO_LARGE)
    if crisis.rate_limit_hit(_client_address(request)):
        return _crisis_page(request, campaign, None, status=429, notice=crisis.RATE_LIMITED)
    form = CrisisForm(request.POST)
    if form.is_spam:  # a robot filled the hidden field: thank it and keep nothing
        return redirect("contributions:crisis_thanks", slug=campaign.slug)
    if not form.is_valid():
        return _crisis_page(request, campaign, form, status=400)
    data = form.cleaned_data
    crisis.crisis_receive(
        campaign=campaign,
        report=crisis.CrisisReport(
            title=data["title"],
            description=data["description"],
            place_text=data["place_text"],
            territory=data.get("territory"),
            actor=data["actor"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
        ),
    )
    return redirect("contributions:crisis_thanks", slug=campaign.slug)


@require_GET
def crisis_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, slug=slug, kind=CampaignKind.CRISIS)
    return render(request, "contributions/form/crisis_thanks.html", {"campaign": campaign})

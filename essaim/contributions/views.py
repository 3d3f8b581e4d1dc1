"""Pages of the calls for contributions (/contribuer/) and of the contributor's space (/espace/).

Thin views: the rules live in campaigns.py, invitations.py and space.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from essaim.accounts.abilities import can_contribute, can_manage_campaigns
from essaim.accounts.decorators import ability_required
from essaim.contributions import campaigns, invitations
from essaim.contributions import space as space_service
from essaim.contributions.forms import CampaignForm, ContactsImportForm, SignupForm
from essaim.contributions.models import (
    Campaign,
    CampaignKind,
    ContributionStatus,
    Invitation,
    InvitationStatus,
)

_analysts = ability_required(can_manage_campaigns, refusal="Les campagnes sont gérées par les analystes.")
_contributors = ability_required(can_contribute, refusal="Cet espace est réservé aux contributeurs.")


# --- Public pages ----------------------------------------------------------------------------


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Open calls for contributions and crisis forms."""
    return render(
        request,
        "contributions/home.html",
        {
            "invitation_campaigns": campaigns.invitation_campaigns_open(),
            "crisis_campaigns": campaigns.crisis_forms_open(),
            "manage": can_manage_campaigns(request.user),
        },
    )


@require_GET
def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, slug=slug)
    is_open = campaign.is_open()
    return render(
        request,
        "contributions/campaign_detail.html",
        {
            "campaign": campaign,
            "is_open": is_open,
            "is_crisis": campaign.kind == CampaignKind.CRISIS,
            "may_answer": is_open and campaigns.is_invited(request.user, campaign),
            "manage": can_manage_campaigns(request.user),
            "crisis_form": None,  # the crisis form's page re-renders it with errors (views_form)
        },
    )


# --- Analysts' pages -------------------------------------------------------------------------


@require_GET
@_analysts
def campaign_list(request: HttpRequest) -> HttpResponse:
    listed = list(Campaign.objects.all())
    counts = campaigns.invitation_counts_of([campaign.pk for campaign in listed])
    rows = [(campaign, counts[campaign.pk], sum(counts[campaign.pk].values())) for campaign in listed]
    return render(request, "contributions/campaign_list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@_analysts
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        campaign = campaigns.campaign_save(form.save(commit=False), by=request.user)
        messages.success(request, f"La campagne « {campaign.title} » est créée.")
        return redirect("contributions:campaign_manage", slug=campaign.slug)
    return render(request, "contributions/campaign_form.html", {"form": form, "campaign": None})


@require_http_methods(["GET", "POST"])
@_analysts
def campaign_edit(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, slug=slug)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        campaign = campaigns.campaign_save(form.save(commit=False), by=request.user)
        messages.success(request, "Les modifications de la campagne sont enregistrées.")
        return redirect("contributions:campaign_manage", slug=campaign.slug)
    return render(request, "contributions/campaign_form.html", {"form": form, "campaign": campaign})


def _manage_page(request: HttpRequest, campaign: Campaign, *, form=None, errors=(), status: int = 200):
    invitation_list = campaign.invitations.select_related("organisation", "territory").order_by(
        "status", "email"
    )
    return render(
        request,
        "contributions/campaign_manage.html",
        {
            "campaign": campaign,
            "form": form or ContactsImportForm(),
            "import_errors": list(errors)[: invitations.MAX_ERRORS_SHOWN],
            "more_errors": max(len(errors) - invitations.MAX_ERRORS_SHOWN, 0),
            "closed_reason": invitations.campaign_accepts_invitations(campaign),
            "failed": [item for item in invitation_list if item.status == InvitationStatus.FAILED],
            "invitations": invitation_list,
            "counts": campaigns.invitation_counts(campaign),
            "contribution_count": campaign.contributions.exclude(status=ContributionStatus.DRAFT).count(),
        },
        status=status,
    )


@require_GET
@_analysts
def campaign_manage(request: HttpRequest, slug: str) -> HttpResponse:
    """The campaign's invitations, failed sends first, and the contacts import."""
    return _manage_page(request, get_object_or_404(Campaign, slug=slug))


@require_POST
@_analysts
def invitations_import(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, slug=slug)
    form = ContactsImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _manage_page(request, campaign, form=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        contacts = invitations.contacts_read(upload.name, upload.read())
        report = invitations.invitations_import(campaign, contacts)
    except invitations.ContactsError as error:
        return _manage_page(request, campaign, form=form, errors=error.errors, status=400)
    messages.success(request, report.summary())
    return redirect("contributions:campaign_manage", slug=campaign.slug)


@require_POST
@_analysts
def invitation_resend(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=pk, campaign__slug=slug)
    reason = invitations.campaign_accepts_invitations(invitation.campaign)
    if reason:
        messages.error(request, reason)
    else:
        invitations.invitation_send(invitation)
        messages.success(request, f"L'invitation de {invitation.email} est renvoyée.")
    return redirect("contributions:campaign_manage", slug=slug)


# --- Invitation link -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link: creates the account, or asks its owner to sign in, then the space."""
    try:
        found = invitations.invitation_from_token(token)
    except invitations.InvitationLinkError:
        return render(request, "contributions/invitation_invalid.html", status=400)
    except invitations.InvitationExpired as expired:
        return render(
            request, "contributions/invitation_expired.html", {"campaign": expired.campaign}, status=410
        )
    user = request.user
    if user.is_authenticated:
        if not invitations.may_take(found, user):
            return render(
                request, "contributions/invitation_other_account.html", {"invitation": found}, status=403
            )
        invitations.invitation_accept(found, user)
        messages.success(
            request, f"Bienvenue ! Vous pouvez répondre à la campagne « {found.campaign.title} »."
        )
        return redirect("contributions:space")
    if invitations.account_of(found) is not None:
        login_url = f"{reverse('accounts:login')}?next={request.path}"
        return render(
            request, "contributions/invitation_sign_in.html", {"invitation": found, "login_url": login_url}
        )
    return _signup(request, found)


def _signup(request: HttpRequest, found: Invitation) -> HttpResponse:
    """The invited person's new account, then their space."""
    form = SignupForm(request.POST or None, email=found.email, initial=_name_parts(found.name))
    if request.method == "POST" and form.is_valid():
        account = invitations.account_create(
            found,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            password=form.cleaned_data["password1"],
        )
        login(request, account, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Votre compte est créé. Bienvenue dans votre espace !")
        return redirect("contributions:space")
    return render(request, "contributions/invitation_signup.html", {"invitation": found, "form": form})


def _name_parts(name: str) -> dict[str, str]:
    first, _, last = name.strip().partition(" ")
    return {"first_name": first, "last_name": last}


# --- Contributor's space ---------------------------------------------------------------------


@require_GET
@_contributors
def space(request: HttpRequest) -> HttpResponse:
    """The organisation's contributions with what became of each, and the campaigns to answer."""
    rows = [
        (contribution, space_service.status_shown(contribution))
        for contribution in space_service.contributions_of(request.user)
    ]
    return render(
        request,
        "contributions/space.html",
        {
            "rows": rows,
            "organisation": request.user.organisation,
            "open_campaigns": campaigns.campaigns_for_organisation(request.user.organisation),
        },
    )

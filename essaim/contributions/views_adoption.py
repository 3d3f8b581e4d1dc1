"""A contributor declares that their territory took up a practice of the directory."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from essaim.accounts.abilities import can_contribute
from essaim.catalog.models import AdoptionKind, Initiative, Status
from essaim.contributions.adoptions import adoption_campaigns, adoption_draft_create


@require_http_methods(["GET", "POST"])
def adoption_declare_view(request: HttpRequest, initiative_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_contribute(request.user):
        raise PermissionDenied("Seuls les contributeurs d'une collectivité déclarent une reprise.")
    original = get_object_or_404(Initiative, pk=initiative_id, status=Status.PUBLISHED)
    campaigns = adoption_campaigns(request.user)
    errors: list[str] = []
    chosen = {"campagne": request.POST.get("campagne", ""), "type": request.POST.get("type", "")}
    if request.method == "POST":
        campaign = next((c for c in campaigns if str(c.pk) == chosen["campagne"]), None)
        if campaign is None:
            errors.append("Choisissez la campagne dans laquelle déclarer cette reprise.")
        else:
            try:
                contribution = adoption_draft_create(
                    original=original, campaign=campaign, kind=chosen["type"], by=request.user
                )
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                messages.success(
                    request,
                    "Brouillon créé à partir de la pratique : "
                    "décrivez maintenant votre propre mise en œuvre.",
                )
                return redirect("contributions:contribution_edit", pk=contribution.pk)
    elif len(campaigns) == 1:
        chosen["campagne"] = str(campaigns[0].pk)
    return render(
        request,
        "contributions/adoption_declare.html",
        {
            "original": original,
            "campaigns": campaigns,
            "kinds": AdoptionKind.choices,
            "chosen": chosen,
            "errors": errors,
        },
        status=400 if errors else 200,
    )

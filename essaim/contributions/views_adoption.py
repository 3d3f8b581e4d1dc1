"""A contributor declares that their territory took up a practice of the directory."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from essaim.accounts.abilities import can_contribute
from essaim.accounts.decorators import ability_required
from essaim.catalog.models import AdoptionKind, Initiative, Status
from essaim.contributions.adoptions import adoption_campaigns, adoption_draft_create


@require_http_methods(["GET", "POST"])
@ability_required(can_contribute, refusal="Seuls les contributeurs d'une collectivité déclarent une reprise.")
def adoption_declare_view(request: HttpRequest, initiative_id: int) -> HttpResponse:
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

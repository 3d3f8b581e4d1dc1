"""Saved searches and their alerts: thin views over `saved_searches` (owner only, 404 otherwise)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from essaim.publication import saved_searches as service
from essaim.publication.forms import SavedSearchCreateForm, SavedSearchForm, initial_of


def _listed(saved_list, labels) -> list[tuple]:
    directory = reverse("portal:directory")
    return [
        (
            saved,
            service.describe(service.filters_from_query(saved.query, labels), labels),
            f"{directory}?{saved.query}",
        )
        for saved in saved_list
    ]


@login_required
@require_http_methods(["GET", "POST"])
def alerts(request: HttpRequest) -> HttpResponse:
    """`/alertes/`: my saved searches; `?recherche=<query string>` offers to save that search."""
    labels = service.facet_labels()
    query = request.POST.get("recherche") if request.method == "POST" else request.GET.get("recherche")
    form = None
    if request.method == "POST":
        form = SavedSearchCreateForm(request.POST, user=request.user)
        if form.is_valid():
            saved = service.saved_search_create(
                user=request.user,
                name=form.cleaned_data["name"],
                query=form.cleaned_data["recherche"],
                frequency=form.cleaned_data["frequency"],
            )
            messages.success(request, f"Recherche « {saved.name} » enregistrée.")
            return redirect("publication:alerts")
    elif query is not None:
        filters = service.filters_from_query(query, labels)
        name = " · ".join(service.describe(filters, labels))[:120]
        form = SavedSearchCreateForm(
            initial={"name": name, "recherche": filters.query_string()}, user=request.user
        )
    pending = None
    if form is not None:
        pending = service.describe(
            service.filters_from_query(form["recherche"].value() or "", labels), labels
        )
    context = {
        "saved_list": _listed(service.saved_searches_of(request.user), labels),
        "form": form,
        "pending": pending,
        "email": request.user.email,
    }
    return render(request, "publication/alerts.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def alert_edit(request: HttpRequest, pk: int) -> HttpResponse:
    saved = service.saved_search_get_for(user=request.user, pk=pk)
    form = SavedSearchForm(request.POST or None, initial=initial_of(saved))
    if request.method == "POST" and form.is_valid():
        service.saved_search_update(
            saved=saved, name=form.cleaned_data["name"], frequency=form.cleaned_data["frequency"]
        )
        messages.success(request, f"Recherche « {saved.name} » modifiée.")
        return redirect("publication:alerts")
    labels = service.facet_labels()
    context = {"saved": saved, "form": form, "description": _listed([saved], labels)[0][1]}
    return render(request, "publication/alert_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def alert_delete(request: HttpRequest, pk: int) -> HttpResponse:
    saved = service.saved_search_get_for(user=request.user, pk=pk)
    if request.method == "POST":
        service.saved_search_delete(saved=saved)
        messages.success(request, f"Recherche « {saved.name} » supprimée.")
        return redirect("publication:alerts")
    return render(request, "publication/alert_delete.html", {"saved": saved})


# Mail clients unsubscribe in one click by POSTing to the List-Unsubscribe address (RFC 8058),
# without a CSRF token: the signed token is what authorises the request.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a confirmation, POST stops the alert; a forged or stale link is refused."""
    try:
        saved = service.saved_search_from_token(token)
    except service.BadToken:
        return render(request, "publication/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        service.saved_search_unsubscribe(saved=saved)
        return render(request, "publication/unsubscribe_done.html", {"saved": saved})
    return render(request, "publication/unsubscribe_confirm.html", {"saved": saved, "token": token})

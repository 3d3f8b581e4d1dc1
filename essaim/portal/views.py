"""Public pages: thin views over the catalogue and territory selectors."""

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from essaim.accounts.abilities import can_manage_inbox, can_see_history, can_see_unpublished
from essaim.catalog import selectors as catalog
from essaim.catalog import services as catalog_services
from essaim.catalog.adoption import adopters_of, adoption_declare, can_record_essaimage, originals_of
from essaim.catalog.follow_up import follow_up_add, follow_ups_of, lockdown_continuation
from essaim.catalog.history import initiative_history
from essaim.catalog.models import Status
from essaim.portal import replication, search_page
from essaim.portal.adoption_map import adoption_map
from essaim.portal.attachment_forms import AttachmentForm
from essaim.portal.essaimage_forms import AdoptionForm, FollowUpForm
from essaim.portal.page_cache import cached_for_visitors
from essaim.search import service as search_service
from essaim.search.analysis import highlight
from essaim.search.filters import SearchFilters
from essaim.territories import comparison
from essaim.territories.france_map import choropleth
from essaim.territories.models import Level, Territory
from essaim.territories.profile import LEVEL_PLURALS, SIZE_CLASSES
from essaim.territories.similarity import INDICATORS, WEIGHT_LEVELS, weights_from

PAGE_SIZE = 20
SIMILAR_SHOWN = 8


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {
            "figures": catalog.home_figures(),
            "continuation": lockdown_continuation(),
            "latest": catalog.initiatives_latest(limit=6),
            "themes": catalog.themes_with_counts(user=request.user),
        },
    )


@cached_for_visitors
def directory(request: HttpRequest) -> HttpResponse:
    staff = can_see_unpublished(request.user)
    labels = search_page.facet_labels(staff=staff)
    filters = SearchFilters.from_params(request.GET.getlist, allowed=labels)
    outcome = search_service.search(filters, statuses=catalog.visible_statuses(request.user))
    initiatives = catalog.initiatives_in_order(user=request.user, ids=outcome.ids)
    parsed = outcome.query
    hits = [
        (
            initiative,
            highlight(
                initiative.summary, terms=parsed.highlight_terms(), prefixes=parsed.highlight_prefixes()
            ),
        )
        for initiative in initiatives
    ]
    context = {
        "filters": filters,
        "outcome": outcome,
        "hits": hits,
        "facets": search_page.facet_boxes(filters, outcome.facets, labels, estimated=not outcome.exact),
        "active_filters": search_page.active_filters(filters, labels),
        "map": choropleth(
            outcome.facets.get("departement", {}),
            href=lambda code: "?" + filters.toggled("departement", code).query_string(),
            estimated=not outcome.exact,
        ),
        "pages": search_page.page_links(filters, outcome.page_count),
        "without_query": replace(filters, q="", page=1).query_string(),
        "hidden_fields": [(key, value) for key, values in filters.selected.items() for value in values],
        "sort_links": search_page.sort_links(filters),
        "feed_query": replace(filters, page=1, sort="").query_string(),
    }
    template = (
        "portal/_search_results.html" if request.headers.get("X-Essaim-Partial") else "portal/directory.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ["X-Essaim-Partial"])
    return response


def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        initiative = catalog.initiative_get_for(user=request.user, pk=pk)
    except Http404:
        initiative = None
    if initiative is None or initiative.status == Status.MERGED:
        # Old links to a merged initiative lead to the one it was merged into.
        target = catalog.initiative_merged_target(user=request.user, pk=pk)
        if target is None:
            raise Http404("Initiative introuvable.")
        return redirect(target, permanent=True)
    return _initiative_page(request, initiative)


def _adoption_context(request: HttpRequest, initiative, theme_links) -> dict | None:
    """Comparable territories that could adopt the practice, with the visitor's filters."""
    territory = initiative.territory
    if not comparison.is_compared(territory):
        return None
    regions = comparison.regions()
    region_code = request.GET.get("region", "")
    region_id = next((pk for pk, code, _name in regions if code == region_code), None)
    sizes = SIZE_CLASSES[territory.level]
    size = request.GET.get("taille", "")
    size = size if size in {key for key, _label, _bound in sizes} else ""
    return {
        "candidates": replication.adoption_candidates(
            initiative,
            primary_theme_id=theme_links[0].theme_id if theme_links else None,
            region_id=region_id,
            size=size or None,
        ),
        "regions": regions,
        "region": region_code if region_id else "",
        "sizes": sizes,
        "size": size,
        "level_plural": LEVEL_PLURALS[territory.level],
    }


def _initiative_page(
    request: HttpRequest,
    initiative,
    *,
    adoption_form: AdoptionForm | None = None,
    follow_up_form: FollowUpForm | None = None,
    attachment_form: AttachmentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The initiative page; the staff forms come back bound, with their errors, after a bad post."""
    theme_links = list(initiative.theme_links.all())
    recorder = can_record_essaimage(request.user)
    adopters = list(adopters_of(initiative, user=request.user))
    history = None
    if can_see_history(request.user):
        history = sorted(
            initiative_history(initiative) + catalog_services.attachment_history(initiative),
            key=lambda entry: entry.at,
            reverse=True,
        )
    manager = can_manage_inbox(request.user)
    return render(
        request,
        "portal/initiative_detail.html",
        {
            "initiative": initiative,
            "theme_links": theme_links,
            "history": history,
            "similar": catalog.initiatives_similar(initiative),
            "adoption": _adoption_context(request, initiative, theme_links),
            "adopters": adopters,
            "adoption_map": adoption_map(initiative.territory, [a.adopter.territory for a in adopters])
            if adopters
            else None,
            "originals": list(originals_of(initiative, user=request.user)),
            "follow_ups": list(follow_ups_of(initiative)),
            "can_record": recorder,
            "adoption_form": (adoption_form or AdoptionForm()) if recorder else None,
            "follow_up_form": (follow_up_form or FollowUpForm()) if recorder else None,
            "attachments": catalog_services.attachments_for(user=request.user, initiative=initiative),
            "attachment_form": (attachment_form or AttachmentForm()) if manager else None,
        },
        status=status,
    )


def _staff_initiative(request: HttpRequest, pk: int, *, allowed, refusal: str):
    """The initiative a staff form posts to, once the person is `allowed` to (else `refusal`)."""
    if not request.user.is_authenticated:
        # After signing in, back to the page (the form's address only takes posts).
        return redirect_to_login(reverse("portal:initiative", kwargs={"pk": pk}))
    if not allowed(request.user):
        raise PermissionDenied(refusal)
    initiative = catalog.initiative_get_for(user=request.user, pk=pk)
    if initiative.status == Status.MERGED:
        raise Http404("Initiative fusionnée.")
    return initiative


def _recorded_initiative(request: HttpRequest, pk: int):
    """The initiative an adoption or a follow-up is declared on."""
    return _staff_initiative(
        request,
        pk,
        allowed=can_record_essaimage,
        refusal="Seule l'équipe de l'observatoire déclare les adoptions et les suivis.",
    )


@require_POST
def adoption_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Declare that another initiative adopted or adapted this one (the original)."""
    initiative = _recorded_initiative(request, pk)
    if isinstance(initiative, HttpResponse):
        return initiative
    form = AdoptionForm(request.POST)
    if form.is_valid():
        adopter = catalog.initiatives_visible_to(request.user).filter(pk=form.cleaned_data["adopter"]).first()
        if adopter is None:
            form.add_error("adopter", "Aucune initiative ne porte ce numéro.")
        else:
            try:
                adoption_declare(
                    original=initiative,
                    adopter=adopter,
                    kind=form.cleaned_data["kind"],
                    adopted_on=form.cleaned_data["adopted_on"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Adoption par « {adopter} » enregistrée.")
                return redirect(initiative.get_absolute_url() + "#adoptions")
    return _initiative_page(request, initiative, adoption_form=form, status=400)


@require_POST
def follow_up_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record what became of this practice at a date, with its source."""
    initiative = _recorded_initiative(request, pk)
    if isinstance(initiative, HttpResponse):
        return initiative
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            follow_up_add(initiative=initiative, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Suivi enregistré.")
            return redirect(initiative.get_absolute_url() + "#suivi")
    return _initiative_page(request, initiative, follow_up_form=form, status=400)


# --- Documents -----------------------------------------------------------------------------------


def _managed_initiative(request: HttpRequest, pk: int):
    """The initiative whose documents an analyst manages."""
    return _staff_initiative(
        request,
        pk,
        allowed=can_manage_inbox,
        refusal="Seuls les analystes gèrent les documents des initiatives.",
    )


def _managed_attachment(request: HttpRequest, pk: int, attachment_pk: int):
    """The initiative an analyst manages and one of its own documents (404 for any other)."""
    initiative = _managed_initiative(request, pk)
    if isinstance(initiative, HttpResponse):
        return initiative
    attachment = catalog_services.attachment_get_for(
        user=request.user, initiative_pk=initiative.pk, pk=attachment_pk
    )
    if attachment is None:
        raise Http404("Document introuvable.")
    return initiative, attachment


@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a document to the initiative (checked by content, private until made public)."""
    initiative = _managed_initiative(request, pk)
    if isinstance(initiative, HttpResponse):
        return initiative
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = catalog_services.attachment_add(
                initiative=initiative,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            messages.success(request, f"Document « {attachment.title} » ajouté ; il reste privé.")
            return redirect(initiative.get_absolute_url() + "#documents")
    return _initiative_page(request, initiative, attachment_form=form, status=400)


@require_POST
def attachment_visibility(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """Give (public=1) or withdraw (public=0) the consent to show a document to visitors."""
    found = _managed_attachment(request, pk, attachment_pk)
    if isinstance(found, HttpResponse):
        return found
    initiative, attachment = found
    public = request.POST.get("public") == "1"
    attachment = catalog_services.attachment_set_public(attachment=attachment, public=public, by=request.user)
    if public and initiative.status == Status.PUBLISHED:
        messages.success(request, f"Document « {attachment.title} » rendu visible des visiteurs.")
    elif public:
        messages.success(
            request,
            f"Document « {attachment.title} » rendu public : "
            "les visiteurs le verront une fois l'initiative publiée.",
        )
    else:
        messages.success(
            request, f"Document « {attachment.title} » rendu privé : les visiteurs ne le voient plus."
        )
    return redirect(initiative.get_absolute_url() + "#documents")


@require_http_methods(["GET", "POST"])
def attachment_delete(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """Ask for confirmation (GET), then remove the document for good (POST)."""
    found = _managed_attachment(request, pk, attachment_pk)
    if isinstance(found, HttpResponse):
        return found
    initiative, attachment = found
    if request.method == "POST":
        catalog_services.attachment_delete(attachment=attachment, by=request.user)
        messages.success(request, f"Document « {attachment.title} » supprimé.")
        return redirect(initiative.get_absolute_url() + "#documents")
    return render(
        request, "portal/attachment_delete.html", {"initiative": initiative, "attachment": attachment}
    )


@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Stream a document to whoever may read it; everybody else gets a 404 (nothing revealed)."""
    attachment = catalog_services.attachment_get_for(user=request.user, initiative_pk=pk, pk=attachment_pk)
    if attachment is None:
        raise Http404("Document introuvable.")
    try:
        stream = attachment.file.open("rb")
    except OSError:
        raise Http404("Ce document n'est plus disponible.") from None
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=catalog_services.attachment_filename(attachment),
        content_type=attachment.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Never kept by a shared cache: withdrawing the consent must hide the document at once.
    response["Cache-Control"] = "private, no-store"
    return response


def territory_detail(request: HttpRequest, level: str, code: str) -> HttpResponse:
    if level not in {Level.COMMUNE, Level.EPCI, Level.DEPARTEMENT, Level.REGION}:
        raise Http404("Niveau de territoire inconnu.")
    territory = get_object_or_404(
        Territory.objects.select_related("departement", "region", "epci", "indicators"),
        level=level,
        code=code,
    )
    initiatives = catalog.initiatives_within(user=request.user, territory=territory)
    page = Paginator(initiatives, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "territory": territory,
        "indicators": getattr(territory, "indicators", None),
        "page": page,
        "profile": None,
    }
    if comparison.is_compared(territory):
        weights, chosen = weights_from(request.GET.get)
        theme = request.GET.get("theme", "")
        proximity = request.GET.get("proximite", "")
        # One search serves both lists: the closest few, and the practices of a few more.
        matches = comparison.similar_matches(territory, weights=weights, k=replication.NEARBY_TERRITORIES)
        nearby = comparison.comparables(matches)
        context |= {
            "profile": comparison.territory_profile(territory),
            "similar": nearby[:SIMILAR_SHOWN],
            "weight_fields": [(indicator, chosen[indicator.param]) for indicator in INDICATORS],
            "weight_levels": [(value, label) for value, (label, _weight) in WEIGHT_LEVELS.items()],
            "practices": replication.practices_nearby(
                nearby, level=territory.level, user=request.user, theme_code=theme, proximity=proximity
            ),
            "themes": replication.practice_themes(),
            "theme": theme,
            "proximities": [(value, label) for value, (label, _cut) in replication.PROXIMITY.items()],
            "proximity": proximity if proximity in replication.PROXIMITY else "",
        }
    return render(request, "portal/territory_detail.html", context)

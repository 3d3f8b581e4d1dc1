"""Downloads of public documents: an initiative's PDF (same visibility as its page)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from essaim.catalog import selectors as catalog
from essaim.catalog.models import Status


def initiative_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The initiative's PDF, always its public version; a merged one leads to its target's PDF."""
    try:
        initiative = catalog.initiative_get_for(user=request.user, pk=pk)
    except Http404:
        initiative = None
    if initiative is None or initiative.status == Status.MERGED:
        target = catalog.initiative_merged_target(user=request.user, pk=pk)
        if target is None:
            raise Http404("Initiative introuvable.")
        return redirect("portal:initiative_pdf", pk=target.pk, permanent=True)
    # WeasyPrint loads Pango: imported only when a PDF is asked for, not at every start-up.
    from essaim.portal import pdf

    content = pdf.initiative_pdf(initiative, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="essaim-initiative-{initiative.pk}.pdf"'
    return response

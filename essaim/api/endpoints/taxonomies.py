"""`/api/themes` and `/api/publics`: the codes of the referentials, with their counts."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest
from ninja import Router

from essaim.api.access import reader_of
from essaim.api.errors import ERROR_RESPONSES
from essaim.api.params import reject_unknown
from essaim.api.schemas import TaxonomyOut
from essaim.catalog.models import Public, Theme
from essaim.catalog.selectors import initiatives_visible_to

router = Router(tags=["Nomenclatures"])


def _listed(model, user) -> list[dict]:
    visible = initiatives_visible_to(user).values("pk")
    rows = (
        model.objects.filter(is_active=True)
        .annotate(count=Count("initiatives", filter=Q(initiatives__pk__in=visible), distinct=True))
        .order_by("position", "label")
    )
    return [
        {"code": row.code, "libelle": row.label, "description": row.description, "initiatives": row.count}
        for row in rows
    ]


@router.get("/themes", response={200: list[TaxonomyOut], **ERROR_RESPONSES}, summary="Les thématiques")
def themes(request: HttpRequest):
    reject_unknown(request, ())
    return _listed(Theme, reader_of(request).user)


@router.get("/publics", response={200: list[TaxonomyOut], **ERROR_RESPONSES}, summary="Les publics")
def publics(request: HttpRequest):
    reject_unknown(request, ())
    return _listed(Public, reader_of(request).user)

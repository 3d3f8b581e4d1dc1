"""`/api/fiches`: the fiches action, published ones for everyone, every edition in progress with a
staff token. Section texts are the sanitised HTML the fiche page shows."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Path, Router, Schema

from essaim.api.access import reader_of
from essaim.api.errors import ERROR_RESPONSES, ApiError, ErrorOut
from essaim.api.params import reject_unknown
from essaim.sheets.models import Sheet, SheetStatus
from essaim.sheets.sections import SECTIONS
from essaim.sheets.selectors import sheet_get_for, sheet_version_for, sheets_in_progress, sheets_published

router = Router(tags=["Fiches action"])


class SectionOut(Schema):
    code: str
    titre: str
    texte_html: str


class SheetOut(Schema):
    identifiant: int
    initiative: int
    titre: str
    etat: str
    version: int
    publiee_le: str | None
    sections: list[SectionOut]


def _sheet_out(sheet: Sheet, user) -> dict:
    version = sheet_version_for(user=user, sheet=sheet)
    return {
        "identifiant": sheet.pk,
        "initiative": sheet.initiative_id,
        "titre": sheet.initiative.title,
        "etat": sheet.get_status_display() if version != sheet.published_version else "Publiée",
        "version": version.number,
        "publiee_le": sheet.published_at.isoformat() if sheet.published_at else None,
        "sections": [
            {"code": code, "titre": title, "texte_html": version.sections.get(code, "")}
            for code, title in SECTIONS
        ],
    }


@router.get(
    "/fiches",
    response={200: list[SheetOut], **ERROR_RESPONSES},
    summary="Les fiches action",
    description="Les fiches action publiées, les plus récentes d'abord (avec un jeton de l'équipe, "
    "aussi celles en cours de rédaction, dans leur dernière version).",
)
def sheets_list(request: HttpRequest):
    reject_unknown(request, ())
    reader = reader_of(request)
    sheets = list(sheets_published())
    if reader.staff:
        sheets = list(sheets_in_progress()) + [
            sheet for sheet in sheets if sheet.status == SheetStatus.PUBLISHED
        ]
    return [_sheet_out(sheet, reader.user) for sheet in sheets]


@router.get(
    "/fiches/{identifiant}",
    response={200: SheetOut, 404: ErrorOut, **ERROR_RESPONSES},
    summary="Une fiche action",
)
def sheet_detail(request: HttpRequest, identifiant: Path[int]):
    reject_unknown(request, ())
    reader = reader_of(request)
    try:
        sheet = sheet_get_for(user=reader.user, pk=identifiant)
        return _sheet_out(sheet, reader.user)
    except Http404 as missing:
        raise ApiError(404, f"Aucune fiche action publiée n° {identifiant}.", "introuvable") from missing

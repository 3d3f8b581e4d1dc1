"""Adoptions: a territory took up a practice (adopted as is, or adapted).

Who may declare one, the one write (`adoption_declare`) and the reads the pages use: the
original's adopters (`adopters_of`, also what the fiche action will list) and the copy's
originals (`originals_of`). Reads keep to what the person may see, as every catalogue selector.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from essaim.accounts.roles import Role
from essaim.catalog.models import Adoption, AdoptionKind, Initiative, Status
from essaim.catalog.selectors import initiatives_visible_to

# The observatory's staff who qualify and correct initiatives record what became of them.
RECORDING_ROLES = frozenset({Role.ANALYST, Role.ADMINISTRATOR})


def can_record_essaimage(user) -> bool:
    """Analysts and administrators declare adoptions and follow-ups; nobody else (not visitors)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.role in RECORDING_ROLES


def adoption_declare(
    *,
    original: Initiative,
    adopter: Initiative,
    kind: str,
    adopted_on: dt.date,
    note: str = "",
    by=None,
) -> Adoption:
    """Record that `adopter` (the copy, in its own territory) adopted or adapted `original`."""
    errors = []
    if adopter.pk == original.pk:
        errors.append("Une initiative ne peut pas s'adopter elle-même.")
    if Status.MERGED in {original.status, adopter.status}:
        errors.append("Une initiative fusionnée ne peut pas être liée : utilisez celle qui la remplace.")
    if adopter.territory_id == original.territory_id:
        errors.append("L'initiative adoptante doit se trouver sur un autre territoire que l'originale.")
    if kind not in AdoptionKind.values:
        errors.append("Type d'adoption inconnu.")
    if adopted_on > dt.date.today():  # noqa: DTZ011 -- a calendar date, as entered
        errors.append("La date de l'adoption ne peut pas être dans le futur.")
    if Adoption.objects.filter(original=adopter, adopter=original).exists():
        errors.append("Cette initiative est déjà déclarée comme l'originale de celle-ci.")
    if Adoption.objects.filter(original=original, adopter=adopter).exists():
        errors.append("Cette adoption est déjà déclarée.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return Adoption.objects.create(
            original=original,
            adopter=adopter,
            kind=kind,
            adopted_on=adopted_on,
            note=note.strip(),
            declared_by=by,
        )


def adopters_of(initiative: Initiative, *, user=None) -> QuerySet[Adoption]:
    """The adoptions of this practice whose copy the person may see (published ones for visitors),
    most recent first, with the copy's territory. The fiche action lists these."""
    visible = initiatives_visible_to(user).values("pk")
    return (
        Adoption.objects.filter(original=initiative, adopter__in=visible)
        .select_related("adopter__territory__departement", "adopter__territory__region")
        .order_by("-adopted_on", "-pk")
    )


def originals_of(initiative: Initiative, *, user=None) -> QuerySet[Adoption]:
    """The practices this initiative is a copy of, when the person may see them."""
    visible = initiatives_visible_to(user).values("pk")
    return (
        Adoption.objects.filter(adopter=initiative, original__in=visible)
        .select_related("original__territory")
        .order_by("-adopted_on", "-pk")
    )


def adoptions_move(*, duplicate: Initiative, target: Initiative) -> None:
    """On a merge, the duplicate's adoptions now link its target; a pair the target already has,
    or a link of the target to itself, is dropped (called by `services.initiative_merge`)."""
    for adoption in Adoption.objects.filter(Q(original=duplicate) | Q(adopter=duplicate)):
        original_id = target.pk if adoption.original_id == duplicate.pk else adoption.original_id
        adopter_id = target.pk if adoption.adopter_id == duplicate.pk else adoption.adopter_id
        known = Adoption.objects.filter(original_id=original_id, adopter_id=adopter_id).exists()
        if original_id == adopter_id or known:
            adoption.delete()
            continue
        adoption.original_id, adoption.adopter_id = original_id, adopter_id
        adoption.save(update_fields=["original", "adopter"])

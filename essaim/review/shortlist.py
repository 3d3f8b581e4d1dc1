"""The shortlist: analysts pick initiatives and entrust each to at least two experts."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from essaim.accounts.models import User
from essaim.accounts.roles import Role
from essaim.catalog.models import Initiative, Status
from essaim.review.models import Assessment, ShortlistEntry
from essaim.review.versions import grid_in_service

MIN_EXPERTS = 2
TOO_FEW_EXPERTS = "Confiez chaque initiative à au moins deux experts (vous en avez choisi {count})."


def experts_available():
    """Active accounts with the expert role, by name."""
    return User.objects.filter(role=Role.EXPERT, is_active=True).order_by(
        "last_name", "first_name", "username"
    )


def _checked_experts(experts: Iterable[User]) -> list[User]:
    chosen = {expert.pk: expert for expert in experts}
    if len(chosen) < MIN_EXPERTS:
        raise ValidationError({"experts": TOO_FEW_EXPERTS.format(count=len(chosen))})
    if any(expert.role != Role.EXPERT or not expert.is_active for expert in chosen.values()):
        raise ValidationError(
            {"experts": "Seuls des comptes actifs ayant le rôle « Expert » peuvent évaluer."}
        )
    return list(chosen.values())


@transaction.atomic
def shortlist_add(*, initiative: Initiative, experts: Iterable[User], by: User) -> ShortlistEntry:
    """Shortlist an initiative on the grid in service and entrust it to the experts (two or more)."""
    chosen = _checked_experts(experts)
    if initiative.status == Status.MERGED:
        raise ValidationError(
            "Une initiative fusionnée ne peut pas être présélectionnée : choisissez celle qui la remplace."
        )
    if ShortlistEntry.objects.filter(initiative=initiative).exists():
        raise ValidationError("Cette initiative est déjà présélectionnée.")
    entry = ShortlistEntry.objects.create(initiative=initiative, grid=grid_in_service(), added_by=by)
    for expert in chosen:
        Assessment.objects.create(entry=entry, expert=expert, grid=entry.grid, assigned_by=by)
    return entry


@transaction.atomic
def assignments_set(*, entry: ShortlistEntry, experts: Iterable[User], by: User) -> ShortlistEntry:
    """Change who assesses an entry; an expert who has submitted cannot be withdrawn."""
    chosen = {expert.pk: expert for expert in _checked_experts(experts)}
    current = {assessment.expert_id: assessment for assessment in entry.assessments.all()}
    for expert_id, assessment in current.items():
        if expert_id not in chosen:
            if assessment.is_submitted:
                raise ValidationError(
                    {
                        "experts": f"{assessment.expert} a déjà soumis son évaluation : "
                        "on ne peut plus la lui retirer."
                    }
                )
            assessment.delete()
    for expert_id, expert in chosen.items():
        if expert_id not in current:
            Assessment.objects.create(entry=entry, expert=expert, grid=entry.grid, assigned_by=by)
    return entry

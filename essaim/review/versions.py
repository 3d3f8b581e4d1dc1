"""Grid versions: the one in service, a new editable copy of a frozen one, what a version lacks."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from essaim.review import grid as rules
from essaim.review.models import Criterion, CriterionLevel, Grid


def grid_in_service() -> Grid:
    """The version used for new shortlists; a clear French error if there is none."""
    current = Grid.objects.filter(is_active=True).first()
    if current is None:
        raise ValidationError(
            "Aucune grille d'évaluation n'est en service : un administrateur doit en mettre une en service."
        )
    return current


def grid_criteria(grid: Grid) -> list[Criterion]:
    """The criteria of a version in tier order (gates, core, qualifiers), then by rank."""
    criteria = list(grid.criteria.prefetch_related("levels"))
    return sorted(criteria, key=lambda c: (rules.TIERS.index(c.tier), c.position, c.pk))


def grid_specs(grid: Grid) -> list[rules.CriterionSpec]:
    return [criterion.spec for criterion in grid_criteria(grid)]


def grid_problems(grid: Grid) -> list[str]:
    """What keeps a version from being put in service, in French (empty when it is complete)."""
    problems = []
    criteria = grid_criteria(grid)
    for tier in rules.TIERS:
        if not any(c.tier == tier for c in criteria):
            problems.append(f"Aucun critère de niveau « {rules.TIER_TITLES[tier].lower()} ».")
    for criterion in criteria:
        missing = rules.missing_levels(criterion.tier, {level.value for level in criterion.levels.all()})
        if missing:
            levels = ", ".join(rules.level_label(criterion.tier, value) for value in missing)
            problems.append(f"« {criterion.label} » : descripteur manquant pour {levels}.")
    return problems


@transaction.atomic
def grid_activate(*, grid: Grid) -> Grid:
    """Put a complete version in service (the previous one stays, for the assessments that use it)."""
    problems = grid_problems(grid)
    if problems:
        raise ValidationError(["Cette version ne peut pas être mise en service :", *problems])
    Grid.objects.filter(is_active=True).exclude(pk=grid.pk).update(is_active=False)
    if not grid.is_active:
        grid.is_active = True
        grid.save(update_fields=["is_active"])
    return grid


@transaction.atomic
def grid_new_version(*, grid: Grid) -> Grid:
    """An editable copy of a version (criteria and level descriptors), numbered after the last one.

    The copy is not in service until an administrator puts it in service: shortlists keep using
    the current version meanwhile, and assessments already made keep theirs for good.
    """
    last = Grid.objects.filter(name=grid.name).aggregate(last=Max("version"))["last"] or 0
    copy = Grid.objects.create(
        name=grid.name, version=last + 1, previous=grid, notes=f"Copie de la version {grid.version}."
    )
    for criterion in grid_criteria(grid):
        new = Criterion.objects.create(
            grid=copy,
            tier=criterion.tier,
            code=criterion.code,
            label=criterion.label,
            description=criterion.description,
            weight=criterion.weight,
            position=criterion.position,
        )
        CriterionLevel.objects.bulk_create(
            CriterionLevel(criterion=new, value=level.value, descriptor=level.descriptor)
            for level in criterion.levels.all()
        )
    return copy

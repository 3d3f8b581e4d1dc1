"""Independent scoring: an expert saves a draft, resumes it, then submits; others' scores come after."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from essaim.catalog.models import EvidenceLevel
from essaim.review.grid import check_score
from essaim.review.models import Assessment, AssessmentStatus, Score, TransferType
from essaim.review.versions import grid_criteria

ALREADY_SUBMITTED = "Cette évaluation a déjà été soumise : elle ne peut plus être modifiée."


def score_field(code: str) -> str:
    """Name of a criterion's score in forms and error dicts."""
    return f"note_{code}"


def comment_field(code: str) -> str:
    return f"commentaire_{code}"


def _choice_error(value: str, choices, *, required: bool, missing: str) -> str | None:
    if not value:
        return missing if required else None
    return None if value in choices else "Choix invalide : choisissez une des options proposées."


@transaction.atomic
def assessment_save(
    *,
    assessment: Assessment,
    scores: Mapping[str, object],
    comments: Mapping[str, str],
    evidence_level: str = "",
    transfer_type: str = "",
    comment: str = "",
    submit: bool = False,
) -> Assessment:
    """Save an expert's scores as a draft, or submit them (then every criterion must be scored).

    Raises a `ValidationError` whose dict names each faulty field with a French message; nothing is
    saved in that case.
    """
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_submitted:
        raise ValidationError(ALREADY_SUBMITTED)
    criteria = grid_criteria(assessment.grid)
    errors: dict[str, str] = {}
    values: dict[int, int | None] = {}
    for criterion in criteria:
        value, error = check_score(criterion.spec, scores.get(criterion.code), required=submit)
        if error:
            errors[score_field(criterion.code)] = error
        values[criterion.pk] = value
    for name, value, choices, missing in (
        (
            "evidence_level",
            evidence_level,
            EvidenceLevel.values,
            "Indiquez le niveau de preuve avant de soumettre.",
        ),
        (
            "transfer_type",
            transfer_type,
            TransferType.values,
            "Indiquez le type de transfert avant de soumettre.",
        ),
    ):
        error = _choice_error(value, choices, required=submit, missing=missing)
        if error:
            errors[name] = error
    if errors:
        raise ValidationError(errors)

    for criterion in criteria:
        Score.objects.update_or_create(
            assessment=assessment,
            criterion=criterion,
            defaults={"value": values[criterion.pk], "comment": comments.get(criterion.code, "").strip()},
        )
    assessment.evidence_level = evidence_level
    assessment.transfer_type = transfer_type
    assessment.comment = comment.strip()
    if submit:
        assessment.status = AssessmentStatus.SUBMITTED
        assessment.submitted_at = timezone.now()
    assessment.save()
    return assessment


def others_visible_to(assessment: Assessment) -> bool:
    """An expert sees the other experts' scores only once their own assessment is submitted."""
    return assessment.is_submitted


def other_assessments(assessment: Assessment) -> list[Assessment]:
    """The other experts' submitted assessments — empty while this one is not submitted."""
    if not others_visible_to(assessment):
        return []
    return list(
        assessment.entry.assessments.filter(status=AssessmentStatus.SUBMITTED)
        .exclude(pk=assessment.pk)
        .select_related("expert")
        .prefetch_related("scores__criterion")
    )

"""What the contributions app does when the analysts decide in the inbox: mirror the decision on
the contribution, hand its documents to the initiative, tell the author."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from essaim.catalog.models.provenance import Attachment
from essaim.catalog.services import attachment_add
from essaim.contributions import emails
from essaim.contributions.adoptions import adoption_record
from essaim.contributions.models import Contribution, ContributionStatus
from essaim.inbox.models import Candidate, CandidateStatus
from essaim.inbox.signals import candidate_decided

logger = logging.getLogger(__name__)

ORIGIN_PREFIX = "contribution:"
STATUS_OF_DECISION = {
    CandidateStatus.ACCEPTED: ContributionStatus.ACCEPTED,
    CandidateStatus.MERGED: ContributionStatus.ACCEPTED,
    CandidateStatus.REJECTED: ContributionStatus.REJECTED,
}


def contribution_of_candidate(candidate: Candidate) -> Contribution | None:
    key = candidate.origin_key or ""
    if not key.startswith(ORIGIN_PREFIX):
        return None
    pk = key.removeprefix(ORIGIN_PREFIX)
    if not pk.isdigit():
        return None
    return Contribution.objects.select_for_update().filter(pk=int(pk)).first()


def attachments_hand_over(contribution: Contribution, *, by=None) -> int:
    """Copy the contribution's documents to its initiative, private (an analyst may publish them),
    as an analyst adds one (`catalog.services.attachment_add`: checked, renamed, in the history).

    A document already handed over (same name and size on that initiative) is not copied twice.
    """
    initiative = contribution.initiative
    if initiative is None:
        return 0
    present = set(Attachment.objects.filter(initiative=initiative).values_list("title", "size"))
    copied = 0
    for document in contribution.attachments.all():
        title = document.original_name[:200]
        if (title, document.size) in present:
            continue
        try:
            with document.file.open("rb") as stream:
                content = stream.read()
        except OSError:  # a lost file must not block the analyst's decision
            logger.warning("Pièce jointe n° %s illisible : non transmise à l'initiative", document.pk)
            continue
        try:
            attachment_add(
                initiative=initiative,
                upload=ContentFile(content, name=document.original_name),
                title=title,
                by=by,
            )
        except ValidationError as error:  # checked on upload already; logged, never blocking
            logger.warning("Pièce jointe n° %s non transmise : %s", document.pk, " ".join(error.messages))
            continue
        present.add((title, document.size))
        copied += 1
    return copied


def decision_apply(candidate: Candidate) -> Contribution | None:
    """Mirror an inbox decision on the contribution it came from (None for other origins)."""
    status = STATUS_OF_DECISION.get(candidate.status)
    if status is None:
        return None
    contribution = contribution_of_candidate(candidate)
    if contribution is None:
        return None
    contribution.status = status
    contribution.decision_reason = candidate.reason or ""
    if candidate.initiative_id is not None:
        contribution.initiative_id = candidate.initiative_id
    contribution.decided_at = candidate.decided_at or timezone.now()
    contribution.save(update_fields=["status", "decision_reason", "initiative", "decided_at", "updated_at"])
    if status == ContributionStatus.ACCEPTED:
        attachments_hand_over(contribution, by=candidate.decided_by)
        adoption_record(contribution, by=candidate.decided_by)
    emails.decision_send(contribution)
    return contribution


@receiver(candidate_decided, dispatch_uid="contributions.candidate_decided")
def on_candidate_decided(sender, candidate: Candidate, **kwargs) -> None:
    with transaction.atomic():
        decision_apply(candidate)

"""Reconciliations and selection decisions, and the message to the contributor when not retained."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from essaim.catalog.models import Initiative
from essaim.review.aggregation import GATE_FAILED
from essaim.review.grid import check_score
from essaim.review.models import (
    ContributorMessage,
    Criterion,
    Decision,
    Outcome,
    Reconciliation,
    ShortlistEntry,
)
from essaim.review.selectors import entry_aggregate
from essaim.review.shortlist import MIN_EXPERTS


@transaction.atomic
def reconciliation_record(
    *, entry: ShortlistEntry, criterion: Criterion, value: object, reason: str, by
) -> Reconciliation:
    """Record the final score of a criterion on which the experts disagree, with its reason."""
    if criterion.grid_id != entry.grid_id:
        raise ValidationError("Ce critère n'appartient pas à la grille de cette évaluation.")
    result = next(r for r in entry_aggregate(entry).criteria if r.spec.code == criterion.code)
    if not result.disagreement:
        raise ValidationError(
            "Les experts ne sont pas en désaccord sur ce critère : il n'y a rien à arbitrer."
        )
    score, error = check_score(criterion.spec, value, required=True)
    errors = {}
    if error:
        errors["value"] = error
    if not reason.strip():
        errors["reason"] = "Indiquez le motif de la note retenue."
    if errors:
        raise ValidationError(errors)
    reconciliation, _ = Reconciliation.objects.update_or_create(
        entry=entry, criterion=criterion, defaults={"value": score, "reason": reason.strip(), "by": by}
    )
    return reconciliation


@transaction.atomic
def decision_record(*, entry: ShortlistEntry, outcome: str, rationale: str, by) -> Decision:
    """Record (or change) the selection decision; the previous ones stay in the history."""
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = "Choisissez : retenue, liste d'attente ou non retenue."
    if not rationale.strip():
        errors["rationale"] = "Motivez la décision : la motivation est conservée avec elle."
    if errors:
        raise ValidationError(errors)
    result = entry_aggregate(entry)
    if result.experts < MIN_EXPERTS:
        raise ValidationError(
            f"Au moins {MIN_EXPERTS} évaluations soumises sont nécessaires avant de décider "
            f"({result.experts} pour l'instant)."
        )
    if result.gate_status == GATE_FAILED and outcome != Outcome.NOT_RETAINED:
        raise ValidationError(
            {
                "outcome": "Cette initiative ne satisfait pas un critère éliminatoire : "
                "elle ne peut être que non retenue."
            }
        )
    decision = Decision.objects.filter(entry=entry).first() or Decision(entry=entry)
    decision.outcome = outcome
    decision.rationale = rationale.strip()
    decision.decided_by = by
    decision.decided_at = timezone.now()
    decision._history_user = by  # the history row names the author even outside a request
    decision.save()
    return decision


def decision_history(entry: ShortlistEntry) -> list:
    """Every version of the entry's decision, newest first (django-simple-history rows)."""
    return list(
        Decision.history.filter(entry_id=entry.pk)
        .select_related("decided_by")
        .order_by("-history_date", "-history_id")
    )


def contributor_address(initiative: Initiative) -> str:
    """Where to tell the contributor: the initiative's contact e-mail, else its author's address."""
    if initiative.contact_email:
        return initiative.contact_email
    author = initiative.created_by
    return author.email if author is not None and author.email else ""


@transaction.atomic
def contributor_message_write(*, entry: ShortlistEntry, subject: str, body: str, by) -> ContributorMessage:
    """Store a French message explaining why the initiative was not retained (sent separately)."""
    decision = Decision.objects.filter(entry=entry).first()
    if decision is None or decision.outcome != Outcome.NOT_RETAINED:
        raise ValidationError("Un message au contributeur ne s'écrit que pour une initiative non retenue.")
    errors = {}
    if not subject.strip():
        errors["subject"] = "Indiquez l'objet du message."
    if not body.strip():
        errors["body"] = "Écrivez le message au contributeur."
    if errors:
        raise ValidationError(errors)
    return ContributorMessage.objects.create(
        entry=entry,
        subject=subject.strip(),
        body=body.strip(),
        recipient=contributor_address(entry.initiative),
        written_by=by,
    )


@transaction.atomic
def contributor_message_send(*, message: ContributorMessage) -> ContributorMessage:
    """Send a stored message by e-mail (Django's mail API) and mark it sent.

    Refused with a French message when it was already sent or no address is known.
    """
    message = ContributorMessage.objects.select_for_update().get(pk=message.pk)
    if message.sent_at is not None:
        raise ValidationError("Ce message a déjà été envoyé.")
    if not message.recipient:
        raise ValidationError(
            "Aucune adresse électronique n'est connue pour ce contributeur : le message reste enregistré."
        )
    send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.recipient])
    message.sent_at = timezone.now()
    message.save(update_fields=["sent_at"])
    return message


def contributor_messages_pending():
    """Messages written but not sent yet (for an operator, or a future scheduled task)."""
    return ContributorMessage.objects.filter(sent_at__isnull=True).select_related("entry__initiative")


def contributor_messages_for(initiative: Initiative):
    """The messages about one initiative, for the future contributor space."""
    return ContributorMessage.objects.filter(entry__initiative=initiative).order_by("-written_at")

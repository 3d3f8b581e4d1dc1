"""E-mails of the calls for contributions, in French, text and HTML.

Each e-mail has a builder (`*_message`, pure: returns an EmailMultiAlternatives) and a sender
used by the background tasks of `essaim.contributions.tasks`. The public `*_send` functions queue
the task after the current transaction commits, so a rolled-back submission sends nothing.
"""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from essaim.catalog.models import Status
from essaim.contributions.models import Contribution, ContributionStatus, Invitation
from essaim.core.site import site_url


def _message(*, subject: str, template: str, context: dict, to: list[str]) -> EmailMultiAlternatives:
    context = {"site_url": site_url(), **context}
    message = EmailMultiAlternatives(
        subject=subject, body=render_to_string(f"contributions/email/{template}.txt", context), to=to
    )
    message.attach_alternative(render_to_string(f"contributions/email/{template}.html", context), "text/html")
    return message


# --- Submission confirmation -------------------------------------------------------------------


def submission_confirmation_message(contribution: Contribution) -> EmailMultiAlternatives | None:
    """The e-mail telling the author that the contribution was received (None without an address)."""
    author = contribution.author
    if author is None or not author.email or not author.is_active:
        return None
    return _message(
        subject=f"Essaim — contribution reçue : {contribution.title or 'sans titre'}",
        template="submission_confirmation",
        context={
            "contribution": contribution,
            "author": author,
            "campaign": contribution.campaign,
            "space_url": site_url() + reverse("contributions:space"),
        },
        to=[author.email],
    )


def submission_confirmation_deliver(contribution_id: int) -> bool:
    """Send the confirmation now (what the background task runs). True when an e-mail left."""
    contribution = (
        Contribution.objects.select_related("author", "campaign", "organisation", "territory")
        .filter(pk=contribution_id)
        .first()
    )
    if contribution is None:
        return False
    message = submission_confirmation_message(contribution)
    if message is None:
        return False
    message.send()
    return True


def submission_confirmation_send(contribution: Contribution) -> None:
    """Queue the confirmation e-mail to the contribution's author (once the transaction commits).

    In tests, wrap the submission in `django_capture_on_commit_callbacks(execute=True)` to see it.
    """
    from essaim.contributions.tasks import submission_confirmation_task

    pk = contribution.pk
    transaction.on_commit(lambda: submission_confirmation_task.enqueue(pk), robust=True)


# --- Decision --------------------------------------------------------------------------------


def decision_message(contribution: Contribution) -> EmailMultiAlternatives | None:
    """The e-mail telling the author what the analysts decided (None without an address)."""
    author = contribution.author
    if author is None or not author.email or not author.is_active:
        return None
    initiative = contribution.initiative
    published = initiative is not None and initiative.status == Status.PUBLISHED
    initiative_url = site_url() + initiative.get_absolute_url() if published and initiative else ""
    accepted = contribution.status == ContributionStatus.ACCEPTED
    verdict = "acceptée" if accepted else "non retenue"
    return _message(
        subject=f"Essaim — votre contribution « {contribution.title or 'sans titre'} » est {verdict}",
        template="decision",
        context={
            "contribution": contribution,
            "author": author,
            "accepted": accepted,
            "initiative_url": initiative_url,
            "space_url": site_url() + reverse("contributions:space"),
        },
        to=[author.email],
    )


def decision_deliver(contribution_id: int) -> bool:
    contribution = (
        Contribution.objects.select_related("author", "campaign", "initiative")
        .filter(pk=contribution_id)
        .first()
    )
    if contribution is None:
        return False
    message = decision_message(contribution)
    if message is None:
        return False
    message.send()
    return True


def decision_send(contribution: Contribution) -> None:
    """Queue the decision e-mail to the author (once the deciding transaction commits)."""
    from essaim.contributions.tasks import decision_task

    pk = contribution.pk
    transaction.on_commit(lambda: decision_task.enqueue(pk), robust=True)


# --- Invitations and reminders ---------------------------------------------------------------


def invitation_message(
    invitation: Invitation, *, link: str, reminder: bool = False
) -> EmailMultiAlternatives:
    campaign = invitation.campaign
    prefix = "Rappel — " if reminder else ""
    return _message(
        subject=f"{prefix}Essaim — invitation à contribuer : {campaign.title}",
        template="reminder" if reminder else "invitation",
        context={"invitation": invitation, "campaign": campaign, "link": link},
        to=[invitation.email],
    )

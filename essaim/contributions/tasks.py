"""Background work of the calls for contributions: one task per e-mail (a mailbox may fail)."""

from django_tasks import task

from essaim.contributions import emails, invitations


@task()
def submission_confirmation_task(contribution_id: int) -> None:
    emails.submission_confirmation_deliver(contribution_id)


@task()
def decision_task(contribution_id: int) -> None:
    emails.decision_deliver(contribution_id)


@task()
def invitation_task(invitation_id: int, reminder: bool = False) -> None:
    """Send an invitation or a reminder; a failure is recorded on the invitation, not raised."""
    invitations.invitation_deliver(invitation_id, reminder=reminder)

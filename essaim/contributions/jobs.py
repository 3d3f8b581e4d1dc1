"""The invitations' reminders before a campaign closes, queued by the worker once a day (as
`essaim send_reminders`)."""

from essaim.contributions.invitations import reminders_send
from essaim.jobs.schedule import register_daily


@register_daily("contributions.reminders", "Relances des invitations")
def reminders(job, progress) -> None:
    progress.step(f"{reminders_send()} relance(s)")

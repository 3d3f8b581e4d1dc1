"""The analysts' daily digest of new candidates, sent by the worker (as `essaim inbox_digest`)."""

from essaim.inbox.digest import digest_send
from essaim.jobs.schedule import register_daily


@register_daily("inbox.digest", "Récapitulatif de la veille")
def inbox_digest(job, progress) -> None:
    digest_send()

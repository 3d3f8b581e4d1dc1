"""The saved searches' alerts, sent by the worker once a day (as `essaim send_alerts`)."""

from essaim.jobs.schedule import register_daily
from essaim.publication.digests import digests_send


@register_daily("publication.alerts", "Alertes des recherches enregistrées")
def alerts_send(job, progress) -> None:
    report = digests_send()
    progress.step(f"{report.sent} alerte(s) envoyée(s)")

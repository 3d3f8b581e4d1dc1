"""`essaim watch_due`: queue a run of every source that is due (daily, weekly): what the
worker's housekeeping does by itself every minute, here on demand.

Each run is a background job (the worker runs it); a run already queued or running is joined.
"""

from django.core.management.base import BaseCommand

from essaim.watch.jobs import source_run_request
from essaim.watch.selectors import sources_due


class Command(BaseCommand):
    help = "Lance les sources de veille dont l'exécution est due (quotidiennes, hebdomadaires)."

    def handle(self, *args, **options) -> None:
        due = sources_due()
        for source in due:
            job, created = source_run_request(source)
            state = "lancée" if created else "déjà en cours"
            self.stdout.write(f"« {source.name} » : exécution {state} (tâche n° {job.pk}).")
        if not due:
            self.stdout.write("Aucune source de veille à exécuter maintenant.")

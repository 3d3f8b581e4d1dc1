"""`essaim worker`: run the background tasks (exports, imports, e-mails, enrichment).

`make run` starts one next to the web server; in server mode start several. Jobs left running by a
crashed worker are queued again (at start, then every minute), finished jobs' files are pruned, and
the daily work is started once a day (essaim.jobs.schedule).
"""

import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from essaim.jobs.schedule import daily_start, periodic_run
from essaim.jobs.services import jobs_prune, jobs_recover

HOUSEKEEPING_SECONDS = 60


def _housekeeping() -> tuple[int, int]:
    recovered = jobs_recover()
    pruned = jobs_prune()
    daily_start()
    periodic_run()
    return len(recovered), pruned


class Command(BaseCommand):
    help = "Exécute les tâches de fond (exports, imports, courriels) ; reprend celles d'un processus arrêté."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="Exécute les tâches en attente puis s'arrête."
        )
        parser.add_argument("--interval", type=float, default=1.0, help="Secondes entre deux vérifications.")

    def handle(self, *args, batch: bool, interval: float, **options) -> None:
        recovered, _pruned = _housekeeping()
        if recovered:
            self.stdout.write(f"{recovered} tâche(s) interrompue(s) remise(s) en file.")
        if not batch:
            stop = threading.Event()

            def loop() -> None:
                try:
                    while not stop.wait(HOUSEKEEPING_SECONDS):
                        _housekeeping()
                finally:
                    connection.close()

            threading.Thread(target=loop, name="jobs-housekeeping", daemon=True).start()
        call_command(
            "db_worker",
            queue_name="*",
            batch=batch,
            interval=interval,
            reload=False,
            startup_delay=False,
            verbosity=options["verbosity"],
        )

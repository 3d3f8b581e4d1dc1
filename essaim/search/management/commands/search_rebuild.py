"""`essaim search_rebuild`: rebuild the search index from the catalogue."""

import time

from django.core.management.base import BaseCommand

from essaim.search import sync


class Command(BaseCommand):
    help = "Reconstruit l'index de recherche à partir du catalogue."

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        count = sync.rebuild()
        elapsed = time.perf_counter() - started
        engine = sync.backend().name
        self.stdout.write(
            self.style.SUCCESS(
                f"Index de recherche reconstruit ({engine}) : {count} initiatives en {elapsed:.1f} s."
            )
        )

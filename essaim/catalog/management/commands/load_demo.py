"""`essaim load_demo`: load the demo initiatives (idempotent)."""

from django.core.management.base import BaseCommand

from essaim.catalog.demo import demo_load


class Command(BaseCommand):
    help = "Charge les initiatives de démonstration (sans effet si elles sont déjà chargées)."

    def handle(self, *args, **options) -> None:
        report = demo_load()
        if report.created:
            self.stdout.write(
                f"Démonstration : {report.created} initiatives créées ({report.sources_added} sources)."
            )
        else:
            self.stdout.write(
                f"Démonstration déjà chargée : {report.unchanged} initiatives inchangées"
                + (f", {report.sources_added} sources ajoutées." if report.sources_added else ".")
            )

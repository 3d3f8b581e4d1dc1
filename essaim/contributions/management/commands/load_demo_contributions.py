"""`essaim load_demo_contributions`: the demo campaigns of `make run` (idempotent)."""

from django.core.management.base import BaseCommand

from essaim.contributions.demo import demo_contributions_load


class Command(BaseCommand):
    help = (
        "Charge les appels à contributions de démonstration : une campagne, un formulaire de crise et "
        "une contribution envoyée aux analystes (sans effet s'ils existent déjà)."
    )

    def handle(self, *args, **options) -> None:
        report = demo_contributions_load()
        if report.campaigns_created or report.contribution_submitted:
            self.stdout.write(
                f"Démonstration des contributions : {report.campaigns_created} campagne(s) créée(s)"
                + (
                    ", une contribution envoyée à la boîte de réception."
                    if report.contribution_submitted
                    else "."
                )
            )
        else:
            self.stdout.write("Démonstration des contributions déjà chargée.")

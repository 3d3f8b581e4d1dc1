"""`essaim load_demo_selection`: the demo worked example of the selection and the fiches (idempotent).

It lives in the fiches app because it drives both the selection's services and the fiches' ones
(the fiches app sits above the selection in the import layers).
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from essaim.sheets.demo import DemoMissing, demo_worked_example_load


class Command(BaseCommand):
    help = (
        "Charge l'exemple de démonstration de la sélection : présélection, évaluations de deux experts, "
        "arbitrage, décisions et trois fiches action publiées (sans effet s'il est déjà chargé)."
    )

    def handle(self, *args, **options) -> None:
        try:
            report = demo_worked_example_load()
        except DemoMissing as missing:
            raise CommandError(str(missing)) from missing
        except ValidationError as refused:
            raise CommandError(" ".join(refused.messages)) from refused
        if report.shortlisted or report.sheets_published:
            self.stdout.write(
                f"Exemple de démonstration : {report.shortlisted} initiatives présélectionnées et évaluées, "
                f"{report.sheets_published} fiches action publiées."
            )
        else:
            self.stdout.write(
                "Exemple de démonstration déjà chargé : "
                f"{report.unchanged} initiatives présélectionnées laissées telles quelles."
            )

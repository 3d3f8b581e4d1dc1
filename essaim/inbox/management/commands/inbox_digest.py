"""`essaim inbox_digest`: e-mail the analysts the candidates received since the previous digest."""

from django.core.management.base import BaseCommand

from essaim.inbox.digest import digest_send, site_url


class Command(BaseCommand):
    help = (
        "Envoie aux analystes le récapitulatif quotidien de la veille : les candidats reçus depuis le "
        "précédent, par origine et par provenance. À lancer chaque jour ; le relancer le même jour "
        "n'envoie rien de plus."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--site", default="", help=f"Adresse du site dans les liens (par défaut : {site_url()})."
        )

    def handle(self, *args, **options) -> None:
        outcome = digest_send(site=options["site"] or None)
        if outcome.sent:
            self.stdout.write(
                f"Récapitulatif envoyé à {outcome.recipients} analyste(s) : "
                f"{outcome.candidates} nouveau(x) candidat(s)."
            )
        else:
            self.stdout.write(f"Aucun récapitulatif envoyé : {outcome.reason}")

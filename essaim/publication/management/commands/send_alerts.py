"""`essaim send_alerts`: e-mail each due saved search its new published initiatives (run daily by cron)."""

from django.core.management.base import BaseCommand

from essaim.publication.digests import digests_send, site_url


class Command(BaseCommand):
    help = (
        "Envoie les alertes des recherches enregistrées : à chacune, quotidienne ou hebdomadaire, qui "
        "est due, les initiatives publiées depuis la précédente alerte (rien si rien de nouveau). "
        "À lancer chaque jour ; le relancer n'envoie rien de plus."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--site",
            default="",
            help=f"Adresse du site dans les liens des courriels (par défaut : {site_url()}).",
        )

    def handle(self, *args, **options) -> None:
        report = digests_send(site=options["site"] or None)
        self.stdout.write(
            f"Alertes : {report.checked} recherche(s) enregistrée(s) examinée(s), "
            f"{report.sent} courriel(s) envoyé(s)."
        )

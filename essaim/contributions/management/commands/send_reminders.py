"""`essaim send_reminders`: remind invitees before a campaign closes (the worker does it once a
day; this runs it on demand)."""

from django.core.management.base import BaseCommand, CommandError

from essaim.contributions.invitations import REMINDER_DAYS, reminders_send


class Command(BaseCommand):
    help = (
        "Relance par courriel les invités des campagnes qui ferment dans "
        f"{' ou '.join(str(days) for days in REMINDER_DAYS)} jours et dont l'organisation n'a encore rien "
        "envoyé. À lancer chaque jour ; le relancer le même jour n'envoie rien de plus."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--jours",
            default=",".join(str(days) for days in REMINDER_DAYS),
            help="Nombre de jours avant la clôture, séparés par des virgules (par défaut : %(default)s).",
        )

    def handle(self, *args, **options) -> None:
        try:
            days = tuple(sorted({int(part) for part in options["jours"].split(",") if part.strip()}))
        except ValueError as error:
            raise CommandError(
                "--jours attend des nombres séparés par des virgules, par exemple 7,2."
            ) from error
        if not days or min(days) < 0:
            raise CommandError("--jours attend des nombres positifs, par exemple 7,2.")
        count = reminders_send(days=days)
        self.stdout.write(f"Relances : {count} courriel(s) mis en file d'envoi.")

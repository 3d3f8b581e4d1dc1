"""`essaim create_demo_accounts`: one demo account per role, printed with its password.

For demonstrations on a local machine: the password is public by design, so the command refuses
to run on a server database unless told to, and never modifies an existing account.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from essaim.accounts.demo import DEMO_PASSWORD, demo_accounts_create


class Command(BaseCommand):
    help = "Crée les comptes de démonstration manquants (un par rôle) et affiche les identifiants."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Autoriser la création sur une base PostgreSQL (serveur)."
        )

    def handle(self, *args, **options) -> None:
        if connection.vendor != "sqlite" and not options["force"]:
            raise CommandError(
                "Les comptes de démonstration ont un mot de passe public : ils ne sont créés que sur la base "
                "locale SQLite (ajoutez --force pour passer outre)."
            )
        created, existing = demo_accounts_create()
        self.stdout.write(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD})")
        self.stdout.write(f"  {'rôle'.ljust(16)}identifiant")
        for user in created:
            self.stdout.write(f"  {user.get_role_display().ljust(16)}{user.username}")
        for user in existing:
            self.stdout.write(
                f"  {user.get_role_display().ljust(16)}{user.username}  (existait déjà : laissé tel quel)"
            )

"""`essaim status [--json]`: what the database in use holds.

The JSON keys are a contract for scripts: `communes`, `epci`, `departements`, `regions`,
`population`, `initiatives` (status → count), `sources`, `documents` (the watch's documents),
`candidates` (the inbox's candidates) (extend, never rename).
"""

import json

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection

from essaim.catalog.models import Source, Status
from essaim.catalog.selectors import status_counts
from essaim.territories.selectors import geography_counts


def _fr(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


class Command(BaseCommand):
    help = "Affiche le contenu de la base : géographie, initiatives par statut, sources."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", help="Sortie JSON (un objet) pour les scripts.")

    def handle(self, *args, **options) -> None:
        geography = geography_counts()
        status = {
            **geography,
            "initiatives": status_counts(),
            "sources": Source.objects.count(),
            # Upper layers' models, by name: catalog must not import the watch or the inbox.
            "documents": apps.get_model("watch", "Document").objects.count(),
            "candidates": apps.get_model("inbox", "Candidate").objects.count(),
            "database": connection.vendor,
        }
        if options["json"]:
            self.stdout.write(json.dumps(status, ensure_ascii=False, sort_keys=True))
            return
        rows = [
            ("Base de données", "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"),
            ("Communes", _fr(geography["communes"])),
            ("EPCI", _fr(geography["epci"])),
            ("Départements", _fr(geography["departements"])),
            ("Collectivités d'outre-mer", _fr(geography.get("collectivites_outre_mer", 0))),
            ("Régions", _fr(geography["regions"])),
            ("Population (communes)", _fr(geography["population"])),
            *(
                (f"Initiatives — {Status(code).label.lower()}", _fr(n))
                for code, n in status["initiatives"].items()
            ),
            ("Sources", _fr(status["sources"])),
            ("Documents de veille", _fr(status["documents"])),
            ("Candidats (boîte de réception)", _fr(status["candidates"])),
        ]
        width = max(len(label) for label, _ in rows)
        for label, value in rows:
            self.stdout.write(f"{label.ljust(width)}  {value.rjust(12)}")

"""`essaim load_territories [--force] [--path P]`: load the vendored official geography (idempotent)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from essaim.territories.loading import LoadReport, geography_load
from essaim.territories.models import Level
from essaim.territories.selectors import geography_counts


def _fr(number: float, decimals: int = 0) -> str:
    """French number formatting: narrow no-break space for thousands, comma for decimals."""
    text = f"{number:,.{decimals}f}"
    return text.replace(",", "\u202f").replace(".", ",")


_PLURALS = {
    Level.NATIONAL: "territoire national",
    Level.REGION: "régions",
    Level.DEPARTEMENT: "départements",
    Level.EPCI: "EPCI",
    Level.COMMUNE: "communes",
}


def summary(report: LoadReport) -> str:
    """One French sentence saying what the load did."""
    if report.skipped:
        return "Géographie déjà à jour (aucun changement)."
    counts = geography_counts()
    text = (
        f"Géographie chargée : {_fr(counts['communes'])} communes, {_fr(counts['epci'])} EPCI, "
        f"{_fr(counts['departements'])} départements, {_fr(counts['regions'])} régions, "
        f"{_fr(counts['collectivites_outre_mer'])} collectivités d'outre-mer, "
        f"{_fr(report.aliases)} anciennes communes et arrondissements "
        f"en {_fr(report.seconds, 1)} s."
    )
    if report.stale:
        stale = ", ".join(f"{_fr(count)} {_PLURALS[level]}" for level, count in report.stale.items())
        text += f"\nTerritoires absents du fichier, conservés en base mais plus en vigueur : {stale}."
    return text


class Command(BaseCommand):
    help = "Charge la géographie officielle (communes, EPCI, départements, régions, indicateurs)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Recharge même si ce fichier a déjà été chargé."
        )
        parser.add_argument(
            "--path", type=Path, default=None, help="Fichier à charger (par défaut : celui fourni)."
        )

    def handle(self, *args, **options) -> None:
        report = geography_load(path=options["path"], force=options["force"])
        self.stdout.write(summary(report))

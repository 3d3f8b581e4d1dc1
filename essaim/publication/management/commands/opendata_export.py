"""`essaim opendata_export`: rebuild the open data files (CSV, JSON, datapackage.json) now."""

from django.core.management.base import BaseCommand

from essaim.publication.exports import export_dir, exports_build


class Command(BaseCommand):
    help = (
        "Régénère les fichiers de données ouvertes (CSV, JSON et datapackage.json) des initiatives publiées."
    )

    def handle(self, *args, **options) -> None:
        directory = export_dir()
        report = exports_build(directory)
        self.stdout.write(
            f"Données ouvertes régénérées dans {directory} : {report.rows} initiatives publiées "
            f"({report.seconds:.1f} s)."
        )

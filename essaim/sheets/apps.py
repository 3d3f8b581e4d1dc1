"""App configuration for sheets (fiches action)."""

from django.apps import AppConfig


class SheetsConfig(AppConfig):
    name = "essaim.sheets"
    verbose_name = "Fiches action"

    def ready(self) -> None:
        from essaim.sheets import jobs  # noqa: F401 -- registers the background exports

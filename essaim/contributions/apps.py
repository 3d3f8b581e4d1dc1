"""App configuration for contributions."""

from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    name = "essaim.contributions"
    verbose_name = "Appels à contributions"

    def ready(self) -> None:
        # Mirror the inbox's decisions on the contributions (and tell their authors).
        from essaim.contributions import (
            jobs,  # noqa: F401 -- registers the daily reminders
            receivers,  # noqa: F401
        )

"""App configuration for inbox."""

from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "essaim.inbox"
    verbose_name = "Boîte de réception"

    def ready(self) -> None:
        from essaim.inbox import jobs  # noqa: F401 -- registers the daily digest

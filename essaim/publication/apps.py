"""App configuration for publication."""

from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "essaim.publication"
    verbose_name = "Publication et données ouvertes"

    def ready(self) -> None:
        from essaim.publication import jobs, signals  # noqa: F401 -- jobs: registers the daily alerts

        signals.connect()

"""App configuration for watch."""

from django.apps import AppConfig


class WatchConfig(AppConfig):
    name = "essaim.watch"
    verbose_name = "Veille"

    def ready(self) -> None:
        from essaim.watch import jobs  # noqa: F401 -- registers the "run a source" background job

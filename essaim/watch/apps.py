"""App configuration for watch."""

from django.apps import AppConfig


class WatchConfig(AppConfig):
    name = "essaim.watch"
    verbose_name = "Veille"

"""App configuration for contributions."""

from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    name = "essaim.contributions"
    verbose_name = "Appels à contributions"

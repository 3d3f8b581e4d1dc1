"""App configuration for sheets (fiches action)."""

from django.apps import AppConfig


class SheetsConfig(AppConfig):
    name = "essaim.sheets"
    verbose_name = "Fiches action"

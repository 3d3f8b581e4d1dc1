"""App configuration for review."""

from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "essaim.review"
    verbose_name = "Sélection"

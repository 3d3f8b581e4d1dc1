"""App configuration for api."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "essaim.api"
    verbose_name = "API de lecture"

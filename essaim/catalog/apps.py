"""App configuration for catalog."""

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "essaim.catalog"
    verbose_name = "Catalogue des initiatives"

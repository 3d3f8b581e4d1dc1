"""App configuration for enrichment (geotagging, classification, de-duplication)."""

from django.apps import AppConfig


class EnrichmentConfig(AppConfig):
    name = "essaim.enrichment"
    label = "enrichment"
    verbose_name = "Enrichissement"

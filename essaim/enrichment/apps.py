"""App configuration for enrichment (geotagging, classification, de-duplication)."""

from django.apps import AppConfig


class EnrichmentConfig(AppConfig):
    name = "essaim.enrichment"
    label = "enrichment"
    verbose_name = "Enrichissement"

    def ready(self) -> None:
        from essaim.enrichment import jobs  # noqa: F401 -- registers the daily training

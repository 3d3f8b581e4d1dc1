from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "essaim.search"
    label = "search"
    verbose_name = "Recherche"

    def ready(self) -> None:
        from essaim.search import signals

        signals.connect()

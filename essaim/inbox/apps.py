"""App configuration for inbox."""

from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "essaim.inbox"
    verbose_name = "Boîte de réception"

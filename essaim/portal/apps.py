"""App configuration for portal."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "essaim.portal"
    verbose_name = "Portail public"

"""App configuration for accounts."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "essaim.accounts"
    verbose_name = "Comptes et rôles"

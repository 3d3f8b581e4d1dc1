"""App configuration for jobs."""

from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "essaim.jobs"
    verbose_name = "Tâches de fond"

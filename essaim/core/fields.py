"""Model fields shared by the apps."""

from django.db import models


class URLField(models.URLField):
    """A URL field whose forms complete "exemple.fr" as "https://exemple.fr" (Django 6's default)."""

    def formfield(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)

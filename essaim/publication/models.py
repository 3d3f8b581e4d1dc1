"""Bookkeeping of the open data files: the changes not yet in them (an outbox, as for search)."""

from django.db import models


class ExportChange(models.Model):
    """A catalogue change written in the change's own transaction: while any row is left, the
    files are stale and are rebuilt before they are served. A crash never loses the mark."""

    changed_at = models.DateTimeField("modifié le", auto_now_add=True)

    class Meta:
        verbose_name = "modification à exporter"
        verbose_name_plural = "modifications à exporter"

    def __str__(self) -> str:
        return f"Modification n° {self.pk} à exporter"

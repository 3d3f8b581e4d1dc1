"""Bookkeeping of the open data files (an outbox, as for search) and the saved searches with their alerts."""

from django.conf import settings
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


class Frequency(models.TextChoices):
    DAILY = "quotidienne", "Quotidienne"
    WEEKLY = "hebdomadaire", "Hebdomadaire"
    NONE = "aucune", "Pas d'alerte"


class SavedSearch(models.Model):
    """A directory search a person saved, with the e-mail alert of its new published initiatives.

    `checked_until` is the digest's watermark: initiatives published up to this moment were
    already considered, so running the digest again never sends them twice.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="personne",
        on_delete=models.CASCADE,
        related_name="saved_searches",
    )
    name = models.CharField("nom", max_length=120)
    query = models.CharField("recherche", max_length=2000, blank=True, help_text="Paramètres du répertoire.")
    frequency = models.CharField(
        "fréquence des alertes", max_length=12, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    checked_until = models.DateTimeField("nouveautés examinées jusqu'au")
    last_sent_at = models.DateTimeField("dernière alerte envoyée le", null=True, blank=True)

    class Meta:
        verbose_name = "recherche enregistrée"
        verbose_name_plural = "recherches enregistrées"
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["frequency", "checked_until"], name="saved_search_due")]

    def __str__(self) -> str:
        return self.name

"""Essaimage records: a practice adopted elsewhere (the copy linked to its original), and the
follow-up of a practice over time (continued, generalised, adapted, stopped)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from essaim.core.fields import URLField


class AdoptionKind(models.TextChoices):
    ADOPTED = "adoptee", "Adoptée (reprise telle quelle)"
    ADAPTED = "adaptee", "Adaptée (reprise avec des changements)"


class Adoption(models.Model):
    """A territory took up a practice: `adopter` is the copy (an initiative in its own territory),
    `original` the practice it comes from. Declared by staff (see `catalog.adoption`)."""

    original = models.ForeignKey(
        "catalog.Initiative",
        verbose_name="initiative d'origine",
        on_delete=models.CASCADE,
        related_name="adoptions",
    )
    adopter = models.ForeignKey(
        "catalog.Initiative",
        verbose_name="initiative adoptante",
        on_delete=models.CASCADE,
        related_name="adopted_from",
    )
    kind = models.CharField("type", max_length=8, choices=AdoptionKind.choices, default=AdoptionKind.ADAPTED)
    adopted_on = models.DateField("date de l'adoption")
    note = models.TextField("note", blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="déclarée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    declared_at = models.DateTimeField("déclarée le", auto_now_add=True)

    class Meta:
        verbose_name = "adoption"
        verbose_name_plural = "adoptions"
        ordering = ["-adopted_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["original", "adopter"], name="adoption_unique_pair"),
            models.CheckConstraint(
                condition=~Q(original=F("adopter")),
                name="adoption_not_itself",
                violation_error_message="Une initiative ne peut pas s'adopter elle-même.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.adopter_id} {self.get_kind_display().split(' ')[0].lower()} de {self.original_id}"


class FollowUpStatus(models.TextChoices):
    CONTINUED = "poursuivie", "Poursuivie"
    GENERALISED = "generalisee", "Généralisée"
    ADAPTED = "adaptee", "Adaptée"
    STOPPED = "arretee", "Arrêtée"


class FollowUp(models.Model):
    """What became of a practice at a date, according to a source (text, address or both)."""

    initiative = models.ForeignKey(
        "catalog.Initiative", verbose_name="initiative", on_delete=models.CASCADE, related_name="follow_ups"
    )
    status = models.CharField("statut", max_length=12, choices=FollowUpStatus.choices)
    observed_on = models.DateField("date")
    source_text = models.TextField("source", blank=True)
    source_url = URLField("adresse de la source", max_length=1000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="saisi par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("saisi le", auto_now_add=True)

    class Meta:
        verbose_name = "suivi"
        verbose_name_plural = "suivis"
        ordering = ["-observed_on", "-pk"]
        indexes = [models.Index(fields=["initiative", "-observed_on", "-id"], name="follow_up_latest")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source_text="") | ~Q(source_url=""),
                name="follow_up_has_source",
                violation_error_message="Indiquez la source : un texte, une adresse ou les deux.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} · {self.get_status_display()} ({self.observed_on:%d/%m/%Y})"

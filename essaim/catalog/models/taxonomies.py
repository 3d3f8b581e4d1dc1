"""Referentials editable by administrators (themes, publics, actor types) and actors."""

from django.db import models
from simple_history.models import HistoricalRecords


class Taxonomy(models.Model):
    """A code with a French label: codes are stable (exports, URLs), labels may be reworded."""

    code = models.SlugField("code", max_length=60, unique=True)
    label = models.CharField("libellé", max_length=200)
    description = models.TextField("description", blank=True)
    position = models.PositiveSmallIntegerField("ordre", default=0)
    is_active = models.BooleanField("actif", default=True)

    class Meta:
        abstract = True
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return self.label


class Theme(Taxonomy):
    history = HistoricalRecords()

    class Meta(Taxonomy.Meta):
        verbose_name = "thématique"
        verbose_name_plural = "thématiques"


class Public(Taxonomy):
    history = HistoricalRecords()

    class Meta(Taxonomy.Meta):
        verbose_name = "public"
        verbose_name_plural = "publics"


class ActorType(Taxonomy):
    history = HistoricalRecords()

    class Meta(Taxonomy.Meta):
        verbose_name = "type d'acteur"
        verbose_name_plural = "types d'acteurs"


class Actor(models.Model):
    """An organisation that leads or supports initiatives (a Département, a CCAS, an association…)."""

    name = models.CharField("nom", max_length=200)
    type = models.ForeignKey(ActorType, verbose_name="type", on_delete=models.PROTECT, related_name="actors")
    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name="territoire",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actors",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "acteur"
        verbose_name_plural = "acteurs"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "type", "territory"], name="actor_unique_name_type_territory"
            )
        ]

    def __str__(self) -> str:
        return self.name

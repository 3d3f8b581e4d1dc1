"""Fiches action: one per selected initiative, its versions and its review history.

The content lives in versions (one per save, never rewritten); the sheet points at its latest
version and at the version the public sees, so a published fiche stays readable while its next
edition is written, reviewed and approved.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse


class SheetStatus(models.TextChoices):
    """The lifecycle of the edition being written: draft → in review → approved → published."""

    DRAFT = "brouillon", "Brouillon"
    IN_REVIEW = "relecture", "En relecture"
    APPROVED = "approuvee", "Approuvée"
    PUBLISHED = "publiee", "Publiée"


class Sheet(models.Model):
    """The fiche action of a selected initiative."""

    initiative = models.OneToOneField(
        "catalog.Initiative", verbose_name="initiative", on_delete=models.PROTECT, related_name="sheet"
    )
    status = models.CharField(
        "état", max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT, db_index=True
    )
    current_version = models.ForeignKey(
        "SheetVersion",
        verbose_name="version en cours",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_version = models.ForeignKey(
        "SheetVersion",
        verbose_name="version approuvée",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_version = models.ForeignKey(
        "SheetVersion",
        verbose_name="version publiée",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créée par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    published_at = models.DateTimeField("publiée le", null=True, blank=True)

    class Meta:
        verbose_name = "fiche action"
        verbose_name_plural = "fiches action"
        ordering = ["-published_at", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Fiche action — {self.initiative}"

    def get_absolute_url(self) -> str:
        return reverse("sheets:detail", args=[self.pk])

    @property
    def title(self) -> str:
        return self.initiative.title

    @property
    def is_published(self) -> bool:
        return self.published_version_id is not None


class SheetVersion(models.Model):
    """The content of a fiche at one save: every section as sanitised HTML, keyed by section code."""

    sheet = models.ForeignKey(Sheet, verbose_name="fiche", on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("numéro")
    sections = models.JSONField("sections", default=dict)
    # True while the content is the automatic draft nobody has edited yet (marked as such everywhere).
    is_generated = models.BooleanField("brouillon généré automatiquement", default=False)
    note = models.CharField("note", max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("enregistrée le", auto_now_add=True)

    class Meta:
        verbose_name = "version de fiche"
        verbose_name_plural = "versions de fiche"
        ordering = ["sheet", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "number"], name="sheets_version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.sheet} — version {self.number}"


class SheetTransition(models.Model):
    """One step of a fiche's lifecycle: who moved it, when, and why."""

    sheet = models.ForeignKey(
        Sheet, verbose_name="fiche", on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField("état précédent", max_length=10, choices=SheetStatus.choices, blank=True)
    to_status = models.CharField("nouvel état", max_length=10, choices=SheetStatus.choices)
    version = models.ForeignKey(
        SheetVersion, verbose_name="version", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="par", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField("le", auto_now_add=True)
    note = models.TextField("commentaire", blank=True)

    class Meta:
        verbose_name = "étape de la fiche"
        verbose_name_plural = "étapes de la fiche"
        ordering = ["sheet", "-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.sheet} : {self.get_to_status_display()}"

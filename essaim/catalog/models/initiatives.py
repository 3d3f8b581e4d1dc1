"""The initiative: the directory's unit, with its perimeter, taxonomies, dates and lifecycle."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from essaim.catalog.periods import PERIOD_LABELS, Precision, crisis_period
from essaim.core.fields import URLField


class Status(models.TextChoices):
    DRAFT = "brouillon", "Brouillon"
    SUBMITTED = "soumise", "Soumise"
    QUALIFIED = "qualifiee", "Qualifiée"
    PUBLISHED = "publiee", "Publiée"
    ARCHIVED = "archivee", "Archivée"
    MERGED = "fusionnee", "Fusionnée"


class EvidenceLevel(models.TextChoices):
    SELF_DECLARED = "declaratif", "Déclaratif"
    DOCUMENTED = "documente", "Documenté"
    EVALUATED = "evalue", "Évalué"


PeriodChoices = models.TextChoices(
    "PeriodChoices", [(p.name, (p.value, label)) for p, label in PERIOD_LABELS.items()]
)


class PrecisionChoices(models.TextChoices):
    DAY = Precision.DAY.value, "Jour"
    MONTH = Precision.MONTH.value, "Mois"
    YEAR = Precision.YEAR.value, "Année"


class Initiative(models.Model):
    """A local social-action practice, as the directory shows it.

    Its perimeter is exactly one territory (commune, EPCI, département, région or the national
    territory). Every fact reported about it keeps its `Source` (provenance).
    """

    title = models.CharField("titre", max_length=250)
    summary = models.TextField("résumé")
    description = models.TextField("description", blank=True)
    status = models.CharField(
        "statut", max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name="territoire",
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    lead_actor = models.ForeignKey(
        "catalog.Actor",
        verbose_name="porteur",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_initiatives",
    )
    partners = models.ManyToManyField(
        "catalog.Actor", verbose_name="partenaires", blank=True, related_name="+"
    )
    themes = models.ManyToManyField(
        "catalog.Theme",
        verbose_name="thématiques",
        through="catalog.InitiativeTheme",
        related_name="initiatives",
    )
    publics = models.ManyToManyField(
        "catalog.Public", verbose_name="publics", blank=True, related_name="initiatives"
    )

    start_date = models.DateField("date de début", null=True, blank=True)
    start_precision = models.CharField(
        "précision du début", max_length=5, choices=PrecisionChoices.choices, default=Precision.DAY.value
    )
    end_date = models.DateField("date de fin", null=True, blank=True)
    # Derived from the start date by `periods.crisis_period` on every save: never set by hand.
    crisis_period = models.CharField(
        "période de crise", max_length=20, choices=PeriodChoices.choices, editable=False, db_index=True
    )

    staff = models.TextField("moyens humains", blank=True)
    budget = models.DecimalField("budget (€)", max_digits=12, decimal_places=2, null=True, blank=True)
    funding = models.TextField("financements", blank=True)
    results = models.TextField("résultats observés", blank=True)
    evidence_level = models.CharField(
        "niveau de preuve", max_length=10, choices=EvidenceLevel.choices, default=EvidenceLevel.SELF_DECLARED
    )

    # Personal data: never shown to visitors (see accounts.abilities.can_see_contacts).
    contact_name = models.CharField("personne à contacter", max_length=200, blank=True)
    contact_role = models.CharField("fonction du contact", max_length=200, blank=True)
    contact_email = models.EmailField("courriel du contact", blank=True)
    contact_phone = models.CharField("téléphone du contact", max_length=30, blank=True)

    merged_into = models.ForeignKey(
        "self",
        verbose_name="fusionnée dans",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    published_at = models.DateTimeField("publiée le", null=True, blank=True, db_index=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[publics, partners])

    class Meta:
        verbose_name = "initiative"
        verbose_name_plural = "initiatives"
        ordering = ["-published_at", "-created_at"]
        indexes = [
            # The published practices of a few territories (essaimage): without it, SQLite reads
            # every published initiative through the status index.
            models.Index(fields=["territory", "status"], name="initiative_territory_status"),
            # The directory's version (its last change), asked by the inbox before each batch.
            models.Index(fields=["updated_at"], name="initiative_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="initiative_ends_after_start",
                violation_error_message="La date de fin ne peut pas précéder la date de début.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.crisis_period = crisis_period(self.start_date, self.start_precision).value
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"start_date", "start_precision"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "crisis_period"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("portal:initiative", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class InitiativeTheme(models.Model):
    """An initiative's themes, ordered: position 0 is the primary theme."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="theme_links")
    theme = models.ForeignKey(
        "catalog.Theme", verbose_name="thématique", on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField("rang", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "thématique de l'initiative"
        verbose_name_plural = "thématiques de l'initiative"
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "theme"], name="initiative_theme_unique"),
            models.UniqueConstraint(
                fields=["initiative", "position"], name="initiative_theme_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} · {self.theme_id} ({self.position})"


class InitiativeLink(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="links")
    url = URLField("adresse", max_length=500)
    label = models.CharField("libellé", max_length=200, blank=True)

    class Meta:
        verbose_name = "lien"
        verbose_name_plural = "liens"

    def __str__(self) -> str:
        return self.label or self.url


class InitiativeTransition(models.Model):
    """One row per status change: who moved the initiative from which status to which, and why."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField("statut précédent", max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField("nouveau statut", max_length=12, choices=Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("le", auto_now_add=True)
    note = models.TextField("commentaire", blank=True)

    class Meta:
        verbose_name = "changement de statut"
        verbose_name_plural = "changements de statut"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"

"""Selection models: versioned grids, the shortlist, experts' assessments, reconciliations, decisions.

A grid version that has served in an assessment is frozen: its criteria and level descriptors can
no longer change (see `GridFrozen`); administrators create a new version instead.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from essaim.catalog.models import EvidenceLevel
from essaim.review import grid as rules

FROZEN_MESSAGE = (
    "La grille « {grid} » a déjà servi à des évaluations : ses critères et leurs descripteurs ne "
    "peuvent plus être modifiés, afin de ne pas réécrire les évaluations faites. Créez une nouvelle "
    "version de la grille (action « Créer une nouvelle version » de la liste des grilles) et "
    "modifiez celle-ci."
)


class GridFrozen(ValidationError):
    """A change to a grid version that assessments already use."""


TierChoices = models.TextChoices("TierChoices", [(t.upper(), (t, rules.TIER_LABELS[t])) for t in rules.TIERS])


class TransferType(models.TextChoices):
    DUPLICATE = "dupliquer", "Dupliquer (reproduire à l'identique)"
    ADAPT = "adapter", "Adapter (reprendre en l'ajustant au contexte)"
    INSPIRE = "s_inspirer", "S'inspirer (en retenir le principe)"


class Grid(models.Model):
    """One version of the assessment grid. Only one version is in service for new shortlists."""

    name = models.CharField("nom", max_length=150)
    version = models.PositiveIntegerField("version", default=1)
    is_active = models.BooleanField(
        "en service",
        default=False,
        help_text="La version proposée pour les nouvelles présélections (une seule à la fois).",
    )
    notes = models.TextField("notes de version", blank=True)
    previous = models.ForeignKey(
        "self", verbose_name="version précédente", null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "grille d'évaluation"
        verbose_name_plural = "grilles d'évaluation"
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="review_grid_unique_version"),
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="review_grid_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"

    @property
    def is_frozen(self) -> bool:
        """Assessments use this version: it must never change again."""
        return self.pk is not None and self.assessments.exists()

    def check_editable(self) -> None:
        if self.is_frozen:
            raise GridFrozen(FROZEN_MESSAGE.format(grid=self))


class Criterion(models.Model):
    """A criterion of one grid version: its tier fixes its scale (yes/no or 1 to 5)."""

    grid = models.ForeignKey(Grid, verbose_name="grille", on_delete=models.CASCADE, related_name="criteria")
    tier = models.CharField("niveau", max_length=16, choices=TierChoices.choices)
    code = models.SlugField("code", max_length=60)
    label = models.CharField("intitulé", max_length=200)
    description = models.TextField("description")
    weight = models.DecimalField("poids", max_digits=4, decimal_places=1, default=1)
    position = models.PositiveSmallIntegerField("rang", default=0)

    class Meta:
        verbose_name = "critère"
        verbose_name_plural = "critères"
        ordering = ["grid", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "code"], name="review_criterion_unique_code"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="review_criterion_positive_weight"),
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs) -> None:
        self.grid.check_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.grid.check_editable()
        return super().delete(*args, **kwargs)

    @property
    def spec(self) -> rules.CriterionSpec:
        return rules.CriterionSpec(
            code=self.code, label=self.label, tier=self.tier, weight=float(self.weight)
        )

    @property
    def is_gate(self) -> bool:
        return self.tier == rules.GATE


class CriterionLevel(models.Model):
    """What a level of a criterion's scale means (e.g. 5 = « effets mesurés et durables »)."""

    criterion = models.ForeignKey(
        Criterion, verbose_name="critère", on_delete=models.CASCADE, related_name="levels"
    )
    value = models.SmallIntegerField("niveau")
    descriptor = models.CharField("descripteur", max_length=300)

    class Meta:
        verbose_name = "descripteur de niveau"
        verbose_name_plural = "descripteurs de niveau"
        ordering = ["criterion", "-value"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "value"], name="review_level_unique_value"),
        ]

    def __str__(self) -> str:
        return f"{self.value} — {self.descriptor}"

    def save(self, *args, **kwargs) -> None:
        self.criterion.grid.check_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.criterion.grid.check_editable()
        return super().delete(*args, **kwargs)

    def clean(self) -> None:
        if self.criterion_id and self.value not in rules.scale_of(self.criterion.tier):
            low, high = rules.SCALES[self.criterion.tier]
            raise ValidationError({"value": f"Le niveau doit être compris entre {low} et {high}."})


class ShortlistEntry(models.Model):
    """An initiative shortlisted by an analyst, assessed on the grid version in service that day."""

    initiative = models.OneToOneField(
        "catalog.Initiative", verbose_name="initiative", on_delete=models.PROTECT, related_name="shortlisting"
    )
    grid = models.ForeignKey(Grid, verbose_name="grille", on_delete=models.PROTECT, related_name="entries")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="présélectionnée par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField("présélectionnée le", auto_now_add=True)

    class Meta:
        verbose_name = "initiative présélectionnée"
        verbose_name_plural = "initiatives présélectionnées"
        ordering = ["-added_at"]

    def __str__(self) -> str:
        return str(self.initiative)


class AssessmentStatus(models.TextChoices):
    DRAFT = "brouillon", "Brouillon"
    SUBMITTED = "soumise", "Soumise"


class Assessment(models.Model):
    """One expert's assessment of one shortlisted initiative (created when the expert is assigned)."""

    entry = models.ForeignKey(
        ShortlistEntry, verbose_name="présélection", on_delete=models.CASCADE, related_name="assessments"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="expert", on_delete=models.PROTECT, related_name="assessments"
    )
    # The grid version used, kept even if the grid changes later.
    grid = models.ForeignKey(
        Grid, verbose_name="grille", on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(
        "état", max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    evidence_level = models.CharField(
        "niveau de preuve", max_length=10, choices=EvidenceLevel.choices, blank=True
    )
    transfer_type = models.CharField(
        "type de transfert", max_length=10, choices=TransferType.choices, blank=True
    )
    comment = models.TextField("appréciation générale", blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="confiée par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField("confiée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    submitted_at = models.DateTimeField("soumise le", null=True, blank=True)

    class Meta:
        verbose_name = "évaluation"
        verbose_name_plural = "évaluations"
        ordering = ["entry", "assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "expert"], name="review_assessment_one_per_expert"),
        ]

    def __str__(self) -> str:
        return f"{self.entry} — {self.expert}"

    @property
    def is_submitted(self) -> bool:
        return self.status == AssessmentStatus.SUBMITTED


class Score(models.Model):
    """An expert's score on one criterion, with a comment."""

    assessment = models.ForeignKey(
        Assessment, verbose_name="évaluation", on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name="critère", on_delete=models.PROTECT, related_name="scores"
    )
    value = models.SmallIntegerField("note", null=True, blank=True)
    comment = models.TextField("commentaire", blank=True)

    class Meta:
        verbose_name = "note"
        verbose_name_plural = "notes"
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="review_score_unique"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0, value__lte=5), name="review_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion} : {self.value}"


class Reconciliation(models.Model):
    """The final score an analyst records on a criterion where experts disagree, and why."""

    entry = models.ForeignKey(
        ShortlistEntry, verbose_name="présélection", on_delete=models.CASCADE, related_name="reconciliations"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name="critère", on_delete=models.PROTECT, related_name="+"
    )
    value = models.SmallIntegerField("note retenue")
    reason = models.TextField("motif")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="par", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField("le", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "arbitrage"
        verbose_name_plural = "arbitrages"
        constraints = [
            models.UniqueConstraint(fields=["entry", "criterion"], name="review_reconciliation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.entry} — {self.criterion} : {self.value}"


class Outcome(models.TextChoices):
    SELECTED = "retenue", "Retenue"
    WAITING = "attente", "Liste d'attente"
    NOT_RETAINED = "non_retenue", "Non retenue"


class Decision(models.Model):
    """The current selection decision on a shortlisted initiative; every change stays in its history."""

    entry = models.OneToOneField(
        ShortlistEntry, verbose_name="présélection", on_delete=models.CASCADE, related_name="decision"
    )
    outcome = models.CharField("décision", max_length=12, choices=Outcome.choices)
    rationale = models.TextField("motivation")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décidée par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("décidée le")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "décision de sélection"
        verbose_name_plural = "décisions de sélection"

    def __str__(self) -> str:
        return f"{self.entry} : {self.get_outcome_display()}"


class ContributorMessage(models.Model):
    """A French message telling the contributor why their initiative was not retained.

    Stored first, sent later by `decisions.contributor_message_send` (by e-mail today; the
    contributor space will read these rows too).
    """

    entry = models.ForeignKey(
        ShortlistEntry, verbose_name="présélection", on_delete=models.CASCADE, related_name="messages"
    )
    subject = models.CharField("objet", max_length=200)
    body = models.TextField("message")
    recipient = models.EmailField("destinataire", blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="rédigé par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    written_at = models.DateTimeField("rédigé le", auto_now_add=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)

    class Meta:
        verbose_name = "message au contributeur"
        verbose_name_plural = "messages aux contributeurs"
        ordering = ["-written_at"]

    def __str__(self) -> str:
        return self.subject

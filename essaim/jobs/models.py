"""A background job as people follow it: what is being made, how far it got, where the result is."""

from django.conf import settings
from django.db import models


class JobStatus(models.TextChoices):
    QUEUED = "en_attente", "En attente"
    RUNNING = "en_cours", "En cours"
    DONE = "terminee", "Terminée"
    FAILED = "echec", "Échec"


ACTIVE_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)


class Job(models.Model):
    """One run of a registered handler (`kind`) on one input (`key`).

    While a job is queued or running, asking for the same kind and key again joins it: an export
    asked twice at once is made once.
    """

    kind = models.CharField("type", max_length=60)
    key = models.CharField("objet", max_length=200, blank=True)
    label = models.CharField("libellé", max_length=200)
    params = models.JSONField("paramètres", default=dict, blank=True)
    status = models.CharField("état", max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField("avancement", default=0)
    total = models.PositiveIntegerField("total", null=True, blank=True)
    unit = models.CharField("unité", max_length=40, blank=True)
    step = models.CharField("étape", max_length=200, blank=True)
    error = models.TextField("erreur", blank=True)
    attempts = models.PositiveSmallIntegerField("tentatives", default=0)
    # Visitors may follow and download public exports (the booklet, the annex); other jobs are their
    # requester's (and administrators').
    is_public = models.BooleanField("public", default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="demandée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    result_file = models.CharField("fichier produit", max_length=300, blank=True)
    result_name = models.CharField("nom du fichier", max_length=200, blank=True)
    result_type = models.CharField("type du fichier", max_length=100, blank=True)
    created_at = models.DateTimeField("demandée le", auto_now_add=True)
    started_at = models.DateTimeField("commencée le", null=True, blank=True)
    finished_at = models.DateTimeField("terminée le", null=True, blank=True)
    heartbeat_at = models.DateTimeField("dernier signe de vie", null=True, blank=True)

    class Meta:
        verbose_name = "tâche de fond"
        verbose_name_plural = "tâches de fond"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key"],
                condition=models.Q(status__in=ACTIVE_STATUSES),
                name="one_active_job_per_kind_and_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))

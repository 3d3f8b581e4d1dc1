"""The watch's sources, the documents they gave, the items found in them and each run's report."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from essaim.core.storage import private_storage


class SourceKind(models.TextChoices):
    FEED = "flux", "Flux RSS/Atom"
    PAGE = "page", "Page web"
    DOCUMENT = "document", "Document déposé (PDF, DOCX, ODT, HTML, TXT)"
    SPREADSHEET = "tableau", "Tableau déposé (CSV, XLSX, ODS)"


class Schedule(models.TextChoices):
    MANUAL = "manuel", "Manuel"
    DAILY = "quotidien", "Quotidien"
    WEEKLY = "hebdomadaire", "Hebdomadaire"


SCHEDULE_PERIODS = {Schedule.DAILY: dt.timedelta(days=1), Schedule.WEEKLY: dt.timedelta(days=7)}


class Source(models.Model):
    """Where the watch looks: a feed, a page, or a file a partner sent (and its health)."""

    name = models.CharField("nom", max_length=200, unique=True)
    kind = models.CharField("type", max_length=10, choices=SourceKind.choices)
    url = models.URLField("adresse", max_length=1000, blank=True)
    file = models.FileField(
        "fichier", storage=private_storage, upload_to="veille/sources/%Y/%m", blank=True, max_length=300
    )
    file_name = models.CharField("nom du fichier", max_length=255, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="responsable",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    schedule = models.CharField("fréquence", max_length=12, choices=Schedule.choices, default=Schedule.MANUAL)
    is_active = models.BooleanField("active", default=True)
    # Spreadsheets: field → header, saved so that the next file from the same partner needs none;
    # and the headers of the last file read (for the mapping page).
    mapping = models.JSONField("correspondance des colonnes", default=dict, blank=True)
    headers = models.JSONField("en-têtes du dernier fichier", default=list, blank=True)
    # Conditional GET.
    etag = models.CharField("ETag", max_length=300, blank=True)
    last_modified = models.CharField("Last-Modified", max_length=100, blank=True)
    # Health.
    last_run_at = models.DateTimeField("dernière exécution", null=True, blank=True)
    last_success_at = models.DateTimeField("dernier succès", null=True, blank=True)
    last_error = models.TextField("dernière erreur", blank=True)
    last_error_at = models.DateTimeField("date de la dernière erreur", null=True, blank=True)
    items_found = models.PositiveIntegerField("éléments trouvés", default=0)
    consecutive_failures = models.PositiveIntegerField("échecs consécutifs", default=0)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "source de veille"
        verbose_name_plural = "sources de veille"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_broken(self) -> bool:
        return self.consecutive_failures > 0

    @property
    def is_fetched(self) -> bool:
        return self.kind in {SourceKind.FEED, SourceKind.PAGE}

    def is_due(self, now: dt.datetime | None = None) -> bool:
        period = SCHEDULE_PERIODS.get(self.schedule)
        if period is None or not self.is_active:
            return False
        if self.last_run_at is None:
            return True
        # A little slack, so that a daily cron at a fixed hour runs it every day.
        return (now or timezone.now()) - self.last_run_at >= period - dt.timedelta(minutes=30)


class Document(models.Model):
    """What a source gave once: raw text, content hash, URL and fetch date. Never changed later."""

    source = models.ForeignKey(
        Source, verbose_name="source", on_delete=models.CASCADE, related_name="documents"
    )
    url = models.CharField("adresse", max_length=1000, blank=True)
    content_hash = models.CharField("empreinte du contenu", max_length=64)
    title = models.CharField("titre", max_length=300, blank=True)
    raw_text = models.TextField("texte brut", blank=True)
    content_type = models.CharField("type de contenu", max_length=100, blank=True)
    file_name = models.CharField("nom du fichier", max_length=255, blank=True)
    items_count = models.PositiveIntegerField("initiatives trouvées", default=0)
    # False while a spreadsheet's rows are imported batch by batch: the next run resumes it.
    is_complete = models.BooleanField("import terminé", default=True)
    fetched_at = models.DateTimeField("récupéré le", default=timezone.now)

    class Meta:
        verbose_name = "document de veille"
        verbose_name_plural = "documents de veille"
        ordering = ["-fetched_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "content_hash"], name="watch_document_once_per_source"),
        ]

    def __str__(self) -> str:
        return self.title or self.url or self.file_name or self.content_hash[:12]


class Entry(models.Model):
    """One initiative found by a source, under its stable key: the link to its inbox candidate.

    `fingerprint` changes when what was read changes; an unchanged entry is never sent again (a
    rejected candidate stays rejected when its page is fetched again).
    """

    source = models.ForeignKey(
        Source, verbose_name="source", on_delete=models.CASCADE, related_name="entries"
    )
    document = models.ForeignKey(
        Document, verbose_name="document", on_delete=models.CASCADE, related_name="entries"
    )
    key = models.CharField("clé", max_length=64)
    origin_key = models.CharField("identifiant de candidat", max_length=180, unique=True)
    fingerprint = models.CharField("empreinte", max_length=64)
    title = models.CharField("titre", max_length=250)
    first_seen_at = models.DateTimeField("vue la première fois", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "initiative trouvée"
        verbose_name_plural = "initiatives trouvées"
        ordering = ["-updated_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["source", "key"], name="watch_entry_once_per_source")]

    def __str__(self) -> str:
        return self.title


class RunStatus(models.TextChoices):
    RUNNING = "en_cours", "En cours"
    SUCCESS = "reussie", "Réussie"
    PARTIAL = "partielle", "Réussie avec des erreurs"
    FAILED = "echec", "Échec"


class Run(models.Model):
    """One run of a source: what it found, what it sent to the inbox, what went wrong."""

    source = models.ForeignKey(Source, verbose_name="source", on_delete=models.CASCADE, related_name="runs")
    job = models.ForeignKey(
        "jobs.Job", verbose_name="tâche", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField("état", max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING)
    started_at = models.DateTimeField("commencée le", default=timezone.now)
    finished_at = models.DateTimeField("terminée le", null=True, blank=True)
    not_modified = models.BooleanField("rien de nouveau (304)", default=False)
    documents_new = models.PositiveIntegerField("nouveaux documents", default=0)
    documents_unchanged = models.PositiveIntegerField("documents déjà lus", default=0)
    items_found = models.PositiveIntegerField("initiatives trouvées", default=0)
    candidates_new = models.PositiveIntegerField("nouveaux candidats", default=0)
    candidates_updated = models.PositiveIntegerField("candidats mis à jour", default=0)
    items_unchanged = models.PositiveIntegerField("initiatives inchangées", default=0)
    errors = models.JSONField("erreurs", default=list, blank=True)
    notes = models.JSONField("remarques", default=list, blank=True)

    class Meta:
        verbose_name = "exécution de source"
        verbose_name_plural = "exécutions de sources"
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source} — {self.started_at:%d/%m/%Y %H:%M}"


class AllowedHost(models.Model):
    """A host the watch may fetch although it resolves to a private address (an intranet partner):
    an administrator's decision, with its reason. Settings may add more (ESSAIM_WATCH_ALLOWED_HOSTS)."""

    host = models.CharField(
        "nom d'hôte",
        max_length=253,
        unique=True,
        help_text="Le nom exact, sans « https:// » ni chemin, par exemple « intranet.departement.fr ».",
    )
    reason = models.CharField("motif", max_length=300)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ajouté par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    added_at = models.DateTimeField("ajouté le", auto_now_add=True)

    class Meta:
        verbose_name = "hôte privé autorisé"
        verbose_name_plural = "hôtes privés autorisés"
        ordering = ["host"]

    def __str__(self) -> str:
        return self.host

    def save(self, *args, **kwargs) -> None:
        self.host = self.host.strip().lower().rstrip(".")
        super().save(*args, **kwargs)

"""Candidate initiatives waiting for an analyst: from the watch, a contribution or the crisis form."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Origin(models.TextChoices):
    CONTRIBUTION = "contribution", "Contribution"
    CRISIS = "crise", "Formulaire de crise"
    WATCH = "veille", "Veille"


class CandidateStatus(models.TextChoices):
    PENDING = "a_traiter", "À traiter"
    # Masculine: the interface calls them « candidats » (« Ce candidat a déjà été traité (rejeté) »).
    ACCEPTED = "acceptee", "Accepté"
    MERGED = "fusionnee", "Fusionné"
    REJECTED = "rejetee", "Rejeté"


class Candidate(models.Model):
    """A reported initiative as received, its automatic suggestions, and the analyst's decision.

    `origin_key` is stable per report (a contribution, a feed entry…): receiving it again updates
    this row, never creates a second one. Contact fields are personal data (analysts only).
    """

    origin = models.CharField("origine", max_length=12, choices=Origin.choices, db_index=True)
    origin_key = models.CharField("identifiant d'origine", max_length=180, unique=True)
    # Provenance: who reported it, in which campaign.
    provenance_label = models.CharField("provenance", max_length=300, blank=True)
    campaign = models.CharField("campagne", max_length=200, blank=True, db_index=True)
    contributor = models.CharField("contributeur", max_length=200, blank=True)
    organisation = models.CharField("organisation", max_length=200, blank=True)

    # The proposed initiative, as typed or extracted.
    title = models.CharField("titre", max_length=250)
    summary = models.TextField("résumé", blank=True)
    description = models.TextField("description", blank=True)
    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name="territoire",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place_text = models.CharField("lieu (tel que saisi)", max_length=300, blank=True)
    lead_actor_name = models.CharField("porteur", max_length=200, blank=True)
    lead_actor_type_code = models.CharField("type de porteur (code)", max_length=60, blank=True)
    partners = models.TextField("partenaires", blank=True)
    theme_codes = models.JSONField("thématiques (codes)", default=list, blank=True)
    public_codes = models.JSONField("publics (codes)", default=list, blank=True)
    start_date = models.DateField("date de début", null=True, blank=True)
    end_date = models.DateField("date de fin", null=True, blank=True)
    staff = models.TextField("moyens humains", blank=True)
    budget = models.DecimalField("budget (€)", max_digits=12, decimal_places=2, null=True, blank=True)
    funding = models.TextField("financements", blank=True)
    results = models.TextField("résultats observés", blank=True)
    contact_name = models.CharField("personne à contacter", max_length=200, blank=True)
    contact_role = models.CharField("fonction du contact", max_length=200, blank=True)
    contact_email = models.EmailField("courriel du contact", blank=True)
    contact_phone = models.CharField("téléphone du contact", max_length=30, blank=True)
    links = models.JSONField("liens", default=list, blank=True)
    raw_text = models.TextField("texte d'origine", blank=True)
    source_url = models.CharField("adresse de la source", max_length=1000, blank=True)
    publisher = models.CharField("éditeur", max_length=200, blank=True)
    published_on = models.DateField("date de publication", null=True, blank=True)

    # Enrichment (see `enrich.py`); the three fields below it are derived for filtering.
    suggestions = models.JSONField("suggestions", default=dict, blank=True)
    confidence = models.FloatField("confiance", default=0.0, db_index=True)
    enriched_at = models.DateTimeField("enrichi le", null=True, blank=True)
    departement_code = models.CharField("département", max_length=3, blank=True, db_index=True)
    theme_index = models.CharField("thématiques (index)", max_length=600, blank=True)
    has_duplicate = models.BooleanField("doublon possible", default=False)

    status = models.CharField(
        "statut",
        max_length=10,
        choices=CandidateStatus.choices,
        default=CandidateStatus.PENDING,
        db_index=True,
    )
    reason = models.TextField("motif", blank=True)
    initiative = models.ForeignKey(
        "catalog.Initiative",
        verbose_name="initiative",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidates",
    )
    # Bumped each time a decided candidate is received again (a contributor's correction): its
    # new source gets a key of its own, so the earlier report is kept.
    revision = models.PositiveIntegerField("révision", default=0)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="traité par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("traité le", null=True, blank=True)
    received_at = models.DateTimeField("reçu le", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "suggestions", "enriched_at"])

    class Meta:
        verbose_name = "candidat"
        verbose_name_plural = "candidats"
        ordering = ["-confidence", "-received_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-confidence", "-received_at"], name="candidate_queue"),
            # The duplicate check reads a département's most recent pending candidates.
            models.Index(fields=["departement_code", "status", "-id"], name="candidate_departement"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_pending(self) -> bool:
        return self.status == CandidateStatus.PENDING

    @property
    def source_key(self) -> str:
        """The key of the source this report becomes (one per revision)."""
        return self.origin_key if not self.revision else f"{self.origin_key}#{self.revision}"


class Digest(models.Model):
    """One row per daily digest sent to the analysts: a second run the same day sends nothing."""

    day = models.DateField("jour", unique=True)
    sent_at = models.DateTimeField("envoyé le")
    candidates = models.PositiveIntegerField("nouveaux candidats", default=0)
    recipients = models.PositiveIntegerField("destinataires", default=0)

    class Meta:
        verbose_name = "récapitulatif quotidien"
        verbose_name_plural = "récapitulatifs quotidiens"
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"Récapitulatif du {self.day:%d/%m/%Y}"

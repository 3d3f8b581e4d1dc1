"""Provenance: every source that reported an initiative, and its attached documents."""

from django.db import models
from simple_history.models import HistoricalRecords

from essaim.core.fields import URLField
from essaim.core.storage import private_storage


class SourceKind(models.TextChoices):
    CONTRIBUTION = "contribution", "Contribution"
    WATCH = "veille", "Veille"
    IMPORT = "import", "Import"
    MANUAL = "saisie", "Saisie manuelle"


class Source(models.Model):
    """One report of an initiative: nothing reported is ever lost, merges move sources, never delete them."""

    initiative = models.ForeignKey(
        "catalog.Initiative", verbose_name="initiative", on_delete=models.PROTECT, related_name="sources"
    )
    kind = models.CharField("origine", max_length=12, choices=SourceKind.choices)
    # A stable key from the system it came from (corpus record id, feed entry id, spreadsheet row):
    # importers upsert by it, so running them twice never doubles a source.
    external_key = models.CharField(
        "identifiant d'origine", max_length=200, null=True, blank=True, unique=True
    )
    title = models.CharField("titre", max_length=300, blank=True)
    url = URLField("adresse", max_length=1000, blank=True)
    publisher = models.CharField("éditeur", max_length=200, blank=True)
    published_on = models.DateField("date de publication", null=True, blank=True)
    raw_text = models.TextField("texte d'origine", blank=True)
    collected_at = models.DateTimeField("collectée le", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "source"
        verbose_name_plural = "sources"
        ordering = ["collected_at", "pk"]

    def __str__(self) -> str:
        return self.publisher or self.url or self.get_kind_display()

    @property
    def text_is_public(self) -> bool:
        """Texts collected from public pages may be shown; what a contributor or an analyst typed
        may hold personal data, so visitors never see it."""
        return self.kind in {SourceKind.WATCH, SourceKind.IMPORT}


class Attachment(models.Model):
    """A document attached to an initiative. Stored privately (never under a public URL: a view
    streams it after checking who asks); shown to visitors only with an analyst's consent."""

    initiative = models.ForeignKey(
        "catalog.Initiative", verbose_name="initiative", on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField("fichier", storage=private_storage, upload_to="pieces-jointes/%Y/%m/")
    title = models.CharField("titre", max_length=200)
    content_type = models.CharField("type de contenu", max_length=100, blank=True)
    size = models.PositiveBigIntegerField("taille (octets)", default=0)
    is_public = models.BooleanField("visible du public", default=False)
    added_at = models.DateTimeField("ajoutée le", auto_now_add=True)
    # Consent given or withdrawn is part of the initiative's history (who, when).
    history = HistoricalRecords()

    class Meta:
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.title

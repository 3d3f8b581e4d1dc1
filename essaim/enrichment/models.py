"""The classifier's editable parts: lexicon terms (analysts tune them) and trained models."""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from essaim.enrichment.text import tokens


class Kind(models.TextChoices):
    THEME = "theme", "Thématique"
    PUBLIC = "public", "Public"
    ACTOR_TYPE = "actor_type", "Type de porteur"


class LexiconTerm(models.Model):
    """A weighted French term that points a text towards one theme, public or actor type."""

    kind = models.CharField("étiquette", max_length=12, choices=Kind.choices, db_index=True)
    code = models.SlugField(
        "code",
        max_length=60,
        help_text="Code de la thématique, du public ou du type de porteur (ex. « sante »).",
    )
    term = models.CharField(
        "terme ou expression",
        max_length=200,
        help_text="Reconnu au singulier comme au pluriel, au masculin comme au féminin, accents et "
        "petits mots (le, de, à…) ignorés : « violences conjugales », « aide sociale à l'enfance ».",
    )
    weight = models.FloatField(
        "poids",
        default=2.0,
        help_text="1 indice faible, 2 usuel, 3 fort, 4 à 5 décisif ; 0 neutralise l'expression "
        "(« crise sanitaire ») ; un poids négatif la fait compter contre l'étiquette.",
    )
    case_sensitive = models.BooleanField(
        "respecter les majuscules",
        default=False,
        help_text="« État » ne reconnaît alors pas « état », ni « CCAS » « ccas ».",
    )
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "terme de lexique"
        verbose_name_plural = "termes des lexiques"
        ordering = ["kind", "code", "term"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code", "term"], name="lexicon_term_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.term} → {self.code} ({self.weight:g})"

    def clean(self) -> None:
        from essaim.catalog.models import ActorType, Public, Theme

        taxonomy = {Kind.THEME: Theme, Kind.PUBLIC: Public, Kind.ACTOR_TYPE: ActorType}.get(self.kind)
        if taxonomy and self.code and not taxonomy.objects.filter(code=self.code).exists():
            raise ValidationError(
                {"code": f"Aucun code « {self.code} » parmi les {taxonomy._meta.verbose_name_plural}."}
            )
        if self.term and not tokens(self.term):
            raise ValidationError({"term": "Ce terme ne contient que des petits mots ignorés (le, de, à…)."})


class ClassifierModel(models.Model):
    """A model trained on the validated initiatives, on top of a seed model; the latest one trained
    on the current seed is used (see `store`)."""

    trained_at = models.DateTimeField("entraîné le", auto_now_add=True, db_index=True)
    examples = models.PositiveIntegerField("initiatives validées")
    labels = models.PositiveIntegerField("étiquettes apprises")
    data = models.TextField("modèle (JSON)")
    seed = models.CharField(
        "modèle de départ",
        max_length=64,
        blank=True,
        default="",
        help_text="Empreinte du modèle de départ livré avec l'application sur lequel il a été entraîné "
        "(vide : aucun).",
    )

    class Meta:
        verbose_name = "modèle de classement"
        verbose_name_plural = "modèles de classement"
        ordering = ["-trained_at", "-pk"]

    def __str__(self) -> str:
        return f"Modèle du {self.trained_at:%d/%m/%Y %H:%M} ({self.examples} initiatives)"

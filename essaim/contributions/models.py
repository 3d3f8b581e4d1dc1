"""Calls for contributions: campaigns, invitations, contributions (one initiative described by a
contributor) and their private attachments."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from essaim.catalog.models import AdoptionKind
from essaim.contributions.storage import private_storage


class CampaignKind(models.TextChoices):
    INVITATION = "invitation", "Sur invitation"
    CRISIS = "crise", "Formulaire de crise (public)"


class Campaign(models.Model):
    """A call for contributions, with its period and audience; a public page each."""

    title = models.CharField("titre", max_length=200)
    slug = models.SlugField("adresse", max_length=80, unique=True)
    kind = models.CharField(
        "type", max_length=12, choices=CampaignKind.choices, default=CampaignKind.INVITATION
    )
    description = models.TextField("description", blank=True)
    introduction = models.TextField("texte d'introduction", blank=True)
    audience = models.CharField("public visé", max_length=300, blank=True)
    opens_on = models.DateField("ouverture")
    closes_on = models.DateField("clôture")
    # Optional fields of the form that this campaign makes required (names of Contribution fields).
    required_fields = models.JSONField("champs obligatoires", default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "campagne"
        verbose_name_plural = "campagnes"
        ordering = ["-opens_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="campaign_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on


class InvitationStatus(models.TextChoices):
    PENDING = "a_envoyer", "À envoyer"
    SENT = "envoyee", "Envoyée"
    FAILED = "echec", "Échec de l'envoi"
    ACCEPTED = "acceptee", "Acceptée"


class Invitation(models.Model):
    """A personal invitation to a campaign; its link is signed and expires."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="campagne", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField("courriel")
    name = models.CharField("nom", max_length=200, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="organisation",
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name="territoire",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        "état", max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    sent_at = models.DateTimeField("envoyée le", null=True, blank=True)
    reminded_at = models.DateTimeField("relancée le", null=True, blank=True)
    last_error = models.TextField("dernière erreur", blank=True)
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "invitation"
        verbose_name_plural = "invitations"
        ordering = ["campaign", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "email"], name="one_invitation_per_address_and_campaign"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name or self.email} ({self.organisation})"


class ContributionStatus(models.TextChoices):
    DRAFT = "brouillon", "Brouillon"
    SUBMITTED = "soumise", "En cours de qualification"
    ACCEPTED = "acceptee", "Acceptée"
    REJECTED = "non_retenue", "Non retenue"


class Contribution(models.Model):
    """One initiative described by a contributor, from draft to the analysts' decision.

    It stays the contributor's own copy: accepting it creates (or updates) a catalogue initiative,
    linked here, without ever overwriting what the contributor wrote.
    """

    campaign = models.ForeignKey(
        Campaign, verbose_name="campagne", on_delete=models.PROTECT, related_name="contributions"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
    )
    status = models.CharField(
        "état", max_length=12, choices=ContributionStatus.choices, default=ContributionStatus.DRAFT
    )
    # The form's fields (DESIGN.md): all optional while a draft; checked on submission.
    title = models.CharField("intitulé", max_length=250, blank=True)
    summary = models.TextField("résumé", blank=True)
    description = models.TextField("description", blank=True)
    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name="territoire",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lead_actor_name = models.CharField("porteur", max_length=200, blank=True)
    lead_actor_type = models.ForeignKey(
        "catalog.ActorType",
        verbose_name="type de porteur",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    partners = models.TextField("partenaires", blank=True)
    publics = models.ManyToManyField("catalog.Public", verbose_name="publics", blank=True, related_name="+")
    themes = models.ManyToManyField("catalog.Theme", verbose_name="thèmes", blank=True, related_name="+")
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
    links = models.TextField("liens (un par ligne)", blank=True)
    # A territory declaring that it took up a practice of the directory (essaimage): when the
    # analysts accept the contribution, the adoption is recorded between the two initiatives.
    adopts = models.ForeignKey(
        "catalog.Initiative",
        verbose_name="reprend la pratique",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adoption_contributions",
    )
    adoption_kind = models.CharField(
        "type de reprise", max_length=8, choices=AdoptionKind.choices, blank=True
    )
    # The analysts' answer, mirrored from the inbox when they decide.
    decision_reason = models.TextField("motif", blank=True)
    initiative = models.ForeignKey(
        "catalog.Initiative",
        verbose_name="initiative du répertoire",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    submitted_at = models.DateTimeField("soumise le", null=True, blank=True)
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)

    class Meta:
        verbose_name = "contribution"
        verbose_name_plural = "contributions"
        ordering = ["-updated_at", "pk"]

    def __str__(self) -> str:
        return self.title or f"Contribution n° {self.pk}"

    @property
    def origin_key(self) -> str:
        """Its key in the analysts' inbox: submitting again updates the same candidate."""
        return f"contribution:{self.pk}"


class ContributionAttachment(models.Model):
    """A document attached to a contribution: type and size checked by content, stored privately,
    readable only by the organisation's members and the analysts."""

    contribution = models.ForeignKey(
        Contribution, verbose_name="contribution", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("fichier", storage=private_storage, upload_to="contributions/%Y/%m/")
    original_name = models.CharField("nom du fichier", max_length=255)
    content_type = models.CharField("type de contenu", max_length=100)
    size = models.PositiveBigIntegerField("taille (octets)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="déposée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("déposée le", auto_now_add=True)

    class Meta:
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

"""API tokens: staff read everything (unpublished initiatives included) with one."""

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A bearer token of a staff member. Only its SHA-256 is stored: the token itself is shown
    once, when an administrator creates it in the admin."""

    name = models.CharField("nom", max_length=100, help_text="À quoi sert ce jeton (script, partenaire…).")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="titulaire",
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    prefix = models.CharField("début du jeton", max_length=12, editable=False)
    key_hash = models.CharField("empreinte", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

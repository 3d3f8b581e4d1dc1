"""User accounts: one role per person, an optional organisation."""

from django.contrib.auth.models import AbstractUser
from django.db import models

from essaim.accounts.roles import Role


class Organisation(models.Model):
    """A département, commune, intercommunalité, CCAS, association or State service whose agents
    contribute: colleagues of one organisation share its contributions."""

    name = models.CharField("nom", max_length=200, unique=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisations"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in. Visitors never have an account."""

    role = models.CharField("rôle", max_length=20, choices=Role.choices, default=Role.CONTRIBUTOR)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )

    class Meta(AbstractUser.Meta):
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"

    def save(self, *args, **kwargs) -> None:
        # The role is the one source of truth for admin access: administrators (and only they)
        # may open the Django admin, with every permission.
        if self.is_superuser:
            self.role = Role.ADMINISTRATOR
        self.is_staff = self.is_superuser = self.role == Role.ADMINISTRATOR
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.get_full_name() or self.username

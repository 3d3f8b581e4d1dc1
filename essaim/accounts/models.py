"""User accounts: one role per person, an optional organisation."""

from django.contrib.auth.models import AbstractUser
from django.db import models

from essaim.accounts.roles import Role


class User(AbstractUser):
    """A person who signs in. Visitors never have an account."""

    role = models.CharField("rôle", max_length=20, choices=Role.choices, default=Role.CONTRIBUTOR)
    organisation = models.CharField("organisation", max_length=200, blank=True)

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

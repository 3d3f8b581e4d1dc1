"""The roles of Essaim's users (the visitor is the anonymous user and has no role)."""

from django.db import models


class Role(models.TextChoices):
    CONTRIBUTOR = "contributeur", "Contributeur"
    ANALYST = "analyste", "Analyste"
    EXPERT = "expert", "Expert"
    SPONSOR = "commanditaire", "Commanditaire"
    ADMINISTRATOR = "administrateur", "Administrateur"


# Roles that belong to the observatory's staff: they see every initiative, whatever its status.
STAFF_ROLES = frozenset({Role.ANALYST, Role.EXPERT, Role.SPONSOR, Role.ADMINISTRATOR})

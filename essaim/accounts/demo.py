"""Demo accounts, one per role, for `make run` on a local machine."""

from django.db import transaction

from essaim.accounts.models import User
from essaim.accounts.roles import Role

DEMO_PASSWORD = "essaim-demo"  # noqa: S105 -- demo accounts on a local machine, printed on purpose


@transaction.atomic
def demo_accounts_create() -> tuple[list[User], list[User]]:
    """Create the missing demo accounts (username = role); existing accounts are never touched,
    so a changed password or a deactivated account stays as its owner left it.

    Returns (created, already there).
    """
    created, existing = [], []
    for role in Role:
        user = User.objects.filter(username=role.value).first()
        if user is not None:
            existing.append(user)
            continue
        user = User(
            username=role.value,
            email=f"{role.value}@essaim.invalid",
            first_name=role.label,
            last_name="(démo)",
            role=role,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        created.append(user)
    return created, existing

"""Demo accounts, one per role (and a second expert), for `make run` on a local machine."""

from django.db import transaction

from essaim.accounts.models import User
from essaim.accounts.roles import Role

DEMO_PASSWORD = "essaim-demo"  # noqa: S105 -- demo accounts on a local machine, printed on purpose

# (username, role, first name): one account per role, plus a second expert so that every
# shortlisted demo initiative can be assessed by two experts.
DEMO_ACCOUNTS: tuple[tuple[str, Role, str], ...] = (
    *((role.value, role, role.label) for role in Role),
    ("expert2", Role.EXPERT, "Expert 2"),
)


@transaction.atomic
def demo_accounts_create() -> tuple[list[User], list[User]]:
    """Create the missing demo accounts (username = role, and `expert2`); existing accounts are never touched,
    so a changed password or a deactivated account stays as its owner left it.

    Returns (created, already there).
    """
    created, existing = [], []
    for username, role, first_name in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is not None:
            existing.append(user)
            continue
        user = User(
            username=username,
            email=f"{username}@essaim.invalid",
            first_name=first_name,
            last_name="(démo)",
            role=role,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        created.append(user)
    return created, existing

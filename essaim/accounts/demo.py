"""Demo accounts, one per role (and a second expert), for `make run` on a local machine."""

from django.db import transaction

from essaim.accounts.models import Organisation, User
from essaim.accounts.roles import Role

DEMO_PASSWORD = "essaim-demo"  # noqa: S105 -- demo accounts on a local machine, printed on purpose

# (username, role, first name): one account per role, plus a second expert so that every
# shortlisted demo initiative can be assessed by two experts.
DEMO_ACCOUNTS: tuple[tuple[str, Role, str], ...] = (
    *((role.value, role, role.label) for role in Role),
    ("expert2", Role.EXPERT, "Expert 2"),
)
# The demo contributor's organisation: colleagues of one organisation share its contributions.
DEMO_ORGANISATION = "Département de démonstration"


@transaction.atomic
def demo_accounts_create() -> tuple[list[User], list[User]]:
    """Create the missing demo accounts (username = role, and `expert2`); existing accounts are never touched,
    so a changed password or a deactivated account stays as its owner left it.

    The contributor belongs to a demo organisation (an existing contributor without one joins it,
    nothing else about it changes).

    Returns (created, already there).
    """
    created, existing = [], []
    organisation, _ = Organisation.objects.get_or_create(name=DEMO_ORGANISATION)
    for username, role, first_name in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is not None:
            if role == Role.CONTRIBUTOR and user.organisation_id is None:
                user.organisation = organisation
                user.save(update_fields=["organisation"])
            existing.append(user)
            continue
        user = User(
            username=username,
            email=f"{username}@essaim.invalid",
            first_name=first_name,
            last_name="(démo)",
            role=role,
            organisation=organisation if role == Role.CONTRIBUTOR else None,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        created.append(user)
    return created, existing

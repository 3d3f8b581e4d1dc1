"""Permissions in one place: "may this user do X?" — used by views, templates and later the API.

One condition per ability, so that a reviewer can read the whole policy on one screen.
"""

from dataclasses import dataclass

from essaim.accounts.roles import STAFF_ROLES, Role


def _role(user) -> str | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMINISTRATOR
    return user.role


def can_see_unpublished(user) -> bool:
    """Staff see initiatives at every status; visitors and contributors see published ones."""
    return _role(user) in STAFF_ROLES


def can_see_contacts(user) -> bool:
    """Contact persons are personal data: only the people who qualify and assess see them."""
    return _role(user) in {Role.ANALYST, Role.EXPERT, Role.ADMINISTRATOR}


def can_see_history(user) -> bool:
    return _role(user) in {Role.ANALYST, Role.ADMINISTRATOR}


def can_administer(user) -> bool:
    """Accounts, roles, taxonomies: the Django admin is for administrators only."""
    return _role(user) == Role.ADMINISTRATOR


def can_manage_selection(user) -> bool:
    """Shortlist, assign experts, reconcile, decide and export the ranking: analysts and administrators."""
    return _role(user) in {Role.ANALYST, Role.ADMINISTRATOR}


def can_assess(user) -> bool:
    """Score shortlisted initiatives on the grid: experts (only the assessments assigned to them)."""
    return _role(user) == Role.EXPERT


def can_manage_inbox(user) -> bool:
    """The analysts' inbox (accept, merge, reject candidates) and the watch's sources."""
    return _role(user) in {Role.ANALYST, Role.ADMINISTRATOR}


def can_manage_campaigns(user) -> bool:
    """Calls for contributions: campaigns, invitations, the crisis form."""
    return _role(user) in {Role.ANALYST, Role.ADMINISTRATOR}


def can_contribute(user) -> bool:
    """The contributor's space: describe the organisation's initiatives and follow them."""
    return _role(user) == Role.CONTRIBUTOR


@dataclass(frozen=True)
class Abilities:
    see_unpublished: bool
    see_contacts: bool
    see_history: bool
    administer: bool
    manage_selection: bool = False
    assess: bool = False
    manage_inbox: bool = False
    manage_campaigns: bool = False
    contribute: bool = False


def abilities_for(user) -> Abilities:
    return Abilities(
        see_unpublished=can_see_unpublished(user),
        see_contacts=can_see_contacts(user),
        see_history=can_see_history(user),
        administer=can_administer(user),
        manage_selection=can_manage_selection(user),
        assess=can_assess(user),
        manage_inbox=can_manage_inbox(user),
        manage_campaigns=can_manage_campaigns(user),
        contribute=can_contribute(user),
    )

"""Who may do what with fiches action: one condition per ability (abilities come from accounts)."""

from essaim.accounts.abilities import can_assess, can_manage_selection, can_see_unpublished


def can_see_sheet_drafts(user) -> bool:
    """Fiches not yet published (and the edition in progress of published ones): staff only."""
    return can_see_unpublished(user)


def can_write_sheets(user) -> bool:
    """Draft, edit, restore, submit, review and approve: the selection team (analysts, experts,
    administrators)."""
    return can_manage_selection(user) or can_assess(user)


def can_publish_sheets(user) -> bool:
    """Put an approved fiche on the portal: analysts and administrators."""
    return can_manage_selection(user)

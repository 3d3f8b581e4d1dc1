"""Expose the user's abilities to templates, so that templates never test roles themselves."""

from essaim.accounts.abilities import abilities_for


def abilities(request) -> dict:
    return {"abilities": abilities_for(getattr(request, "user", None))}

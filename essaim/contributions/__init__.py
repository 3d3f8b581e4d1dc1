"""Calls for contributions: campaigns, invitations, the contributor's space and form, crisis mode."""

"""Fiches action: drafting, sanitised rich text, versions, review and publication, exports."""

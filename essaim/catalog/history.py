"""Readable history of an initiative: status changes and field changes (who, when, what)."""

from dataclasses import dataclass, field
from datetime import datetime

from essaim.catalog.models import Initiative


@dataclass
class HistoryEntry:
    at: datetime
    by: str
    what: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # field label, old, new


# Personal data is not repeated in the history shown on pages.
_HIDDEN = {"contact_name", "contact_role", "contact_email", "contact_phone", "crisis_period"}


def initiative_history(initiative: Initiative) -> list[HistoryEntry]:
    """Newest first: every recorded save, with the fields it changed."""
    entries = [
        HistoryEntry(at=t.at, by=str(t.by) if t.by else "système", what=f"Statut : {t}", changes=[])
        for t in initiative.transitions.select_related("by")
    ]
    records = list(initiative.history.select_related("history_user").order_by("history_date"))
    for previous, record in zip([None, *records], records, strict=False):
        if previous is None:
            entries.append(HistoryEntry(at=record.history_date, by=_who(record), what="Création"))
            continue
        delta = record.diff_against(previous)
        changes = [
            (
                Initiative._meta.get_field(change.field).verbose_name,
                str(change.old or "—"),
                str(change.new or "—"),
            )
            for change in delta.changes
            if change.field not in _HIDDEN and change.field != "status"
        ]
        if changes:
            entries.append(
                HistoryEntry(at=record.history_date, by=_who(record), what="Modification", changes=changes)
            )
    return sorted(entries, key=lambda entry: entry.at, reverse=True)


def _who(record) -> str:
    return str(record.history_user) if record.history_user else "système"

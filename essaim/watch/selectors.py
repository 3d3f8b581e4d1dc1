"""Reading the watch's sources for pages and commands."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from essaim.watch.models import Run, Source


def sources_listed() -> QuerySet[Source]:
    """Broken sources first (they need someone), then by name."""
    return Source.objects.select_related("owner").order_by("-consecutive_failures", "name")


def sources_due(now=None) -> list[Source]:
    now = now or timezone.now()
    return [
        source
        for source in Source.objects.filter(is_active=True).exclude(schedule="manuel")
        if source.is_due(now)
    ]


def runs_of(source: Source, limit: int = 20) -> list[Run]:
    return list(source.runs.select_related("job")[:limit])

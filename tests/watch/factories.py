"""Watch sources as analysts set them up."""

from __future__ import annotations

import factory

from essaim.watch.models import Schedule, Source, SourceKind
from essaim.watch.sources import source_save


class WatchSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Presse locale n° {n}")
    kind = SourceKind.PAGE
    url = "https://presse.example.org/"
    schedule = Schedule.MANUAL


def file_source(content: bytes, file_name: str, *, kind: str = SourceKind.DOCUMENT, name: str = "") -> Source:
    source = Source(name=name or f"Dépôt {file_name}", kind=kind)
    return source_save(source, file_name=file_name, file_content=content)

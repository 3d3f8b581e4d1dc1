"""Catalogue models: taxonomies, actors, initiatives and their provenance."""

from essaim.catalog.models.initiatives import (
    EvidenceLevel,
    Initiative,
    InitiativeLink,
    InitiativeTheme,
    InitiativeTransition,
    Status,
)
from essaim.catalog.models.provenance import Attachment, Source, SourceKind
from essaim.catalog.models.taxonomies import Actor, ActorType, Public, Theme

__all__ = [
    "Actor",
    "ActorType",
    "Attachment",
    "EvidenceLevel",
    "Initiative",
    "InitiativeLink",
    "InitiativeTheme",
    "InitiativeTransition",
    "Public",
    "Source",
    "SourceKind",
    "Status",
    "Theme",
]

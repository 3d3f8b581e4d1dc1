"""Catalogue models: taxonomies, actors, initiatives, their provenance, adoptions and follow-up."""

from essaim.catalog.models.essaimage import Adoption, AdoptionKind, FollowUp, FollowUpStatus
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
    "Adoption",
    "AdoptionKind",
    "Attachment",
    "EvidenceLevel",
    "FollowUp",
    "FollowUpStatus",
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

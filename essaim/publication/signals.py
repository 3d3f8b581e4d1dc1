"""Every change that may alter the open data marks the files stale, inside the change's transaction.

Publishing, withdrawing or editing an initiative, its themes, publics, partners or sources, or a
label of a referential: the next download (or `essaim opendata_export`) rebuilds the files.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from essaim.catalog.models import (
    Actor,
    ActorType,
    Initiative,
    InitiativeLink,
    InitiativeTheme,
    Public,
    Source,
    Theme,
)


def _changed(sender, **kwargs) -> None:
    from essaim.publication.models import ExportChange

    if kwargs.get("raw"):  # fixtures loading
        return
    ExportChange.objects.create()


def _m2m_changed(sender, action, **kwargs) -> None:
    if action.startswith("post_"):
        _changed(sender, **kwargs)


def connect() -> None:
    for model in (Initiative, InitiativeTheme, InitiativeLink, Source, Theme, Public, ActorType, Actor):
        name = model.__name__
        post_save.connect(_changed, sender=model, dispatch_uid=f"publication_{name}_saved")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"publication_{name}_deleted")
    for through in (Initiative.publics.through, Initiative.partners.through):
        m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"publication_{through.__name__}")

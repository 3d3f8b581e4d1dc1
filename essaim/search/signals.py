"""Every change to an initiative queues it for the index, inside the change's own transaction."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from essaim.catalog.models import Initiative, InitiativeTheme


def enqueue(initiative_id: int) -> None:
    from essaim.search.models import IndexQueue
    from essaim.search.sync import index_pending

    IndexQueue.objects.create(initiative_id=initiative_id)
    transaction.on_commit(index_pending, robust=True)


def _initiative_changed(sender, instance, **kwargs) -> None:
    enqueue(instance.pk)


def _theme_link_changed(sender, instance, **kwargs) -> None:
    enqueue(instance.initiative_id)


def _m2m_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if not reverse:
        enqueue(instance.pk)
    else:
        for pk in pk_set or ():
            enqueue(pk)


def connect() -> None:
    post_save.connect(_initiative_changed, sender=Initiative, dispatch_uid="search_initiative_saved")
    post_delete.connect(_initiative_changed, sender=Initiative, dispatch_uid="search_initiative_deleted")
    post_save.connect(_theme_link_changed, sender=InitiativeTheme, dispatch_uid="search_theme_saved")
    post_delete.connect(_theme_link_changed, sender=InitiativeTheme, dispatch_uid="search_theme_deleted")
    for through in (Initiative.publics.through, Initiative.partners.through):
        m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"search_{through.__name__}")

"""Initiatives' documents live in the private folder, never under MEDIA_ROOT's public URL space."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile

from essaim.catalog.models import Attachment
from essaim.core.storage import PrivateStorage
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\nun document\n"


def test_a_document_is_written_in_the_private_folder_and_has_no_public_address():
    initiative = InitiativeFactory(published=True)
    attachment = Attachment(
        initiative=initiative, title="Bilan", content_type="application/pdf", size=len(PDF)
    )
    attachment.file.save("bilan.pdf", ContentFile(PDF), save=False)
    attachment.save()

    private_dir = Path(settings.ESSAIM_PRIVATE_DIR)
    assert (private_dir / attachment.file.name).read_bytes() == PDF
    assert not Path(settings.MEDIA_ROOT, attachment.file.name).exists()
    with pytest.raises(ValueError, match="pas d'adresse publique"):
        attachment.file.url  # noqa: B018


def test_the_contributions_storage_is_the_shared_private_one():
    """Contributions' migration 0001 names essaim.contributions.storage.private_storage."""
    from essaim.contributions import storage

    assert isinstance(storage.private_storage(), PrivateStorage)
    assert storage.PrivateStorage is PrivateStorage


def test_the_migration_moves_files_left_in_media_root_to_the_private_folder():
    """A document uploaded before (through the admin, into MEDIA_ROOT) is moved, not lost."""
    migration = importlib.import_module("essaim.catalog.migrations.0005_private_attachments")
    initiative = InitiativeFactory()
    name = "pieces-jointes/2020/05/ancien.pdf"
    Attachment.objects.create(initiative=initiative, title="Ancien", file=name, size=len(PDF))
    old = Path(settings.MEDIA_ROOT, name)
    old.parent.mkdir(parents=True)
    old.write_bytes(PDF)

    migration.files_to_private(apps, None)

    assert Path(settings.ESSAIM_PRIVATE_DIR, name).read_bytes() == PDF
    assert not old.exists()
    with Attachment.objects.get(title="Ancien").file.open("rb") as stream:
        assert stream.read() == PDF

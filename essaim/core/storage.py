"""Private file storage: documents that live outside MEDIA_ROOT's public URL space and are only
ever streamed by a view that checks who is asking (contributors' attachments, initiatives'
documents, the watch's uploaded sources)."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Files under ESSAIM_PRIVATE_DIR, read from the settings on each use (tests point it to a
    temporary folder); no URL."""

    @property
    def base_location(self):  # type: ignore[override]
        return settings.ESSAIM_PRIVATE_DIR

    @property
    def location(self):  # type: ignore[override]
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):  # type: ignore[override]
        return None

    def url(self, name):
        raise ValueError("Les fichiers privés n'ont pas d'adresse publique.")


def private_storage() -> PrivateStorage:
    """A callable, so that migrations name it rather than a machine's path."""
    return PrivateStorage()

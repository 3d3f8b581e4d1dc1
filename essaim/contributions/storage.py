"""Private file storage of the contributions' attachments: the one of essaim.core.storage.

Kept as a module because migration 0001 names `essaim.contributions.storage.private_storage`.
"""

from essaim.core.storage import PrivateStorage, private_storage

__all__ = ["PrivateStorage", "private_storage"]

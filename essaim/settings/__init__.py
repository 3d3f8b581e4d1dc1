"""Settings: a small base plus one module per integration, all read from the environment."""

from essaim.settings.base import *  # noqa: F403
from essaim.settings.database import *  # noqa: F403

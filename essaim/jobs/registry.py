"""What each kind of job does: apps register their handlers when they are ready (jobs sits below
them in the layers, so it never imports them)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from essaim.jobs.models import Job
    from essaim.jobs.progress import Progress


@dataclass(frozen=True)
class JobOutput:
    """A file the job made, offered for download on its page."""

    content: bytes
    filename: str
    content_type: str


Handler = Callable[["Job", "Progress"], JobOutput | None]

_HANDLERS: dict[str, Handler] = {}


def register(kind: str) -> Callable[[Handler], Handler]:
    def decorator(handler: Handler) -> Handler:
        _HANDLERS[kind] = handler
        return handler

    return decorator


def handler_for(kind: str) -> Handler:
    try:
        return _HANDLERS[kind]
    except KeyError:
        raise LookupError(f"Type de tâche inconnu : {kind}") from None

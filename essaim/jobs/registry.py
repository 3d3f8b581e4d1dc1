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
# Where the person who asked goes next (URL, French label): the candidates a run found, say.
Follow = Callable[["Job"], tuple[str, str] | None]

_HANDLERS: dict[str, Handler] = {}
_FOLLOWS: dict[str, Follow] = {}


def register(kind: str, *, follow: Follow | None = None) -> Callable[[Handler], Handler]:
    def decorator(handler: Handler) -> Handler:
        _HANDLERS[kind] = handler
        if follow is not None:
            _FOLLOWS[kind] = follow
        return handler

    return decorator


def follow_for(job: "Job") -> tuple[str, str] | None:
    """The link the job's page offers besides its file, if its kind has one."""
    follow = _FOLLOWS.get(job.kind)
    return follow(job) if follow is not None else None


def handler_for(kind: str) -> Handler:
    try:
        return _HANDLERS[kind]
    except KeyError:
        raise LookupError(f"Type de tâche inconnu : {kind}") from None

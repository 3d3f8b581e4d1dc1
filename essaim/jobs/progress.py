"""How a running job tells how far it got, and proves it is alive while a long step runs."""

import threading
import time
from contextlib import contextmanager

from django.db import connection
from django.utils import timezone

from essaim.jobs.models import Job

# Progress rows are written at most this often: a 100,000-row import must not write 100,000 times.
WRITE_EVERY_SECONDS = 0.5
# A running job's heartbeat is refreshed this often, even inside one long step (a PDF layout).
HEARTBEAT_SECONDS = 10


class Progress:
    def __init__(self, job: Job) -> None:
        self.job = job
        self._last_write = 0.0

    def start(self, total: int | None, unit: str = "", step: str = "") -> None:
        self.job.total, self.job.unit, self.job.done = total, unit, 0
        if step:
            self.job.step = step
        self._write(force=True)

    def advance(self, count: int = 1) -> None:
        self.job.done += count
        self._write()

    def step(self, label: str) -> None:
        self.job.step = label
        self._write(force=True)

    def _write(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last_write < WRITE_EVERY_SECONDS:
            return
        self._last_write = now
        Job.objects.filter(pk=self.job.pk).update(
            done=self.job.done,
            total=self.job.total,
            unit=self.job.unit,
            step=self.job.step,
            heartbeat_at=timezone.now(),
        )


@contextmanager
def heartbeat(job_id: int, *, every: float = HEARTBEAT_SECONDS):
    """Refresh the job's heartbeat from a side thread while the body runs, so that a long step is
    not mistaken for a crashed worker. The thread has its own database connection."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(every):
                Job.objects.filter(pk=job_id).update(heartbeat_at=timezone.now())
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()

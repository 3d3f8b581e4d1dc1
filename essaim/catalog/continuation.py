"""What became of the lockdown practices: the share continued after the crisis.

Pure (no Django): the statistics page (and anyone else) gives, for each lockdown initiative, the
status of its latest follow-up (or None when nothing is known), and gets the counts back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from essaim.catalog.periods import Period

LOCKDOWN_PERIODS = frozenset({Period.LOCKDOWN_1.value, Period.LOCKDOWN_2.value, Period.LOCKDOWN_3.value})
# Follow-up statuses meaning the practice lives on, in its territory or beyond.
CONTINUED_STATUSES = frozenset({"poursuivie", "generalisee", "adaptee"})
STOPPED_STATUSES = frozenset({"arretee"})


@dataclass(frozen=True)
class ContinuedShare:
    """Lockdown initiatives: all of them, those with a follow-up, and those continued."""

    total: int
    followed: int
    continued: int

    @property
    def stopped(self) -> int:
        return self.followed - self.continued

    @property
    def share_of_followed(self) -> float | None:
        """Continued among those whose fate is known (None when none is known)."""
        return self.continued / self.followed if self.followed else None


def continued_share(latest_statuses: Iterable[str | None]) -> ContinuedShare:
    """Count the continued practices from the latest follow-up status of each lockdown initiative
    (None: no follow-up). Only the latest status counts: continued, then stopped, is stopped."""
    total = followed = continued = 0
    for status in latest_statuses:
        total += 1
        if status is None:
            continue
        followed += 1
        continued += status in CONTINUED_STATUSES
    return ContinuedShare(total=total, followed=followed, continued=continued)

"""Lock-out policy: after N consecutive failed sign-ins the account is locked M minutes.

Pure decisions; the store keeps ``failed_count`` and ``locked_until`` on the user row and
the app layer applies the decision in the same transaction that counts the failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

DEFAULT_MAX_FAILURES = 5
DEFAULT_LOCK_MINUTES = 15


@dataclass(frozen=True)
class FailureDecision:
    """What one more failed sign-in does to the account.

    Attributes:
        failed_count: the counter to store (0 again once the account is locked, so the
            user gets a fresh set of attempts after the lock ends).
        locked_until: when the lock ends, or None when this failure does not lock.
    """

    failed_count: int
    locked_until: datetime | None

    @property
    def locks(self) -> bool:
        return self.locked_until is not None


@dataclass(frozen=True)
class LockoutPolicy:
    """How many consecutive failures lock an account, and for how long."""

    max_failures: int = DEFAULT_MAX_FAILURES
    lock_minutes: int = DEFAULT_LOCK_MINUTES

    def __post_init__(self) -> None:
        if self.max_failures < 1 or self.lock_minutes < 1:
            raise ValueError("lock-out needs at least 1 failure and 1 minute")

    def is_locked(self, locked_until: datetime | None, now: datetime) -> bool:
        """Whether a lock ending at ``locked_until`` still holds at ``now``."""
        return locked_until is not None and now < locked_until

    def after_failure(self, failed_count: int, now: datetime) -> FailureDecision:
        """Decide what happens once the counter has reached ``failed_count``.

        Args:
            failed_count: consecutive failures including the one just counted.
            now: the time of that failure.
        """
        if failed_count >= self.max_failures:
            return FailureDecision(0, now + timedelta(minutes=self.lock_minutes))
        return FailureDecision(failed_count, None)

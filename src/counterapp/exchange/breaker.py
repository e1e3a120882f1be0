"""A circuit breaker per department, so one failing backend costs the clerk nothing.

When a department keeps failing, waiting for its timeout on every lookup only slows the
counter down. After ``failure_threshold`` consecutive failures the breaker *opens*: calls
fail at once for ``cool_down_s``; then it goes *half-open* and lets exactly one probe
through, which closes it again on success or re-opens it on failure.
"""

from __future__ import annotations

import enum
import threading
import time
from collections.abc import Callable

DEFAULT_FAILURE_THRESHOLD = 5
DEFAULT_COOL_DOWN_S = 30.0


class BreakerState(enum.Enum):
    """Where the breaker is; labels for the clerk's live department view."""

    CLOSED = ("closed", "正常", "normal")
    OPEN = ("open", "暂停访问", "paused after failures")
    HALF_OPEN = ("half_open", "试探恢复", "probing")

    def __init__(self, code: str, label_zh: str, label_en: str) -> None:
        self.code = code
        self.label_zh = label_zh
        self.label_en = label_en


class CircuitBreaker:
    """Counts consecutive failures of one department and decides who may call it.

    Thread-safe: many lookups run concurrently against the same department.

    Args:
        failure_threshold: consecutive failures that open the breaker.
        cool_down_s: how long an open breaker fails fast before it lets one probe through.
        clock: monotonic seconds; tests pass a fake one to skip the cool-down.
        on_change: called with the new state whenever it changes (outside the lock).
    """

    def __init__(
        self,
        *,
        failure_threshold: int = DEFAULT_FAILURE_THRESHOLD,
        cool_down_s: float = DEFAULT_COOL_DOWN_S,
        clock: Callable[[], float] = time.monotonic,
        on_change: Callable[[BreakerState], None] | None = None,
    ) -> None:
        if failure_threshold < 1:
            raise ValueError(f"failure_threshold must be at least 1, got {failure_threshold}")
        if cool_down_s < 0:
            raise ValueError(f"cool_down_s must not be negative, got {cool_down_s}")
        self._threshold = failure_threshold
        self._cool_down_s = cool_down_s
        self._clock = clock
        self._on_change = on_change
        self._lock = threading.Lock()
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._probe_in_flight = False

    @property
    def state(self) -> BreakerState:
        """The current state (an open breaker whose cool-down is over reads half-open)."""
        with self._lock:
            if self._state is BreakerState.OPEN and self._cool_down_left() <= 0:
                return BreakerState.HALF_OPEN
            return self._state

    @property
    def consecutive_failures(self) -> int:
        with self._lock:
            return self._failures

    def retry_after(self) -> float:
        """Seconds until an open breaker lets a probe through (0 when it would now)."""
        with self._lock:
            if self._state is BreakerState.OPEN:
                return max(0.0, self._cool_down_left())
            return 0.0

    def try_acquire(self) -> bool:
        """Ask to make one call.

        Returns:
            True when the call may go ahead (closed, or this is the half-open probe); the
            caller must then report the outcome with :meth:`record_success` or
            :meth:`record_failure`. False when the caller must fail fast.
        """
        changed: BreakerState | None = None
        with self._lock:
            if self._state is BreakerState.CLOSED:
                return True
            if self._state is BreakerState.OPEN:
                if self._cool_down_left() > 0:
                    return False
                self._state = changed = BreakerState.HALF_OPEN
                self._probe_in_flight = False
            if self._probe_in_flight:
                allowed = False
            else:
                self._probe_in_flight = allowed = True
        self._notify(changed)
        return allowed

    def record_success(self) -> None:
        """The department answered: close the breaker and forget past failures."""
        with self._lock:
            changed = self._state is not BreakerState.CLOSED
            self._state = BreakerState.CLOSED
            self._failures = 0
            self._probe_in_flight = False
        self._notify(BreakerState.CLOSED if changed else None)

    def record_failure(self) -> None:
        """The department failed (unreachable, timed out, 5xx): count it, maybe open."""
        changed: BreakerState | None = None
        with self._lock:
            self._failures += 1
            half_open = self._state is BreakerState.HALF_OPEN
            if half_open or (
                self._state is BreakerState.CLOSED and self._failures >= self._threshold
            ):
                self._state = changed = BreakerState.OPEN
                self._opened_at = self._clock()
            self._probe_in_flight = False
        self._notify(changed)

    def release(self) -> None:
        """Give back an acquired call that ended without saying anything about health."""
        with self._lock:
            self._probe_in_flight = False

    def _cool_down_left(self) -> float:
        return self._opened_at + self._cool_down_s - self._clock()

    def _notify(self, state: BreakerState | None) -> None:
        if state is not None and self._on_change is not None:
            self._on_change(state)

"""Which departments the simulator was asked, and for what (tests check minimum necessity)."""

from __future__ import annotations

import threading
from collections import Counter, deque
from dataclasses import dataclass

_RECENT = 1000


@dataclass(frozen=True)
class ServedRequest:
    """One request a department received (before auth and faults)."""

    department: str
    method: str
    path: str
    reference: str = ""  # the X-Counter-Reference header ("" when the request had none)


_unreferenced: list[ServedRequest] = []
_unreferenced_lock = threading.Lock()


def unreferenced_requests(since: int = 0) -> list[ServedRequest]:
    """Requests any simulator in this process received without a lookup reference, from the
    ``since``-th on (tests check that every request of the product is a guarded lookup)."""
    with _unreferenced_lock:
        return _unreferenced[since:]


class RequestStats:
    """Counts requests per department and keeps the most recent ones; thread-safe."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._recent: deque[ServedRequest] = deque(maxlen=_RECENT)
        self._lock = threading.Lock()

    def record(self, department: str, method: str, path: str, reference: str = "") -> None:
        served = ServedRequest(department, method, path, reference)
        with self._lock:
            self._counts[department] += 1
            self._recent.append(served)
        if not reference:
            with _unreferenced_lock:
                _unreferenced.append(served)

    def __getitem__(self, department: str) -> int:
        """The number of requests the department received (0 when none)."""
        with self._lock:
            return self._counts[department]

    def snapshot(self) -> dict[str, int]:
        """Requests per department that received any."""
        with self._lock:
            return dict(self._counts)

    def recent(self, department: str | None = None) -> list[ServedRequest]:
        """The last requests (up to 1000), oldest first, optionally for one department."""
        with self._lock:
            return [r for r in self._recent if department in (None, r.department)]

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()
            self._recent.clear()

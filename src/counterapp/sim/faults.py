"""Faults a simulated department can be told to show: slow, silent, broken or lying.

A :class:`FaultBoard` holds at most one active fault per department. The HTTP handler takes
the fault for each request it serves (:meth:`FaultBoard.take`), which also counts down a
fault limited to the next N requests. Faults are set when the simulator starts
(``--fault hukou=latency:800``) or at run time through the control server.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from enum import StrEnum


class FaultKind(StrEnum):
    """What goes wrong; the value is the name used on the command line and in JSON."""

    LATENCY = "latency"  # arg: added delay in ms (default 1000), then a normal answer
    TIMEOUT = "timeout"  # arg: how long to hold in ms (default and cap 60000), never answer
    HTTP_500 = "http_500"  # arg: the status, 500 (default), 502, 503 or 504
    MALFORMED = "malformed"  # a broken body in the department's own format
    WRONG_ENCODING = "wrong_encoding"  # declares one charset, sends another
    BODY_ERROR = "body_error"  # HTTP 200 with an error inside the body
    SLOW_DRIP = "slow_drip"  # arg: ms between chunks of a few bytes (default 300)
    DROP = "drop"  # close the connection without answering
    OVERSIZED = "oversized"  # arg: body size in MB (default 20), valid-looking


DEFAULT_ARG: dict[FaultKind, int | None] = {
    FaultKind.LATENCY: 1000,
    FaultKind.TIMEOUT: 60_000,
    FaultKind.HTTP_500: 500,
    FaultKind.SLOW_DRIP: 300,
    FaultKind.OVERSIZED: 20,
}
MAX_TIMEOUT_MS = 60_000
GATEWAY_STATUSES = (502, 503, 504)
DRIP_CHUNK_BYTES = 8


class FaultError(ValueError):
    """A fault specification that cannot be used; the message says why."""


@dataclass(frozen=True)
class Fault:
    """One fault to inject.

    Attributes:
        kind: what goes wrong.
        arg: the kind's parameter (see :class:`FaultKind`); None for the default.
        count: apply to the next ``count`` requests only; None until cleared.
    """

    kind: FaultKind
    arg: int | None = None
    count: int | None = None

    def __post_init__(self) -> None:
        if self.count is not None and self.count < 1:
            raise FaultError(f"count must be at least 1, got {self.count}")
        if self.arg is not None and self.arg < 0:
            raise FaultError(f"arg must not be negative, got {self.arg}")
        if self.kind is FaultKind.HTTP_500 and self.arg is not None and not 500 <= self.arg <= 599:
            raise FaultError(f"http_500 needs a 5xx status, got {self.arg}")
        if self.kind is FaultKind.OVERSIZED and self.arg is not None and self.arg > 512:
            raise FaultError(f"oversized is capped at 512 MB, got {self.arg}")

    @property
    def value(self) -> int | None:
        """The argument to use: the given one, or the kind's default (timeout is capped)."""
        value = DEFAULT_ARG.get(self.kind) if self.arg is None else self.arg
        if self.kind is FaultKind.TIMEOUT and value is not None:
            return min(value, MAX_TIMEOUT_MS)
        return value

    def to_json(self) -> dict[str, object]:
        """The JSON shape the control server uses."""
        return {"kind": self.kind.value, "arg": self.arg, "count": self.count}


@dataclass(frozen=True)
class ActiveFault:
    """A fault as listed by :meth:`FaultBoard.list`: which department and what is left."""

    department: str
    fault: Fault

    def to_json(self) -> dict[str, object]:
        return {"department": self.department, **self.fault.to_json()}


class FaultBoard:
    """The active faults, one per department; safe to use from many handler threads."""

    def __init__(self, departments: tuple[str, ...]) -> None:
        self._departments = departments
        self._faults: dict[str, Fault] = {}
        self._lock = threading.Lock()

    @property
    def departments(self) -> tuple[str, ...]:
        return self._departments

    def set(self, department: str, fault: Fault) -> None:
        """Make ``fault`` the department's fault, replacing any other.

        Raises:
            FaultError: the department is not one of the simulator's.
        """
        self._check(department)
        with self._lock:
            self._faults[department] = fault

    def clear(self, department: str | None = None) -> None:
        """Remove the department's fault, or every fault when ``department`` is None."""
        with self._lock:
            if department is None:
                self._faults.clear()
                return
        self._check(department)
        with self._lock:
            self._faults.pop(department, None)

    def list(self) -> list[ActiveFault]:
        """The active faults in department order."""
        with self._lock:
            return [
                ActiveFault(dept, self._faults[dept])
                for dept in self._departments
                if dept in self._faults
            ]

    def take(self, department: str) -> Fault | None:
        """Return the fault for one request to ``department``, counting it down."""
        with self._lock:
            fault = self._faults.get(department)
            if fault is None or fault.count is None:
                return fault
            if fault.count <= 1:
                del self._faults[department]
            else:
                self._faults[department] = replace(fault, count=fault.count - 1)
            return fault

    def _check(self, department: str) -> None:
        if department not in self._departments:
            known = ", ".join(self._departments)
            raise FaultError(f"unknown department {department!r} (known: {known})")


def parse_kind(text: str) -> FaultKind:
    """Read a fault kind name.

    Raises:
        FaultError: not a known kind.
    """
    try:
        return FaultKind(text.strip().lower())
    except ValueError:
        known = ", ".join(k.value for k in FaultKind)
        raise FaultError(f"unknown fault kind {text!r} (known: {known})") from None


def parse_spec(spec: str) -> tuple[str, Fault]:
    """Read a command-line fault ``DEPT=KIND[:ARG]``, e.g. ``hukou=latency:800``.

    Args:
        spec: the option's value.

    Returns:
        The department id and the fault (no count: active until cleared).

    Raises:
        FaultError: the text does not have that shape.
    """
    department, sep, rest = spec.partition("=")
    if not sep or not department.strip() or not rest.strip():
        raise FaultError(f"expected DEPT=KIND[:ARG], got {spec!r}")
    kind_text, _, arg_text = rest.partition(":")
    arg: int | None = None
    if arg_text.strip():
        try:
            arg = int(arg_text)
        except ValueError:
            raise FaultError(f"the argument of {spec!r} must be an integer") from None
    return department.strip(), Fault(parse_kind(kind_text), arg)

"""The doctor's results: one check's outcome, a whole run's report, and its exit codes.

Kept apart from the checks (``app.doctor``, ``app.doctor_local``,
``app.doctor_departments``) so every check module builds the same values.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

from counterapp import __version__

T = TypeVar("T")

SCHEMA_VERSION = 1
"""The version of the ``--json`` schema (docs/doctor.md); raised on an incompatible change."""


class CheckStatus(enum.StrEnum):
    """How one check came out, from best to worst (SKIP: not run, see another check)."""

    OK = "ok"
    SKIP = "skip"
    WARN = "warn"
    FAIL = "fail"

    @property
    def label(self) -> str:
        return self.value.upper()


_RANK = {CheckStatus.OK: 0, CheckStatus.SKIP: 0, CheckStatus.WARN: 1, CheckStatus.FAIL: 2}


class DoctorExit(enum.IntEnum):
    """Doctor's own exit codes (not the shared ``ExitCode`` table): the worst check."""

    ALL_OK = 0
    """Every check is OK (or skipped)."""
    WARNINGS = 1
    """Some check warns; none fails."""
    FAILURES = 2
    """Some check fails."""


@dataclass(frozen=True)
class CheckResult:
    """One check's outcome.

    Attributes:
        name: a stable dotted name, e.g. ``database.migrations``, ``departments.tax.tls``.
        status: OK, WARN, FAIL or SKIP.
        detail: what was found, in one line.
        advice: what to do about it ("" when nothing needs doing).
    """

    name: str
    status: CheckStatus
    detail: str
    advice: str = ""

    def as_json(self) -> dict[str, str]:
        return {
            "name": self.name,
            "status": self.status.value,
            "detail": self.detail,
            "advice": self.advice,
        }


@dataclass(frozen=True)
class DoctorReport:
    """Every check of one run, in the order they were made."""

    workstation: str
    checks: tuple[CheckResult, ...]
    checked_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def status(self) -> CheckStatus:
        """The worst status of any check (OK when every check passed or was skipped)."""
        worst = max((_RANK[c.status] for c in self.checks), default=0)
        return (CheckStatus.OK, CheckStatus.WARN, CheckStatus.FAIL)[worst]

    @property
    def exit_code(self) -> DoctorExit:
        return DoctorExit(_RANK[self.status])

    def count(self, status: CheckStatus) -> int:
        return sum(1 for c in self.checks if c.status is status)

    def check(self, name: str) -> CheckResult:
        """The check called ``name``.

        Raises:
            KeyError: there is none.
        """
        for result in self.checks:
            if result.name == name:
                return result
        raise KeyError(name)

    def as_json(self) -> dict[str, object]:
        """The ``--json`` document (schema: docs/doctor.md)."""
        return {
            "version": SCHEMA_VERSION,
            "counterapp": __version__,
            "workstation": self.workstation,
            "checked_at": self.checked_at.isoformat(timespec="seconds"),
            "checks": [c.as_json() for c in self.checks],
            "summary": {
                "status": self.status.value,
                "exit_code": int(self.exit_code),
                **{s.value: self.count(s) for s in CheckStatus},
            },
        }


def bounded(work: Callable[[], T], timeout_s: float, what: str) -> T:
    """``work()``'s result, or :class:`StepTimedOut` when it takes longer than ``timeout_s``.

    The work runs on a daemon thread: one that hangs (a keyring waiting for an unlock
    prompt, a database that never answers) is left behind and cannot hold up the exit.
    Its exception, if any, is raised here.
    """
    outcome: list[tuple[bool, object]] = []

    def run() -> None:
        try:
            outcome.append((True, work()))
        except BaseException as exc:  # handed to the caller
            outcome.append((False, exc))

    worker = threading.Thread(target=run, name=f"doctor-{what}", daemon=True)
    worker.start()
    worker.join(timeout_s)
    if not outcome:
        raise StepTimedOut(what, timeout_s)
    ok, value = outcome[0]
    if not ok:
        assert isinstance(value, BaseException)
        raise value
    return value  # type: ignore[return-value]


class StepTimedOut(Exception):
    """A check's step gave no answer within its time limit."""

    def __init__(self, what: str, timeout_s: float) -> None:
        super().__init__(f"{what} gave no answer within {timeout_s:g} s")

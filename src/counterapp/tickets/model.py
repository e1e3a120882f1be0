"""A ticket (取号) of the hall's queue: its state, its number, the times that matter.

A ticket carries no personal data: a number such as ``A001`` for a service category on a
hall day, where it stands, which window served it and when. Wait time runs from issue to
the first call; service time is the time the ticket was being served at windows, parking
(the applicant fetching something) and waiting after a transfer excluded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from counterapp.errors import CounterError

__all__ = [
    "Ticket",
    "TicketInputError",
    "TicketState",
    "format_ticket_number",
    "parse_category",
    "parse_ticket_number",
]

_CATEGORY = re.compile(r"[A-Z]{1,2}")
_NUMBER = re.compile(r"(?P<category>[A-Z]{1,2})(?P<sequence>\d{3,})")


class TicketState(StrEnum):
    """Where a ticket stands."""

    WAITING = "waiting"
    CALLED = "called"
    PARKED = "parked"
    DONE = "done"
    NO_SHOW = "no_show"

    @property
    def label_zh(self) -> str:
        """Chinese label, e.g. ``已叫号``."""
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English label, e.g. ``no-show``."""
        return _LABELS[self][1]

    @property
    def finished(self) -> bool:
        """Done or no-show: nothing can happen to the ticket any more."""
        return self in (TicketState.DONE, TicketState.NO_SHOW)


_LABELS: Mapping[TicketState, tuple[str, str]] = {
    TicketState.WAITING: ("等候中", "waiting"),
    TicketState.CALLED: ("已叫号", "called"),
    TicketState.PARKED: ("暂挂", "parked"),
    TicketState.DONE: ("已办理", "done"),
    TicketState.NO_SHOW: ("过号", "no-show"),
}


class TicketInputError(CounterError, ValueError):
    """A category or ticket number that is not one; ``reason_zh`` says the same in Chinese."""


def parse_category(text: str) -> str:
    """A service category as the hall writes it: one or two capital letters (``A``, ``AB``).

    Surrounding blanks are ignored; lower-case letters are not accepted (a dispenser that
    sends ``a`` is misconfigured, and ``a001`` is not what the hall's display shows).

    Raises:
        TicketInputError: anything else.
    """
    category = text.strip()
    if not _CATEGORY.fullmatch(category):
        raise TicketInputError(
            f"ticket category {text!r} must be one or two capital letters, e.g. A or AB",
            f"取号类别 {text!r} 应为一至两个大写字母，例如 A 或 AB",
        )
    return category


def format_ticket_number(category: str, sequence: int) -> str:
    """``A001``: the category and the day's sequence, 3 digits (4 and more past 999)."""
    if sequence < 1:
        raise TicketInputError(
            f"ticket sequence {sequence} must be 1 or more", f"取号序号 {sequence} 应不小于 1"
        )
    return f"{parse_category(category)}{sequence:03d}"


def parse_ticket_number(text: str) -> tuple[str, int]:
    """``(category, sequence)`` of a ticket number such as ``A001`` or ``AB1024``.

    Raises:
        TicketInputError: not one or two capital letters followed by 3 or more digits.
    """
    match = _NUMBER.fullmatch(text.strip())
    if match is None or int(match["sequence"]) < 1:
        raise TicketInputError(
            f"ticket number {text!r} must be a category and three digits, e.g. A001",
            f"票号 {text!r} 应为类别字母加三位数字，例如 A001",
        )
    return match["category"], int(match["sequence"])


@dataclass(frozen=True)
class Ticket:
    """One ticket as the database holds it.

    Attributes:
        id: its row id (unique across days).
        number: as called, ``A001`` (unique on its hall day; kept through a transfer).
        category: the category it waits in now (a transfer may change it).
        hall_day: the hall's calendar day it was issued.
        state: where it stands.
        issued_at: when the dispenser printed it.
        window: the window that called it last (None before the first call).
        called_by: the clerk who called it last.
        first_called_at: the first call, which ends the wait.
        called_at: the latest call or recall (the start of the service time still running).
        calls: how many times it was called, recalls included.
        finished_at: when it was done or marked a no-show.
        service_seconds: service time banked so far (whole seconds; None before any).
        case_number: the case opened for it, if one was.
        priority: higher is called first (a transferred ticket waits ahead of fresh ones).
        target_window: only this window calls it (a transfer to a window).
        version: bumped by every change; a move names the version it saw.
    """

    id: int
    number: str
    category: str
    hall_day: date
    state: TicketState
    issued_at: datetime
    window: str | None = None
    called_by: str | None = None
    first_called_at: datetime | None = None
    called_at: datetime | None = None
    calls: int = 0
    finished_at: datetime | None = None
    service_seconds: int | None = None
    case_number: str | None = None
    priority: int = 0
    target_window: str | None = None
    version: int = 1

    @property
    def wait_seconds(self) -> int | None:
        """Seconds from issue to the first call (None while it was never called)."""
        if self.first_called_at is None:
            return None
        return max(0, round((self.first_called_at - self.issued_at).total_seconds()))

    def service_time(self, now: datetime) -> int:
        """Service seconds at ``now``: the banked time, plus the running call if it is called."""
        banked = self.service_seconds or 0
        if self.state is TicketState.CALLED and self.called_at is not None:
            banked += max(0, round((now - self.called_at).total_seconds()))
        return banked

    def label(self, chinese: bool) -> str:
        """``A001 (called, window 07)`` / ``A001（已叫号，07 号窗口）``."""
        if chinese:
            where = f"，{self.window} 号窗口" if self.window else ""
            return f"{self.number}（{self.state.label_zh}{where}）"
        where = f", window {self.window}" if self.window else ""
        return f"{self.number} ({self.state.label_en}{where})"

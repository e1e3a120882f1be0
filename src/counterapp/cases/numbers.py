"""Case numbers: ``<hall code>-<YYYYMMDD>-<5-digit sequence>``, e.g. ``330106001-20261128-00042``.

The sequence counts per hall and day from 00001 and is allocated in the database
(:class:`counterapp.store.cases.CaseNumberAllocator`), so numbers are unique and gap-free
across every workstation writing to one database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from counterapp.errors import CounterError

MAX_SEQUENCE = 99_999
_HALL = re.compile(r"[0-9A-Za-z]{1,20}")
_NUMBER = re.compile(r"(?P<hall>[0-9A-Za-z]{1,20})-(?P<day>\d{8})-(?P<seq>\d{5})")


class InvalidCaseNumber(CounterError, ValueError):
    """Text that is not a case number; ``reason_zh`` says the same in Chinese."""


@dataclass(frozen=True, order=True)
class CaseNumber:
    """A parsed case number."""

    hall_code: str
    day: date
    sequence: int

    def __post_init__(self) -> None:
        if not _HALL.fullmatch(self.hall_code):
            raise InvalidCaseNumber(
                f"hall code {self.hall_code!r} must be 1–20 letters or digits",
                f"大厅编码 {self.hall_code!r} 应为 1–20 位字母或数字",
            )
        if not 1 <= self.sequence <= MAX_SEQUENCE:
            raise InvalidCaseNumber(
                f"case sequence {self.sequence} is outside 1–{MAX_SEQUENCE}: "
                f"hall {self.hall_code} has used every number for {self.day.isoformat()}",
                f"流水号 {self.sequence} 超出 1–{MAX_SEQUENCE} 范围",
            )

    def __str__(self) -> str:
        return f"{self.hall_code}-{self.day:%Y%m%d}-{self.sequence:05d}"


def format_case_number(hall_code: str, day: date, sequence: int) -> str:
    """The case number text; raises :class:`InvalidCaseNumber` for a bad part."""
    return str(CaseNumber(hall_code, day, sequence))


def parse_case_number(text: str) -> CaseNumber:
    """Parse and validate a case number (surrounding blanks are ignored).

    Raises:
        InvalidCaseNumber: not of the form ``<hall>-<YYYYMMDD>-<NNNNN>``, or a bad date.
    """
    cleaned = text.strip()
    match = _NUMBER.fullmatch(cleaned)
    if match is None:
        raise InvalidCaseNumber(
            f"{cleaned!r} is not a case number "
            "(expected <hall code>-<YYYYMMDD>-<5 digits>, e.g. 330106001-20261128-00042)",
            f"{cleaned!r} 不是办件编号（格式：大厅编码-年月日-5位流水号）",
        )
    try:
        day = datetime.strptime(match["day"], "%Y%m%d").date()
    except ValueError:
        raise InvalidCaseNumber(
            f"{cleaned!r} has no valid date ({match['day']})",
            f"办件编号 {cleaned!r} 中的日期 {match['day']} 无效",
        ) from None
    return CaseNumber(match["hall"], day, int(match["seq"]))

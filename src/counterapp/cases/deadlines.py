"""Deadlines in working days on the official Chinese holiday calendar.

A service promises to finish in N working days (承诺时限). Working days follow the State
Council's yearly holiday arrangement, including the adjusted working weekends (调休上班),
as published in the ``chinesecalendar`` package — a well-kept list, not one typed here.
The day a case is accepted does not count: accepted on Friday with 1 working day to go is
due on the next working day.

The package covers the years up to the last arrangement it carries; the State Council
publishes the next year's around November/December and the package follows later. A case
must still be accepted meanwhile, so :func:`promised_due_date` counts Monday–Friday beyond
the calendar's last year and marks the result provisional. :func:`add_working_days` stays
strict. A day *before* the calendar's first year is bad input and always raises.

IT need not wait for the package: a year's arrangement deployed as a holiday file
(docs/holidays.md, read by :mod:`counterapp.cases.holiday_files`) is installed for the
whole process with :func:`use_arrangements` when a workstation starts, and then decides
that year's working days, before the package's data for it if it has any. The calendar is
one fact for the whole process, as the package's data already is, so it is installed once
rather than passed to every use case that counts days.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import cached_property
from types import MappingProxyType

import chinese_calendar

from counterapp.cases.states import CaseState
from counterapp.errors import CounterError

HALL_TIMEZONE = timezone(timedelta(hours=8), "Asia/Shanghai")
"""China Standard Time (UTC+8, no daylight saving): the hall's day starts at its midnight."""


class CalendarNotCovered(CounterError, ValueError):
    """The holiday calendar has no data for a year.

    A year before the calendar's first is bad input (a mistyped date); a later year means
    the package needs an update (only :func:`add_working_days` and :func:`is_working_day`
    raise for one: :func:`promised_due_date` estimates instead).

    Attributes:
        year: the year asked about.
        reason_zh: the message in Chinese.
    """

    def __init__(self, year: int, detail: str) -> None:
        self.year = year
        first = first_calendar_year()
        if year < first:
            message_zh = (
                f"法定节假日日历从 {first} 年开始，没有 {year} 年的数据，无法计算工作日；请检查日期"
            )
            message = (
                f"the official holiday calendar has no data for {year} ({detail}); it starts "
                f"in {first}: check the date"
            )
        else:
            message_zh = (
                f"法定节假日日历没有 {year} 年的数据，无法计算工作日；请部署该年的节假日安排文件"
                "（见 docs/holidays.md）或升级 chinesecalendar 软件包"
            )
            message = (
                f"the official holiday calendar has no data for {year} ({detail}); "
                "working days cannot be counted: deploy that year's holiday file "
                "(docs/holidays.md) or update the chinesecalendar package"
            )
        super().__init__(message, message_zh)


def hall_day(moment: datetime) -> date:
    """The calendar day in the hall (UTC+8) at an aware ``moment``."""
    if moment.tzinfo is None:
        raise ValueError("pass an aware datetime")
    return moment.astimezone(HALL_TIMEZONE).date()


def hall_day_start(day: date) -> datetime:
    """The moment (aware, UTC) at which the hall day ``day`` begins: 00:00 in the hall."""
    return datetime.combine(day, time(), HALL_TIMEZONE).astimezone(UTC)


@dataclass(frozen=True)
class Holiday:
    """One holiday period of a year's arrangement, e.g. 春节 and its days off.

    Attributes:
        name: as the State Council's notice names it (春节, 国庆节 ...).
        days: the days off, weekends inside the period included, in order.
    """

    name: str
    days: tuple[date, ...]


@dataclass(frozen=True)
class YearArrangement:
    """One year's official holiday arrangement (放假调休安排), as deployed in a holiday file.

    Every day of the year not listed is a working day Monday–Friday and a rest day on a
    weekend, as in the ``chinesecalendar`` package.

    Attributes:
        year: the year it arranges.
        holidays: the holiday periods.
        adjusted_working_days: weekend days worked instead (调休上班).
        source: the file it came from (for messages and the audit trail).
        digest: the first 12 hex digits of the file's SHA-256, naming the exact version.
        notice: the notice it transcribes, e.g. 国办发明电〔2026〕号 ("" when not given).
    """

    year: int
    holidays: tuple[Holiday, ...]
    adjusted_working_days: frozenset[date]
    source: str = ""
    digest: str = ""
    notice: str = ""

    @cached_property
    def days_off(self) -> frozenset[date]:
        """Every day off of every holiday period."""
        return frozenset(day for holiday in self.holidays for day in holiday.days)

    def is_working_day(self, day: date) -> bool:
        """True on a working day of this year (``day`` must lie in :attr:`year`)."""
        if day.year != self.year:
            raise ValueError(f"{day} is not in {self.year}")
        if day in self.adjusted_working_days:
            return True
        return day.weekday() < 5 and day not in self.days_off


_deployed: Mapping[int, YearArrangement] = MappingProxyType({})


def use_arrangements(arrangements: Iterable[YearArrangement]) -> None:
    """Count the working days of these years by their arrangements, from now on.

    Replaces whatever was installed before (an empty iterable: the package alone). A
    deployed year wins over the package's data for that year, so a corrected arrangement
    can be deployed too.

    Raises:
        ValueError: two arrangements for one year.
    """
    by_year: dict[int, YearArrangement] = {}
    for arrangement in arrangements:
        if arrangement.year in by_year:
            raise ValueError(f"two holiday arrangements for {arrangement.year}")
        by_year[arrangement.year] = arrangement
    global _deployed
    _deployed = MappingProxyType(by_year)


def deployed_arrangements() -> tuple[YearArrangement, ...]:
    """The arrangements installed by :func:`use_arrangements`, by year."""
    return tuple(_deployed[year] for year in sorted(_deployed))


def first_calendar_year() -> int:
    """The first year the installed ``chinesecalendar`` covers."""
    return min(chinese_calendar.holidays).year


def is_covered(year: int) -> bool:
    """True when working days of ``year`` are known: deployed, or in the package."""
    return year in _deployed or first_calendar_year() <= year <= last_calendar_year()


def exact_through() -> int:
    """The last year up to which due dates are exact: the package's last year, extended by
    the deployed years that follow it without a gap."""
    year = last_calendar_year()
    while year + 1 in _deployed:
        year += 1
    return year


def is_working_day(day: date) -> bool:
    """True on an official working day, including an adjusted working weekend.

    Raises:
        CalendarNotCovered: the calendar has no data for ``day``'s year.
    """
    arrangement = _deployed.get(day.year)
    if arrangement is not None:
        return arrangement.is_working_day(day)
    if day.year > last_calendar_year():
        raise CalendarNotCovered(day.year, "after the last year of the package and no file")
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError as exc:
        raise CalendarNotCovered(day.year, str(exc)) from None


def add_working_days(start: date, n: int) -> date:
    """The date ``n`` working days after ``start`` (``start`` itself does not count).

    Args:
        start: the acceptance day.
        n: working days to add; 0 returns ``start``.

    Raises:
        ValueError: ``n`` is negative.
        CalendarNotCovered: a day on the way is outside the calendar.
    """
    if n < 0:
        raise ValueError(f"working days must be 0 or more, not {n}")
    day = start
    remaining = n
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def last_calendar_year() -> int:
    """The last year the installed ``chinesecalendar`` covers (the package's own bound)."""
    return max(chinese_calendar.holidays).year


@dataclass(frozen=True)
class DueDate:
    """A promised due date.

    Attributes:
        day: the due date.
        provisional: some working day was counted beyond the holiday calendar (Monday–Friday
            taken as working days), so ``day`` is an estimate until the calendar is updated.
    """

    day: date
    provisional: bool


def promised_due_date(start: date, working_days: int) -> DueDate:
    """The due date ``working_days`` working days after ``start`` (``start`` does not count).

    Days the calendar covers (the package's years and the deployed ones) count when they
    are official working days; days of a later year neither covers count Monday–Friday, and
    the result is then provisional. Never raises for a future year, so the counter keeps
    accepting cases before the year's arrangement is deployed.

    Raises:
        ValueError: ``working_days`` is negative.
        CalendarNotCovered: a day on the way is before the calendar's first year.
    """
    if working_days < 0:
        raise ValueError(f"working days must be 0 or more, not {working_days}")
    last_year = last_calendar_year()
    day = start
    remaining = working_days
    provisional = False
    while remaining:
        day += timedelta(days=1)
        if day.year > last_year and day.year not in _deployed:
            provisional = True
            working = day.weekday() < 5
        else:
            working = is_working_day(day)
        if working:
            remaining -= 1
    return DueDate(day, provisional)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; negative if ``end`` is earlier.

    ``working_days_between(d, add_working_days(d, n)) == n`` for every ``n``.

    Raises:
        CalendarNotCovered: a day in between is outside the calendar.
    """
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def is_overdue(due: date | None, today: date, state: CaseState) -> bool:
    """True when an open case is past its due date.

    Completed and rejected cases are never overdue, nor are drafts (no deadline yet) and
    cases returned for correction (the clock stops until the applicant resubmits; the due
    date is counted again from the resubmission). A provisional due date counts as exact.
    """
    if due is None or state in (
        CaseState.COMPLETED,
        CaseState.REJECTED,
        CaseState.DRAFT,
        CaseState.RETURNED,
    ):
        return False
    return today > due


DUE_SOON_DAYS = 3
"""A case is due soon when its due date is at most this many calendar days away."""


def is_due_soon(due: date | None, today: date, state: CaseState) -> bool:
    """True when an open case is not overdue yet but due within :data:`DUE_SOON_DAYS`.

    Counted in calendar days (a supervisor looks ahead over a weekend too), for the states
    in which a case can be overdue at all (see :func:`is_overdue`).
    """
    if due is None or not is_overdue(date.min, date.max, state):  # the clock does not run
        return False
    return today <= due <= today + timedelta(days=DUE_SOON_DAYS)

"""Working-day deadlines on the official holiday calendar, adjusted weekends included.

The expected dates below follow the State Council's published arrangements (and were
checked against ``chinese_calendar.get_holiday_detail``):

2025 (国办发明电〔2024〕12号): Spring Festival off Tue 28 Jan – Tue 4 Feb, working Sunday
26 Jan and Saturday 8 Feb; National Day + Mid-Autumn off Wed 1 Oct – Wed 8 Oct, working
Sunday 28 Sep and Saturday 11 Oct.

2026 (国办发明电〔2025〕7号): Spring Festival off Sun 15 Feb – Mon 23 Feb, working Saturday
14 Feb and Saturday 28 Feb; Mid-Autumn off Fri 25 – Sun 27 Sep; National Day off Thu 1 Oct
– Wed 7 Oct, working Sunday 20 Sep and Saturday 10 Oct.
"""

from __future__ import annotations

from datetime import date

import chinese_calendar
import pytest

from counterapp.cases import (
    CalendarNotCovered,
    CaseState,
    DueDate,
    add_working_days,
    is_overdue,
    is_working_day,
    promised_due_date,
    working_days_between,
)
from helpers.case_factory import calendar_ending


def test_the_calendar_agrees_with_the_official_2026_arrangement() -> None:
    # Adjusted working weekends are working days; holidays on weekdays are not.
    for adjusted in (date(2026, 2, 14), date(2026, 2, 28), date(2026, 9, 20), date(2026, 10, 10)):
        assert adjusted.weekday() >= 5 and is_working_day(adjusted)
    for holiday in (date(2026, 2, 16), date(2026, 2, 23), date(2026, 10, 1), date(2026, 10, 7)):
        assert holiday.weekday() < 5 and not is_working_day(holiday)
    assert chinese_calendar.get_holiday_detail(date(2026, 2, 17))[1] == "Spring Festival"


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # Fri 13 Feb 2026 + 5: Sat 14 Feb (adjusted working day) is day 1, the holiday runs
        # to Mon 23 Feb, then Tue 24 .. Fri 27 are days 2–5.
        (date(2026, 2, 13), 5, date(2026, 2, 27)),
        # + 6 reaches Sat 28 Feb, the second adjusted working Saturday.
        (date(2026, 2, 13), 6, date(2026, 2, 28)),
        # Wed 30 Sep 2026 + 3: off 1–7 Oct; Thu 8, Fri 9, Sat 10 Oct (adjusted).
        (date(2026, 9, 30), 3, date(2026, 10, 10)),
        # Fri 18 Sep 2026 + 1: Sun 20 Sep is an adjusted working day.
        (date(2026, 9, 18), 1, date(2026, 9, 20)),
        # Thu 24 Sep 2026 + 1: Mid-Autumn off Fri 25 – Sun 27; Mon 28 Sep.
        (date(2026, 9, 24), 1, date(2026, 9, 28)),
        # Fri 24 Jan 2025 + 1: Sun 26 Jan 2025 is an adjusted working day.
        (date(2025, 1, 24), 1, date(2025, 1, 26)),
        # Mon 27 Jan 2025 + 2: off 28 Jan – 4 Feb; Wed 5, Thu 6 Feb.
        (date(2025, 1, 27), 2, date(2025, 2, 6)),
        # Tue 30 Sep 2025 + 3: off 1–8 Oct; Thu 9, Fri 10, Sat 11 Oct (adjusted).
        (date(2025, 9, 30), 3, date(2025, 10, 11)),
        # Fri 26 Sep 2025 + 1: Sun 28 Sep 2025 is an adjusted working day.
        (date(2025, 9, 26), 1, date(2025, 9, 28)),
        # An ordinary week: Fri 6 Mar 2026 + 5 skips the weekend.
        (date(2026, 3, 6), 5, date(2026, 3, 13)),
        (date(2026, 3, 6), 0, date(2026, 3, 6)),
    ],
)
def test_add_working_days(start: date, days: int, due: date) -> None:
    assert add_working_days(start, days) == due
    assert working_days_between(start, due) == days
    assert promised_due_date(start, days) == DueDate(due, provisional=False)


def test_acceptance_on_a_holiday_counts_from_the_next_working_day() -> None:
    # Accepted on the holiday Mon 16 Feb 2026 (e.g. an online application): Tue 24 Feb is day 1.
    assert add_working_days(date(2026, 2, 16), 1) == date(2026, 2, 24)


def test_working_days_between_is_signed() -> None:
    assert working_days_between(date(2026, 2, 27), date(2026, 2, 13)) == -5
    assert working_days_between(date(2026, 2, 15), date(2026, 2, 23)) == 0


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        add_working_days(date(2026, 3, 2), -1)


def test_a_year_the_calendar_does_not_cover_is_a_clear_error() -> None:
    with pytest.raises(CalendarNotCovered, match=r"no data for 2099 .* update the chinesecalendar"):
        add_working_days(date(2099, 3, 2), 1)
    with pytest.raises(CalendarNotCovered) as caught:
        is_working_day(date(1999, 1, 4))
    assert caught.value.year == 1999 and "1999" in caught.value.reason_zh


def test_overdue_only_for_open_cases_past_the_due_date() -> None:
    due = date(2026, 2, 27)
    assert not is_overdue(due, date(2026, 2, 27), CaseState.ACCEPTED)
    assert is_overdue(due, date(2026, 2, 28), CaseState.ACCEPTED)
    assert is_overdue(due, date(2026, 3, 2), CaseState.IN_REVIEW)
    for state in (CaseState.COMPLETED, CaseState.REJECTED, CaseState.RETURNED, CaseState.DRAFT):
        assert not is_overdue(due, date(2026, 3, 30), state)
    assert not is_overdue(None, date(2026, 3, 30), CaseState.ACCEPTED)


@pytest.fixture
def calendar_ends_2026(monkeypatch: pytest.MonkeyPatch) -> None:
    calendar_ending(monkeypatch, 2026)


def test_beyond_the_calendar_the_due_date_is_provisional_mon_to_fri(
    calendar_ends_2026: None,
) -> None:
    # Sun 20 Dec 2026 + 20: official working days Mon 21 – Thu 31 Dec are days 1–9; from
    # 2027 on Monday–Friday counts: Fri 1 Jan (10), Mon 4 – Fri 8 (11–15), Mon 11 – Fri 15
    # Jan (16–20). The official 2027 arrangement will likely make New Year's Day a holiday:
    # an estimate until the calendar is updated.
    assert promised_due_date(date(2026, 12, 20), 20) == DueDate(date(2027, 1, 15), True)
    # Accepted beyond the calendar: weekends skipped, nothing else (Fri 5 Mar 2027 + 1).
    assert promised_due_date(date(2027, 3, 5), 1) == DueDate(date(2027, 3, 8), True)
    # The strict count still refuses.
    with pytest.raises(CalendarNotCovered, match="no data for 2027"):
        add_working_days(date(2026, 12, 20), 20)


def test_within_the_calendar_the_due_date_is_exact(calendar_ends_2026: None) -> None:
    # Mon 30 Nov 2026 + 5: Tue 1 – Fri 4 Dec, Mon 7 Dec; all of it on the official calendar.
    assert promised_due_date(date(2026, 11, 30), 5) == DueDate(date(2026, 12, 7), False)
    # Up to Thu 31 Dec 2026 is still exact; the next working day is not.
    assert promised_due_date(date(2026, 12, 30), 1) == DueDate(date(2026, 12, 31), False)
    assert promised_due_date(date(2026, 12, 31), 1) == DueDate(date(2027, 1, 1), True)
    assert promised_due_date(date(2026, 12, 31), 0) == DueDate(date(2026, 12, 31), False)


def test_a_day_before_the_calendar_is_bad_input() -> None:
    with pytest.raises(CalendarNotCovered, match="starts in 2004: check the date") as caught:
        promised_due_date(date(2003, 3, 3), 5)
    assert caught.value.year == 2003 and "请检查日期" in caught.value.reason_zh
    with pytest.raises(ValueError, match="0 or more"):
        promised_due_date(date(2026, 3, 2), -1)


def test_a_provisional_due_date_is_overdue_like_an_exact_one(calendar_ends_2026: None) -> None:
    due = promised_due_date(date(2026, 12, 28), 5)
    assert due == DueDate(date(2027, 1, 4), True)
    assert not is_overdue(due.day, date(2027, 1, 4), CaseState.ACCEPTED)
    assert is_overdue(due.day, date(2027, 1, 5), CaseState.IN_REVIEW)

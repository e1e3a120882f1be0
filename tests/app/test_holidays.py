"""Recomputing provisional due dates once 2027 is deployed, on SQLite and on PostgreSQL.

Cases are accepted while the calendar ends with 2026 (as chinesecalendar 1.11.0 does), so
their due dates run into 2027 provisionally (Monday–Friday). Then the test's 2027 file
(tests/helpers/holidays.py: 元旦 off 1–3 Jan, 春节 off Fri 5 – Sat 13 Feb, worked
Sun 14 and Sat 20 Feb, ...) is installed and an admin recomputes. Hand-counted:

A  accepted Mon 28 Dec 2026, 10 days: provisional Tue 29, Wed 30, Thu 31 Dec, Fri 1 Jan,
   Mon 4 – Fri 8 Jan, Mon 11 Jan → 11 Jan; exact (1 Jan off) → Tue 12 Jan 2027.
B  accepted Mon 28 Dec 2026, 30 days: provisional 29–31 Dec (3), 1 Jan (4), then five a
   week to Fri 5 Feb (29), Mon 8 Feb (30) → 8 Feb; exact: 29–31 Dec (3), 4 Jan – 29 Jan
   (23), Mon 1 – Thu 4 Feb (27), off 5–13 Feb, Sun 14 Feb (28), Mon 15 (29), Tue 16 Feb
   (30) → Tue 16 Feb 2027, across the Spring Festival.
C  accepted Mon 21 Dec 2026 (5 days, due Mon 28 Dec, exact), returned, resubmitted Wed
   30 Dec, now in review: provisional Thu 31 Dec, Fri 1, Mon 4, Tue 5, Wed 6 Jan → 6 Jan;
   exact from the resubmission: 31 Dec, 4, 5, 6, 7 Jan → Thu 7 Jan 2027.
D  accepted Mon 28 Dec 2026, 300 days: still runs into 2028, stays provisional.
E  like A but completed: a closed case keeps the date it was promised.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import Engine, select

from counterapp.app.cases import get_case, submit_case, transition
from counterapp.app.context import CounterContext
from counterapp.app.holidays import install_holiday_calendar, recompute_due_dates
from counterapp.app.receipts import case_receipt
from counterapp.audit.events import EventKind
from counterapp.cases import Case, CaseState, DueDate, use_arrangements
from counterapp.catalog import load_catalog
from counterapp.config import load_settings
from counterapp.exchange.lookup import DepartmentExchange
from counterapp.forms import load_forms
from counterapp.protection import FieldCipher
from counterapp.receipts.acceptance import PROVISIONAL_NOTE
from counterapp.store.audit_tables import audit_events
from counterapp.users import PermissionDenied
from helpers.case_checks import chain_intact
from helpers.case_factory import (
    ADMIN,
    CLERK,
    HALL,
    SUPERVISOR,
    calendar_ending,
    sample_consent,
    sample_draft,
)
from helpers.holidays import YEAR_2027

NOTE = PROVISIONAL_NOTE.replace(" ", "")[:20]  # pypdf text, spaces dropped


def hall_10am(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)  # 10:00 in the hall


@pytest.fixture(autouse=True)
def package_ends_2026(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    calendar_ending(monkeypatch, 2026)
    yield
    use_arrangements(())


@pytest.fixture
def cipher() -> FieldCipher:
    return FieldCipher.generate()


def accept(engine: Engine, cipher: FieldCipher, n: int, day: date, days: int) -> Case:
    moment = hall_10am(day)
    return submit_case(
        engine,
        cipher,
        CLERK,
        sample_draft(n),
        sample_consent(n, at=moment),
        hall_code=HALL,
        promised_days=days,
        now=moment,
    )


def deploy_2027(tmp_path: Path) -> None:
    directory = tmp_path / "holidays"
    directory.mkdir()
    (directory / "2027.toml").write_text(YEAR_2027, encoding="utf-8")
    settings = load_settings(overrides=[f"calendar.holiday_dir={directory}"])
    (arrangement,) = install_holiday_calendar(settings)
    assert arrangement.year == 2027


def admin_events(engine: Engine) -> list[tuple[str, str | None, bool, str]]:
    query = (
        select(
            audit_events.c.actor,
            audit_events.c.case_number,
            audit_events.c.success,
            audit_events.c.detail,
        )
        .where(audit_events.c.kind == EventKind.ADMIN_ACTION.value)
        .order_by(audit_events.c.seq)
    )
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(query)]  # type: ignore[misc]


def due(engine: Engine, cipher: FieldCipher, case: Case) -> tuple[DueDate, int]:
    stored = get_case(engine, cipher, CLERK, case.number)
    return DueDate(stored.due_date, stored.due_date_provisional), stored.version


def test_open_provisional_cases_are_recomputed_audited_and_a_clerk_is_refused(
    engine: Engine, cipher: FieldCipher, tmp_path: Path
) -> None:
    monday = date(2026, 12, 28)
    a = accept(engine, cipher, 1, monday, 10)
    b = accept(engine, cipher, 2, monday, 30)
    c = accept(engine, cipher, 3, date(2026, 12, 21), 5)
    assert (c.due_date, c.due_date_provisional) == (date(2026, 12, 28), False)
    transition(engine, cipher, SUPERVISOR, c.number, CaseState.RETURNED, "缺材料",
               now=hall_10am(date(2026, 12, 22)))  # fmt: skip
    transition(engine, cipher, CLERK, c.number, CaseState.ACCEPTED,
               now=hall_10am(date(2026, 12, 30)))  # fmt: skip
    transition(engine, cipher, SUPERVISOR, c.number, CaseState.IN_REVIEW,
               now=hall_10am(date(2026, 12, 31)))  # fmt: skip
    d = accept(engine, cipher, 4, monday, 300)
    e = accept(engine, cipher, 5, monday, 10)
    transition(engine, cipher, SUPERVISOR, e.number, CaseState.IN_REVIEW, now=hall_10am(monday))
    transition(engine, cipher, SUPERVISOR, e.number, CaseState.COMPLETED, now=hall_10am(monday))
    before = {case.number: due(engine, cipher, case) for case in (a, b, c, d, e)}
    assert before[a.number][0] == DueDate(date(2027, 1, 11), True)
    assert before[b.number][0] == DueDate(date(2027, 2, 8), True)
    assert before[c.number][0] == DueDate(date(2027, 1, 6), True)

    deploy_2027(tmp_path)
    with pytest.raises(PermissionDenied):
        recompute_due_dates(engine, CLERK, workstation="window-07")
    assert {case.number: due(engine, cipher, case) for case in (a, b, c, d, e)} == before
    (refusal,) = admin_events(engine)
    assert refusal[:3] == (CLERK.username, None, False)
    assert "lacks permission recompute_due_dates" in refusal[3]

    result = recompute_due_dates(engine, ADMIN, workstation="it-desk")

    assert due(engine, cipher, a) == (DueDate(date(2027, 1, 12), False), before[a.number][1])
    assert due(engine, cipher, b)[0] == DueDate(date(2027, 2, 16), False)
    assert due(engine, cipher, c)[0] == DueDate(date(2027, 1, 7), False)
    later, _ = due(engine, cipher, d)
    assert later.provisional and later.day.year == 2028 and later.day > before[d.number][0].day
    assert due(engine, cipher, e) == before[e.number]  # completed: untouched
    assert {change.case_number for change in result.exact} == {a.number, b.number, c.number}
    assert [change.case_number for change in result.still_provisional] == [d.number]
    (changed_c,) = [change for change in result.cases if change.case_number == c.number]
    assert (changed_c.state, changed_c.clock_started) == (CaseState.IN_REVIEW, date(2026, 12, 30))

    events = admin_events(engine)[1:]
    per_case = {event[1]: event for event in events if event[1] is not None}
    assert set(per_case) == {a.number, b.number, c.number, d.number}
    assert all(event[0] == ADMIN.username and event[2] for event in events)
    assert "2027-02-08 (provisional) -> 2027-02-16 (exact)" in per_case[b.number][3]
    assert "2027 from 2027.toml (sha256 " in per_case[b.number][3]
    assert "(still provisional)" in per_case[d.number][3]
    summary = events[-1]
    assert summary[1] is None
    assert (
        "4 open cases with a provisional due date: 3 exact now, 1 still provisional" in (summary[3])
    )
    assert chain_intact(engine)

    again = recompute_due_dates(engine, ADMIN)  # only D is left, and it does not change
    assert [change.case_number for change in again.cases] == [d.number]
    assert not again.cases[0].changed
    assert len(admin_events(engine)) == len(events) + 2  # the refusal, then one summary


def test_a_dry_run_shows_the_dates_and_writes_none(
    engine: Engine, cipher: FieldCipher, tmp_path: Path
) -> None:
    a = accept(engine, cipher, 1, date(2026, 12, 28), 10)
    deploy_2027(tmp_path)
    result = recompute_due_dates(engine, ADMIN, dry_run=True)
    (change,) = result.cases
    assert change.after == DueDate(date(2027, 1, 12), False) and change.changed
    assert due(engine, cipher, a)[0] == DueDate(date(2027, 1, 11), True)
    assert [event[1] for event in admin_events(engine)] == [None]  # the summary only
    assert "(dry run: nothing written)" in admin_events(engine)[0][3]


def receipt_text(ctx: CounterContext, number: str) -> str:
    _, result = case_receipt(ctx, CLERK, number)
    return "".join(page.extract_text() for page in PdfReader(BytesIO(result.pdf)).pages)


def test_the_reprinted_receipt_shows_the_exact_date(
    engine: Engine, cipher: FieldCipher, exchange: DepartmentExchange, tmp_path: Path
) -> None:
    catalog = load_catalog()
    ctx = CounterContext(
        settings=load_settings(),
        engine=engine,
        cipher=cipher,
        exchange=exchange,
        catalog=catalog,
        forms=load_forms(catalog),
        workstation="window-07",
    )
    b = accept(engine, cipher, 2, date(2026, 12, 28), 30)
    first = receipt_text(ctx, b.number).replace(" ", "")
    assert "2027年02月08日（预计）*" in first
    assert NOTE in first

    deploy_2027(tmp_path)
    recompute_due_dates(engine, ADMIN)
    reprint = receipt_text(ctx, b.number).replace(" ", "")
    assert "2027年02月16日" in reprint
    assert "2027年02月08日" not in reprint
    assert "预计" not in reprint and NOTE not in reprint

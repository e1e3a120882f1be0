"""The queue use case on both backends: who may see it, pages, filters, a reader's snapshot."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select

from counterapp.app.queue import case_queue
from counterapp.cases import CaseState, hall_day
from counterapp.store.audit_log import read_head
from counterapp.store.case_tables import cases
from counterapp.users import PermissionDenied
from helpers.case_factory import ADMIN, CLERK, SUPERVISOR
from helpers.queue_cases import TODAY, insert_queue_case, newest_first, seed_queue

OPEN = (CaseState.ACCEPTED, CaseState.IN_REVIEW)


def test_a_supervisor_pages_through_the_open_cases(engine: Engine) -> None:
    stored = seed_queue(engine)
    expected = [case.number for case in newest_first(stored) if case.state in OPEN]
    seen: list[str] = []
    page = case_queue(engine, SUPERVISOR, states=OPEN, today=TODAY, limit=6)
    seen += [row.number for row in page.rows]
    while page.next_cursor is not None:
        page = case_queue(
            engine, SUPERVISOR, states=OPEN, today=TODAY, after=page.next_cursor, limit=6
        )
        seen += [row.number for row in page.rows]
    assert seen == expected


def test_overdue_only_lists_open_cases_past_due(engine: Engine) -> None:
    stored = seed_queue(engine)
    page = case_queue(
        engine, SUPERVISOR, states=tuple(CaseState), today=TODAY, overdue_only=True, limit=500
    )
    assert [row.number for row in page.rows] == [
        case.number for case in newest_first(stored) if case.overdue()
    ]
    assert page.rows and all(row.overdue and row.state in OPEN for row in page.rows)


def test_an_admin_may_view_the_queue(engine: Engine) -> None:
    seed_queue(engine, count=5)
    assert len(case_queue(engine, ADMIN, states=tuple(CaseState), today=TODAY).rows) == 5


def test_a_clerk_is_refused_and_nothing_is_read_or_written(engine: Engine) -> None:
    seed_queue(engine, count=5)
    with engine.connect() as connection:
        before = read_head(connection)
    with pytest.raises(PermissionDenied) as refused:
        case_queue(engine, CLERK, states=OPEN, today=TODAY)
    assert refused.value.permission == "view_queue"
    assert "查看办件队列" in refused.value.reason_zh
    with engine.connect() as connection:
        assert read_head(connection) == before


def test_today_defaults_to_the_hall_day(engine: Engine) -> None:
    hall_today = hall_day(datetime.now(UTC))
    with engine.begin() as connection:
        late = insert_queue_case(
            connection,
            sequence=1,
            state=CaseState.ACCEPTED,
            accepted_at=datetime(2026, 1, 5, 1, 0, tzinfo=UTC),
            due_date=hall_today - timedelta(days=1),
        )
        on_time = insert_queue_case(
            connection,
            sequence=2,
            state=CaseState.IN_REVIEW,
            accepted_at=datetime(2026, 1, 5, 2, 0, tzinfo=UTC),
            due_date=hall_today,
        )
    page = case_queue(engine, SUPERVISOR, states=OPEN)
    assert {row.number: row.overdue for row in page.rows} == {
        late.number: True,
        on_time.number: False,
    }


def test_the_page_is_read_without_waiting_for_a_writer(engine: Engine) -> None:
    """A writer's open transaction neither blocks the queue nor shows in it uncommitted."""
    stored = seed_queue(engine, count=10)
    with engine.begin() as writer:
        insert_queue_case(
            writer,
            sequence=77,
            state=CaseState.ACCEPTED,
            accepted_at=datetime(2026, 3, 16, 2, 0, tzinfo=UTC),
            due_date=date(2026, 3, 23),
        )
        writer.execute(select(func.count()).select_from(cases)).scalar_one()
        page = case_queue(engine, SUPERVISOR, states=tuple(CaseState), today=TODAY)
        assert [row.number for row in page.rows] == [c.number for c in newest_first(stored)]
    page = case_queue(engine, SUPERVISOR, states=tuple(CaseState), today=TODAY)
    assert len(page.rows) == 11

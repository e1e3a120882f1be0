"""The supervisor's queue query on both backends: order, keyset pages, filters, index use."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Connection, Engine

from counterapp.cases import CaseState, is_due_soon
from counterapp.store.case_queue import (
    OVERDUE_STATES,
    QueueCursor,
    QueueNarrowing,
    QueuePage,
    QueueRow,
    QueueSort,
    _state_query,
    queue_page,
)
from helpers.queue_cases import TODAY, StoredCase, insert_queue_case, newest_first, seed_queue

ALL = tuple(CaseState)
OPEN = (CaseState.ACCEPTED, CaseState.IN_REVIEW)


def walk(connection: Connection, limit: int, **filters: object) -> list[QueuePage]:
    """Every page from the first to the one without a next cursor."""
    pages = [queue_page(connection, today=TODAY, limit=limit, **filters)]  # type: ignore[arg-type]
    while pages[-1].next_cursor is not None:
        after = pages[-1].next_cursor
        pages.append(queue_page(connection, today=TODAY, limit=limit, after=after, **filters))  # type: ignore[arg-type]
    return pages


def numbers(pages: list[QueuePage]) -> list[str]:
    return [row.number for page in pages for row in page.rows]


def test_first_page_is_newest_first_with_ties_broken_by_id(engine: Engine) -> None:
    stored = seed_queue(engine)
    with engine.connect() as connection:
        page = queue_page(connection, states=ALL, today=TODAY, limit=10)
    expected = newest_first(stored)[:10]
    assert [row.number for row in page.rows] == [case.number for case in expected]
    tied = [
        (a, b) for a in stored for b in stored if a.id < b.id and a.accepted_at == b.accepted_at
    ]
    assert any(a.state == b.state for a, b in tied) and any(a.state != b.state for a, b in tied)
    last = expected[-1]
    assert page.next_cursor == QueueCursor(last.accepted_at, last.id, last.due_date)


def test_a_row_carries_the_case_and_no_personal_values(engine: Engine) -> None:
    stored = seed_queue(engine, count=7)
    with engine.connect() as connection:
        row = queue_page(connection, states=ALL, today=TODAY, limit=1).rows[0]
    newest = newest_first(stored)[0]
    assert row == QueueRow(
        number=newest.number,
        service_id="hukou-transfer",
        state=newest.state,
        accepted_at=newest.accepted_at,
        due_date=newest.due_date,
        due_date_provisional=False,
        clerk="clerk3",
        window="08",
        overdue=newest.overdue(),
        due_soon=is_due_soon(newest.due_date, TODAY, newest.state),
        id=newest.id,
    )
    assert row.accepted_at.tzinfo is not None
    assert {f.name for f in dataclasses.fields(QueueRow)} == {
        "number",
        "service_id",
        "state",
        "accepted_at",
        "due_date",
        "due_date_provisional",
        "clerk",
        "window",
        "overdue",
        "due_soon",
        "id",
        "version",
        "assignee",
    }


@pytest.mark.parametrize("limit", [1, 4, 7, 50])
@pytest.mark.parametrize(
    ("states", "overdue_only"),
    [(ALL, False), (OPEN, False), ((CaseState.RETURNED,), False), (ALL, True), (OPEN, True)],
)
def test_keyset_pages_cover_every_row_exactly_once(
    engine: Engine, limit: int, states: tuple[CaseState, ...], overdue_only: bool
) -> None:
    stored = seed_queue(engine)
    wanted = [
        case
        for case in newest_first(stored)
        if case.state in states and (case.overdue() or not overdue_only)
    ]
    with engine.connect() as connection:
        pages = walk(connection, limit, states=states, overdue_only=overdue_only)
    assert wanted, "the seed must give every filter some rows"
    assert numbers(pages) == [case.number for case in wanted]
    assert all(len(page.rows) == limit for page in pages[:-1])
    assert 0 < len(pages[-1].rows) <= limit
    assert len(pages) == -(-len(wanted) // limit)


def test_state_filter_shows_only_those_states(engine: Engine) -> None:
    seed_queue(engine)
    with engine.connect() as connection:
        page = queue_page(connection, states={CaseState.RETURNED}, today=TODAY, limit=100)
        empty = queue_page(connection, states=(), today=TODAY)
        by_name = queue_page(connection, states=["completed"], today=TODAY, limit=100)  # type: ignore[list-item]
    assert page.rows and {row.state for row in page.rows} == {CaseState.RETURNED}
    assert empty == QueuePage((), None)
    assert by_name.rows and {row.state for row in by_name.rows} == {CaseState.COMPLETED}


def test_overdue_filter_keeps_open_cases_past_due_only(engine: Engine) -> None:
    stored = seed_queue(engine)
    with engine.begin() as connection:
        due_today = insert_queue_case(
            connection,
            sequence=999,
            state=CaseState.ACCEPTED,
            accepted_at=datetime(2026, 3, 9, 2, 0, tzinfo=UTC),
            due_date=TODAY,
        )
    with engine.connect() as connection:
        every = numbers(walk(connection, 50, states=ALL))
        overdue = walk(connection, 50, states=ALL, overdue_only=True)
    rows = [row for page in overdue for row in page.rows]
    assert frozenset(OPEN) == OVERDUE_STATES
    assert [row.number for row in rows] == [c.number for c in newest_first(stored) if c.overdue()]
    assert all(row.overdue and row.state in OPEN and row.due_date < TODAY for row in rows)
    # Due today is not overdue yet; returned or closed cases past due are never overdue.
    assert due_today.number in every and due_today.number not in {row.number for row in rows}
    past_due_closed = {c.number for c in stored if c.due_date < TODAY and c.state not in OPEN}
    assert past_due_closed and not past_due_closed & {row.number for row in rows}


def test_overdue_flag_is_set_on_every_row(engine: Engine) -> None:
    stored = {case.number: case for case in seed_queue(engine)}
    with engine.connect() as connection:
        rows = [row for page in walk(connection, 50, states=ALL) for row in page.rows]
    assert len(rows) == len(stored)
    assert any(row.overdue for row in rows) and not all(row.overdue for row in rows)
    for row in rows:
        assert row.overdue == stored[row.number].overdue()


def test_cases_added_meanwhile_do_not_disturb_later_pages(engine: Engine) -> None:
    stored = seed_queue(engine, count=20)
    with engine.connect() as connection:
        first = queue_page(connection, states=ALL, today=TODAY, limit=8)
    with engine.begin() as connection:
        insert_queue_case(
            connection,
            sequence=500,
            state=CaseState.ACCEPTED,
            accepted_at=datetime(2026, 3, 16, 1, 0, tzinfo=UTC),
            due_date=TODAY + timedelta(days=7),
        )
    with engine.connect() as connection:
        rest = walk_from(connection, first.next_cursor)
    assert [row.number for row in first.rows] + rest == [c.number for c in newest_first(stored)]


def walk_from(connection: Connection, cursor: QueueCursor | None) -> list[str]:
    found: list[str] = []
    while cursor is not None:
        page = queue_page(connection, states=ALL, today=TODAY, limit=8, after=cursor)
        found += [row.number for row in page.rows]
        cursor = page.next_cursor
    return found


def test_a_cursor_in_another_time_zone_means_the_same_instant(engine: Engine) -> None:
    stored = newest_first(seed_queue(engine, count=12))
    hall = timezone(timedelta(hours=8))
    middle = stored[5]
    cursor = QueueCursor(middle.accepted_at.astimezone(hall), middle.id)
    assert cursor.accepted_at.utcoffset() == timedelta(0)
    with engine.connect() as connection:
        page = queue_page(connection, states=ALL, today=TODAY, after=cursor)
    assert [row.number for row in page.rows] == [case.number for case in stored[6:]]
    assert page.next_cursor is None


def test_a_naive_cursor_or_a_bad_limit_is_refused(engine: Engine) -> None:
    with pytest.raises(ValueError, match="aware"):
        QueueCursor(datetime(2026, 3, 1, 8, 0), 1)
    with engine.connect() as connection:
        for limit in (0, 501):
            with pytest.raises(ValueError, match="1 to 500"):
                queue_page(connection, states=ALL, today=TODAY, limit=limit)


@pytest.mark.parametrize(
    ("sort", "index", "backward"),
    [
        (QueueSort.NEWEST, "ix_cases_state_accepted_at", True),
        (QueueSort.OLDEST, "ix_cases_state_accepted_at", False),
        (QueueSort.DUE_SOONEST, "ix_cases_state_due_date", False),
        (QueueSort.DUE_LATEST, "ix_cases_state_due_date", True),
    ],
)
def test_each_state_is_read_along_the_index(
    engine: Engine, sort: QueueSort, index: str, backward: bool
) -> None:
    """No sort of the state's cases: the index gives the order (a plan check, both backends)."""
    stored: list[StoredCase] = seed_queue(engine, count=5)
    cursor = QueueCursor(stored[-1].accepted_at, stored[-1].id, stored[-1].due_date)
    narrowing = QueueNarrowing(service_id="hukou-transfer", window="08")
    query = _state_query(CaseState.ACCEPTED, TODAY, True, cursor, 51, narrowing, sort)
    with engine.connect() as connection:
        compiled = query.compile(connection)
        params = compiled.construct_params()
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
            rows = connection.exec_driver_sql("EXPLAIN " + str(compiled), params).all()
            plan = "\n".join(row[0] for row in rows)
            scan = "Index Scan Backward" if backward else "Index Scan"
            assert f"{scan} using {index}" in plan, plan
        else:
            statement = "EXPLAIN QUERY PLAN " + str(compiled)
            positional = tuple(params[name] for name in compiled.positiontup or ())
            plan = str(connection.exec_driver_sql(statement, positional).all())
            assert f"USING INDEX {index}" in plan, plan
        assert "Sort" not in plan and "TEMP B-TREE" not in plan, plan

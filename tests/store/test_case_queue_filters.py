"""The queue's filters and orders on both backends, checked against the rows filtered by hand.

The truth is the unfiltered queue (whose order and paging ``test_case_queue`` checks
against the rows written), filtered and sorted here in Python; every filtered, sorted read
must give exactly those rows, page after page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Connection, Engine, update

from counterapp.cases import CaseState, is_due_soon
from counterapp.store.case_queue import (
    QueueNarrowing,
    QueueRow,
    QueueSort,
    queue_page,
)
from counterapp.store.case_tables import case_applicants, cases
from helpers.queue_cases import TODAY, seed_queue

ALL = tuple(CaseState)
EVERYTHING = QueueNarrowing()


def read_all(
    connection: Connection,
    *,
    limit: int,
    narrowing: QueueNarrowing = EVERYTHING,
    sort: QueueSort = QueueSort.NEWEST,
    states: tuple[CaseState, ...] = ALL,
    overdue_only: bool = False,
) -> list[QueueRow]:
    rows: list[QueueRow] = []
    after = None
    while True:
        page = queue_page(
            connection,
            states=states,
            today=TODAY,
            limit=limit,
            after=after,
            narrowing=narrowing,
            sort=sort,
            overdue_only=overdue_only,
        )
        rows.extend(page.rows)
        if page.next_cursor is None:
            return rows
        after = page.next_cursor


def ordered(rows: list[QueueRow], sort: QueueSort) -> list[QueueRow]:
    def key(row: QueueRow) -> tuple[object, int]:
        return (row.due_date if sort.by_due_date else row.accepted_at, row.id)

    return sorted(rows, key=key, reverse=sort.descending)


MIDDLE = datetime(2026, 2, 20, tzinfo=UTC)

CASES: list[tuple[str, QueueNarrowing, Callable[[QueueRow], bool]]] = [
    (
        "service",
        QueueNarrowing(service_id="birth-registration"),
        lambda r: r.service_id == "birth-registration",
    ),
    ("clerk", QueueNarrowing(clerk="clerk2"), lambda r: r.clerk == "clerk2"),
    ("window", QueueNarrowing(window="03"), lambda r: r.window == "03"),
    (
        "accepted from",
        QueueNarrowing(accepted_from=MIDDLE),
        lambda r: r.accepted_at >= MIDDLE,
    ),
    (
        "accepted before",
        QueueNarrowing(accepted_before=MIDDLE),
        lambda r: r.accepted_at < MIDDLE,
    ),
    ("due soon", QueueNarrowing(due_soon=True), lambda r: r.due_soon),
    (
        "clerk, service and window at once",
        QueueNarrowing(clerk="clerk1", service_id="hukou-transfer", window="01"),
        lambda r: (r.clerk, r.service_id, r.window) == ("clerk1", "hukou-transfer", "01"),
    ),
]


@pytest.mark.parametrize("sort", list(QueueSort))
@pytest.mark.parametrize(("name", "narrowing", "wanted"), CASES, ids=[c[0] for c in CASES])
def test_a_filtered_sorted_read_gives_exactly_the_matching_rows_in_order(
    engine: Engine,
    sort: QueueSort,
    name: str,
    narrowing: QueueNarrowing,
    wanted: Callable[[QueueRow], bool],
) -> None:
    seed_queue(engine, count=90)
    with engine.connect() as connection:
        truth = read_all(connection, limit=500)
        got = read_all(connection, limit=7, narrowing=narrowing, sort=sort)
    expected = ordered([row for row in truth if wanted(row)], sort)
    assert expected, f"the data set has rows for {name}"
    assert len(expected) < len(truth), f"{name} filters something out"
    assert [row.number for row in got] == [row.number for row in expected]


def test_due_soon_is_open_cases_due_within_three_days(engine: Engine) -> None:
    seed_queue(engine, count=90)
    with engine.connect() as connection:
        truth = read_all(connection, limit=500)
        soon = read_all(connection, limit=50, narrowing=QueueNarrowing(due_soon=True))
    assert soon
    for row in soon:
        assert row.state in (CaseState.ACCEPTED, CaseState.IN_REVIEW)
        assert TODAY <= row.due_date <= TODAY + timedelta(days=3)
        assert not row.overdue
    assert {r.number for r in truth if is_due_soon(r.due_date, TODAY, r.state)} == {
        r.number for r in soon
    }


def test_find_by_number_and_by_applicant_index(engine: Engine) -> None:
    stored = seed_queue(engine, count=20)
    target = stored[5]
    with engine.begin() as connection:
        for position, case in enumerate((stored[3], stored[11])):
            connection.execute(
                case_applicants.insert().values(
                    case_id=case.id,
                    position=position,
                    role="applicant",
                    id_number="token",
                    id_number_index="blind-index-of-one-person",
                    name="token",
                )
            )
        by_number = read_all(connection, limit=10, narrowing=QueueNarrowing(number=target.number))
        by_person = read_all(
            connection,
            limit=1,
            narrowing=QueueNarrowing(applicant_index="blind-index-of-one-person"),
        )
        nobody = read_all(connection, limit=10, narrowing=QueueNarrowing(applicant_index="x"))
    assert [row.number for row in by_number] == [target.number]
    assert [row.number for row in by_person] == [stored[11].number, stored[3].number]
    assert nobody == []


def test_rows_carry_version_and_assignee(engine: Engine) -> None:
    stored = seed_queue(engine, count=3)
    with engine.begin() as connection:
        connection.execute(
            update(cases).where(cases.c.id == stored[0].id).values(version=4, assignee="wang")
        )
        rows = {r.number: r for r in read_all(connection, limit=10)}
    assert (rows[stored[0].number].version, rows[stored[0].number].assignee) == (4, "wang")
    assert (rows[stored[1].number].version, rows[stored[1].number].assignee) == (1, None)

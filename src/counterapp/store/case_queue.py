"""The supervisor's live queue: cases by state, newest first, a page at a time.

A page is read with keyset pagination (never ``OFFSET``): the cursor is the last row's
``(accepted_at, id)`` and the next page starts strictly after it, so a page deep into a
million cases costs what the first one does, and rows committed meanwhile neither repeat
nor vanish from the pages still to come.

Each wanted state is read with its own ``WHERE state = :s ORDER BY accepted_at DESC, id DESC
LIMIT n`` query, which both backends answer by walking the index ``ix_cases_state_accepted_at
(state, accepted_at, id)`` backwards and stopping after ``n`` rows; the few rows are merged
here. One query with ``state IN (...)`` would make PostgreSQL sort every open case first.
Read every query of one page in one snapshot (the app layer uses ``read_only``).

Rows carry the case's number, service, state, dates, clerk and window: no personal values.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import islice
from typing import Any

from sqlalchemy import Connection, Row, Select, literal, select, tuple_

from counterapp.cases.deadlines import is_overdue
from counterapp.cases.states import CaseState
from counterapp.store.case_tables import cases

__all__ = [
    "MAX_LIMIT",
    "OVERDUE_STATES",
    "QueueCursor",
    "QueuePage",
    "QueueRow",
    "queue_page",
]

MAX_LIMIT = 500
"""The most rows one page may ask for."""

OVERDUE_STATES: frozenset[CaseState] = frozenset(
    state for state in CaseState if is_overdue(date.min, date.max, state)
)
"""The states in which a case can be overdue: exactly those :func:`is_overdue` counts
(open cases whose clock runs; not drafts, returned, completed or rejected cases)."""


@dataclass(frozen=True)
class QueueRow:
    """One case in the queue.

    Attributes:
        number: the case number.
        service_id: the catalog service.
        state: where the case stands.
        accepted_at: when it was accepted (aware, UTC).
        due_date: the promised due date.
        due_date_provisional: the due date counts weekdays past the published calendar.
        clerk: the user name of the clerk who accepted it.
        window: the service window.
        overdue: an open case past its due date (:func:`~counterapp.cases.is_overdue`).
    """

    number: str
    service_id: str
    state: CaseState
    accepted_at: datetime
    due_date: date
    due_date_provisional: bool
    clerk: str
    window: str
    overdue: bool


@dataclass(frozen=True)
class QueueCursor:
    """Where a page ended: the last row's acceptance time and row id.

    The next page holds the rows strictly older in ``(accepted_at, case_id)`` order.
    ``accepted_at`` must be aware; it is kept in UTC.
    """

    accepted_at: datetime
    case_id: int

    def __post_init__(self) -> None:
        if self.accepted_at.tzinfo is None:
            raise ValueError("a queue cursor needs an aware accepted_at")
        object.__setattr__(self, "accepted_at", self.accepted_at.astimezone(UTC))


@dataclass(frozen=True)
class QueuePage:
    """A page of the queue and the cursor of the next one (None on the last page)."""

    rows: tuple[QueueRow, ...]
    next_cursor: QueueCursor | None


_Keyed = tuple[tuple[datetime, int], QueueRow]


def queue_page(
    connection: Connection,
    *,
    states: Collection[CaseState],
    today: date,
    overdue_only: bool = False,
    after: QueueCursor | None = None,
    limit: int = 50,
) -> QueuePage:
    """One page of cases in ``states``, newest first (``accepted_at`` DESC, id DESC).

    Args:
        connection: an open connection; read a whole page in one snapshot.
        states: the states shown; an empty collection gives an empty page.
        today: the hall's day, for the overdue flag and filter.
        overdue_only: only open cases past their due date (``due_date < today``); states
            in which no case is ever overdue (returned, completed, ...) are left out.
        after: the previous page's ``next_cursor``; None for the first page.
        limit: rows per page, 1 to :data:`MAX_LIMIT`.

    Raises:
        ValueError: ``limit`` is out of range.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"a queue page holds 1 to {MAX_LIMIT} rows, not {limit}")
    wanted = {CaseState(state) for state in states}
    if overdue_only:
        wanted &= OVERDUE_STATES
    streams = [
        list(_keyed_rows(connection, state, today, overdue_only, after, limit + 1))
        for state in sorted(wanted)
    ]
    merged = list(islice(heapq.merge(*streams, key=_key, reverse=True), limit + 1))
    page = merged[:limit]
    next_cursor = None
    if len(merged) > limit:
        accepted_at, case_id = page[-1][0]
        next_cursor = QueueCursor(accepted_at, case_id)
    return QueuePage(tuple(row for _, row in page), next_cursor)


def _key(keyed: _Keyed) -> tuple[datetime, int]:
    return keyed[0]


def _keyed_rows(
    connection: Connection,
    state: CaseState,
    today: date,
    overdue_only: bool,
    after: QueueCursor | None,
    limit: int,
) -> Iterator[_Keyed]:
    """The newest ``limit`` rows of one state, each with its sort key."""
    for row in connection.execute(_state_query(state, today, overdue_only, after, limit)):
        accepted_at = _utc(row.accepted_at)
        yield (accepted_at, row.id), _queue_row(row, accepted_at, today)


def _state_query(
    state: CaseState,
    today: date,
    overdue_only: bool,
    after: QueueCursor | None,
    limit: int,
) -> Select[Any]:
    c = cases.c
    query = select(
        c.id,
        c.number,
        c.service_id,
        c.state,
        c.accepted_at,
        c.due_date,
        c.due_date_provisional,
        c.clerk,
        c.service_window,
    ).where(c.state == state.value)
    if overdue_only:
        query = query.where(c.due_date < today)
    if after is not None:
        # A row-value comparison: both backends turn it into a range on the index.
        # The values are bound with the columns' types (SQLite stores text, in UTC).
        query = query.where(
            tuple_(c.accepted_at, c.id)
            < tuple_(literal(after.accepted_at, c.accepted_at.type), literal(after.case_id))
        )
    return query.order_by(c.accepted_at.desc(), c.id.desc()).limit(limit)


def _queue_row(row: Row[Any], accepted_at: datetime, today: date) -> QueueRow:
    state = CaseState(row.state)
    return QueueRow(
        number=row.number,
        service_id=row.service_id,
        state=state,
        accepted_at=accepted_at,
        due_date=row.due_date,
        due_date_provisional=bool(row.due_date_provisional),
        clerk=row.clerk,
        window=row.service_window,
        overdue=is_overdue(row.due_date, today, state),
    )


def _utc(moment: datetime) -> datetime:
    """An aware UTC datetime (SQLite hands back the naive UTC value it stored)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)

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

The other filters (service, clerk, window, an acceptance window, overdue, due soon, a case
number, an applicant's blind index) narrow each state's query; the acceptance window is a
range on the same index. The queue sorts by acceptance (newest or oldest first) or by due
date (soonest or latest first, over ``ix_cases_state_due_date (state, due_date, id)``); the
cursor carries the sort key of the page's last row.

Rows carry the case's number, service, state, dates, clerk and window: no personal values.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from itertools import islice
from typing import Any

from sqlalchemy import Connection, Row, Select, exists, literal, select, tuple_

from counterapp.cases.deadlines import DUE_SOON_DAYS, is_due_soon, is_overdue
from counterapp.cases.states import CaseState
from counterapp.store.case_tables import case_applicants, cases

__all__ = [
    "MAX_LIMIT",
    "OVERDUE_STATES",
    "QueueCursor",
    "QueueNarrowing",
    "QueuePage",
    "QueueRow",
    "QueueSort",
    "queue_page",
    "queue_rows",
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
        due_soon: an open case due within the next few days
            (:func:`~counterapp.cases.is_due_soon`).
        id: the row id (the cursor's tie-breaker).
        version: the case's version (see :class:`~counterapp.cases.Case`).
        assignee: the supervisor its review is assigned to, if any.
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
    due_soon: bool = False
    id: int = 0
    version: int = 1
    assignee: str | None = None


class QueueSort(StrEnum):
    """The queue's order; every order breaks ties by row id in the same direction."""

    NEWEST = "newest"  # accepted_at descending
    OLDEST = "oldest"  # accepted_at ascending
    DUE_SOONEST = "due_soonest"  # due_date ascending
    DUE_LATEST = "due_latest"  # due_date descending

    @property
    def by_due_date(self) -> bool:
        return self in (QueueSort.DUE_SOONEST, QueueSort.DUE_LATEST)

    @property
    def descending(self) -> bool:
        return self in (QueueSort.NEWEST, QueueSort.DUE_LATEST)


@dataclass(frozen=True)
class QueueNarrowing:
    """Filters beyond the states, each None when not applied (store level).

    Attributes:
        service_id: one catalog service.
        clerk: the user name of the accepting clerk.
        window: the service window.
        accepted_from: accepted at or after this moment (aware).
        accepted_before: accepted before this moment (aware).
        due_soon: only open cases due within :data:`~counterapp.cases.DUE_SOON_DAYS`
            days and not overdue.
        number: exactly this case number.
        applicant_index: cases with an applicant of this blind index (a resident ID).
    """

    service_id: str | None = None
    clerk: str | None = None
    window: str | None = None
    accepted_from: datetime | None = None
    accepted_before: datetime | None = None
    due_soon: bool = False
    number: str | None = None
    applicant_index: str | None = None


@dataclass(frozen=True)
class QueueCursor:
    """Where a page ended: the last row's acceptance time, row id and due date.

    The next page holds the rows strictly after it in the page's order: by
    ``(accepted_at, case_id)`` or, sorting by due date, by ``(due_date, case_id)``.
    ``accepted_at`` must be aware; it is kept in UTC.
    """

    accepted_at: datetime
    case_id: int
    due_date: date | None = None

    def __post_init__(self) -> None:
        if self.accepted_at.tzinfo is None:
            raise ValueError("a queue cursor needs an aware accepted_at")
        object.__setattr__(self, "accepted_at", self.accepted_at.astimezone(UTC))


@dataclass(frozen=True)
class QueuePage:
    """A page of the queue and the cursor of the next one (None on the last page)."""

    rows: tuple[QueueRow, ...]
    next_cursor: QueueCursor | None


_SortKey = tuple[datetime | date, int]
_Keyed = tuple[_SortKey, Row[Any]]

_NO_NARROWING = QueueNarrowing()


def queue_page(
    connection: Connection,
    *,
    states: Collection[CaseState],
    today: date,
    overdue_only: bool = False,
    after: QueueCursor | None = None,
    limit: int = 50,
    narrowing: QueueNarrowing = _NO_NARROWING,
    sort: QueueSort = QueueSort.NEWEST,
) -> QueuePage:
    """One page of cases in ``states``, in ``sort`` order (newest first by default).

    Args:
        connection: an open connection; read a whole page in one snapshot.
        states: the states shown; an empty collection gives an empty page.
        today: the hall's day, for the overdue and due-soon flags and filters.
        overdue_only: only open cases past their due date (``due_date < today``); states
            in which no case is ever overdue (returned, completed, ...) are left out.
        after: the previous page's ``next_cursor`` (read with the same filters and sort);
            None for the first page.
        limit: rows per page, 1 to :data:`MAX_LIMIT`.
        narrowing: the other filters (service, clerk, window, dates, due soon, number,
            applicant); all of them apply at once.
        sort: the order.

    Raises:
        ValueError: ``limit`` is out of range, or a due-date sort's cursor has no due date.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"a queue page holds 1 to {MAX_LIMIT} rows, not {limit}")
    if after is not None and sort.by_due_date and after.due_date is None:
        raise ValueError("a cursor of a queue sorted by due date carries the due date")
    wanted = {CaseState(state) for state in states}
    if overdue_only or narrowing.due_soon:
        wanted &= OVERDUE_STATES
    # One query per state, each over its index; merged by sort key, and only the rows
    # kept become QueueRow objects (a page over six states reads up to six pages of
    # driver rows but builds one page of rows).
    streams = [
        _keyed_rows(connection, state, today, overdue_only, after, limit + 1, narrowing, sort)
        for state in sorted(wanted)
    ]
    merged = list(islice(heapq.merge(*streams, key=_key, reverse=sort.descending), limit + 1))
    page = tuple(_queue_row(raw, _utc(raw.accepted_at), today) for _, raw in merged[:limit])
    next_cursor = None
    if len(merged) > limit:
        last = page[-1]
        next_cursor = QueueCursor(last.accepted_at, last.id, last.due_date)
    return QueuePage(page, next_cursor)


def queue_rows(
    connection: Connection, numbers: Collection[str], *, today: date
) -> dict[str, QueueRow]:
    """The queue rows of the cases ``numbers`` (those that exist), by number.

    What a live queue re-reads when it is told that these cases changed.
    """
    if not numbers:
        return {}
    query = _columns().where(cases.c.number.in_(sorted(set(numbers))))
    found = {}
    for row in connection.execute(query):
        found[row.number] = _queue_row(row, _utc(row.accepted_at), today)
    return found


def _key(keyed: _Keyed) -> _SortKey:
    return keyed[0]


def _keyed_rows(
    connection: Connection,
    state: CaseState,
    today: date,
    overdue_only: bool,
    after: QueueCursor | None,
    limit: int,
    narrowing: QueueNarrowing,
    sort: QueueSort,
) -> list[_Keyed]:
    """The first ``limit`` driver rows of one state in ``sort`` order, each with its key."""
    query = _state_query(state, today, overdue_only, after, limit, narrowing, sort)
    rows = connection.execute(query).all()
    if sort.by_due_date:
        return [((row.due_date, row.id), row) for row in rows]
    return [((_utc(row.accepted_at), row.id), row) for row in rows]


def _columns() -> Select[Any]:
    c = cases.c
    return select(
        c.id,
        c.number,
        c.service_id,
        c.state,
        c.accepted_at,
        c.due_date,
        c.due_date_provisional,
        c.clerk,
        c.service_window,
        c.version,
        c.assignee,
    )


def _state_query(
    state: CaseState,
    today: date,
    overdue_only: bool,
    after: QueueCursor | None,
    limit: int,
    narrowing: QueueNarrowing,
    sort: QueueSort,
) -> Select[Any]:
    c = cases.c
    query = _columns().where(c.state == state.value)
    if overdue_only:
        query = query.where(c.due_date < today)
    query = _narrowed(query, narrowing, today)
    key_column = c.due_date if sort.by_due_date else c.accepted_at
    if after is not None:
        # A row-value comparison: both backends turn it into a range on the index.
        # The values are bound with the columns' types (SQLite stores text, in UTC).
        value = after.due_date if sort.by_due_date else after.accepted_at
        mine = tuple_(key_column, c.id)
        theirs = tuple_(literal(value, key_column.type), literal(after.case_id))
        query = query.where(mine < theirs if sort.descending else mine > theirs)
    if sort.descending:
        return query.order_by(key_column.desc(), c.id.desc()).limit(limit)
    return query.order_by(key_column.asc(), c.id.asc()).limit(limit)


def _narrowed(query: Select[Any], narrowing: QueueNarrowing, today: date) -> Select[Any]:
    c = cases.c
    if narrowing.service_id is not None:
        query = query.where(c.service_id == narrowing.service_id)
    if narrowing.clerk is not None:
        query = query.where(c.clerk == narrowing.clerk)
    if narrowing.window is not None:
        query = query.where(c.service_window == narrowing.window)
    if narrowing.accepted_from is not None:
        query = query.where(
            c.accepted_at >= literal(narrowing.accepted_from.astimezone(UTC), c.accepted_at.type)
        )
    if narrowing.accepted_before is not None:
        query = query.where(
            c.accepted_at < literal(narrowing.accepted_before.astimezone(UTC), c.accepted_at.type)
        )
    if narrowing.due_soon:
        query = query.where(c.due_date >= today, c.due_date <= today + timedelta(DUE_SOON_DAYS))
    if narrowing.number is not None:
        query = query.where(c.number == narrowing.number)
    if narrowing.applicant_index is not None:
        query = query.where(
            exists().where(
                case_applicants.c.case_id == c.id,
                case_applicants.c.id_number_index == narrowing.applicant_index,
            )
        )
    return query


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
        due_soon=is_due_soon(row.due_date, today, state),
        id=row.id,
        version=row.version,
        assignee=row.assignee,
    )


def _utc(moment: datetime) -> datetime:
    """An aware UTC datetime (SQLite hands back the naive UTC value it stored)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)

"""Read queries behind the exported reports: the cases accepted in a period.

Like :mod:`counterapp.store.dashboard_queries`, nothing here selects an applicant, a field's
value or a timeline reason: a report row carries the case's number, service, state, dates,
clerk and window, so nothing is decrypted. Windows are half-open, ``[start, end)``, aware
datetimes compared in UTC. Run the queries of one report in one snapshot (``read_only``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

from sqlalchemy import Connection, select

from counterapp.cases.deadlines import is_overdue
from counterapp.cases.states import CaseState
from counterapp.store.case_queue import QueueRow
from counterapp.store.case_tables import cases

__all__ = ["accepted_cases"]


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("pass an aware datetime")
    return moment.astimezone(UTC)


def accepted_cases(
    connection: Connection, start: datetime, end: datetime, today: date
) -> Iterator[QueueRow]:
    """Every case first accepted in ``[start, end)``, oldest first (``accepted_at``, id).

    Rows are streamed as the database returns them; ``today`` (a hall day) decides each
    row's overdue flag, as the live queue does.
    """
    c = cases.c
    query = (
        select(
            c.number,
            c.service_id,
            c.state,
            c.accepted_at,
            c.due_date,
            c.due_date_provisional,
            c.clerk,
            c.service_window,
        )
        .where(c.accepted_at >= _utc(start), c.accepted_at < _utc(end))
        .order_by(c.accepted_at, c.id)
    )
    for row in connection.execute(query):
        state = CaseState(row.state)
        accepted_at = row.accepted_at
        if accepted_at.tzinfo is None:  # SQLite hands back the naive UTC value it stored
            accepted_at = accepted_at.replace(tzinfo=UTC)
        yield QueueRow(
            number=row.number,
            service_id=row.service_id,
            state=state,
            accepted_at=accepted_at.astimezone(UTC),
            due_date=row.due_date,
            due_date_provisional=bool(row.due_date_provisional),
            clerk=row.clerk,
            window=row.service_window,
            overdue=is_overdue(row.due_date, today, state),
        )

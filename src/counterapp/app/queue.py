"""The supervisor's live queue of cases: a permission-checked, consistent page.

Viewing the queue is not audited: its rows name cases, services, dates and clerks, never an
applicant's data (a lookup, a reveal or a print of a case is audited where it happens).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime

from sqlalchemy import Engine

from counterapp.cases import CaseState, hall_day
from counterapp.store.case_queue import QueueCursor, QueuePage, queue_page
from counterapp.store.engine import read_only
from counterapp.users import Actor, Permission, require

__all__ = ["case_queue"]


def case_queue(
    engine: Engine,
    actor: Actor,
    *,
    states: Collection[CaseState],
    today: date | None = None,
    overdue_only: bool = False,
    after: QueueCursor | None = None,
    limit: int = 50,
) -> QueuePage:
    """One page of the queue, newest first, read in one snapshot that never blocks writers.

    Args:
        actor: the signed-in user; needs :attr:`Permission.VIEW_QUEUE` (supervisor, admin).
        states: the states shown.
        today: the hall's day for the overdue flag and filter (default: today in the hall,
            UTC+8).
        overdue_only: only open cases past their due date.
        after: the previous page's ``next_cursor``; None for the first page.
        limit: rows per page (1 to :data:`counterapp.store.case_queue.MAX_LIMIT`).

    Raises:
        PermissionDenied: the actor may not view the queue (clerks); nothing is read.
        ValueError: ``limit`` is out of range.
    """
    require(actor, Permission.VIEW_QUEUE)
    day = hall_day(datetime.now(UTC)) if today is None else today
    with engine.connect() as plain:
        connection = read_only(plain)
        with connection.begin():
            return queue_page(
                connection,
                states=states,
                today=day,
                overdue_only=overdue_only,
                after=after,
                limit=limit,
            )

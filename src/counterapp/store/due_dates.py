"""Open cases whose due date is provisional, and setting a recomputed due date.

A due date counts from the day its clock started: the acceptance, or the latest
resubmission after a return for correction (the timeline's latest entry into
``accepted``). Only open cases (accepted, in review) are recomputed: a returned case's
clock is stopped and gets a new due date when the applicant comes back; a completed or
rejected case keeps the date it was promised.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, func, select, update

from counterapp.cases import CaseState, DueDate
from counterapp.store.case_tables import case_timeline, cases
from counterapp.store.cases import utc

OPEN_STATES = (CaseState.ACCEPTED, CaseState.IN_REVIEW)
"""The states in which a due date runs."""


@dataclass(frozen=True)
class ProvisionalCase:
    """An open case with a provisional due date, as locked for recomputing it.

    Attributes:
        id: the row id.
        number: the case number.
        state: accepted or in review.
        promised_days: the promised processing time in working days.
        due_date: the provisional due date stored now.
        clock_started: when the due date started counting (acceptance or resubmission).
    """

    id: int
    number: str
    state: CaseState
    promised_days: int
    due_date: date
    clock_started: datetime


def provisional_case_numbers(connection: Connection) -> list[str]:
    """Numbers of the open cases whose due date is provisional, oldest first."""
    query = (
        select(cases.c.number)
        .where(
            cases.c.due_date_provisional.is_(True),
            cases.c.state.in_([state.value for state in OPEN_STATES]),
        )
        .order_by(cases.c.id)
    )
    return list(connection.execute(query).scalars())


def lock_provisional_case(connection: Connection, number: str) -> ProvisionalCase | None:
    """The case, locked until the transaction ends, if it is still open and provisional
    (another workstation may have moved it or recomputed it meanwhile); else None."""
    row = connection.execute(
        select(cases.c.id, cases.c.state, cases.c.promised_days, cases.c.due_date)
        .where(
            cases.c.number == number,
            cases.c.due_date_provisional.is_(True),
            cases.c.state.in_([state.value for state in OPEN_STATES]),
        )
        .with_for_update()
    ).one_or_none()
    if row is None:
        return None
    started = connection.execute(
        select(func.max(case_timeline.c.at)).where(
            case_timeline.c.case_id == row.id,
            case_timeline.c.to_state == CaseState.ACCEPTED.value,
        )
    ).scalar_one()
    if started is None:  # no timeline: the acceptance itself
        started = connection.execute(
            select(cases.c.accepted_at).where(cases.c.id == row.id)
        ).scalar_one()
    return ProvisionalCase(
        id=row.id,
        number=number,
        state=CaseState(row.state),
        promised_days=row.promised_days,
        due_date=row.due_date,
        clock_started=utc(started) or started,
    )


def set_due_date(connection: Connection, case_id: int, due: DueDate, at: datetime) -> None:
    """Store a recomputed due date and its provisional flag.

    The case's ``version`` is not counted up: the calendar changed, not the case, and a
    reviewer acting on the version they saw must not be turned away for it.
    """
    connection.execute(
        update(cases)
        .where(cases.c.id == case_id)
        .values(due_date=due.day, due_date_provisional=due.provisional, updated_at=at)
    )

"""Tickets in the store: issued with a daily counter, claimed by one window only, moved with
their version checked.

Issuing takes the next sequence of a (hall day, category) counter row with one upsert, as
:mod:`counterapp.store.case_numbers` does for case numbers: the row stays locked until the
issuing transaction ends, so sequences are unique and gap-free on every workstation.

Calling is a claim: the oldest waiting ticket of the window's categories (higher priority
first, then the order of issue) not meant for another window is taken with a
compare-and-set ``UPDATE … WHERE id = :id AND state = 'waiting'``, retried until it wins or
nothing is left. On PostgreSQL the candidate is selected ``FOR UPDATE SKIP LOCKED``, so two
windows calling at the same moment look at different rows instead of queueing for one; on
SQLite every writer holds the database (``BEGIN IMMEDIATE``). Either way two windows never
get the same ticket. Every other move names the version the window saw and changes the row
only if it is still that version.

Every change announces ``T:<id>`` on the case change feed (:func:`ticket_changed`) in the
same transaction, so other workstations see it when it commits.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, and_, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from counterapp.cases.deadlines import hall_day
from counterapp.store.applicant_tables import ticket_counters, tickets
from counterapp.store.case_changes import ticket_changed
from counterapp.store.cases import utc
from counterapp.tickets import Ticket, TicketState, format_ticket_number

__all__ = [
    "claim_next",
    "issue",
    "parked_at",
    "ticket_by_id",
    "ticket_by_number",
    "tickets_of_day",
    "update_ticket",
    "waiting_counts",
    "window_ticket",
]

_CLAIM_ATTEMPTS = 1_000
"""Lost compare-and-sets before a claim gives up (each loss means another window won)."""


def _ticket(row: Row[Any]) -> Ticket:
    m = row._mapping
    issued_at = utc(m["issued_at"])
    assert issued_at is not None
    return Ticket(
        id=m["id"],
        number=m["number"],
        category=m["category"],
        hall_day=m["hall_day"],
        state=TicketState(m["state"]),
        issued_at=issued_at,
        window=m["window"],
        called_by=m["called_by"],
        first_called_at=utc(m["first_called_at"]),
        called_at=utc(m["called_at"]),
        calls=m["calls"],
        finished_at=utc(m["finished_at"]),
        service_seconds=m["service_seconds"],
        case_number=m["case_number"],
        priority=m["priority"],
        target_window=m["target_window"],
        version=m["version"],
    )


def _next_sequence(connection: Connection, day: date, category: str) -> int:
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(ticket_counters)
        .values(hall_day=day, category=category, last_sequence=1)
        .on_conflict_do_update(
            index_elements=[ticket_counters.c.hall_day, ticket_counters.c.category],
            set_={"last_sequence": ticket_counters.c.last_sequence + 1},
        )
        .returning(ticket_counters.c.last_sequence)
    )
    return int(connection.execute(statement).scalar_one())


def issue(connection: Connection, category: str, now: datetime) -> Ticket:
    """A new waiting ticket of ``category`` on the hall day of ``now`` (``A001``, ``A002``…)."""
    day = hall_day(now)
    sequence = _next_sequence(connection, day, category)
    ticket_id = connection.execute(
        insert(tickets)
        .values(
            hall_day=day,
            category=category,
            sequence=sequence,
            number=format_ticket_number(category, sequence),
            state=TicketState.WAITING.value,
            issued_at=now,
            priority=0,
            calls=0,
            version=1,
            updated_at=now,
        )
        .returning(tickets.c.id)
    ).scalar_one()
    ticket_changed(connection, ticket_id, now)
    found = ticket_by_id(connection, ticket_id)
    assert found is not None
    return found


def ticket_by_id(connection: Connection, ticket_id: int) -> Ticket | None:
    """The ticket with row id ``ticket_id`` (None: there is none)."""
    row = connection.execute(select(tickets).where(tickets.c.id == ticket_id)).one_or_none()
    return None if row is None else _ticket(row)


def ticket_by_number(connection: Connection, day: date, number: str) -> Ticket | None:
    """The ticket ``number`` (``A001``) of hall day ``day`` (None: not issued)."""
    row = connection.execute(
        select(tickets).where(tickets.c.hall_day == day, tickets.c.number == number)
    ).one_or_none()
    return None if row is None else _ticket(row)


def _callable_by(window: str, categories: Collection[str]) -> Any:
    """Waiting tickets ``window`` may call: its categories unless meant for another window,
    and any ticket transferred to it."""
    return or_(
        and_(
            tickets.c.category.in_(list(categories)),
            or_(tickets.c.target_window.is_(None), tickets.c.target_window == window),
        ),
        tickets.c.target_window == window,
    )


def claim_next(
    connection: Connection,
    window: str,
    categories: Collection[str],
    now: datetime,
    *,
    clerk: str,
) -> Ticket | None:
    """Call the next ticket for ``window``, in the caller's transaction (None: nobody waits).

    The oldest waiting ticket of the hall day of ``now`` in ``categories`` (or transferred
    to ``window``), higher priority first, is taken with a compare-and-set; a lost one (the
    ticket went to another window meanwhile) is retried with the next candidate.
    """
    on_postgresql = connection.dialect.name == "postgresql"
    candidate = (
        select(tickets.c.id)
        .where(
            tickets.c.hall_day == hall_day(now),
            tickets.c.state == TicketState.WAITING.value,
            _callable_by(window, categories),
        )
        .order_by(tickets.c.priority.desc(), tickets.c.id)
        .limit(1)
    )
    if on_postgresql:
        candidate = candidate.with_for_update(skip_locked=True)
    for _attempt in range(_CLAIM_ATTEMPTS):
        ticket_id = connection.execute(candidate).scalar_one_or_none()
        if ticket_id is None:
            return None
        won = connection.execute(
            update(tickets)
            .where(tickets.c.id == ticket_id, tickets.c.state == TicketState.WAITING.value)
            .values(
                state=TicketState.CALLED.value,
                window=window,
                called_by=clerk,
                first_called_at=func.coalesce(tickets.c.first_called_at, now),
                called_at=now,
                calls=tickets.c.calls + 1,
                version=tickets.c.version + 1,
                updated_at=now,
            )
        ).rowcount
        if won == 1:
            ticket_changed(connection, ticket_id, now)
            claimed = ticket_by_id(connection, ticket_id)
            assert claimed is not None
            return claimed
    raise RuntimeError(f"window {window} lost {_CLAIM_ATTEMPTS} claims in a row")


def update_ticket(
    connection: Connection, ticket: Ticket, now: datetime, **values: Any
) -> Ticket | None:
    """Write ``values`` to ``ticket`` if it is still at the version the caller saw.

    Returns:
        The ticket as written, or None: it changed meanwhile (or is gone); nothing written.
    """
    written = connection.execute(
        update(tickets)
        .where(tickets.c.id == ticket.id, tickets.c.version == ticket.version)
        .values(version=tickets.c.version + 1, updated_at=now, **values)
    ).rowcount
    if written != 1:
        return None
    ticket_changed(connection, ticket.id, now)
    return ticket_by_id(connection, ticket.id)


def window_ticket(connection: Connection, window: str) -> Ticket | None:
    """The ticket ``window`` is serving now: its latest called one (None: none)."""
    row = connection.execute(
        select(tickets)
        .where(tickets.c.window == window, tickets.c.state == TicketState.CALLED.value)
        .order_by(tickets.c.called_at.desc(), tickets.c.id.desc())
        .limit(1)
    ).one_or_none()
    return None if row is None else _ticket(row)


def parked_at(connection: Connection, window: str, day: date) -> list[Ticket]:
    """The tickets ``window`` parked on hall day ``day``, oldest call first."""
    rows = connection.execute(
        select(tickets)
        .where(
            tickets.c.window == window,
            tickets.c.state == TicketState.PARKED.value,
            tickets.c.hall_day == day,
        )
        .order_by(tickets.c.called_at, tickets.c.id)
    ).all()
    return [_ticket(row) for row in rows]


def waiting_counts(connection: Connection, day: date) -> dict[str, int]:
    """How many tickets wait in each category on hall day ``day`` (categories with any)."""
    rows = connection.execute(
        select(tickets.c.category, func.count())
        .where(tickets.c.hall_day == day, tickets.c.state == TicketState.WAITING.value)
        .group_by(tickets.c.category)
        .order_by(tickets.c.category)
    ).all()
    return {category: int(count) for category, count in rows}


def tickets_of_day(connection: Connection, day: date) -> list[Ticket]:
    """Every ticket of hall day ``day``, in the order of issue."""
    rows = connection.execute(
        select(tickets).where(tickets.c.hall_day == day).order_by(tickets.c.id)
    ).all()
    return [_ticket(row) for row in rows]

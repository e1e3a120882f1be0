"""Tell the open queues that a case changed, in the transaction that changes it.

On PostgreSQL the change is a ``NOTIFY counter_cases, '<number>'``: the server delivers it
to every listening connection when (and only if) the transaction commits, in commit order.
On SQLite, which has no notifications, it is a row in ``case_changes``: SQLite writers are
serialized, so the row ids are in commit order too, and a queue polls for ids past the
last one it saw (a primary-key range: cheap however many cases there are).

Only case numbers travel: no state, no personal data. A listener re-reads the case.
Tickets (``counterapp.store.tickets``) travel the same way with the payload
``T:<ticket id>``: a watcher says which payloads it wants (:func:`is_case_change`,
:func:`is_ticket_change`), so an open case queue never sees a ticket's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, delete, func, insert, select, text

from counterapp.store.case_tables import case_changes

__all__ = [
    "CHANNEL",
    "TICKET_PREFIX",
    "ChangeFeed",
    "case_changed",
    "changes_after",
    "is_case_change",
    "is_ticket_change",
    "latest_change",
    "prune_changes",
    "ticket_changed",
    "ticket_id_of",
]

CHANNEL = "counter_cases"
"""The PostgreSQL notification channel; the payload is the case number (or ``T:<id>``)."""

TICKET_PREFIX = "T:"
"""What starts a ticket's payload; no case number starts so (they begin with the hall code)."""

KEEP = timedelta(days=1)
"""How long SQLite keeps change rows (a queue open longer re-reads itself on a gap)."""


@dataclass(frozen=True)
class ChangeFeed:
    """Changes past a point of the SQLite feed.

    Attributes:
        last_seq: the newest change row read (the next poll starts after it).
        numbers: the changed cases' numbers, each once, in the order they changed.
    """

    last_seq: int
    numbers: tuple[str, ...]


def case_changed(connection: Connection, number: str, at: datetime | None = None) -> None:
    """Announce, within the caller's transaction, that case ``number`` changed."""
    if connection.dialect.name == "postgresql":
        connection.execute(
            text("SELECT pg_notify(:channel, :number)"),
            {
                "channel": CHANNEL,
                "number": number,
            },
        )
        return
    connection.execute(
        insert(case_changes).values(number=number, changed_at=at or datetime.now(UTC))
    )


def ticket_changed(connection: Connection, ticket_id: int, at: datetime | None = None) -> None:
    """Announce, within the caller's transaction, that ticket ``ticket_id`` changed."""
    case_changed(connection, f"{TICKET_PREFIX}{ticket_id}", at)


def is_ticket_change(payload: str) -> bool:
    """Whether a change payload names a ticket (``T:<id>``)."""
    return payload.startswith(TICKET_PREFIX)


def is_case_change(payload: str) -> bool:
    """Whether a change payload names a case (what the case queue wants)."""
    return not payload.startswith(TICKET_PREFIX)


def ticket_id_of(payload: str) -> int | None:
    """The ticket id of a ``T:<id>`` payload (None: not a ticket's)."""
    if not is_ticket_change(payload):
        return None
    try:
        return int(payload[len(TICKET_PREFIX) :])
    except ValueError:
        return None


def latest_change(connection: Connection) -> int:
    """The newest change row's seq on SQLite (0 when none); where a new queue starts."""
    return int(
        connection.execute(select(func.coalesce(func.max(case_changes.c.seq), 0))).scalar_one()
    )


def changes_after(connection: Connection, seq: int, limit: int = 1_000) -> ChangeFeed:
    """The SQLite change rows after ``seq`` (at most ``limit``), oldest first."""
    rows = connection.execute(
        select(case_changes.c.seq, case_changes.c.number)
        .where(case_changes.c.seq > seq)
        .order_by(case_changes.c.seq)
        .limit(limit)
    ).all()
    if not rows:
        return ChangeFeed(seq, ())
    return ChangeFeed(rows[-1].seq, tuple(dict.fromkeys(row.number for row in rows)))


def prune_changes(connection: Connection, now: datetime | None = None) -> int:
    """Delete SQLite change rows older than :data:`KEEP`; how many went."""
    cutoff = (now or datetime.now(UTC)) - KEEP
    result = connection.execute(delete(case_changes).where(case_changes.c.changed_at < cutoff))
    return result.rowcount or 0

"""Case numbers from the database: a counter row per hall and day, taken late and briefly.

The counter row stays locked from allocation until the caller's transaction ends, which is
what makes numbers unique and gap-free across workstations — and what serializes submits.
So a submit writes the case under a :func:`pending_number` first and allocates its real
number at the end (:func:`assign_number`), just before its audit event.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Connection, update
from sqlalchemy.dialects import postgresql, sqlite

from counterapp.cases.numbers import CaseNumber
from counterapp.store.case_tables import case_counters, cases


class CaseNumberAllocator:
    """Hands out the next case number of a hall and day, inside the caller's transaction.

    One counter row per (hall, day) is incremented with a single upsert that returns the
    new value. The row stays locked until the caller's transaction ends (PostgreSQL row
    lock; on SQLite the IMMEDIATE transaction holds the database), so concurrent writers on
    every workstation queue for it: numbers are unique, and gap-free because a rolled-back
    or killed transaction rolls its increment back too.
    """

    def allocate(self, connection: Connection, hall_code: str, day: date) -> CaseNumber:
        """The next number for ``hall_code`` on ``day``."""
        dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
        statement = (
            dialect.insert(case_counters)
            .values(hall_code=hall_code, day=day, last_sequence=1)
            .on_conflict_do_update(
                index_elements=[case_counters.c.hall_code, case_counters.c.day],
                set_={"last_sequence": case_counters.c.last_sequence + 1},
            )
            .returning(case_counters.c.last_sequence)
        )
        sequence = connection.execute(statement).scalar_one()
        return CaseNumber(hall_code, day, sequence)


PENDING_PREFIX = "pending-"


def pending_number() -> str:
    """A unique placeholder number for a case written before its number is allocated.

    Submitting writes the case first and allocates its number last, just before the audit
    event: the counter row stays locked only for the end of the transaction, not for the
    whole case. No other transaction ever sees the placeholder (it is replaced before
    commit).
    """
    return PENDING_PREFIX + uuid.uuid4().hex


def assign_number(connection: Connection, case_id: int, number: CaseNumber) -> None:
    """Give a case written with a pending number its allocated number."""
    connection.execute(update(cases).where(cases.c.id == case_id).values(number=str(number)))

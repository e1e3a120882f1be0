"""Case rows for the queue tests, written straight into ``cases`` (no applicants needed).

The rows mix every state, services, clerks and due dates around :data:`TODAY`, and several
share an ``accepted_at`` so the id must break the tie.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Connection, Engine, insert

from counterapp.cases import CaseState, is_overdue
from counterapp.store.case_tables import cases

HALL = "330106001"
TODAY = date(2026, 3, 16)
START = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)
STATES = (
    CaseState.ACCEPTED,
    CaseState.IN_REVIEW,
    CaseState.COMPLETED,
    CaseState.RETURNED,
    CaseState.REJECTED,
    CaseState.ACCEPTED,
    CaseState.IN_REVIEW,
)


@dataclass(frozen=True)
class StoredCase:
    """What a test expects back for one row it wrote."""

    id: int
    number: str
    state: CaseState
    accepted_at: datetime
    due_date: date

    def overdue(self, today: date = TODAY) -> bool:
        return is_overdue(self.due_date, today, self.state)

    @property
    def key(self) -> tuple[datetime, int]:
        return (self.accepted_at, self.id)


def insert_queue_case(
    connection: Connection,
    *,
    sequence: int,
    state: CaseState,
    accepted_at: datetime,
    due_date: date,
    service_id: str = "hukou-transfer",
    clerk: str = "clerk1",
) -> StoredCase:
    """Write one case row; returns what the queue should show for it."""
    day = accepted_at.date()
    number = f"{HALL}-{day:%Y%m%d}-{sequence:05d}"
    case_id = connection.execute(
        insert(cases)
        .values(
            number=number,
            service_id=service_id,
            form_version="2026.1",
            state=state.value,
            accepted_at=accepted_at,
            due_date=due_date,
            promised_days=5,
            clerk=clerk,
            service_window=f"{sequence % 9 + 1:02d}",
            updated_at=accepted_at,
        )
        .returning(cases.c.id)
    ).scalar_one()
    return StoredCase(case_id, number, state, accepted_at, due_date)


def seed_queue(engine: Engine, count: int = 60) -> list[StoredCase]:
    """``count`` cases over ten weeks; several share an acceptance time.

    Rows ``3k+1`` and ``3k+2`` share one (in different states), and every row ``10k+9``
    takes the time of row ``10k+2``, which is in the same state: ties within a state and
    across states. Due dates fall from well before to well after :data:`TODAY`, so every
    state has rows past due and only open ones count as overdue.
    """
    stored: list[StoredCase] = []
    times = [START + timedelta(hours=17 * (n - n % 3 // 2)) for n in range(count)]
    for n in range(9, count, 10):
        times[n] = times[n - 7]
    with engine.begin() as connection:
        for n, accepted_at in enumerate(times):
            stored.append(
                insert_queue_case(
                    connection,
                    sequence=n + 1,
                    state=STATES[n % len(STATES)],
                    accepted_at=accepted_at,
                    due_date=accepted_at.date() + timedelta(days=7 + n % 11),
                    service_id=("hukou-transfer", "birth-registration")[n % 2],
                    clerk=f"clerk{n % 4 + 1}",
                )
            )
    return stored


def newest_first(rows: list[StoredCase]) -> list[StoredCase]:
    """The queue's order: ``accepted_at`` descending, then id descending."""
    return sorted(rows, key=lambda row: row.key, reverse=True)

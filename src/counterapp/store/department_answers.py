"""Write and read the ``department_answers`` rows (see :mod:`department_answer_tables`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, insert, select

from counterapp.store.department_answer_tables import department_answers


@dataclass(frozen=True)
class DepartmentAnswerStat:
    """How one department's part of one lookup went (no person, no values).

    Attributes:
        department: the department id.
        reason: ``case``, ``diagnosis`` or ``probe``.
        status: the outcome status code (``ok``, ``not_found``, ``timeout`` ...).
        latency_ms: how long it took.
        values_given: values it gave that were used or offered.
        values_refused: values it gave that failed a conversion or a catalog check.
        conflicts: its values that disagreed with the value used.
        case_number: the case, when the lookup was for one.
        answered_at: when (UTC); now when None.
    """

    department: str
    reason: str
    status: str
    latency_ms: int
    values_given: int = 0
    values_refused: int = 0
    conflicts: int = 0
    case_number: str | None = None
    answered_at: datetime | None = None


def record_answers(connection: Connection, stats: Iterable[DepartmentAnswerStat]) -> None:
    """Append one row per department, in the caller's transaction."""
    rows = [
        {
            "answered_at": (s.answered_at or datetime.now(UTC)).isoformat(timespec="milliseconds"),
            "department": s.department,
            "reason": s.reason,
            "status": s.status,
            "latency_ms": s.latency_ms,
            "values_given": s.values_given,
            "values_refused": s.values_refused,
            "conflicts": s.conflicts,
            "case_number": s.case_number,
        }
        for s in stats
    ]
    if rows:
        connection.execute(insert(department_answers), rows)


def answers_of(
    connection: Connection, department: str | None = None
) -> Sequence[DepartmentAnswerStat]:
    """The recorded rows, oldest first; one department's when given."""
    query = select(department_answers).order_by(department_answers.c.id)
    if department is not None:
        query = query.where(department_answers.c.department == department)
    return [
        DepartmentAnswerStat(
            department=row.department,
            reason=row.reason,
            status=row.status,
            latency_ms=row.latency_ms,
            values_given=row.values_given,
            values_refused=row.values_refused,
            conflicts=row.conflicts,
            case_number=row.case_number,
            answered_at=datetime.fromisoformat(row.answered_at),
        )
        for row in connection.execute(query)
    ]

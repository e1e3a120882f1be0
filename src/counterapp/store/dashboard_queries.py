"""Read queries behind the hall dashboard and the department scorecard.

Every query counts or fetches bare facts: case dates, services, states, the kind of a
field's source, a material's status, a department's status and latency. None selects an
applicant, a field's value or a timeline reason, so nothing here is ever decrypted.

Time windows are half-open, ``[start, end)``, given as aware datetimes and compared in UTC:
the case tables store UTC (SQLite as naive text), ``department_answers.answered_at`` holds
ISO 8601 UTC text, compared as text in the same format. Run the queries of one figure set in
one snapshot (the app layer uses ``read_only``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import ColumnElement, Connection, and_, case, exists, func, literal, select

from counterapp.cases.model import MaterialState
from counterapp.cases.states import CaseState
from counterapp.store.case_tables import case_fields, case_materials, case_timeline, cases
from counterapp.store.cases import utc
from counterapp.store.department_answer_tables import department_answers

__all__ = [
    "AnswerTally",
    "Completion",
    "accepted_count",
    "answer_tallies",
    "answered_latencies",
    "completions",
    "exempt_material_count",
    "field_source_counts",
    "overdue_count",
]


@dataclass(frozen=True)
class Completion:
    """One case completed in a window.

    Attributes:
        service_id: the catalog service.
        accepted_at: when the case was first accepted (aware, UTC).
        completed_at: the time of its timeline entry into ``completed`` (aware, UTC).
        returned: it was ever returned for correction (a timeline entry into ``returned``).
    """

    service_id: str
    accepted_at: datetime
    completed_at: datetime
    returned: bool


@dataclass(frozen=True)
class AnswerTally:
    """``department_answers`` rows of one (department, reason, status), summed.

    Attributes:
        department: the department id.
        reason: ``case``, ``diagnosis`` or ``probe``.
        status: the outcome status code (``ok``, ``not_found``, ``timeout`` ...).
        rows: how many rows (requests).
        values_given: the rows' values given, summed.
        values_refused: the rows' values refused by a conversion or catalog check, summed.
        conflicts: the rows' conflicting values, summed.
    """

    department: str
    reason: str
    status: str
    rows: int
    values_given: int
    values_refused: int
    conflicts: int


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("pass an aware datetime")
    return moment.astimezone(UTC)


def _accepted_between(start: datetime, end: datetime) -> ColumnElement[bool]:
    return and_(cases.c.accepted_at >= _utc(start), cases.c.accepted_at < _utc(end))


def accepted_count(connection: Connection, start: datetime, end: datetime) -> int:
    """Cases first accepted in ``[start, end)``, in any state now."""
    query = select(func.count()).select_from(cases).where(_accepted_between(start, end))
    return int(connection.execute(query).scalar_one())


def field_source_counts(connection: Connection, start: datetime, end: datetime) -> dict[str, int]:
    """Form fields of the cases accepted in ``[start, end)``, counted by ``source_kind``.

    Keys are the stored :class:`~counterapp.cases.SourceKind` values (``department``,
    ``typed``, ``corrected``); a kind no field has is absent.
    """
    query = (
        select(case_fields.c.source_kind, func.count())
        .select_from(case_fields.join(cases, cases.c.id == case_fields.c.case_id))
        .where(_accepted_between(start, end))
        .group_by(case_fields.c.source_kind)
    )
    return {kind: int(count) for kind, count in connection.execute(query)}


def exempt_material_count(connection: Connection, start: datetime, end: datetime) -> int:
    """Materials marked exempt (免提交) on the cases accepted in ``[start, end)``."""
    query = (
        select(func.count())
        .select_from(case_materials.join(cases, cases.c.id == case_materials.c.case_id))
        .where(_accepted_between(start, end))
        .where(case_materials.c.status == MaterialState.EXEMPT.value)
    )
    return int(connection.execute(query).scalar_one())


def completions(connection: Connection, start: datetime, end: datetime) -> list[Completion]:
    """The cases whose timeline entry into ``completed`` falls in ``[start, end)``."""
    done = case_timeline.alias("done")
    returned = case_timeline.alias("returned")
    was_returned = (
        exists()
        .where(returned.c.case_id == done.c.case_id)
        .where(returned.c.to_state == CaseState.RETURNED.value)
    )
    query = (
        select(
            cases.c.service_id,
            cases.c.accepted_at,
            done.c.at,
            case((was_returned, literal(1)), else_=literal(0)).label("returned"),
        )
        .select_from(done.join(cases, cases.c.id == done.c.case_id))
        .where(done.c.to_state == CaseState.COMPLETED.value)
        .where(done.c.at >= _utc(start), done.c.at < _utc(end))
        .order_by(done.c.at, done.c.id)
    )
    return [
        Completion(
            service_id=row.service_id,
            accepted_at=_aware(row.accepted_at),
            completed_at=_aware(row.at),
            returned=bool(row.returned),
        )
        for row in connection.execute(query)
    ]


def overdue_count(connection: Connection, today: date, states: Collection[CaseState]) -> int:
    """Cases now in one of ``states`` whose due date is before ``today``."""
    query = (
        select(func.count())
        .select_from(cases)
        .where(cases.c.state.in_(sorted(CaseState(s).value for s in states)))
        .where(cases.c.due_date < today)
    )
    return int(connection.execute(query).scalar_one())


def _answered_between(start: datetime, end: datetime) -> ColumnElement[bool]:
    column = department_answers.c.answered_at
    return and_(column >= _iso(start), column < _iso(end))


def _iso(moment: datetime) -> str:
    """``answered_at``'s format: ISO 8601 in UTC with milliseconds, as ``record_answers``."""
    return _utc(moment).isoformat(timespec="milliseconds")


def answer_tallies(connection: Connection, start: datetime, end: datetime) -> list[AnswerTally]:
    """Rows answered in ``[start, end)``, summed per (department, reason, status)."""
    t = department_answers.c
    query = (
        select(
            t.department,
            t.reason,
            t.status,
            func.count(),
            func.sum(t.values_given),
            func.sum(t.values_refused),
            func.sum(t.conflicts),
        )
        .where(_answered_between(start, end))
        .group_by(t.department, t.reason, t.status)
        .order_by(t.department, t.reason, t.status)
    )
    return [
        AnswerTally(
            department=department,
            reason=reason,
            status=status,
            rows=int(rows),
            values_given=int(given or 0),
            values_refused=int(refused or 0),
            conflicts=int(conflicts or 0),
        )
        for department, reason, status, rows, given, refused, conflicts in connection.execute(query)
    ]


def answered_latencies(
    connection: Connection, start: datetime, end: datetime, statuses: Collection[str]
) -> dict[str, list[int]]:
    """Each department's latencies (ms, ascending) of its rows in ``[start, end)`` whose
    status is one of ``statuses``; a department without such rows is absent."""
    t = department_answers.c
    query = (
        select(t.department, t.latency_ms)
        .where(_answered_between(start, end))
        .where(t.status.in_(sorted(statuses)))
        .order_by(t.department, t.latency_ms)
    )
    latencies: dict[str, list[int]] = {}
    for department, latency_ms in connection.execute(query):
        latencies.setdefault(department, []).append(int(latency_ms))
    return latencies


def _aware(moment: datetime) -> datetime:
    aware = utc(moment)
    assert aware is not None
    return aware

"""Keep cases in the database: numbering, insert, load, state changes, find by resident ID.

Every function works inside the caller's open transaction (a ``Connection`` from
``engine.begin()``), so the app layer writes a case, its parts and its audit event in one
transaction: a crash leaves all of it or none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from counterapp.cases.deadlines import DueDate
from counterapp.cases.model import (
    Applicant,
    ApplicantRole,
    Case,
    FieldSource,
    FieldValue,
    Material,
    MaterialState,
    SourceKind,
    TimelineEntry,
)
from counterapp.cases.states import CaseState
from counterapp.protection import FieldCipher
from counterapp.standards import resident_id
from counterapp.store.case_numbers import CaseNumberAllocator, assign_number, pending_number
from counterapp.store.case_tables import (
    case_applicants,
    case_fields,
    case_materials,
    case_timeline,
    cases,
    context,
)

__all__ = [
    "CaseHead",
    "CaseNumberAllocator",
    "append_timeline",
    "assign_number",
    "find_by_applicant",
    "insert_case",
    "load_case",
    "lock_case",
    "normalize_id_number",
    "pending_number",
    "resident_id_index",
    "set_assignee",
    "update_state",
    "utc",
]

RESIDENT_ID_PURPOSE = "resident_id"


def utc(moment: datetime | None) -> datetime | None:
    """An aware UTC datetime (SQLite hands back naive values written as UTC)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def normalize_id_number(id_number: str) -> str:
    """A resident ID as indexed: 18 characters with an uppercase X (15-digit IDs converted)."""
    checked = resident_id.validate(id_number)
    normalized = checked.normalized if checked.ok and checked.normalized else id_number
    return normalized.strip().upper()


def resident_id_index(cipher: FieldCipher, id_number: str) -> str:
    """The blind index of a resident ID, normalised first."""
    return cipher.blind_index(normalize_id_number(id_number), purpose=RESIDENT_ID_PURPOSE)


@dataclass(frozen=True)
class CaseHead:
    """The row of a case without its parts: enough to move it to another state."""

    id: int
    number: str
    state: CaseState
    promised_days: int
    due_date: date
    version: int = 1
    assignee: str | None = None


def insert_case(
    connection: Connection,
    cipher: FieldCipher,
    case: Case,
    plain_items: frozenset[str],
) -> int:
    """Write a case and all its parts; returns the row id.

    Args:
        case: the case; its number may be a :func:`pending_number`, replaced by
            :func:`assign_number` later in the same transaction.
        plain_items: catalog items whose values may be stored unencrypted (level < 3);
            every other field value is encrypted.
    """
    case_id = connection.execute(
        insert(cases)
        .values(
            number=case.number,
            service_id=case.service_id,
            form_version=case.form_version,
            state=case.state.value,
            accepted_at=case.accepted_at,
            due_date=case.due_date,
            due_date_provisional=case.due_date_provisional,
            promised_days=case.promised_days,
            clerk=case.clerk,
            service_window=case.window,
            updated_at=case.accepted_at,
        )
        .returning(cases.c.id)
    ).scalar_one()
    connection.execute(
        insert(case_applicants),
        [
            {
                "case_id": case_id,
                "position": position,
                "role": person.role.value,
                "id_number": _seal(cipher, "case_applicants", "id_number", person.id_number),
                "id_number_index": resident_id_index(cipher, person.id_number),
                "name": _seal(cipher, "case_applicants", "name", person.name),
            }
            for position, person in enumerate(case.applicants)
        ],
    )
    if case.fields:
        connection.execute(
            insert(case_fields),
            [
                _field_row(cipher, case_id, position, field, plain_items)
                for position, field in enumerate(case.fields)
            ],
        )
    if case.materials:
        connection.execute(
            insert(case_materials),
            [
                {
                    "case_id": case_id,
                    "position": position,
                    "name": material.name,
                    "status": material.status.value,
                    "exempted_by": material.exempted_by,
                    "proven_items": json.dumps(list(material.proven_items)),
                }
                for position, material in enumerate(case.materials)
            ],
        )
    for entry in case.timeline:
        append_timeline(connection, cipher, case_id, entry)
    return case_id


def _field_row(
    cipher: FieldCipher, case_id: int, position: int, field: FieldValue, plain: frozenset[str]
) -> dict[str, object]:
    in_clear = field.item is not None and field.item in plain
    source = field.source
    return {
        "case_id": case_id,
        "position": position,
        "field_id": field.field_id,
        "item": field.item,
        "plain_value": field.value if in_clear else None,
        "secret_value": None
        if in_clear
        else _seal(cipher, "case_fields", "secret_value", field.value),
        "source_kind": source.kind.value,
        "department": source.department,
        "retrieved_at": source.retrieved_at,
        "verified": source.verified,
        "original": None
        if source.original is None
        else _seal(cipher, "case_fields", "original", source.original),
    }


def append_timeline(
    connection: Connection, cipher: FieldCipher, case_id: int, entry: TimelineEntry
) -> None:
    """Add one state change to a case's timeline."""
    connection.execute(
        insert(case_timeline).values(
            case_id=case_id,
            at=entry.at,
            from_state=None if entry.from_state is None else entry.from_state.value,
            to_state=entry.to_state.value,
            actor=entry.actor,
            reason=_seal(cipher, "case_timeline", "reason", entry.reason),
        )
    )


def lock_case(connection: Connection, number: str) -> CaseHead | None:
    """The case's row, locked until the transaction ends (``FOR UPDATE`` on PostgreSQL)."""
    query = (
        select(
            cases.c.id,
            cases.c.number,
            cases.c.state,
            cases.c.promised_days,
            cases.c.due_date,
            cases.c.version,
            cases.c.assignee,
        )
        .where(cases.c.number == number)
        .with_for_update()
    )
    row = connection.execute(query).one_or_none()
    if row is None:
        return None
    return CaseHead(
        row.id,
        row.number,
        CaseState(row.state),
        row.promised_days,
        row.due_date,
        row.version,
        row.assignee,
    )


def update_state(
    connection: Connection,
    case_id: int,
    state: CaseState,
    at: datetime,
    *,
    due: DueDate | None = None,
) -> None:
    """Set a case's state (and a new due date with its provisional flag, for a resubmission).

    Every change of a case goes through here or :func:`set_assignee`: both count the
    case's ``version`` up.
    """
    values: dict[str, object] = {
        "state": state.value,
        "updated_at": at,
        "version": cases.c.version + 1,
    }
    if due is not None:
        values.update(due_date=due.day, due_date_provisional=due.provisional)
    connection.execute(update(cases).where(cases.c.id == case_id).values(**values))


def set_assignee(
    connection: Connection, case_id: int, assignee: str | None, at: datetime, *, bump: bool = True
) -> None:
    """Assign a case's review to ``assignee`` (None: to nobody); counts the version up
    unless ``bump`` is False (part of a change that counted it already)."""
    values: dict[str, object] = {"assignee": assignee, "updated_at": at}
    if bump:
        values["version"] = cases.c.version + 1
    connection.execute(update(cases).where(cases.c.id == case_id).values(**values))


def load_case(connection: Connection, cipher: FieldCipher, number: str) -> Case | None:
    """The whole case with decrypted values, or None when there is no such number."""
    row = connection.execute(select(cases).where(cases.c.number == number)).one_or_none()
    if row is None:
        return None
    by_case = lambda table: select(table).where(table.c.case_id == row.id)  # noqa: E731
    people = connection.execute(by_case(case_applicants).order_by(case_applicants.c.position))
    fields = connection.execute(by_case(case_fields).order_by(case_fields.c.position))
    materials = connection.execute(by_case(case_materials).order_by(case_materials.c.position))
    timeline = connection.execute(by_case(case_timeline).order_by(case_timeline.c.id))
    return Case(
        number=row.number,
        service_id=row.service_id,
        form_version=row.form_version,
        state=CaseState(row.state),
        applicants=tuple(
            Applicant(
                id_number=_open(cipher, "case_applicants", "id_number", p.id_number),
                name=_open(cipher, "case_applicants", "name", p.name),
                role=ApplicantRole(p.role),
            )
            for p in people
        ),
        fields=tuple(_field(cipher, f) for f in fields),
        materials=tuple(
            Material(
                name=m.name,
                status=MaterialState(m.status),
                exempted_by=m.exempted_by,
                proven_items=tuple(json.loads(m.proven_items)),
            )
            for m in materials
        ),
        accepted_at=utc(row.accepted_at) or row.accepted_at,
        due_date=row.due_date,
        due_date_provisional=bool(row.due_date_provisional),
        promised_days=row.promised_days,
        clerk=row.clerk,
        window=row.service_window,
        version=row.version,
        assignee=row.assignee,
        timeline=tuple(
            TimelineEntry(
                at=utc(t.at) or t.at,
                from_state=None if t.from_state is None else CaseState(t.from_state),
                to_state=CaseState(t.to_state),
                actor=t.actor,
                reason=_open(cipher, "case_timeline", "reason", t.reason),
            )
            for t in timeline
        ),
    )


def _field(cipher: FieldCipher, row: Row[Any]) -> FieldValue:
    if row.secret_value is None:
        value = row.plain_value or ""
    else:
        value = _open(cipher, "case_fields", "secret_value", row.secret_value)
    original = row.original
    source = FieldSource(
        kind=SourceKind(row.source_kind),
        department=row.department,
        retrieved_at=utc(row.retrieved_at),
        verified=bool(row.verified),
        original=None if original is None else _open(cipher, "case_fields", "original", original),
    )
    return FieldValue(row.field_id, row.item, value, source)


def find_by_applicant(connection: Connection, id_number: str, cipher: FieldCipher) -> list[str]:
    """Numbers of the cases a person is on (any role), newest first, via the blind index."""
    index = resident_id_index(cipher, id_number)
    query = (
        select(cases.c.number)
        .join(case_applicants, case_applicants.c.case_id == cases.c.id)
        .where(case_applicants.c.id_number_index == index)
        .group_by(cases.c.id, cases.c.number, cases.c.accepted_at)
        .order_by(cases.c.accepted_at.desc(), cases.c.id.desc())
    )
    return list(connection.execute(query).scalars())


def _seal(cipher: FieldCipher, table: str, column: str, value: str) -> str:
    return cipher.encrypt(value, context=context(table, column))


def _open(cipher: FieldCipher, table: str, column: str, token: str) -> str:
    return cipher.decrypt(token, context=context(table, column))

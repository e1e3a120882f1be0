"""The audit chain in the database: append in the caller's transaction, read it back.

Appends serialize on the single ``audit_chain_head`` row: on PostgreSQL ``SELECT … FOR
UPDATE`` makes every other writer wait until the caller's transaction ends; on SQLite every
transaction already begins IMMEDIATE, so writers queue for the database lock. The next
sequence number and previous hash therefore always come from the committed head, and a
rolled-back transaction leaves neither an event nor a gap.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Generator, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypedDict

from sqlalchemy import ColumnElement, Connection, Engine, delete, func, select, update

from counterapp.audit.chain import (
    ChainHead,
    ProgressCallback,
    StoredRow,
    Verification,
    anchor_text,
    verify_stored,
)
from counterapp.audit.events import AuditEvent, EventKind
from counterapp.audit.record import AuditRecord, format_timestamp, seal
from counterapp.store.audit_tables import HEAD_ROW_ID, audit_chain_head, audit_events
from counterapp.store.engine import read_only

log = logging.getLogger(__name__)

STREAM_BATCH = 2_000
"""Rows fetched per round trip while streaming the chain (server-side cursor on PostgreSQL)."""

VERIFY_BATCH = 5_000
"""Rows fetched per round trip by verify (some 7 MB of Python objects: memory stays flat)."""

STORED_COLUMNS = (
    "seq",
    "occurred_at",
    "kind",
    "actor",
    "success",
    "case_number",
    "items",
    "departments",
    "detail",
    "workstation",
    "prev_hash",
    "hash",
)
"""The columns of ``audit_events`` in ``AuditRecord``'s field order (a verify row's layout)."""


@dataclass(frozen=True)
class Purge:
    """What a purge did: records ``first_seq..anchor_seq`` removed, and its own record."""

    purged: int
    first_seq: int
    anchor_seq: int
    anchor_hash: str
    event_seq: int


def append_event(connection: Connection, event: AuditEvent) -> int:
    """Append ``event`` to the chain inside the caller's open transaction.

    The event commits or rolls back with whatever else the caller writes (a case and its
    audit event together). Call it late in the transaction: on PostgreSQL the head row stays
    locked until the caller commits.

    Returns:
        The event's sequence number.
    """
    record = seal(event, **_next_place(connection))
    connection.execute(audit_events.insert().values(**_row(record)))
    connection.execute(
        update(audit_chain_head)
        .where(audit_chain_head.c.id == HEAD_ROW_ID)
        .values(last_seq=record.seq, last_hash=record.hash)
    )
    log.info("audit %d: %s", record.seq, _loggable(event))
    return record.seq


def _loggable(event: AuditEvent) -> str:
    """The event for the application log: its kind, actor, case, departments and item codes.

    The free-text ``detail`` stays in the audit trail: it is checked for ID numbers only.
    """
    parts = [str(event.kind), f"by {event.actor}"]
    if not event.success:
        parts.append("(refused or failed)")
    if event.case_number:
        parts.append(f"case {event.case_number}")
    if event.departments:
        parts.append("departments " + ",".join(event.departments))
    if event.items:
        parts.append("items " + ",".join(event.items))
    return " ".join(parts)


class _Place(TypedDict):
    """Where the next record goes: :func:`seal`'s keyword arguments."""

    seq: int
    prev_hash: str
    occurred_at: datetime


def _next_place(connection: Connection) -> _Place:
    columns: list[ColumnElement[Any]] = [audit_chain_head.c.last_seq, audit_chain_head.c.last_hash]
    on_postgresql = connection.dialect.name == "postgresql"
    if on_postgresql:
        # One clock for every workstation: the server's, read while holding the lock.
        columns.append(func.clock_timestamp())
    query = select(*columns).where(audit_chain_head.c.id == HEAD_ROW_ID).with_for_update()
    row = connection.execute(query).one_or_none()
    if row is None:
        raise RuntimeError("the audit chain head is missing: run `counterapp db upgrade`")
    now = row[2] if on_postgresql else datetime.now(UTC)
    return {"seq": row.last_seq + 1, "prev_hash": row.last_hash, "occurred_at": now}


def read_head(connection: Connection, *, lock: bool = False) -> ChainHead:
    """The head row (locked against appends until the transaction ends when ``lock``)."""
    query = select(audit_chain_head).where(audit_chain_head.c.id == HEAD_ROW_ID)
    row = connection.execute(query.with_for_update() if lock else query).one_or_none()
    if row is None:
        raise RuntimeError("the audit chain head is missing: run `counterapp db upgrade`")
    return ChainHead(row.last_seq, row.last_hash, row.anchor_seq, row.anchor_hash)


def stream_records(
    connection: Connection, *, first_seq: int | None = None, last_seq: int | None = None
) -> Generator[AuditRecord]:
    """Every record in ``first_seq..last_seq`` (both optional) in seq order, streamed."""
    query = select(audit_events).order_by(audit_events.c.seq)
    if first_seq is not None:
        query = query.where(audit_events.c.seq >= first_seq)
    if last_seq is not None:
        query = query.where(audit_events.c.seq <= last_seq)
    result = connection.execute(query.execution_options(yield_per=STREAM_BATCH))
    try:
        for row in result:
            yield record_of_row(row)
    finally:
        result.close()


def seq_of_hash(connection: Connection, record_hash: str) -> int | None:
    """The seq of the record whose stored hash is ``record_hash`` (to explain a break)."""
    query = select(func.min(audit_events.c.seq)).where(audit_events.c.hash == record_hash)
    return connection.execute(query).scalar()


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A transaction that sees one consistent state of head and records while reading.

    A reader's snapshot (REPEATABLE READ on PostgreSQL, a deferred WAL read on SQLite):
    appends committed meanwhile stay invisible, and appenders are never blocked.
    """
    with engine.connect() as plain:
        connection = read_only(plain)
        with connection.begin():
            yield connection


def verify_log(connection: Connection, progress: ProgressCallback | None = None) -> Verification:
    """Verify the whole stored chain (run it in a :func:`snapshot` or with the head locked).

    ``progress`` is called from this thread: at the start, every ~0.2 s and at the end.
    """
    head = read_head(connection)
    with closing(stream_rows(connection)) as rows:
        return verify_stored(
            rows, head, lambda h: seq_of_hash(connection, h), _decode, progress=progress
        )


def stream_rows(connection: Connection) -> Generator[StoredRow]:
    """Every stored row in seq order as the driver's plain tuples (:data:`STORED_COLUMNS`).

    Verify's feed, the hot loop of a million-record check: it reads through the driver's
    own cursor, in the caller's transaction (its snapshot), skipping SQLAlchemy's row
    objects, :data:`VERIFY_BATCH` rows per fetch. On PostgreSQL that cursor is a named,
    server-side one, so memory stays flat however long the chain; SQLite's cursor steps
    through the file anyway. Values are as the driver returns them (SQLite: ``success``
    0/1), which is all verify needs.
    """
    columns = [audit_events.c[name] for name in STORED_COLUMNS]
    sql = str(select(*columns).order_by(audit_events.c.seq).compile(dialect=connection.dialect))
    driver = connection.connection.driver_connection
    if driver is None:
        raise RuntimeError("the database connection is closed")
    on_postgresql = connection.dialect.name == "postgresql"
    cursor = driver.cursor(name="counter_audit_verify") if on_postgresql else driver.cursor()
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany(VERIFY_BATCH):
            yield from rows
    finally:
        cursor.close()


def record_at(connection: Connection, seq: int) -> AuditRecord | None:
    row = connection.execute(select(audit_events).where(audit_events.c.seq == seq)).first()
    return None if row is None else record_of_row(row)


def count_records(connection: Connection, first_seq: int, last_seq: int) -> int:
    query = select(func.count()).where(audit_events.c.seq.between(first_seq, last_seq))
    return connection.execute(query.select_from(audit_events)).scalar_one()


def seq_range(connection: Connection, start: datetime, end: datetime) -> tuple[int, int] | None:
    """The contiguous seq range from the first record at/after ``start`` to the last before
    ``end``, or None when no record falls in between."""
    occurred = audit_events.c.occurred_at
    first = connection.execute(
        select(func.min(audit_events.c.seq)).where(occurred >= format_timestamp(start))
    ).scalar()
    last = connection.execute(
        select(func.max(audit_events.c.seq)).where(occurred < format_timestamp(end))
    ).scalar()
    if first is None or last is None or first > last:
        return None
    return first, last


def purge_before(
    connection: Connection, cutoff: datetime, actor: str, *, workstation: str = ""
) -> Purge:
    """Delete the oldest records, up to the first one written at or after ``cutoff``.

    Only a prefix of the chain is ever removed (a record older than the cutoff that
    follows a newer one stays). The last removed record's seq and hash become the anchor
    in the head, and an AUDIT_PURGED record stating that anchor is appended, so verify
    starts from the anchor and can tell a purge from a deletion. Retention limits are the
    app layer's to enforce.
    """
    head = read_head(connection, lock=True)
    boundary = connection.execute(
        select(func.min(audit_events.c.seq)).where(
            audit_events.c.seq > head.anchor_seq,
            audit_events.c.occurred_at >= format_timestamp(cutoff),
        )
    ).scalar()
    anchor_seq = (head.last_seq + 1 if boundary is None else boundary) - 1
    first_seq, anchor_hash = head.anchor_seq + 1, head.anchor_hash
    if anchor_seq > head.anchor_seq:
        anchor_hash = connection.execute(
            select(audit_events.c.hash).where(audit_events.c.seq == anchor_seq)
        ).scalar_one()
        connection.execute(delete(audit_events).where(audit_events.c.seq <= anchor_seq))
        connection.execute(
            update(audit_chain_head)
            .where(audit_chain_head.c.id == HEAD_ROW_ID)
            .values(anchor_seq=anchor_seq, anchor_hash=anchor_hash)
        )
    else:
        anchor_seq = head.anchor_seq
    purged = anchor_seq - head.anchor_seq
    removed = f"records {first_seq}..{anchor_seq}" if purged else "no records"
    event = AuditEvent(
        EventKind.AUDIT_PURGED,
        actor,
        detail=f"purged {removed} ({purged}) written before {format_timestamp(cutoff)}; "
        + anchor_text(anchor_seq, anchor_hash),
        workstation=workstation,
    )
    event_seq = append_event(connection, event)
    return Purge(purged, first_seq, anchor_seq, anchor_hash, event_seq)


def _row(record: AuditRecord) -> dict[str, object]:
    return {
        "seq": record.seq,
        "occurred_at": record.occurred_at,
        "kind": record.kind,
        "actor": record.actor,
        "success": record.success,
        "case_number": record.case_number,
        "items": _json_list(record.items),
        "departments": _json_list(record.departments),
        "detail": record.detail,
        "workstation": record.workstation,
        "prev_hash": record.prev_hash,
        "hash": record.hash,
    }


def record_of_row(row: object) -> AuditRecord:
    """The record of a stored ``audit_events`` row (the chain's own decoding)."""
    mapping = row._mapping  # type: ignore[attr-defined]
    return _decode([mapping[name] for name in STORED_COLUMNS])


def _decode(values: StoredRow) -> AuditRecord:
    """A record from its stored values in :data:`STORED_COLUMNS` order."""
    (seq, occurred_at, kind, actor, success, case_number, items, departments, detail,
     workstation, prev_hash, record_hash) = values  # fmt: skip
    return AuditRecord(
        seq=seq,
        occurred_at=occurred_at,
        kind=kind,
        actor=actor,
        success=bool(success),
        case_number=case_number,
        items=_tuple(items),
        departments=_tuple(departments),
        detail=detail,
        workstation=workstation,
        prev_hash=prev_hash,
        hash=record_hash,
    )


def _json_list(values: tuple[str, ...]) -> str:
    return json.dumps(list(values), separators=(",", ":"), ensure_ascii=False)


def _tuple(text: str) -> tuple[str, ...]:
    """Decode a stored list; text that is no longer a list of strings stays as evidence."""
    try:
        values = json.loads(text)
    except ValueError:
        return (text,)
    if isinstance(values, list) and all(isinstance(value, str) for value in values):
        return tuple(values)
    return (text,)

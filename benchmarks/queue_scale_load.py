"""Bulk loads for ``queue_scale.py``: ``COPY ... FROM STDIN`` on PostgreSQL, ``executemany``
in big transactions on SQLite, into a database migrated by ``counterapp.store.migrate``.

Rows are stored exactly as the app stores them (SQLite: naive UTC text timestamps), so the
app's own queries and ``verify_log`` read them back.
"""

from __future__ import annotations

import random
import time
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice

from queue_scale_data import (
    FORM_VERSION,
    HALL,
    ApplicantSealer,
    CaseRow,
    generate_audit,
    generate_cases,
)
from sqlalchemy import Engine, update

from counterapp.audit.record import AuditRecord
from counterapp.cases import HALL_TIMEZONE
from counterapp.protection import FieldCipher
from counterapp.store import audit_log
from counterapp.store.audit_tables import HEAD_ROW_ID, audit_chain_head

SQLITE_BATCH = 50_000
CASE_COLUMNS = (
    "id",
    "number",
    "service_id",
    "form_version",
    "state",
    "accepted_at",
    "due_date",
    "promised_days",
    "clerk",
    "service_window",
    "updated_at",
)
APPLICANT_COLUMNS = ("case_id", "position", "role", "id_number", "id_number_index", "name")
AUDIT_COLUMNS = (
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


@dataclass
class LoadedCases:
    """What a load wrote: cases per state, the applicants' persons, seconds taken."""

    by_state: Counter[str] = field(default_factory=Counter)
    persons: array = field(default_factory=lambda: array("l"))
    counters: dict[date, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def count(self) -> int:
        return len(self.persons)

    def sample_persons(self, n: int, seed: int = 3) -> list[int]:
        """``n`` persons who are on at least one case."""
        rng = random.Random(seed)
        return [self.persons[rng.randrange(len(self.persons))] for _ in range(n)]


def _stamp(moment: datetime, sqlite: bool) -> object:
    """A timestamp as the backend stores it (SQLite: naive UTC text, microseconds)."""
    return f"{moment:%Y-%m-%d %H:%M:%S.%f}" if sqlite else moment


def _case_values(row: CaseRow, loaded: LoadedCases, sqlite: bool) -> tuple[object, ...]:
    loaded.by_state[row.state] += 1
    loaded.persons.append(row.person)
    loaded.counters[row.accepted_at.astimezone(HALL_TIMEZONE).date()] = int(row.number[-5:])
    stamp = _stamp(row.accepted_at, sqlite)
    due = row.due_date.isoformat() if sqlite else row.due_date
    return (
        row.id,
        row.number,
        row.service_id,
        FORM_VERSION,
        row.state,
        stamp,
        due,
        row.promised_days,
        row.clerk,
        row.window,
        stamp,
    )


def load_cases(engine: Engine, cipher: FieldCipher, count: int, today: date) -> LoadedCases:
    """``count`` cases, one applicant each, and the per-day number counters."""
    started = time.perf_counter()
    sqlite = engine.dialect.name == "sqlite"
    loaded = LoadedCases()
    rows = (_case_values(row, loaded, sqlite) for row in generate_cases(count, today))
    _bulk(engine, "cases", CASE_COLUMNS, rows)
    sealer = ApplicantSealer(cipher)
    applicants = (
        (case_id, 0, "applicant", *sealer.columns(person))
        for case_id, person in enumerate(loaded.persons, start=1)
    )
    _bulk(engine, "case_applicants", APPLICANT_COLUMNS, applicants)
    counters = ((HALL, d.isoformat() if sqlite else d, n) for d, n in loaded.counters.items())
    _bulk(engine, "case_counters", ("hall_code", "day", "last_sequence"), counters)
    if not sqlite:
        with engine.begin() as connection:
            for table in ("cases", "case_applicants"):
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
    analyze(engine)
    loaded.seconds = time.perf_counter() - started
    return loaded


def load_audit(engine: Engine, count: int, today: date) -> float:
    """Append ``count`` chained records after the current head; returns seconds taken."""
    started = time.perf_counter()
    with engine.connect() as connection:
        head = audit_log.read_head(connection)
    last: list[AuditRecord] = []

    def rows() -> Iterator[tuple[object, ...]]:
        for record in generate_audit(count, head.last_seq + 1, head.last_hash, today):
            last[:] = [record]
            # The store's own row encoding (JSON lists as append_event writes them).
            values = audit_log._row(record)
            yield tuple(values[column] for column in AUDIT_COLUMNS)

    _bulk(engine, "audit_events", AUDIT_COLUMNS, rows())
    if last:
        with engine.begin() as connection:
            connection.execute(
                update(audit_chain_head)
                .where(audit_chain_head.c.id == HEAD_ROW_ID)
                .values(last_seq=last[0].seq, last_hash=last[0].hash)
            )
    analyze(engine)
    return time.perf_counter() - started


def analyze(engine: Engine) -> None:
    """Fresh planner statistics (and, on PostgreSQL, the visibility map)."""
    if engine.dialect.name == "sqlite":
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")


def _bulk(
    engine: Engine, table: str, columns: Sequence[str], rows: Iterable[tuple[object, ...]]
) -> None:
    raw = engine.raw_connection()
    try:
        if engine.dialect.name == "sqlite":
            _sqlite_insert(raw, table, columns, rows)
        else:
            with raw.cursor() as cursor:
                statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
                with cursor.copy(statement) as copy:  # type: ignore[attr-defined]
                    for row in rows:
                        copy.write_row(row)
            raw.commit()
    finally:
        raw.close()


def _sqlite_insert(
    raw: object, table: str, columns: Sequence[str], rows: Iterable[tuple[object, ...]]
) -> None:
    statement = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    )
    iterator = iter(rows)
    cursor = raw.cursor()  # type: ignore[attr-defined]
    try:
        while batch := list(islice(iterator, SQLITE_BATCH)):
            cursor.execute("BEGIN")
            cursor.executemany(statement, batch)
            cursor.execute("COMMIT")
    finally:
        cursor.close()

"""The stored chain on SQLite and PostgreSQL: appends, every tamper kind, purge, writers.

One database per backend serves the whole module (creating one per test would dominate
the run time); each test starts from an empty chain.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from counterapp.audit import AuditEvent, EventKind
from counterapp.audit.chain import TamperKind, Verification, VerifyProgress
from counterapp.audit.record import GENESIS_HASH, seal
from counterapp.store import audit_log
from counterapp.store.audit_tables import audit_events


@pytest.fixture
def engine(audit_engine: Engine) -> Engine:
    """One database per backend for the module, with an empty chain for each test."""
    return audit_engine


def append_many(engine: Engine, count: int, actor: str = "clerk1") -> list[int]:
    seqs = []
    for number in range(count):
        event = AuditEvent(
            EventKind.LOOKUP, actor, case_number=f"C-{number}", items=("person.name",)
        )
        with engine.begin() as connection:
            seqs.append(audit_log.append_event(connection, event))
    return seqs


def verify(engine: Engine) -> Verification:
    with audit_log.snapshot(engine) as connection:
        return audit_log.verify_log(connection)


def tamper(engine: Engine, *statements: str, **params: object) -> None:
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement), params)


def located(engine: Engine) -> tuple[int, TamperKind]:
    problem = verify(engine).problem
    assert problem is not None, "verify did not notice the tampering"
    return problem.seq, problem.kind


def test_appends_number_gap_free_and_chain(engine: Engine) -> None:
    assert append_many(engine, 5) == [1, 2, 3, 4, 5]
    with engine.connect() as connection:
        records = list(audit_log.stream_records(connection))
        head = audit_log.read_head(connection)
    assert records[0].prev_hash == GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(records))
    assert (head.last_seq, head.last_hash) == (5, records[-1].hash)
    assert records[0].items == ("person.name",)
    assert records[0].occurred_at.endswith("Z") and len(records[0].occurred_at) == 27
    result = verify(engine)
    assert result.intact and result.checked == 5


def test_a_rolled_back_transaction_leaves_no_event_and_no_gap(engine: Engine) -> None:
    append_many(engine, 2)
    with pytest.raises(RuntimeError), engine.begin() as connection:
        audit_log.append_event(connection, AuditEvent(EventKind.CASE_CREATED, "clerk1"))
        raise RuntimeError("the case failed to save")
    assert append_many(engine, 1) == [3]
    assert verify(engine).intact


def test_altered_field_is_located(engine: Engine) -> None:
    append_many(engine, 10)
    tamper(engine, "UPDATE audit_events SET actor = 'mallory' WHERE seq = 4")
    assert located(engine) == (4, TamperKind.ALTERED)


def test_altered_items_text_is_located(engine: Engine) -> None:
    append_many(engine, 10)
    tamper(engine, "UPDATE audit_events SET items = 'not json' WHERE seq = 6")
    assert located(engine) == (6, TamperKind.ALTERED)


def test_another_spelling_of_the_same_list_verifies_and_another_list_does_not(
    engine: Engine,
) -> None:
    append_many(engine, 10)
    tamper(engine, """UPDATE audit_events SET items = '[ "person.name" ]' WHERE seq = 3""")
    assert verify(engine).intact  # the same list: the record says what it said
    tamper(engine, """UPDATE audit_events SET items = '["person.id_number"]' WHERE seq = 8""")
    assert located(engine) == (8, TamperKind.ALTERED)


def test_verify_reports_its_progress(engine: Engine) -> None:
    append_many(engine, 30)
    seen: list[VerifyProgress] = []
    with audit_log.snapshot(engine) as connection:
        result = audit_log.verify_log(connection, progress=seen.append)
    assert result.intact and result.checked == 30
    assert seen[0] == VerifyProgress(0, 30) and seen[-1] == VerifyProgress(30, 30)


def test_verify_sees_one_snapshot_while_others_append(engine: Engine) -> None:
    append_many(engine, 20)
    appended: list[int] = []

    def append_meanwhile(progress: VerifyProgress) -> None:
        if not appended:  # another workstation appends while the walk starts
            appended.extend(append_many(engine, 2, actor="clerk2"))

    with audit_log.snapshot(engine) as connection:
        result = audit_log.verify_log(connection, progress=append_meanwhile)
    assert appended == [21, 22]
    assert result.intact, result.problem
    assert (result.checked, result.last_seq) == (20, 20)
    assert verify(engine).checked == 22


def test_deleted_middle_record_is_located(engine: Engine) -> None:
    append_many(engine, 10)
    tamper(engine, "DELETE FROM audit_events WHERE seq = 5")
    assert located(engine) == (5, TamperKind.DELETED)


def test_deleted_last_record_is_located(engine: Engine) -> None:
    append_many(engine, 10)
    tamper(engine, "DELETE FROM audit_events WHERE seq = 10")
    problem = verify(engine).problem
    assert problem is not None and (problem.seq, problem.kind) == (10, TamperKind.DELETED)
    assert "the chain ends at 9 but the head says 10" in problem.message


def test_forged_record_appended_behind_the_logs_back_is_located(engine: Engine) -> None:
    append_many(engine, 10)
    with engine.connect() as connection:
        last = audit_log.record_at(connection, 10)
    assert last is not None
    forged = seal(
        AuditEvent(EventKind.LOGIN, "mallory"),
        seq=11,
        occurred_at=datetime.now(UTC),
        prev_hash=last.hash,
    )
    insert_raw(engine, forged)
    assert located(engine) == (11, TamperKind.INSERTED)


def test_forged_record_inserted_in_the_middle_is_located(engine: Engine) -> None:
    append_many(engine, 10)
    with engine.connect() as connection:
        before = audit_log.record_at(connection, 4)
    assert before is not None
    tamper(
        engine,
        "UPDATE audit_events SET seq = -seq WHERE seq >= 5",
        "UPDATE audit_events SET seq = 1 - seq WHERE seq < 0",
        "UPDATE audit_chain_head SET last_seq = 11",
    )
    forged = seal(
        AuditEvent(EventKind.REVEAL, "mallory", items=("person.id_number",)),
        seq=5,
        occurred_at=datetime.now(UTC),
        prev_hash=before.hash,
    )
    insert_raw(engine, forged)
    assert located(engine) == (5, TamperKind.INSERTED)


def test_swapped_records_are_located(engine: Engine) -> None:
    append_many(engine, 10)
    tamper(
        engine,
        "UPDATE audit_events SET seq = -1 WHERE seq = 3",
        "UPDATE audit_events SET seq = 3 WHERE seq = 7",
        "UPDATE audit_events SET seq = 7 WHERE seq = -1",
    )
    assert located(engine) == (3, TamperKind.REORDERED)


def insert_raw(engine: Engine, record) -> None:  # type: ignore[no-untyped-def]
    row = {**record.canonical_fields(), "hash": record.hash}
    row["items"] = json.dumps(row["items"])
    row["departments"] = json.dumps(row["departments"])
    with engine.begin() as connection:
        connection.execute(audit_events.insert().values(**row))


def test_purge_leaves_a_verifiable_anchor(engine: Engine) -> None:
    append_many(engine, 5)
    time.sleep(0.01)
    cutoff = datetime.now(UTC)
    append_many(engine, 3)
    with engine.begin() as connection:
        purge = audit_log.purge_before(connection, cutoff, "admin")
    assert (purge.purged, purge.first_seq, purge.anchor_seq, purge.event_seq) == (5, 1, 5, 9)
    result = verify(engine)
    assert result.intact and result.anchor_seq == 5 and result.checked == 4
    with engine.connect() as connection:
        first = next(audit_log.stream_records(connection))
        event = audit_log.record_at(connection, 9)
    assert first.seq == 6 and first.prev_hash == purge.anchor_hash
    assert event is not None and event.kind == EventKind.AUDIT_PURGED
    assert f"anchor seq 5 hash {purge.anchor_hash}" in event.detail
    # A second purge with nothing old enough still vouches for the same anchor.
    with engine.begin() as connection:
        again = audit_log.purge_before(connection, cutoff, "admin")
    assert (again.purged, again.anchor_seq) == (0, 5)
    assert verify(engine).intact
    # Tampering after a purge is still located.
    tamper(engine, "DELETE FROM audit_events WHERE seq = 7")
    assert located(engine) == (7, TamperKind.DELETED)


def test_moving_the_anchor_by_hand_is_located(engine: Engine) -> None:
    append_many(engine, 6)
    with engine.connect() as connection:
        third = audit_log.record_at(connection, 3)
    assert third is not None
    tamper(
        engine,
        "DELETE FROM audit_events WHERE seq <= 3",
        "UPDATE audit_chain_head SET anchor_seq = 3, anchor_hash = :anchor",
        anchor=third.hash,
    )
    assert located(engine) == (1, TamperKind.DELETED)


WRITER = """
import sys, time
from pathlib import Path
from counterapp.audit import AuditEvent, EventKind
from counterapp.store.audit_log import append_event
from counterapp.store.engine import make_engine

url, name, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
engine = make_engine(url)
while not go.exists():
    time.sleep(0.005)
for number in range(count):
    event = AuditEvent(EventKind.LOOKUP, name, case_number=f"{name}-{number}")
    with engine.begin() as connection:
        append_event(connection, event)
engine.dispose()
"""


def test_eight_processes_append_one_linear_chain(engine: Engine, tmp_path: Path) -> None:
    writers, each = 8, 200
    database_url = engine.url.render_as_string(hide_password=False)
    go = tmp_path / "go"
    processes = [
        subprocess.Popen([sys.executable, "-c", WRITER, database_url, f"ws{n}", str(each), str(go)])
        for n in range(writers)
    ]
    go.touch()
    assert [process.wait(timeout=120) for process in processes] == [0] * writers
    result = verify(engine)
    assert result.intact, result.problem
    assert (result.checked, result.last_seq) == (writers * each, writers * each)
    with engine.connect() as connection:
        records = list(audit_log.stream_records(connection))
    assert [record.seq for record in records] == list(range(1, writers * each + 1))
    assert {record.actor for record in records} == {f"ws{n}" for n in range(writers)}

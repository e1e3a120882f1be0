"""Verify, export and purge as use cases: permissions first, and each leaves its own event.

One database per backend serves the whole module; each test starts from an empty chain.
"""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from counterapp.app import audit as use_cases
from counterapp.audit import AuditEvent, EventKind
from counterapp.audit.chain import TamperKind, Verification, VerifyProgress
from counterapp.store import audit_log
from counterapp.users import Actor, PermissionDenied, Role

CLERK = Actor("clerk1", Role.CLERK)
SUPERVISOR = Actor("super1", Role.SUPERVISOR)
ADMIN = Actor("admin1", Role.ADMIN)


@pytest.fixture
def engine(audit_engine: Engine) -> Engine:
    """One database per backend for the module, with an empty chain for each test."""
    return audit_engine


def append_many(engine: Engine, count: int) -> None:
    for number in range(count):
        with engine.begin() as connection:
            event = AuditEvent(EventKind.PRINT, "clerk1", case_number=f"C-{number}")
            audit_log.append_event(connection, event)


def last_record(engine: Engine):  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return audit_log.record_at(connection, audit_log.read_head(connection).last_seq)


def test_a_clerk_may_not_verify_and_the_refusal_is_audited(engine: Engine) -> None:
    with pytest.raises(PermissionDenied):
        use_cases.verify_audit(engine, CLERK, workstation="w3")
    record = last_record(engine)
    assert (record.kind, record.actor, record.success) == ("admin_action", "clerk1", False)
    assert "verify_audit" in record.detail and record.workstation == "w3"


def test_verify_reports_and_is_audited(engine: Engine) -> None:
    append_many(engine, 4)
    result = use_cases.verify_audit(engine, SUPERVISOR)
    assert result.intact and result.checked == 4
    record = last_record(engine)
    assert record.seq == 5 and record.actor == "super1"
    assert record.detail == "audit verify: intact, 4 records through seq 4"
    with engine.begin() as connection:
        connection.execute(text("UPDATE audit_events SET detail = 'x' WHERE seq = 2"))
    broken = use_cases.verify_audit(engine, ADMIN)
    assert broken.problem is not None
    assert (broken.problem.seq, broken.problem.kind) == (2, TamperKind.ALTERED)
    assert "broken at record 2 (altered)" in last_record(engine).detail


def test_verify_in_a_worker_thread_reports_progress_from_that_thread(engine: Engine) -> None:
    append_many(engine, 12)
    seen: list[tuple[VerifyProgress, int]] = []
    outcome: list[Verification] = []

    def work() -> None:
        outcome.append(
            use_cases.verify_audit(
                engine,
                SUPERVISOR,
                workstation="admin-pc",
                progress=lambda p: seen.append((p, threading.get_ident())),
            )
        )

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(timeout=60)
    assert outcome and outcome[0].intact and outcome[0].checked == 12
    assert seen[0][0] == VerifyProgress(0, 12) and seen[-1][0] == VerifyProgress(12, 12)
    assert {thread for _, thread in seen} == {worker.ident}
    assert last_record(engine).detail == "audit verify: intact, 12 records through seq 12"


def test_export_writes_header_and_records_and_is_audited(engine: Engine, tmp_path: Path) -> None:
    append_many(engine, 3)
    now = datetime.now(UTC)
    target = tmp_path / "audit.jsonl"
    summary = use_cases.export_audit(
        engine, SUPERVISOR, now - timedelta(hours=1), now + timedelta(hours=1), target
    )
    lines = target.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    assert header["format"] == "counterapp-audit-export" and header["count"] == 3
    assert (header["first_seq"], header["last_seq"]) == (1, 3)
    assert [json.loads(line)["seq"] for line in lines[1:]] == [1, 2, 3]
    assert summary.header.last_hash == json.loads(lines[-1])["hash"]
    assert not target.with_name("audit.jsonl.partial").exists()
    record = last_record(engine)
    assert record.kind == "export" and "records 1..3 (3) to audit.jsonl" in record.detail


def test_an_empty_range_exports_no_records(engine: Engine, tmp_path: Path) -> None:
    append_many(engine, 2)
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    summary = use_cases.export_audit(
        engine, ADMIN, long_ago, long_ago + timedelta(days=1), tmp_path / "none.jsonl"
    )
    assert summary.header.count == 0
    assert len((tmp_path / "none.jsonl").read_text().splitlines()) == 1


def test_a_clerk_may_not_export(engine: Engine, tmp_path: Path) -> None:
    now = datetime.now(UTC)
    with pytest.raises(PermissionDenied):
        use_cases.export_audit(engine, CLERK, now, now, tmp_path / "x.jsonl")
    assert not (tmp_path / "x.jsonl").exists()
    assert last_record(engine).kind == "export" and not last_record(engine).success


def test_a_supervisor_may_not_purge(engine: Engine) -> None:
    with pytest.raises(PermissionDenied):
        use_cases.purge_audit(engine, SUPERVISOR, datetime(2020, 1, 1, tzinfo=UTC))
    assert last_record(engine).kind == "audit_purged" and not last_record(engine).success


def test_purge_refuses_a_cutoff_inside_the_retention_period(engine: Engine) -> None:
    append_many(engine, 3)
    recent = datetime.now(UTC) - timedelta(days=100)
    with pytest.raises(use_cases.RetentionRefused, match="kept 183 days"):
        use_cases.purge_audit(engine, ADMIN, recent)
    with pytest.raises(use_cases.RetentionRefused, match="kept 183 days"):
        use_cases.purge_audit(engine, ADMIN, recent, retention_days=30)  # the law's floor
    with pytest.raises(use_cases.RetentionRefused, match="kept 400 days"):
        use_cases.purge_audit(engine, ADMIN, recent - timedelta(days=200), retention_days=400)
    result = use_cases.verify_audit(engine, ADMIN)
    assert result.intact and result.anchor_seq == 0 and result.checked == 6


def test_purge_keeps_the_chain_verifiable(engine: Engine) -> None:
    append_many(engine, 5)
    time.sleep(0.01)
    cutoff = datetime.now(UTC)
    append_many(engine, 2)
    later = cutoff + timedelta(days=200)  # as if run seven months from now
    purge = use_cases.purge_audit(engine, ADMIN, cutoff, now=later)
    assert (purge.purged, purge.anchor_seq) == (5, 5)
    result = use_cases.verify_audit(engine, ADMIN)
    assert result.intact and result.anchor_seq == 5 and result.checked == 3


def test_purge_refuses_to_destroy_a_broken_chain(engine: Engine) -> None:
    append_many(engine, 5)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_events WHERE seq = 2"))
    cutoff = datetime.now(UTC)
    with pytest.raises(use_cases.ChainBroken, match="record 2 was deleted"):
        use_cases.purge_audit(engine, ADMIN, cutoff, now=cutoff + timedelta(days=200))
    with engine.connect() as connection:
        assert audit_log.record_at(connection, 1) is not None
    assert last_record(engine).detail == "purge refused: the chain is broken"

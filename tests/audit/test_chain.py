"""Pure verification locates every tamper kind in an in-memory chain."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from counterapp.audit import AuditEvent, EventKind
from counterapp.audit.chain import ChainHead, TamperKind, anchor_text, verify_chain
from counterapp.audit.record import GENESIS_HASH, AuditRecord, seal

START = datetime(2025, 3, 1, tzinfo=UTC)


def build(count: int, prev_hash: str = GENESIS_HASH, first_seq: int = 1) -> list[AuditRecord]:
    records = []
    for seq in range(first_seq, first_seq + count):
        event = AuditEvent(EventKind.LOOKUP, f"clerk{seq % 3}", case_number=f"C-{seq}")
        moment = START + timedelta(seconds=seq)
        records.append(seal(event, seq=seq, occurred_at=moment, prev_hash=prev_hash))
        prev_hash = records[-1].hash
    return records


def head_of(records: list[AuditRecord]) -> ChainHead:
    return ChainHead(last_seq=records[-1].seq, last_hash=records[-1].hash)


def locator(records: list[AuditRecord]):
    return lambda wanted: min((r.seq for r in records if r.hash == wanted), default=None)


def check(records: list[AuditRecord], head: ChainHead):
    return verify_chain(sorted(records, key=lambda r: r.seq), head, locator(records))


def test_an_intact_chain_verifies() -> None:
    records = build(10)
    result = check(records, head_of(records))
    assert result.intact and result.checked == 10 and result.last_seq == 10


def test_an_empty_chain_verifies() -> None:
    assert verify_chain([], ChainHead(0, GENESIS_HASH)).intact


def test_altered_field() -> None:
    records = build(10)
    records[4] = replace(records[4], actor="mallory")
    problem = check(records, head_of(records)).problem
    assert problem is not None and (problem.seq, problem.kind) == (5, TamperKind.ALTERED)
    assert "record 5 was altered" in problem.message


def test_altered_and_rehashed_record_is_named() -> None:
    records = build(10)
    forged = replace(records[4], detail="nothing to see")
    records[4] = replace(forged, hash=forged.computed_hash())
    problem = check(records, head_of(records)).problem
    assert problem is not None and (problem.seq, problem.kind) == (5, TamperKind.ALTERED)


def test_deleted_middle_record() -> None:
    records = build(10)
    head = head_of(records)
    del records[4]
    problem = check(records, head).problem
    assert problem is not None and (problem.seq, problem.kind) == (5, TamperKind.DELETED)


def test_deleted_and_renumbered() -> None:
    records = build(10)
    head = head_of(records)
    del records[4]
    records = records[:4] + [replace(r, seq=r.seq - 1) for r in records[4:]]
    problem = check(records, head).problem
    assert problem is not None and (problem.seq, problem.kind) == (5, TamperKind.DELETED)


def test_deleted_last_record() -> None:
    records = build(10)
    head = head_of(records)
    problem = check(records[:-1], head).problem
    assert problem is not None and (problem.seq, problem.kind) == (10, TamperKind.DELETED)
    assert "the chain ends at 9 but the head says 10" in problem.message


def test_inserted_after_the_head() -> None:
    records = build(10)
    head = head_of(records)
    records += build(1, prev_hash=records[-1].hash, first_seq=11)
    problem = check(records, head).problem
    assert problem is not None and (problem.seq, problem.kind) == (11, TamperKind.INSERTED)


def test_inserted_in_the_middle_with_renumbering() -> None:
    records = build(10)
    forged = build(1, prev_hash=records[3].hash, first_seq=5)
    shifted = [replace(r, seq=r.seq + 1) for r in records[4:]]
    tampered = records[:4] + forged + shifted
    head = ChainHead(11, records[-1].hash)
    problem = check(tampered, head).problem
    assert problem is not None and (problem.seq, problem.kind) == (5, TamperKind.INSERTED)


@pytest.mark.parametrize(("a", "b"), [(4, 5), (3, 8)])
def test_reordered(a: int, b: int) -> None:
    records = build(10)
    first, second = records[a - 1], records[b - 1]
    records[a - 1], records[b - 1] = replace(second, seq=a), replace(first, seq=b)
    problem = check(records, head_of(build(10))).problem
    assert problem is not None and (problem.seq, problem.kind) == (a, TamperKind.REORDERED)


def test_chain_starting_at_a_vouched_anchor() -> None:
    records = build(10)
    purge_event = AuditEvent(
        EventKind.AUDIT_PURGED, "admin", detail=anchor_text(4, records[3].hash)
    )
    purge = seal(purge_event, seq=11, occurred_at=START, prev_hash=records[-1].hash)
    kept = [*records[4:], purge]
    head = ChainHead(11, purge.hash, anchor_seq=4, anchor_hash=records[3].hash)
    assert check(kept, head).intact


def test_anchor_moved_without_a_purge_record() -> None:
    records = build(10)
    head = ChainHead(10, records[-1].hash, anchor_seq=4, anchor_hash=records[3].hash)
    problem = check(records[4:], head).problem
    assert problem is not None and (problem.seq, problem.kind) == (1, TamperKind.DELETED)
    assert "outside a purge" in problem.message


def test_records_before_the_anchor_are_inserted() -> None:
    records = build(10)
    head = ChainHead(10, records[-1].hash, anchor_seq=4, anchor_hash=records[3].hash)
    problem = check(records[3:], head).problem
    assert problem is not None and (problem.seq, problem.kind) == (4, TamperKind.INSERTED)

"""Pure verification locates every tamper kind in an in-memory chain."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import astuple, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from counterapp.audit import AuditEvent, EventKind
from counterapp.audit.chain import (
    PROGRESS_INTERVAL,
    ChainHead,
    TamperKind,
    VerifyProgress,
    anchor_text,
    verify_chain,
    verify_stored,
)
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


def stored(record: AuditRecord, spell: str = "compact") -> tuple[Any, ...]:
    """The record as a store row: lists as JSON text (compact as the store writes them, or
    ``spaced``, another spelling of the same lists)."""
    values = list(astuple(record))
    for index in (6, 7):
        if spell == "compact":
            values[index] = json.dumps(list(values[index]), separators=(",", ":"))
        else:
            values[index] = json.dumps(list(values[index]))
    return tuple(values)


def decode(row: Any) -> AuditRecord:
    values = list(row)
    values[6], values[7] = tuple(json.loads(values[6])), tuple(json.loads(values[7]))
    return AuditRecord(*values)


def check(records: list[AuditRecord], head: ChainHead):
    """Both walks, record by record and over stored rows, must say exactly the same."""
    ordered = sorted(records, key=lambda r: r.seq)
    by_record = verify_chain(ordered, head, locator(records))
    for spell in ("compact", "spaced"):
        rows = [stored(record, spell) for record in ordered]
        assert verify_stored(rows, head, locator(records), decode) == by_record, spell
    return by_record


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


def test_progress_starts_at_zero_and_ends_with_the_count() -> None:
    records = build(25)
    seen: list[VerifyProgress] = []
    result = verify_chain(records, head_of(records), progress=seen.append)
    assert result.intact
    assert seen[0] == VerifyProgress(0, 25) and seen[-1] == VerifyProgress(25, 25)
    assert seen[-1].fraction == 1.0


def test_progress_on_a_broken_chain_ends_where_the_walk_stopped() -> None:
    records = build(10)
    head = head_of(records)
    records[6] = replace(records[6], detail="edited")
    seen: list[VerifyProgress] = []
    rows = [stored(record) for record in records]
    result = verify_stored(rows, head, locator(records), decode, progress=seen.append)
    assert result.problem is not None and result.problem.seq == 7
    assert seen[0] == VerifyProgress(0, 10) and seen[-1] == VerifyProgress(6, 10)


def test_progress_fraction_is_clamped() -> None:
    assert VerifyProgress(12, 10).fraction == 1.0  # a forged record past the head
    assert VerifyProgress(0, 0).fraction == 1.0  # an empty chain is all done
    assert VerifyProgress(3, 12).fraction == 0.25


def test_a_slow_walk_reports_now_and_then_not_per_record() -> None:
    records = build(6_000)
    head = head_of(records)

    def slowly() -> Iterator[tuple[Any, ...]]:  # a slow database: 10 ms per 100 rows
        for record in records:
            if record.seq % 100 == 0:
                time.sleep(0.01)
            yield stored(record)

    seen: list[tuple[VerifyProgress, int, float]] = []
    on_thread: list[int] = []

    def note(progress: VerifyProgress) -> None:
        seen.append((progress, threading.get_ident(), time.monotonic()))

    def walk() -> None:
        on_thread.append(threading.get_ident())
        assert verify_stored(slowly(), head, locator(records), decode, progress=note).intact

    worker = threading.Thread(target=walk)
    worker.start()
    worker.join()
    checked = [progress.checked for progress, _, _ in seen]
    assert checked[0] == 0 and checked[-1] == 6_000
    assert 0 < checked[1] < 6_000  # told while walking, not just at both ends
    assert checked == sorted(checked) and len(seen) < 20
    assert {thread for _, thread, _ in seen} == set(on_thread)  # the verifying thread
    between = [b - a for (_, _, a), (_, _, b) in itertools.pairwise(seen[1:-1])]
    assert all(gap >= PROGRESS_INTERVAL * 0.9 for gap in between)


def test_a_purge_record_in_the_fast_walk_still_vouches_for_the_anchor() -> None:
    records = build(10)
    purge_event = AuditEvent(
        EventKind.AUDIT_PURGED, "admin", detail=anchor_text(4, records[3].hash)
    )
    purge = seal(purge_event, seq=11, occurred_at=START, prev_hash=records[-1].hash)
    kept = [*records[4:], purge]
    head = ChainHead(11, purge.hash, anchor_seq=4, anchor_hash=records[3].hash)
    rows = [stored(record) for record in kept]
    assert verify_stored(rows, head, locator(kept), decode).intact
    moved = ChainHead(11, purge.hash, anchor_seq=5, anchor_hash=records[4].hash)
    problem = verify_stored(rows[1:], moved, locator(kept), decode).problem
    assert problem is not None and problem.kind == TamperKind.DELETED

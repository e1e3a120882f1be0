"""Verify a hash chain of audit records and say where and how it was tampered with (pure).

The records arrive in sequence-number order (streamed; nothing is kept but the previous
hash). The first record that breaks the chain is named with a :class:`TamperKind`:

* altered: its content no longer gives its stored hash, or it was re-hashed so its
  successor (or the chain head) no longer chains to it;
* deleted: a sequence number is missing, the chain ends before the head says it does, or
  records before the chain's start vanished without a purge vouching for it;
* inserted: a record chains to an earlier record than its predecessor, or lies outside
  the range the head and anchor allow;
* reordered: a record chains to a record that now comes after it.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from counterapp.audit.events import EventKind
from counterapp.audit.record import GENESIS_HASH, AuditRecord, stored_canonical_bytes

_ANCHOR_TEXT = re.compile(r"anchor seq (\d+) hash ([0-9a-f]{64})")


class TamperKind(StrEnum):
    ALTERED = "altered"
    DELETED = "deleted"
    INSERTED = "inserted"
    REORDERED = "reordered"


@dataclass(frozen=True)
class ChainHead:
    """Where the chain must end (last seq and hash) and start (the last purge's anchor)."""

    last_seq: int
    last_hash: str
    anchor_seq: int = 0
    anchor_hash: str = GENESIS_HASH


@dataclass(frozen=True)
class ChainBreak:
    """The first bad record: its sequence number, what is wrong, and a sentence saying so."""

    seq: int
    kind: TamperKind
    message: str


@dataclass(frozen=True)
class VerifyProgress:
    """How far a verify has got: records checked so far of the ``total`` the head expects.

    ``total`` is ``last_seq - anchor_seq`` as the head row says; a tampered chain may hold
    more or fewer records, so ``checked`` can pass it (``fraction`` stays within 0..1).
    """

    checked: int
    total: int

    @property
    def fraction(self) -> float:
        if self.total <= 0:
            return 1.0
        return min(1.0, max(0.0, self.checked / self.total))


ProgressCallback = Callable[[VerifyProgress], None]
"""Told how far a verify has got; called from the verifying thread."""

PROGRESS_EVERY = 1_024
"""Records between two looks at the clock while walking (cheap enough to ignore)."""

PROGRESS_INTERVAL = 0.2
"""Seconds between two progress reports at most once under way (plus start and end)."""


@dataclass(frozen=True)
class Verification:
    """The outcome of a verify: how much was checked, and the first break if any."""

    checked: int
    anchor_seq: int
    last_seq: int
    last_hash: str
    problem: ChainBreak | None = None

    @property
    def intact(self) -> bool:
        return self.problem is None


def anchor_text(seq: int, record_hash: str) -> str:
    """How a purge record states the anchor it leaves (parsed back by verify)."""
    return f"anchor seq {seq} hash {record_hash}"


def vouched_anchor(record: AuditRecord) -> tuple[int, str] | None:
    """The anchor a successful purge record vouches for, or None for any other record."""
    if record.kind != EventKind.AUDIT_PURGED or not record.success:
        return None
    found = _ANCHOR_TEXT.search(record.detail)
    return (int(found.group(1)), found.group(2)) if found else None


def verify_chain(
    records: Iterable[AuditRecord],
    head: ChainHead,
    locate: Callable[[str], int | None] = lambda _hash: None,
    *,
    progress: ProgressCallback | None = None,
) -> Verification:
    """Walk ``records`` (in seq order) from the head's anchor to its last record.

    Args:
        records: the stored records, ascending by seq.
        head: the chain head row (last seq/hash, anchor seq/hash).
        locate: the seq of the stored record with a given hash, if any; only asked once a
            break is found, to tell an insertion or reordering from an alteration.
        progress: told ``VerifyProgress(0, total)`` first, then at most every
            :data:`PROGRESS_INTERVAL` seconds while walking, and once at the end.
    """
    reporter = ProgressReporter(head, progress)
    expected_seq, prev_hash = head.anchor_seq + 1, head.anchor_hash
    checked, vouched = 0, (0, GENESIS_HASH)
    for record in records:
        problem = _check(record, expected_seq, prev_hash, head, locate)
        if problem is not None:
            reporter.finish(checked)
            return Verification(checked, head.anchor_seq, expected_seq - 1, prev_hash, problem)
        vouched = vouched_anchor(record) or vouched
        checked += 1
        expected_seq, prev_hash = record.seq + 1, record.hash
        if not checked % PROGRESS_EVERY:
            reporter.tick(checked)
    reporter.finish(checked)
    last_seq = expected_seq - 1
    problem = _check_ends(last_seq, prev_hash, head, vouched)
    return Verification(checked, head.anchor_seq, last_seq, prev_hash, problem)


StoredRow = Sequence[Any]
"""A record as stored: the 12 values of ``AuditRecord``'s fields in its field order, with
``items`` and ``departments`` as their stored JSON text."""


def verify_stored(
    rows: Iterable[StoredRow],
    head: ChainHead,
    locate: Callable[[str], int | None],
    decode: Callable[[StoredRow], AuditRecord],
    *,
    progress: ProgressCallback | None = None,
) -> Verification:
    """:func:`verify_chain` over stored rows, fast: the same findings, several times quicker.

    A row that is where the chain expects it (next seq, linked to the previous hash, not
    past the head) is hashed straight from its values (:func:`stored_canonical_bytes`); only
    a row that fails that, or a purge record (its anchor is read), is ``decode``-d into an
    :class:`AuditRecord` and judged exactly as :func:`verify_chain` judges it. A row that
    passes the fast check would pass the record-by-record one too (its bytes are the ones
    that were sealed), so the outcome is the same for every chain, intact or not.
    """
    reporter = ProgressReporter(head, progress)
    expected_seq, prev_hash = head.anchor_seq + 1, head.anchor_hash
    checked, vouched, last_seq = 0, (0, GENESIS_HASH), head.last_seq
    sha256, purged, every = hashlib.sha256, EventKind.AUDIT_PURGED.value, PROGRESS_EVERY
    for row in rows:
        (seq, occurred_at, kind, actor, success, case_number, items, departments, detail,
         workstation, row_prev_hash, row_hash) = row  # fmt: skip
        if seq == expected_seq and row_prev_hash == prev_hash and seq <= last_seq:
            try:
                content = stored_canonical_bytes(
                    seq,
                    occurred_at,
                    kind,
                    actor,
                    success,
                    case_number,
                    items,
                    departments,
                    detail,
                    workstation,
                    prev_hash,
                )
            except (TypeError, ValueError):  # a value of the wrong type: the slow way
                content = b""
            if sha256(content).hexdigest() == row_hash and kind != purged:
                checked += 1
                expected_seq, prev_hash = expected_seq + 1, row_hash
                if not checked % every:
                    reporter.tick(checked)
                continue
        record = decode(row)
        problem = _check(record, expected_seq, prev_hash, head, locate)
        if problem is not None:
            reporter.finish(checked)
            return Verification(checked, head.anchor_seq, expected_seq - 1, prev_hash, problem)
        vouched = vouched_anchor(record) or vouched
        checked += 1
        expected_seq, prev_hash = record.seq + 1, record.hash
        if not checked % every:
            reporter.tick(checked)
    reporter.finish(checked)
    last_seq = expected_seq - 1
    problem = _check_ends(last_seq, prev_hash, head, vouched)
    return Verification(checked, head.anchor_seq, last_seq, prev_hash, problem)


class ProgressReporter:
    """Passes a walk's progress on to a callback, at the start, now and then, and at the end.

    Reports once at construction (``checked`` 0); :meth:`tick` reports only when
    :data:`PROGRESS_INTERVAL` has passed since the last report; :meth:`finish` always does.
    """

    def __init__(self, head: ChainHead, callback: ProgressCallback | None) -> None:
        self._callback = callback
        self._total = max(0, head.last_seq - head.anchor_seq)
        self._last = time.monotonic()
        if callback is not None:
            callback(VerifyProgress(0, self._total))

    def tick(self, checked: int) -> None:
        if self._callback is None:
            return
        now = time.monotonic()
        if now - self._last >= PROGRESS_INTERVAL:
            self._last = now
            self._callback(VerifyProgress(checked, self._total))

    def finish(self, checked: int) -> None:
        if self._callback is not None:
            self._callback(VerifyProgress(checked, self._total))


def _check(
    record: AuditRecord,
    expected_seq: int,
    prev_hash: str,
    head: ChainHead,
    locate: Callable[[str], int | None],
) -> ChainBreak | None:
    seq = record.seq
    if seq < expected_seq:
        return ChainBreak(
            seq,
            TamperKind.INSERTED,
            f"record {seq} was inserted: the chain starts after seq {head.anchor_seq}",
        )
    if seq > head.last_seq:
        return ChainBreak(
            seq,
            TamperKind.INSERTED,
            f"record {seq} was inserted: the chain head says the last record is {head.last_seq}",
        )
    if seq > expected_seq:
        missing = f"{expected_seq}" if seq == expected_seq + 1 else f"{expected_seq}..{seq - 1}"
        return ChainBreak(
            expected_seq,
            TamperKind.DELETED,
            f"record {missing} was deleted: the chain jumps from {expected_seq - 1} to {seq}",
        )
    content_intact = record.content_intact
    if record.prev_hash == prev_hash:
        if content_intact:
            return None
        return ChainBreak(
            seq,
            TamperKind.ALTERED,
            f"record {seq} was altered: its content no longer matches its hash",
        )
    return _explain_broken_link(record, content_intact, head, locate)


def _explain_broken_link(
    record: AuditRecord,
    content_intact: bool,
    head: ChainHead,
    locate: Callable[[str], int | None],
) -> ChainBreak:
    """A record that does not chain to its predecessor: find out why."""
    seq = record.seq
    predecessor = locate(record.prev_hash)
    if predecessor is not None and predecessor >= seq:
        return ChainBreak(
            seq,
            TamperKind.REORDERED,
            f"record {seq} is out of order: it was written after record {predecessor}, "
            "which now comes later in the chain",
        )
    if predecessor is not None and predecessor < seq - 1:
        first = predecessor + 1
        inserted = f"{first}" if first == seq - 1 else f"{first}..{seq - 1}"
        return ChainBreak(
            first,
            TamperKind.INSERTED,
            f"record {inserted} was inserted: record {seq} was written right after "
            f"record {predecessor}",
        )
    if not content_intact and record.computed_hash(seq=seq + 1) == record.hash:
        return ChainBreak(
            seq,
            TamperKind.DELETED,
            f"record {seq} was deleted and the records after it renumbered",
        )
    if not content_intact or seq - 1 <= head.anchor_seq:
        return ChainBreak(
            seq,
            TamperKind.ALTERED,
            f"record {seq} was altered: it no longer chains to the record before it",
        )
    return ChainBreak(
        seq - 1,
        TamperKind.ALTERED,
        f"record {seq - 1} was altered and its hash recomputed: record {seq} no longer "
        "chains to it",
    )


def _check_ends(
    last_seq: int, last_hash: str, head: ChainHead, vouched: tuple[int, str]
) -> ChainBreak | None:
    if last_seq < head.last_seq:
        missing = (
            f"{last_seq + 1}"
            if last_seq + 1 == head.last_seq
            else (f"{last_seq + 1}..{head.last_seq}")
        )
        return ChainBreak(
            last_seq + 1,
            TamperKind.DELETED,
            f"record {missing} was deleted: the chain ends at {last_seq} but the head "
            f"says {head.last_seq}",
        )
    if last_hash != head.last_hash:
        return ChainBreak(
            last_seq,
            TamperKind.ALTERED,
            f"record {last_seq} was altered and its hash recomputed: the chain head "
            "records a different hash",
        )
    if head.anchor_seq and vouched != (head.anchor_seq, head.anchor_hash):
        return ChainBreak(
            vouched[0] + 1,
            TamperKind.DELETED,
            f"records {vouched[0] + 1}..{head.anchor_seq} were deleted outside a purge: no "
            f"purge record vouches for the chain starting after seq {head.anchor_seq}",
        )
    return None

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

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from counterapp.audit.events import EventKind
from counterapp.audit.record import GENESIS_HASH, AuditRecord

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
) -> Verification:
    """Walk ``records`` (in seq order) from the head's anchor to its last record.

    Args:
        records: the stored records, ascending by seq.
        head: the chain head row (last seq/hash, anchor seq/hash).
        locate: the seq of the stored record with a given hash, if any; only asked once a
            break is found, to tell an insertion or reordering from an alteration.
    """
    expected_seq, prev_hash = head.anchor_seq + 1, head.anchor_hash
    checked, vouched = 0, (0, GENESIS_HASH)
    for record in records:
        problem = _check(record, expected_seq, prev_hash, head, locate)
        if problem is not None:
            return Verification(checked, head.anchor_seq, expected_seq - 1, prev_hash, problem)
        vouched = vouched_anchor(record) or vouched
        checked += 1
        expected_seq, prev_hash = record.seq + 1, record.hash
    last_seq = expected_seq - 1
    problem = _check_ends(last_seq, prev_hash, head, vouched)
    return Verification(checked, head.anchor_seq, last_seq, prev_hash, problem)


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

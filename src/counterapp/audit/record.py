"""A chained audit record and its canonical encoding (pure).

The canonical encoding is what the hash covers, so it is specified exactly (and repeated in
``docs/audit.md`` so an auditor can re-implement it): a JSON object of every field except
``hash``, keys sorted, no whitespace (separators ``,`` and ``:``), non-ASCII characters
written as themselves (``ensure_ascii=False``), encoded as UTF-8. The record's hash is the
lowercase hex SHA-256 of those bytes. The first record's ``prev_hash`` is 64 zeros.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from json.encoder import encode_basestring

from counterapp.audit.events import AuditEvent, EventKind

GENESIS_HASH = "0" * 64
"""The ``prev_hash`` of the very first record of a chain."""

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
"""UTC, microseconds, fixed width: sorts as text in time order."""


def format_timestamp(moment: datetime) -> str:
    """The canonical text of ``moment``: UTC, microseconds (``2025-01-31T08:00:00.000001Z``)."""
    if moment.tzinfo is None:
        raise ValueError("audit timestamps must be timezone-aware")
    return moment.astimezone(UTC).strftime(TIMESTAMP_FORMAT)


def parse_timestamp(text: str) -> datetime:
    """Read back a canonical timestamp as an aware UTC datetime."""
    return datetime.strptime(text, TIMESTAMP_FORMAT).replace(tzinfo=UTC)


@dataclass(frozen=True)
class AuditRecord:
    """An event with its place in the chain: sequence number, time and the two hashes."""

    seq: int
    occurred_at: str
    kind: str
    actor: str
    success: bool
    case_number: str | None
    items: tuple[str, ...]
    departments: tuple[str, ...]
    detail: str
    workstation: str
    prev_hash: str
    hash: str

    def canonical_fields(self) -> dict[str, object]:
        """Every field the hash covers (all but ``hash``), as JSON-ready values."""
        return {
            "seq": self.seq,
            "occurred_at": self.occurred_at,
            "kind": self.kind,
            "actor": self.actor,
            "success": self.success,
            "case_number": self.case_number,
            "items": list(self.items),
            "departments": list(self.departments),
            "detail": self.detail,
            "workstation": self.workstation,
            "prev_hash": self.prev_hash,
        }

    def computed_hash(self, *, seq: int | None = None) -> str:
        """The hash this record's content gives (optionally as if it had sequence ``seq``)."""
        fields = self.canonical_fields()
        if seq is not None:
            fields["seq"] = seq
        return record_hash(fields)

    @property
    def content_intact(self) -> bool:
        return self.computed_hash() == self.hash


def canonical_bytes(fields: dict[str, object]) -> bytes:
    """The canonical encoding of a record's hashed fields."""
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def record_hash(fields: dict[str, object]) -> str:
    return hashlib.sha256(canonical_bytes(fields)).hexdigest()


def stored_canonical_bytes(
    seq: int,
    occurred_at: str,
    kind: str,
    actor: str,
    success: object,
    case_number: str | None,
    items_json: str,
    departments_json: str,
    detail: str,
    workstation: str,
    prev_hash: str,
) -> bytes:
    """The canonical encoding written out directly, the lists given as stored JSON text.

    The same bytes as :func:`canonical_bytes` (keys in sorted order, strings escaped by
    the very function ``json.dumps(..., ensure_ascii=False)`` uses) without building a
    record or a dict first: the fast path of verify. ``items_json`` and
    ``departments_json`` are spliced in as they are; they are canonical when the store
    wrote them, and text altered into another spelling of the same list merely gives a
    different hash, which the caller then explains the slow way.

    Raises:
        TypeError: a value is not of its field's type (an altered row): take the slow way.
    """
    number = "null" if case_number is None else encode_basestring(case_number)
    text = (
        f'{{"actor":{encode_basestring(actor)},"case_number":{number},'
        f'"departments":{departments_json},"detail":{encode_basestring(detail)},'
        f'"items":{items_json},"kind":{encode_basestring(kind)},'
        f'"occurred_at":{encode_basestring(occurred_at)},'
        f'"prev_hash":{encode_basestring(prev_hash)},"seq":{seq:d},'
        f'"success":{"true" if success else "false"},'
        f'"workstation":{encode_basestring(workstation)}}}'
    )
    return text.encode("utf-8")


def seal(event: AuditEvent, *, seq: int, occurred_at: datetime, prev_hash: str) -> AuditRecord:
    """Give ``event`` its place after ``prev_hash`` and compute its hash."""
    unsealed = AuditRecord(
        seq=seq,
        occurred_at=format_timestamp(occurred_at),
        kind=str(EventKind(event.kind)),
        actor=event.actor,
        success=event.success,
        case_number=event.case_number,
        items=event.items,
        departments=event.departments,
        detail=event.detail,
        workstation=event.workstation,
        prev_hash=prev_hash,
        hash="",
    )
    return replace(unsealed, hash=unsealed.computed_hash())

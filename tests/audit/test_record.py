"""The canonical encoding is exactly what docs/audit.md specifies, byte for byte."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from counterapp.audit import AuditEvent, EventKind
from counterapp.audit.record import (
    GENESIS_HASH,
    canonical_bytes,
    format_timestamp,
    parse_timestamp,
    seal,
    stored_canonical_bytes,
)

MOMENT = datetime(2025, 1, 31, 8, 0, 0, 1, tzinfo=UTC)


def test_canonical_encoding_is_sorted_compact_utf8() -> None:
    event = AuditEvent(
        EventKind.LOOKUP,
        "李明",
        case_number="C-1",
        items=("person.name", "marriage.status"),
        departments=("civil",),
        detail='asked "civil"',
        workstation="窗口3",
    )
    record = seal(event, seq=1, occurred_at=MOMENT, prev_hash=GENESIS_HASH)
    expected = (
        '{"actor":"李明","case_number":"C-1","departments":["civil"],'
        '"detail":"asked \\"civil\\"","items":["person.name","marriage.status"],'
        '"kind":"lookup","occurred_at":"2025-01-31T08:00:00.000001Z",'
        f'"prev_hash":"{GENESIS_HASH}","seq":1,"success":true,"workstation":"窗口3"}}'
    ).encode()
    assert canonical_bytes(record.canonical_fields()) == expected
    assert record.hash == hashlib.sha256(expected).hexdigest()
    assert record.content_intact


def test_timestamps_are_utc_with_microseconds() -> None:
    beijing = timezone(timedelta(hours=8))
    moment = datetime(2025, 1, 31, 16, 0, 0, 1, tzinfo=beijing)
    assert format_timestamp(moment) == "2025-01-31T08:00:00.000001Z"
    assert parse_timestamp(format_timestamp(moment)) == moment
    with pytest.raises(ValueError, match="timezone-aware"):
        format_timestamp(datetime(2025, 1, 31))


def test_each_record_chains_to_the_previous_hash() -> None:
    first = seal(
        AuditEvent(EventKind.LOGIN, "a"), seq=1, occurred_at=MOMENT, prev_hash=GENESIS_HASH
    )
    second = seal(
        AuditEvent(EventKind.LOGOUT, "a"), seq=2, occurred_at=MOMENT, prev_hash=first.hash
    )
    assert second.prev_hash == first.hash
    assert second.hash != first.hash


def _compact(values: tuple[str, ...]) -> str:
    return json.dumps(list(values), separators=(",", ":"), ensure_ascii=False)


@pytest.mark.parametrize(
    ("actor", "case_number", "detail", "items"),
    [
        ("李明", "C-1", "婚姻登记查询", ("person.name", "marriage.status")),
        ("a", None, "", ()),
        ('quote " back \\ slash /', "XH-\u2028", "tab\tline\nbell\x07 del\x7f", ('it"em',)),
        ("\x00\x1f", "", "\U0001f600 emoji, 〇", ("\\", "\n")),
    ],
)
def test_the_fast_encoding_from_stored_values_gives_the_same_bytes(
    actor: str, case_number: str | None, detail: str, items: tuple[str, ...]
) -> None:
    event = AuditEvent(
        EventKind.REVEAL,
        actor,
        success=False,
        case_number=case_number,
        items=items,
        departments=("hukou", "civil_affairs"),
        detail=detail,
        workstation="窗口03",
    )
    record = seal(event, seq=41, occurred_at=MOMENT, prev_hash="ab" * 32)
    fast = stored_canonical_bytes(
        record.seq,
        record.occurred_at,
        record.kind,
        record.actor,
        0,  # SQLite's false
        record.case_number,
        _compact(record.items),
        _compact(record.departments),
        record.detail,
        record.workstation,
        record.prev_hash,
    )
    assert fast == canonical_bytes(record.canonical_fields())
    assert hashlib.sha256(fast).hexdigest() == record.hash


def test_the_fast_encoding_refuses_a_value_of_the_wrong_type() -> None:
    with pytest.raises(TypeError):
        stored_canonical_bytes(1, "t", "login", 5, True, None, "[]", "[]", "", "", GENESIS_HASH)  # type: ignore[arg-type]

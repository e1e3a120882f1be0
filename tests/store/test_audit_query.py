"""Filtered, paged reads of the audit chain on both backends: keyset pages, every filter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, inspect, update

from counterapp.audit import AuditEvent, EventKind
from counterapp.audit.record import format_timestamp
from counterapp.store import audit_log
from counterapp.store.audit_query import (
    MAX_PAGE,
    AuditFilter,
    actors,
    newer_page,
    newest_seq,
    older_page,
)
from counterapp.store.audit_tables import audit_events

DAY = datetime(2026, 11, 3, 1, 0, tzinfo=UTC)


@pytest.fixture
def engine(audit_engine: Engine) -> Engine:
    """One database per backend for the module, with an empty chain for each test."""
    return audit_engine


EVENTS = [
    AuditEvent(EventKind.LOGIN, "liming", workstation="W07"),
    AuditEvent(EventKind.LOGIN_FAILED, "wangfang", success=False, detail="wrong password"),
    AuditEvent(
        EventKind.CASE_CREATED,
        "liming",
        case_number="330106001-20261103-00001",
        detail="service hukou-transfer 1; due 2026-11-10",
    ),
    AuditEvent(EventKind.PRINT, "liming", case_number="330106001-20261103-00001"),
    AuditEvent(EventKind.ADMIN_ACTION, "admin", detail="added user 'zhao' as clerk (50%_off)"),
    AuditEvent(EventKind.LOOKUP, "wangfang", detail="service marriage-registration: 3 of 3"),
]


def write(engine: Engine, events: list[AuditEvent], *, hours_apart: bool = False) -> None:
    """Append ``events``; with ``hours_apart`` record i is dated DAY + i hours."""
    with engine.begin() as connection:
        for event in events:
            audit_log.append_event(connection, event)
    if hours_apart:
        with engine.begin() as connection:
            for seq in range(1, len(events) + 1):
                moment = format_timestamp(DAY + timedelta(hours=seq - 1))
                connection.execute(
                    update(audit_events).where(audit_events.c.seq == seq).values(occurred_at=moment)
                )


def seqs(engine: Engine, criteria: AuditFilter, **paging: int | None) -> list[int]:
    with engine.connect() as connection:
        if "after_seq" in paging:
            after = paging["after_seq"] or 0
            records = newer_page(
                connection, criteria, after_seq=after, limit=paging.get("limit") or 50
            )
        else:
            records = older_page(
                connection,
                criteria,
                before_seq=paging.get("before_seq"),
                limit=paging.get("limit") or 50,
            )
    return [record.seq for record in records]


def test_pages_newest_first_by_keyset_without_gaps_or_repeats(engine: Engine) -> None:
    write(engine, [AuditEvent(EventKind.PRINT, "liming") for _ in range(25)])
    everything = AuditFilter()
    first = seqs(engine, everything, limit=10)
    assert first == list(range(25, 15, -1))
    write(engine, [AuditEvent(EventKind.PRINT, "late")])  # written while paging
    second = seqs(engine, everything, before_seq=first[-1], limit=10)
    third = seqs(engine, everything, before_seq=second[-1], limit=10)
    assert second == list(range(15, 5, -1)) and third == [5, 4, 3, 2, 1]
    assert seqs(engine, everything, before_seq=1, limit=10) == []
    assert seqs(engine, everything, after_seq=20, limit=3) == [21, 22, 23]
    with engine.connect() as connection:
        assert newest_seq(connection) == 26


def test_each_filter_selects_what_it_says(engine: Engine) -> None:
    write(engine, EVENTS, hours_apart=True)
    assert seqs(engine, AuditFilter(actor="liming")) == [4, 3, 1]
    assert seqs(engine, AuditFilter(kind=EventKind.LOGIN_FAILED)) == [2]
    assert seqs(engine, AuditFilter(success=False)) == [2]
    assert seqs(engine, AuditFilter(success=True)) == [6, 5, 4, 3, 1]
    assert seqs(engine, AuditFilter(text="330106001-20261103-00001")) == [4, 3]
    assert seqs(engine, AuditFilter(text="1103-00001")) == [4, 3]  # part of a case number
    assert seqs(engine, AuditFilter(text="MARRIAGE")) == [6]  # detail, any case
    assert seqs(engine, AuditFilter(text="50%_")) == [5]  # % and _ are literal
    assert seqs(engine, AuditFilter(text="5_%")) == []  # as wildcards it would match
    start, end = DAY + timedelta(hours=1), DAY + timedelta(hours=4)
    assert seqs(engine, AuditFilter(start=start, end=end)) == [4, 3, 2]  # [start, end)
    both = AuditFilter(actor="liming", start=start, kind=EventKind.PRINT)
    assert seqs(engine, both) == [4]
    assert seqs(engine, AuditFilter(actor="liming"), before_seq=4, limit=1) == [3]
    with engine.connect() as connection:
        assert actors(connection) == ["admin", "liming", "wangfang"]


def test_a_page_is_bounded_whatever_is_asked(engine: Engine) -> None:
    write(engine, [AuditEvent(EventKind.PRINT, "liming") for _ in range(MAX_PAGE + 5)])
    assert len(seqs(engine, AuditFilter(), limit=MAX_PAGE * 10)) == MAX_PAGE
    with engine.connect() as connection, pytest.raises(ValueError):
        older_page(connection, AuditFilter(), before_seq=None, limit=0)


def test_the_filters_have_their_indexes(engine: Engine) -> None:
    names = {index["name"] for index in inspect(engine).get_indexes("audit_events")}
    assert {
        "ix_audit_events_actor_seq",
        "ix_audit_events_kind_seq",
        "ix_audit_events_occurred_at",
    } <= names

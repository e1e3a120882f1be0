"""Reading the audit log for the viewer: EXPORT_AUDIT needed, one audit record per view."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from counterapp.app.audit_viewer import (
    AuditFilter,
    AuditQueryRefused,
    audit_actors,
    describe_filter,
    newer_audit_records,
    older_audit_records,
    view_audit_log,
    view_audit_records_around,
)
from counterapp.audit import AuditEvent, EventKind
from counterapp.audit.record import AuditRecord
from counterapp.store import audit_log
from counterapp.users import Actor, PermissionDenied, Role

CLERK = Actor("clerk1", Role.CLERK)
SUPERVISOR = Actor("super1", Role.SUPERVISOR)
ADMIN = Actor("admin1", Role.ADMIN)


@pytest.fixture
def engine(audit_engine: Engine) -> Engine:
    """One database per backend for the module, with an empty chain for each test."""
    return audit_engine


def append_prints(engine: Engine, count: int, actor: str = "clerk1") -> None:
    with engine.begin() as connection:
        for number in range(count):
            event = AuditEvent(
                EventKind.PRINT, actor, case_number=f"330106001-20261103-{number:05d}"
            )
            audit_log.append_event(connection, event)


def records(engine: Engine) -> list[AuditRecord]:
    with engine.connect() as connection:
        return list(audit_log.stream_records(connection))


def test_a_clerk_may_not_read_the_log_and_the_refusal_is_audited(engine: Engine) -> None:
    append_prints(engine, 3)
    with pytest.raises(PermissionDenied) as refused:
        view_audit_log(engine, CLERK, workstation="W07")
    assert "export the audit trail" in str(refused.value) and refused.value.reason_zh
    last = records(engine)[-1]
    assert (last.kind, last.actor, last.success, last.workstation) == (
        "admin_action",
        "clerk1",
        False,
        "W07",
    )
    assert "audit log view refused" in last.detail
    for read in (
        lambda: older_audit_records(engine, CLERK, AuditFilter(), before_seq=3),
        lambda: newer_audit_records(engine, CLERK, AuditFilter(), after_seq=0),
        lambda: view_audit_records_around(engine, CLERK, 2),
        lambda: audit_actors(engine, CLERK),
    ):
        with pytest.raises(PermissionDenied):
            read()


def test_each_applied_filter_is_recorded_once_and_paging_is_not(engine: Engine) -> None:
    append_prints(engine, 30)
    page = view_audit_log(engine, SUPERVISOR, limit=10, workstation="W01")
    # the view's own record is written first, so it is the newest shown
    assert [r.seq for r in page.records] == list(range(31, 21, -1)) and page.older
    assert page.records[0].detail == "audit log viewed (no filter)"
    assert page.records[0].workstation == "W01"
    more = older_audit_records(engine, SUPERVISOR, AuditFilter(), before_seq=22, limit=10)
    last = older_audit_records(engine, SUPERVISOR, AuditFilter(), before_seq=12, limit=20)
    assert [r.seq for r in more.records] == list(range(21, 11, -1)) and more.older
    assert [r.seq for r in last.records] == list(range(11, 0, -1)) and not last.older
    assert len(records(engine)) == 31  # pages read no further record

    criteria = AuditFilter(actor=" Clerk1 ", kind=EventKind.PRINT, success=True)
    filtered = view_audit_log(engine, ADMIN, criteria, limit=5)
    assert len(filtered.records) == 5 and {r.actor for r in filtered.records} == {"clerk1"}
    viewed = records(engine)[-1]
    assert (viewed.actor, viewed.kind, viewed.success) == ("admin1", "admin_action", True)
    assert viewed.detail == "audit log viewed (actor clerk1, kind print, successes only)"


def test_describe_filter_names_times_in_hall_time() -> None:
    start = datetime(2026, 11, 2, 16, 0, tzinfo=UTC)  # 00:00 on 3 November in the hall
    text = describe_filter(
        AuditFilter(start=start, end=start + timedelta(days=1), text="C-1", success=False)
    )
    assert text == "from 2026-11-03 00:00, before 2026-11-04 00:00, text 'C-1', failures only"


def test_searching_for_an_id_number_is_refused_before_anything_is_read(engine: Engine) -> None:
    append_prints(engine, 2)
    with pytest.raises(AuditQueryRefused) as refused:
        view_audit_log(engine, ADMIN, AuditFilter(text="11010519491231002X"))
    assert "never hold resident ID numbers" in str(refused.value)
    assert "身份号码" in refused.value.reason_zh
    with pytest.raises(AuditQueryRefused):
        view_audit_log(engine, ADMIN, AuditFilter(text="x" * 65))
    assert len(records(engine)) == 2


def test_jumping_to_a_record_shows_it_with_newer_ones_above(engine: Engine) -> None:
    append_prints(engine, 500)
    page = view_audit_records_around(engine, ADMIN, 100, limit=50, workstation="W01")
    shown = [r.seq for r in page.records]
    assert shown[0] == 110 and shown.index(100) == 10 and len(shown) == 50
    assert page.older and page.newer
    assert records(engine)[-1].detail == "audit log viewed (around record 100)"
    above = newer_audit_records(engine, ADMIN, AuditFilter(), after_seq=110, limit=5)
    assert [r.seq for r in above.records] == [115, 114, 113, 112, 111] and above.newer
    top = newer_audit_records(engine, ADMIN, AuditFilter(), after_seq=495, limit=50)
    assert top.records[0].seq == 501 and not top.newer


def test_actor_suggestions(engine: Engine) -> None:
    append_prints(engine, 2, actor="liming")
    append_prints(engine, 1, actor="wangfang")
    assert audit_actors(engine, SUPERVISOR) == ["liming", "wangfang"]

"""The audit log viewer on both backends: lazy pages, filters, verify and the jump to a break."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, text, update

from counterapp.audit import AuditEvent, EventKind
from counterapp.audit.record import AuditRecord, format_timestamp
from counterapp.errors import Language
from counterapp.store import audit_log
from counterapp.store.audit_tables import audit_events
from counterapp.ui.admin_audit import AuditLogModel, AuditLogView
from counterapp.ui.workers import TaskRunner
from counterapp.users import Actor, Role
from helpers.guarded import audited_engine
from helpers.languages import interface_language
from helpers.screenshots import save_screenshot
from store.conftest import audit_engine, audit_shared_engine

__all__ = ["audit_engine", "audit_shared_engine"]

CLERK = Actor("liming", Role.CLERK, "李明", "07")
SUPERVISOR = Actor("wangfang", Role.SUPERVISOR, "王芳")
ADMIN = Actor("admin", Role.ADMIN, "管理员")


@pytest.fixture
def engine(audit_engine: Engine) -> Engine:
    """One database per backend for the module, with an empty chain for each test."""
    return audit_engine


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown(wait_ms=5_000)


def append(engine: Engine, events: list[AuditEvent]) -> None:
    with engine.begin() as connection:
        for event in events:
            audit_log.append_event(connection, event)


def prints(count: int, actor: str = "liming") -> list[AuditEvent]:
    return [
        AuditEvent(
            EventKind.PRINT,
            actor,
            case_number=f"330106001-20261103-{n:05d}",
            detail="acceptance receipt (a4) to printer PDF",
            workstation="W07",
        )
        for n in range(count)
    ]


def stored(engine: Engine) -> list[AuditRecord]:
    with engine.connect() as connection:
        return list(audit_log.stream_records(connection))


def open_view(
    qtbot: QtBot, engine: Engine, actor: Actor, runner: TaskRunner, **options: object
) -> AuditLogView:
    view = AuditLogView(
        engine,
        actor,
        runner,
        language=Language.ZH_CN,
        workstation="W01",
        **options,  # type: ignore[arg-type]
    )
    view.resize(1100, 520)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: (not view.busy and view.model.rowCount() > 0) or bool(view.message))
    return view


def seq_at(view: AuditLogView, row: int) -> int:
    return int(view.model.data(view.model.index(row, 0), AuditLogModel.SeqRole))


def test_thousands_of_records_arrive_a_page_at_a_time(
    qtbot: QtBot, engine: Engine, runner: TaskRunner
) -> None:
    append(engine, prints(2_500))
    view = open_view(qtbot, engine, SUPERVISOR, runner)
    model = view.model
    assert model.rowCount() == 200 and model.pages == 1  # not the whole log
    assert seq_at(view, 0) == 2_501  # newest first: the view's own record
    counts = [model.rowCount()]
    while model.canFetchMore(view.table.rootIndex()):
        with qtbot.waitSignal(view.loaded, timeout=10_000):
            view.table.scrollToBottom()  # the user scrolls to the end of the table
        counts.append(model.rowCount())
    assert counts == [*range(200, 2_501, 200), 2_501]
    assert model.pages == 13
    assert [r.seq for r in model.records] == list(range(2_501, 0, -1))
    assert "2501" in view.status_label.text()
    viewed = [r for r in stored(engine) if r.kind == "admin_action"]
    assert [r.detail for r in viewed] == ["audit log viewed (no filter)"]  # once, not per page


def test_filters_from_the_keyboard_are_applied_and_audited(
    qtbot: QtBot, engine: Engine, runner: TaskRunner
) -> None:
    append(engine, prints(5, "liming") + prints(3, "zhaolei"))
    append(engine, [AuditEvent(EventKind.LOGIN_FAILED, "zhaolei", success=False)])
    view = open_view(qtbot, engine, ADMIN, runner)
    qtbot.keyClicks(view.actor_edit, "zhaolei")
    with qtbot.waitSignal(view.loaded):
        qtbot.keyClick(view.actor_edit, Qt.Key.Key_Return)
    assert {r.actor for r in view.model.records} == {"zhaolei"}
    assert view.model.rowCount() == 4
    view.outcome_combo.setCurrentIndex(2)  # failures only
    with qtbot.waitSignal(view.loaded):
        qtbot.keyClick(view.apply_button, Qt.Key.Key_Space)
    assert [r.kind for r in view.model.records] == ["login_failed"]
    assert view.model.data(view.model.index(0, AuditLogModel.SUCCESS)) == "Failure"
    view.from_check.setChecked(True)  # from today (hall time) onwards, records written now
    view.outcome_combo.setCurrentIndex(0)
    qtbot.keyClicks(view.text_edit, "00002")
    with qtbot.waitSignal(view.loaded):
        qtbot.keyClick(view.text_edit, Qt.Key.Key_Return)
    assert [r.case_number for r in view.model.records] == ["330106001-20261103-00002"]
    with qtbot.waitSignal(view.loaded):
        view.clear_button.click()
    assert view.model.rowCount() == 9 + 5 and view.actor_edit.text() == ""  # with 5 views
    details = [r.detail for r in stored(engine) if r.actor == "admin"]
    assert details[0] == "audit log viewed (no filter)"
    assert details[1] == "audit log viewed (actor zhaolei)"
    assert details[2] == "audit log viewed (actor zhaolei, failures only)"
    assert details[3].startswith("audit log viewed (from ") and "text '00002'" in details[3]
    assert details[4] == "audit log viewed (no filter)"


def test_an_id_number_in_the_search_is_refused_in_the_view(
    qtbot: QtBot, engine: Engine, runner: TaskRunner
) -> None:
    append(engine, prints(2))
    view = open_view(qtbot, engine, ADMIN, runner)
    qtbot.keyClicks(view.text_edit, "11010519491231002X")
    with qtbot.waitSignal(view.loaded):
        qtbot.keyClick(view.text_edit, Qt.Key.Key_Return)
    assert "审计记录不含身份号码" in view.message
    assert view.model.rowCount() == 0


def test_a_clerk_sees_the_refusal_and_no_record(
    qtbot: QtBot, engine: Engine, runner: TaskRunner
) -> None:
    append(engine, prints(3))
    view = open_view(qtbot, engine, CLERK, runner)
    assert "无权导出审计日志" in view.message
    assert view.model.rowCount() == 0
    last = stored(engine)[-1]
    assert (last.actor, last.success) == ("liming", False)


def test_verify_intact_shows_progress_and_the_count(
    qtbot: QtBot, engine: Engine, runner: TaskRunner
) -> None:
    append(engine, prints(3_000))
    view = open_view(qtbot, engine, SUPERVISOR, runner)
    values: list[int] = []
    view.progress.valueChanged.connect(values.append)
    with qtbot.waitSignal(view.verified, timeout=30_000) as verified:
        qtbot.keyClick(
            view.table,
            Qt.Key.Key_V,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert verified.args[0].intact
    assert values and values[-1] == 3_001 and view.progress.maximum() == 3_001
    assert view.message == "The audit chain is intact: 3001 records checked."
    assert view.progress.isHidden() and view.verify_button.isEnabled()


def test_a_broken_chain_is_shown_at_its_first_bad_record(
    qtbot: QtBot, engine: Engine, runner: TaskRunner
) -> None:
    append(engine, prints(1_200))
    with engine.begin() as connection:  # someone edits record 37 behind the app's back
        connection.execute(text("UPDATE audit_events SET detail = 'nothing here' WHERE seq = 37"))
    view = open_view(qtbot, engine, ADMIN, runner)
    qtbot.keyClicks(view.actor_edit, "liming")  # a filter that is cleared for the jump
    with qtbot.waitSignal(view.loaded):
        qtbot.keyClick(view.actor_edit, Qt.Key.Key_Return)
    with qtbot.waitSignal(view.verified, timeout=30_000) as verified:
        view.verify_button.click()
    assert verified.args[0].problem.seq == 37
    qtbot.waitUntil(lambda: view.table.currentIndex().isValid() and not view.busy)
    assert seq_at(view, view.table.currentIndex().row()) == 37
    assert view.table.selectionModel().isRowSelected(view.table.currentIndex().row())
    assert "record 37 was altered" in view.message
    assert view.actor_edit.text() == "" and view.current_filter.empty
    assert view.model.rowCount() < 300  # the cursor jumped; the log was not read up to it
    assert view.newer_button.isVisible()
    rows = view.model.rowCount()
    with qtbot.waitSignal(view.loaded):
        view.newer_button.click()  # what lies above the jump, on demand
    assert view.model.rowCount() == rows + 200
    assert seq_at(view, 0) > seq_at(view, 200)
    details = [r.detail for r in stored(engine) if r.actor == "admin"]
    assert "audit verify: broken at record 37 (altered)" in details
    assert details[-1] == "audit log viewed (around record 37)"


def test_a_deleted_record_selects_the_record_after_the_gap(
    qtbot: QtBot, engine: Engine, runner: TaskRunner
) -> None:
    append(engine, prints(50))
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_events WHERE seq = 20"))
    view = open_view(qtbot, engine, ADMIN, runner)
    with qtbot.waitSignal(view.verified, timeout=30_000):
        view.verify()
    qtbot.waitUntil(lambda: view.table.currentIndex().isValid() and not view.busy)
    assert seq_at(view, view.table.currentIndex().row()) == 21
    assert "record 20 was deleted" in view.message


# -- screenshots (zh_CN) ----------------------------------------------------------------

HALL_DAY = datetime(2026, 11, 3, 0, 50, tzinfo=UTC)  # 08:50 in the hall


def realistic_day() -> list[tuple[int, AuditEvent]]:
    """A morning at the hall: (minutes after 08:50, event)."""
    case1, case2 = "330106001-20261103-00001", "330106001-20261103-00002"
    items = ("person.name", "person.id_number", "person.hukou_address")
    return [
        (0, AuditEvent(EventKind.LOGIN, "liming", workstation="W07", detail="window 07")),
        (1, AuditEvent(EventKind.LOGIN, "zhangwei", workstation="W03", detail="window 03")),
        (
            3,
            AuditEvent(
                EventKind.LOGIN_FAILED,
                "wangfang",
                False,
                workstation="W12",
                detail="wrong username or password",
            ),
        ),
        (4, AuditEvent(EventKind.LOGIN, "wangfang", workstation="W12", detail="supervisor")),
        (
            9,
            AuditEvent(
                EventKind.CONSENT_RECORDED,
                "liming",
                workstation="W07",
                detail="consent id_card_reader for hukou-transfer: hukou, civil",
            ),
        ),
        (
            9,
            AuditEvent(
                EventKind.LOOKUP,
                "liming",
                items=items,
                departments=("civil", "hukou"),
                workstation="W07",
                detail="service hukou-transfer: 2 of 2 departments "
                "answered; reference 5f2c9e0a41d84b7e9a1f3c6d2b8e7a10",
            ),
        ),
        (
            14,
            AuditEvent(
                EventKind.CASE_CREATED,
                "liming",
                case_number=case1,
                workstation="W07",
                detail="service hukou-transfer 3; due 2026-11-10",
            ),
        ),
        (
            15,
            AuditEvent(
                EventKind.PRINT,
                "liming",
                case_number=case1,
                workstation="W07",
                detail="acceptance receipt (a4) to printer W07-HP",
            ),
        ),
        (
            21,
            AuditEvent(
                EventKind.LOOKUP,
                "zhangwei",
                False,
                departments=("hrss", "tax"),
                workstation="W03",
                detail="service social-insurance-transfer: 1 of 2 "
                "departments answered; reference 0b7d2a94c1e34f8f8e62a5d9c3f10b77",
            ),
        ),
        (
            23,
            AuditEvent(
                EventKind.REVEAL,
                "zhangwei",
                items=("person.mobile",),
                workstation="W03",
                detail="reason: applicant asked to confirm",
            ),
        ),
        (
            26,
            AuditEvent(
                EventKind.CASE_CREATED,
                "zhangwei",
                case_number=case2,
                workstation="W03",
                detail="service social-insurance-transfer 2; due 2026-11-17",
            ),
        ),
        (
            40,
            AuditEvent(
                EventKind.STATE_CHANGE,
                "wangfang",
                case_number=case1,
                workstation="W12",
                detail="accepted -> in_review",
            ),
        ),
        (
            52,
            AuditEvent(
                EventKind.ADMIN_ACTION,
                "admin",
                workstation="IT-01",
                detail="added user 'zhaolei' as clerk",
            ),
        ),
        (
            55,
            AuditEvent(
                EventKind.EXPORT,
                "wangfang",
                workstation="W12",
                detail="audit export of records 1..12 (12) to audit-2026-11.jsonl",
            ),
        ),
    ]


def write_day(engine: Engine) -> None:
    append(engine, [event for _, event in realistic_day()])
    with engine.begin() as connection:  # the morning's clock (the hash chain is re-sealed below)
        for seq, (minutes, _) in enumerate(realistic_day(), start=1):
            moment = format_timestamp(HALL_DAY + timedelta(minutes=minutes, seconds=seq * 7))
            connection.execute(
                update(audit_events).where(audit_events.c.seq == seq).values(occurred_at=moment)
            )
    reseal(engine)


def reseal(engine: Engine) -> None:
    """Recompute every hash after re-dating the records, so the chain verifies again."""
    from dataclasses import replace

    from counterapp.audit.record import GENESIS_HASH
    from counterapp.store.audit_tables import audit_chain_head

    previous = GENESIS_HASH
    with engine.begin() as connection:
        for record in list(audit_log.stream_records(connection)):
            sealed = replace(record, prev_hash=previous, hash="")
            sealed = replace(sealed, hash=sealed.computed_hash())
            connection.execute(
                update(audit_events)
                .where(audit_events.c.seq == record.seq)
                .values(prev_hash=sealed.prev_hash, hash=sealed.hash)
            )
            previous = sealed.hash
        connection.execute(update(audit_chain_head).values(last_hash=previous))


def test_screenshot_audit_viewer(qtbot: QtBot, qapp: QApplication, tmp_path: Path) -> None:
    engine = audited_engine(tmp_path)
    write_day(engine)
    runner = TaskRunner()
    try:
        with interface_language(qapp, "zh_CN"):
            view = open_view(qtbot, engine, ADMIN, runner)
            view.resize(1180, 560)
            with qtbot.waitSignal(view.verified, timeout=30_000) as verified:
                view.verify()
            assert verified.args[0].intact
            assert "审计日志完整" in view.message
            with qtbot.waitSignal(view.loaded):
                view.apply_filter()  # the verify's own record, on top
            assert view.model.data(view.model.index(0, AuditLogModel.KIND)) == "系统管理"
            save_screenshot(view, "audit-viewer")
            with engine.begin() as connection:
                connection.execute(text("UPDATE audit_events SET actor = 'zhaolei' WHERE seq = 6"))
            with qtbot.waitSignal(view.verified, timeout=30_000):
                view.verify()
            qtbot.waitUntil(lambda: view.table.currentIndex().isValid() and not view.busy)
            assert "第 6 条记录被篡改" in view.message
            save_screenshot(view, "audit-viewer-broken")
    finally:
        runner.shutdown(wait_ms=5_000)
        engine.dispose()

"""The supervisor's queue window on both backends, driven like a supervisor drives it.

Thousands of cases, lazily paged; filters from the bar; the review pane with its masked
fields and actions; a clerk's refusal; two supervisors on one case; and a change made by
a second process showing up live.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, insert, select

from counterapp.app.cases import get_case, submit_case
from counterapp.app.context import CounterContext
from counterapp.cases import CaseState
from counterapp.catalog import load_catalog
from counterapp.config import load_settings
from counterapp.errors import Language
from counterapp.exchange.lookup import DepartmentExchange
from counterapp.forms import load_forms
from counterapp.protection.cipher import new_key, new_key_id
from counterapp.store.case_tables import cases
from counterapp.ui.queue_model import OVERDUE_COLOUR, Column
from counterapp.ui.queue_view import CaseQueueView
from counterapp.ui.workers import TaskRunner
from helpers.case_factory import (
    CLERK,
    HALL,
    SUPERVISOR,
    cipher_arguments,
    cipher_from_arguments,
    resident_id,
    sample_consent,
    sample_draft,
)
from helpers.languages import interface_language
from helpers.screenshots import save_screenshot
from store.conftest import database_url, engine  # noqa: F401 - the two-backend fixtures

TODAY = date(2026, 3, 16)
MANY = 3_000
SERVICES = ("hukou-transfer", "social-security-card", "marriage-registration")
STATES = (CaseState.ACCEPTED, CaseState.IN_REVIEW, CaseState.RETURNED, CaseState.COMPLETED)
OTHER = SUPERVISOR.__class__("super2", SUPERVISOR.role, "赵复核", "")


KEYS = (new_key_id(), new_key(), new_key())  # the supervisor's data keys, also for a worker


@pytest.fixture
def ctx(engine: Engine) -> Iterator[CounterContext]:  # noqa: F811
    catalog = load_catalog()
    context = CounterContext(
        settings=load_settings(),
        engine=engine,
        cipher=cipher_from_arguments(*cipher_arguments(KEYS)),
        exchange=DepartmentExchange({}, catalog),
        catalog=catalog,
        forms=load_forms(catalog),
        workstation="supervisor-desk",
    )
    yield context
    context.exchange.close()


@pytest.fixture(autouse=True)
def chinese(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    with interface_language(qapp, "zh_CN"):
        yield


@pytest.fixture
def runner(qapp) -> Iterator[TaskRunner]:  # type: ignore[no-untyped-def]
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown(wait_ms=5_000)


def many_cases(engine: Engine, count: int = MANY) -> None:  # noqa: F811
    start = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)
    rows = []
    for n in range(count):
        accepted = start + timedelta(minutes=37 * n)
        rows.append(
            {
                "number": f"{HALL}-{accepted:%Y%m%d}-{n + 1:05d}",
                "service_id": SERVICES[n % 3],
                "form_version": "2026.1",
                "state": STATES[n % 4].value,
                "accepted_at": accepted,
                "due_date": accepted.date() + timedelta(days=7 + n % 13),
                "promised_days": 5,
                "clerk": f"clerk{n % 5 + 1}",
                "service_window": f"{n % 9 + 1:02d}",
                "updated_at": accepted,
            }
        )
    with engine.begin() as connection:
        connection.execute(insert(cases), rows)


def truth(engine: Engine, **where: object) -> list[str]:  # noqa: F811
    query = select(cases.c.number).order_by(cases.c.accepted_at.desc(), cases.c.id.desc())
    for column, value in where.items():
        query = query.where(
            cases.c[column].in_(value) if isinstance(value, tuple) else cases.c[column] == value
        )
    with engine.connect() as connection:
        return list(connection.execute(query).scalars())


def shown(view: CaseQueueView) -> list[str]:
    return [view.model.row_at(r).number for r in range(view.model.rowCount())]


def open_view(qtbot: QtBot, ctx: CounterContext, runner: TaskRunner, actor=SUPERVISOR, **kw):  # type: ignore[no-untyped-def]
    view = CaseQueueView(ctx, actor, runner, language=Language.ZH_CN, today=TODAY, **kw)
    qtbot.addWidget(view)
    view.resize(1400, 800)
    view.show()
    qtbot.waitUntil(lambda: not view.model.fetching, timeout=10_000)
    return view


def test_thousands_of_cases_arrive_a_page_at_a_time_as_the_table_scrolls(
    qtbot: QtBot,
    ctx: CounterContext,
    runner: TaskRunner,
    engine: Engine,  # noqa: F811
) -> None:
    many_cases(engine)
    view = open_view(qtbot, ctx, runner, live=False)
    expected = truth(engine, state=("accepted", "in_review"))
    assert len(expected) == MANY // 2
    assert shown(view) == expected[:100]
    for pages in range(2, 5):
        view.table.scrollToBottom()
        qtbot.waitUntil(lambda p=pages: view.model.rowCount() == 100 * p, timeout=10_000)
    assert shown(view) == expected[:400]
    assert "400" in view.status.text()


def test_the_filter_bar_narrows_the_queue(
    qtbot: QtBot,
    ctx: CounterContext,
    runner: TaskRunner,
    engine: Engine,  # noqa: F811
) -> None:
    many_cases(engine, 600)
    view = open_view(qtbot, ctx, runner, live=False, page_size=500)
    view.service.setCurrentIndex(view.service.findData("social-security-card"))
    qtbot.waitUntil(lambda: not view.model.fetching and view.model.rowCount() > 0)
    assert shown(view) == truth(
        engine, state=("accepted", "in_review"), service_id="social-security-card"
    )

    view.overdue.setChecked(True)
    qtbot.waitUntil(lambda: not view.model.fetching)
    rows = [view.model.row_at(r) for r in range(view.model.rowCount())]
    assert rows and all(r.overdue and r.service_id == "social-security-card" for r in rows)
    colour = view.model.index(0, Column.DUE).data(Qt.ItemDataRole.BackgroundRole)
    assert colour == OVERDUE_COLOUR
    assert "逾期" in view.model.index(0, Column.DUE).data()

    target = truth(engine)[123]
    view.overdue.setChecked(False)
    view.service.setCurrentIndex(0)
    view.states.setCurrentIndex(view.states.count() - 1)  # all states
    qtbot.keyClick(view, "f", modifier=Qt.KeyboardModifier.ControlModifier)
    assert view.search.hasFocus()
    qtbot.keyClicks(view.search, target)
    qtbot.waitUntil(lambda: shown(view) == [target], timeout=5_000)

    view.search.setText("not-a-case")
    view.apply_filters()
    assert "请输入办件编号" in view.status.text()


def test_a_clerk_sees_why_the_queue_is_not_shown(
    qtbot: QtBot,
    ctx: CounterContext,
    runner: TaskRunner,
    engine: Engine,  # noqa: F811
) -> None:
    many_cases(engine, 10)
    view = open_view(qtbot, ctx, runner, actor=CLERK, live=False)
    assert view.model.rowCount() == 0
    assert "查看办件队列" in view.status.text()


def submitted(ctx: CounterContext, n: int):  # type: ignore[no-untyped-def]
    now = datetime(2026, 3, 16, 2, n, tzinfo=UTC)
    return submit_case(
        ctx.engine,
        ctx.cipher,
        CLERK,
        sample_draft(n),
        sample_consent(n, at=now),
        hall_code=HALL,
        promised_days=5,
        now=now,
    )


def test_the_review_pane_shows_the_case_masked_and_approves_it(
    qtbot: QtBot,
    ctx: CounterContext,
    runner: TaskRunner,
) -> None:
    case = submitted(ctx, 1)
    submitted(ctx, 2)
    view = open_view(qtbot, ctx, runner, live=False)
    assert view.select_number(case.number)
    pane = view.pane
    qtbot.waitUntil(lambda: pane.detail is not None and pane.detail.case.number == case.number)
    fields_text = pane.fields.toPlainText()
    assert resident_id(1) not in fields_text  # masked
    assert resident_id(1)[:3] in fields_text
    assert "case_created" in pane.history.toPlainText()
    assert pane.approve_button.isEnabled() and pane.start_button.isEnabled()
    save_screenshot(view, "supervisor-queue")
    qtbot.mouseClick(pane.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已办结" in pane.message.text(), timeout=5_000)
    assert get_case(ctx.engine, ctx.cipher, CLERK, case.number).state is CaseState.COMPLETED
    # the open queue drops it (it no longer matches "open")
    qtbot.waitUntil(lambda: case.number not in shown(view), timeout=5_000)
    qtbot.waitUntil(lambda: pane.detail.case.state is CaseState.COMPLETED, timeout=5_000)
    assert not pane.approve_button.isEnabled()


def test_returning_a_case_opens_its_correction_notice_for_printing(
    qtbot: QtBot,
    ctx: CounterContext,
    runner: TaskRunner,
) -> None:
    case = submitted(ctx, 4)
    view = open_view(qtbot, ctx, runner, live=False)
    view.select_number(case.number)
    pane = view.pane
    qtbot.waitUntil(lambda: pane.detail is not None)
    assert not pane.notice_button.isEnabled()  # never returned: nothing to print
    pane.reason.setPlainText("房屋租赁合同 | 需有出租人签字\n户口簿首页")
    with qtbot.waitSignal(pane.notice_ready, timeout=10_000) as rendered:
        qtbot.mouseClick(pane.return_button, Qt.MouseButton.LeftButton)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(rendered.args[0])).pages)
    assert "一次性告知书" in text and case.number in text
    assert "需有出租人签字" in text and "户口簿首页" in text
    assert resident_id(4) not in text
    previews = [w for w in QApplication.topLevelWidgets() if isinstance(w, QPrintPreviewDialog)]
    assert previews and all(p.isVisible() for p in previews)
    for preview in previews:
        preview.close()
    qtbot.waitUntil(lambda: pane.detail.case.state is CaseState.RETURNED, timeout=5_000)
    assert pane.notice_button.isEnabled()  # printed again on request
    with qtbot.waitSignal(pane.data_use_ready, timeout=10_000) as record:
        qtbot.mouseClick(pane.data_use_button, Qt.MouseButton.LeftButton)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(record.args[0])).pages)
    assert "个人信息使用记录" in text and "部门数据（5 项）" in text
    assert resident_id(4) not in text
    for preview in QApplication.topLevelWidgets():
        if isinstance(preview, QPrintPreviewDialog):
            preview.close()
    assert get_case(ctx.engine, ctx.cipher, CLERK, case.number).state is CaseState.RETURNED


def test_two_supervisors_on_one_case_the_second_is_told_and_keeps_what_they_typed(
    qtbot: QtBot,
    ctx: CounterContext,
    runner: TaskRunner,
) -> None:
    case = submitted(ctx, 3)
    first = open_view(qtbot, ctx, runner, live=False)
    second = open_view(qtbot, ctx, runner, actor=OTHER, live=False)
    for view in (first, second):
        view.select_number(case.number)
        qtbot.waitUntil(lambda v=view: v.pane.detail is not None)
    second.pane.reason.setPlainText("材料不符合要求")
    qtbot.mouseClick(first.pane.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已办结" in first.pane.message.text(), timeout=5_000)
    qtbot.mouseClick(second.pane.reject_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已被他人处理" in second.pane.message.text(), timeout=5_000)
    assert "super1" in second.pane.message.text()
    assert second.pane.reason.toPlainText() == "材料不符合要求"
    qtbot.waitUntil(lambda: second.pane.detail.case.state is CaseState.COMPLETED, timeout=5_000)
    assert not second.pane.reject_button.isEnabled()
    assert get_case(ctx.engine, ctx.cipher, CLERK, case.number).state is CaseState.COMPLETED


SECOND_PROCESS = """
import sys
from counterapp.app.cases import transition
from counterapp.cases import CaseState
from counterapp.protection.cipher import new_key, new_key_id
from counterapp.store.engine import make_engine
from helpers.case_factory import SUPERVISOR, cipher_from_arguments

engine = make_engine(sys.argv[1])
cipher = cipher_from_arguments(*sys.argv[3:6])
transition(engine, cipher, SUPERVISOR, sys.argv[2], CaseState.IN_REVIEW)
engine.dispose()
"""


def test_a_change_from_another_workstation_shows_within_two_seconds(
    qtbot: QtBot,
    ctx: CounterContext,
    runner: TaskRunner,
    database_url: str,  # noqa: F811
) -> None:
    case = submitted(ctx, 4)
    view = open_view(qtbot, ctx, runner, live=True)
    qtbot.waitUntil(lambda: view.watcher is not None and view.watcher.listening, timeout=10_000)
    row = view.model.row_of(case.number)
    assert row is not None and view.model.row_at(row).state is CaseState.ACCEPTED
    tests_dir = str(Path(__file__).parents[1])
    subprocess.run(
        [sys.executable, "-c", SECOND_PROCESS, database_url, case.number, *cipher_arguments(KEYS)],
        check=True,
        env={**os.environ, "PYTHONPATH": tests_dir},
        timeout=60,
    )
    committed = time.monotonic()

    def updated() -> bool:
        at = view.model.row_of(case.number)
        return at is not None and view.model.row_at(at).state is CaseState.IN_REVIEW

    qtbot.waitUntil(updated, timeout=2_000)
    assert time.monotonic() - committed < 2.0
    assert "审核中" in view.model.index(view.model.row_of(case.number), Column.STATE).data()
    view.stop()

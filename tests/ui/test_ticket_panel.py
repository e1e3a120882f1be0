"""The window's ticket panel on both backends, clicked as a clerk clicks it, and wired into
the clerk's workspace beside the applicant's screen (the real case flow, the simulator).

Every call goes through the threaded task runner to a real database; a change made by a
second process shows in the panel; the case queue never hears of tickets.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from counterapp.app.context import CounterContext
from counterapp.app.tickets import find_ticket, issue_ticket
from counterapp.cases import hall_day
from counterapp.errors import Language
from counterapp.sim.model import Person
from counterapp.store.case_changes import case_changed
from counterapp.tickets import Ticket, TicketState
from counterapp.ui.case_flow import SERVICE
from counterapp.ui.queue_view import CaseQueueView
from counterapp.ui.ticket_panel import TicketPanel
from counterapp.ui.workers import TaskRunner
from helpers.case_factory import ADMIN, CLERK, SUPERVISOR
from helpers.counter_setup import offline_context
from helpers.languages import interface_language
from store.conftest import database_url, engine  # noqa: F401 - the two-backend fixtures
from ui.test_applicant_screen import (  # the clerk's workspace and the applicant's screen
    Counter,
    accounts,
    agree_and_look_up,
    applicant,
    counter,
    ctx,
    population,
    sim,
    submit,
    to_consent,
)
from ui.test_case_flow import fill_realestate_form

__all__ = ["accounts", "applicant", "counter", "ctx", "population", "sim"]  # by name

SECOND_WORKSTATION = """
import sys
from counterapp.app.tickets import issue_ticket
from counterapp.store.engine import make_engine

engine = make_engine(sys.argv[1])
issue_ticket(engine, "A")
engine.dispose()
"""


@pytest.fixture(autouse=True)
def chinese(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    with interface_language(qapp, "zh_CN"):
        yield


@pytest.fixture
def hall(engine: Engine) -> Iterator[CounterContext]:  # noqa: F811
    context = offline_context(engine)
    yield context
    context.exchange.close()


@pytest.fixture
def runner(qapp) -> Iterator[TaskRunner]:  # type: ignore[no-untyped-def]
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown(wait_ms=5_000)


def today_ticket(engine: Engine, number: str) -> Ticket:  # noqa: F811
    return find_ticket(engine, number, hall_day(datetime.now(UTC)))


def open_panel(qtbot: QtBot, hall: CounterContext, runner: TaskRunner, **options) -> TicketPanel:  # type: ignore[no-untyped-def]
    arguments = {"window": "07", "categories": ("A", "B"), "live": False, **options}
    actor = arguments.pop("actor", CLERK)
    panel = TicketPanel(hall, actor, runner, **arguments)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.refreshes >= 1, timeout=10_000)
    return panel


def click(qtbot: QtBot, panel: TicketPanel, button: QAbstractButton) -> None:
    """Click like the clerk and wait for the move and the refresh after it."""
    seen = panel.refreshes
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.busy and panel.refreshes > seen, timeout=10_000)


def message_box() -> QMessageBox | None:
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    return next((b for b in boxes if b.isVisible()), None)


def test_call_recall_park_call_back_transfer_and_no_show(
    qtbot: QtBot, hall: CounterContext, runner: TaskRunner
) -> None:
    db = hall.engine
    for category in "BAA":
        issue_ticket(db, category)
    panel = open_panel(qtbot, hall, runner)
    assert panel.number_label.text() == "—"
    assert "A 2 · B 1" in panel.waiting_label.text()
    assert not panel.park_button.isEnabled() and not panel.recall_button.isEnabled()
    called: list[Ticket] = []
    changed: list[Ticket | None] = []
    panel.ticket_called.connect(called.append)
    panel.ticket_changed.connect(changed.append)

    click(qtbot, panel, panel.call_button)
    assert panel.number_label.text() == "B001"  # the oldest of A and B
    assert "已叫号" in panel.state_label.text()
    assert [t.number for t in called] == ["B001"] and called[0].window == "07"
    assert "A 2 · B 0" in panel.waiting_label.text()

    click(qtbot, panel, panel.recall_button)
    assert [t.calls for t in called] == [1, 2]
    click(qtbot, panel, panel.park_button)
    assert panel.number_label.text() == "—" and changed[-1] is None
    assert panel.parked_box.isVisibleTo(panel) and panel.parked_box.count() == 1
    assert today_ticket(db, "B001").state is TicketState.PARKED

    click(qtbot, panel, panel.call_button)
    assert panel.number_label.text() == "A001"
    click(qtbot, panel, panel.no_show_button)
    assert today_ticket(db, "A001").state is TicketState.NO_SHOW
    click(qtbot, panel, panel.recall_button)  # nobody served: the parked one comes back
    assert panel.number_label.text() == "B001" and called[-1].calls == 3
    assert not panel.parked_box.isVisibleTo(panel)

    qtbot.mouseClick(panel.transfer_button, Qt.MouseButton.LeftButton)
    dialog = panel.transfer_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.category_edit, "a")
    seen = panel.refreshes
    dialog.accept()
    qtbot.waitUntil(lambda: not panel.busy and panel.refreshes > seen, timeout=10_000)
    moved = today_ticket(db, "B001")
    assert moved.state is TicketState.WAITING and moved.category == "A" and moved.priority > 0
    assert panel.number_label.text() == "—"

    click(qtbot, panel, panel.call_button)
    assert panel.number_label.text() == "B001"  # transferred: ahead of A002
    click(qtbot, panel, panel.done_button)
    done = today_ticket(db, "B001")
    assert done.state is TicketState.DONE and done.service_seconds is not None
    assert done.wait_seconds is not None


def test_calling_while_a_case_is_open_asks_first(
    qtbot: QtBot, hall: CounterContext, runner: TaskRunner
) -> None:
    issue_ticket(hall.engine, "A")
    panel = open_panel(qtbot, hall, runner, case_open=lambda: True)
    qtbot.mouseClick(panel.call_button, Qt.MouseButton.LeftButton)
    box = message_box()
    assert box is not None and box is panel.confirmation
    assert box.windowTitle() == panel.tr("Call another ticket?")
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: message_box() is None, timeout=5_000)
    assert today_ticket(hall.engine, "A001").state is TicketState.WAITING
    assert panel.number_label.text() == "—"

    seen = panel.refreshes
    qtbot.keyClick(panel, Qt.Key.Key_F9)  # the shortcut asks too
    box = message_box()
    assert box is not None
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.busy and panel.refreshes > seen, timeout=10_000)
    assert panel.number_label.text() == "A001"


def test_nobody_waiting_and_a_clerk_without_the_permission(
    qtbot: QtBot, hall: CounterContext, runner: TaskRunner
) -> None:
    panel = open_panel(qtbot, hall, runner)
    click(qtbot, panel, panel.call_button)
    assert panel.status.text() == panel.tr("Nobody is waiting for {categories}").format(
        categories="A, B"
    )
    issue_ticket(hall.engine, "A")
    admin = open_panel(qtbot, hall, runner, actor=ADMIN)
    click(qtbot, admin, admin.call_button)
    assert "无权受理办件" in admin.status.text()
    assert today_ticket(hall.engine, "A001").state is TicketState.WAITING


def test_a_ticket_issued_at_another_workstation_shows_within_two_seconds(
    qtbot: QtBot,
    hall: CounterContext,
    runner: TaskRunner,
    database_url: str,  # noqa: F811
) -> None:
    panel = open_panel(qtbot, hall, runner, live=True)
    qtbot.waitUntil(lambda: panel.watcher is not None and panel.watcher.listening, timeout=10_000)
    assert "A 0" in panel.waiting_label.text()
    subprocess.run(
        [sys.executable, "-c", SECOND_WORKSTATION, database_url],
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
        timeout=60,
    )
    qtbot.waitUntil(lambda: "A 1" in panel.waiting_label.text(), timeout=2_000)
    panel.stop()


def test_a_change_heard_while_the_workspace_closes_is_dropped(
    qtbot: QtBot, hall: CounterContext, runner: TaskRunner
) -> None:
    """The watcher's last batch can arrive after the runner shut down: no error, no read."""
    panel = open_panel(qtbot, hall, runner)
    seen = panel.refreshes
    runner.shutdown(wait_ms=5_000)
    panel.refresh()  # what a change heard now calls
    qtbot.wait(100)
    assert panel.refreshes == seen


def test_the_case_queue_ignores_ticket_changes(
    qtbot: QtBot, hall: CounterContext, runner: TaskRunner
) -> None:
    view = CaseQueueView(hall, SUPERVISOR, runner, language=Language.ZH_CN, live=True)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.watcher is not None and view.watcher.listening, timeout=10_000)
    relayed: list[object] = []
    view.relay.changed.connect(relayed.append)
    issue_ticket(hall.engine, "A")
    with hall.engine.begin() as connection:
        case_changed(connection, "330106001-20260316-00001")
    qtbot.waitUntil(lambda: bool(relayed), timeout=5_000)
    qtbot.wait(300)
    assert relayed == [("330106001-20260316-00001",)]
    view.stop()


# -- in the clerk's workspace -------------------------------------------------------------


def test_the_workspace_calls_clears_the_flow_shows_the_applicant_and_records_the_case(
    qtbot: QtBot, counter: Counter, applicant: Person
) -> None:
    workspace, flow, screen = counter.workspace, counter.flow, counter.screen
    panel = workspace.ticket_panel
    assert panel is not None and panel.isVisibleTo(workspace.window)
    db = workspace._ctx.engine
    issue_ticket(db, "A")
    issue_ticket(db, "A")
    qtbot.waitUntil(lambda: panel.refreshes >= 1, timeout=10_000)
    click(qtbot, panel, panel.call_button)
    assert screen.ticket == "A001"
    to_consent(qtbot, counter, applicant)
    agree_and_look_up(qtbot, counter)
    fill_realestate_form(flow)
    assert flow.step != SERVICE and flow.case is None
    qtbot.mouseClick(panel.call_button, Qt.MouseButton.LeftButton)
    box = message_box()
    assert box is not None  # a case is open: the clerk is asked
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    assert flow.step != SERVICE  # kept
    case = submit(qtbot, counter)
    qtbot.waitUntil(lambda: today_ticket(db, "A001").case_number == case.number, timeout=10_000)
    qtbot.waitUntil(lambda: not panel.busy, timeout=10_000)
    click(qtbot, panel, panel.call_button)  # the case is saved: no question
    assert message_box() is None
    assert flow.step == SERVICE and screen.ticket == "A002"
    first = today_ticket(db, "A001")
    assert first.state is TicketState.DONE and first.case_number == case.number
    workspace.idle_lock.lock()
    assert not panel.isEnabled()

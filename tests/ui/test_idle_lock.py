"""The idle lock: covers the page after the (short) timeout, unlocks with the password."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counterapp.app.users import SignInDesk
from counterapp.audit.events import EventKind
from counterapp.config import Settings, load_settings
from counterapp.store.audit_tables import audit_events
from counterapp.ui.app import Workspace as AppWorkspace
from counterapp.ui.idle_lock import IdleLock
from counterapp.ui.main_window import MainWindow
from counterapp.ui.workers import TaskRunner
from helpers.accounts import CLERK_PASSWORD, Accounts, make_accounts
from helpers.languages import interface_language

SENTINEL = "张三 110101199003071234"
SHORT_MS = 200


@pytest.fixture
def accounts(tmp_path: Path) -> Iterator[Accounts]:
    made = make_accounts(tmp_path)
    yield made
    made.engine.dispose()


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    assert tasks.shutdown(wait_ms=5000)
    tasks.deleteLater()


@pytest.fixture(autouse=True)
def chinese(qapp: QApplication) -> Iterator[None]:
    with interface_language(qapp, "zh_CN"):
        yield


class Workspace:
    """A window with a page showing personal data, and its idle lock."""

    def __init__(self, qtbot: QtBot, accounts: Accounts, runner: TaskRunner, ms: int) -> None:
        clerk = accounts.clerk
        desk = SignInDesk.of(load_settings(), accounts.engine, "test-ws")
        self.window = MainWindow(clerk, hall_name="西湖区政务服务中心", window="07")
        qtbot.addWidget(self.window)
        self.page = QWidget()
        self.sentinel = QLabel(SENTINEL, self.page)
        self.id_edit = QLineEdit(SENTINEL, self.page)
        self.window.set_page(self.page)
        self.lock = IdleLock(
            self.window.pages,
            self.window.body,
            check_password=lambda password: desk.sign_in(clerk.username, password),
            runner=runner,
            timeout_ms=ms,
            user_text=clerk.display_name,
            parent=self.window,
        )
        self.window.lock_requested.connect(self.lock.lock)
        self.lock.locked.connect(lambda: self.window.set_locked(True))
        self.lock.unlocked.connect(lambda: self.window.set_locked(False))
        self.window.shutdown.connect(self.lock.stop)
        self.window.show()
        self.lock.start()

    def visible_texts(self) -> list[str]:
        texts = []
        for widget in self.window.findChildren(QWidget):
            if not widget.isVisible():
                continue
            if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
                texts.append(widget.text())
            texts.append(widget.toolTip())
        return texts

    def assert_covered(self) -> None:
        assert self.lock.is_locked
        assert not self.window.pages.isVisible()
        assert not self.page.isVisible() and not self.sentinel.isVisible()
        assert self.lock.overlay.isVisible()
        assert self.lock.overlay.geometry() == self.window.body.rect()
        assert not any(SENTINEL in text for text in self.visible_texts())


@pytest.fixture
def short(qtbot: QtBot, accounts: Accounts, runner: TaskRunner) -> Iterator[Workspace]:
    workspace = Workspace(qtbot, accounts, runner, SHORT_MS)
    yield workspace
    workspace.window.close()


@pytest.fixture
def long(qtbot: QtBot, accounts: Accounts, runner: TaskRunner) -> Iterator[Workspace]:
    workspace = Workspace(qtbot, accounts, runner, 60_000)
    yield workspace
    workspace.window.close()


def unlock_with(qtbot: QtBot, workspace: Workspace, password: str) -> None:
    qtbot.keyClicks(workspace.lock.overlay.password_edit, password)
    qtbot.keyClick(workspace.lock.overlay.password_edit, Qt.Key.Key_Return)


def test_idle_timeout_covers_the_page(qtbot: QtBot, short: Workspace) -> None:
    assert short.sentinel.isVisible() and not short.lock.is_locked
    qtbot.waitUntil(lambda: short.lock.is_locked, timeout=5000)
    short.assert_covered()
    assert "李明" in short.lock.overlay.user_label.text()
    assert not short.window.next_action.isEnabled()


def test_input_keeps_the_screen_unlocked(qtbot: QtBot, short: Workspace) -> None:
    typing = QTimer()
    typing.setInterval(SHORT_MS // 4)
    typing.timeout.connect(lambda: qtbot.keyClick(short.id_edit, Qt.Key.Key_End))
    typing.start()
    elapsed = QElapsedTimer()
    elapsed.start()
    qtbot.waitUntil(lambda: elapsed.elapsed() > 4 * SHORT_MS or short.lock.is_locked)
    assert not short.lock.is_locked and short.lock.counting
    typing.stop()
    qtbot.waitUntil(lambda: short.lock.is_locked, timeout=5000)
    assert not short.lock.counting


def test_ctrl_l_locks_at_once(qtbot: QtBot, long: Workspace) -> None:
    long.window.activateWindow()
    qtbot.waitUntil(long.window.isActiveWindow)
    qtbot.keyClick(long.window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    long.assert_covered()


def test_right_password_restores_the_page_as_it_was(qtbot: QtBot, long: Workspace) -> None:
    long.id_edit.setFocus()
    long.id_edit.setCursorPosition(3)
    long.lock.lock()
    long.assert_covered()
    with qtbot.waitSignal(long.lock.unlocked, timeout=10_000):
        unlock_with(qtbot, long, CLERK_PASSWORD)
    assert not long.lock.overlay.isVisible()
    assert long.sentinel.isVisible() and long.window.current_page() is long.page
    assert long.id_edit.text() == SENTINEL and long.id_edit.cursorPosition() == 3
    assert long.lock.overlay.password_edit.text() == ""
    assert long.window.next_action.isEnabled()
    assert long.lock.counting


def test_wrong_password_is_refused_with_the_reason(qtbot: QtBot, long: Workspace) -> None:
    long.lock.lock()
    unlock_with(qtbot, long, "not-the-password")
    assert not long.lock.overlay.unlock_button.isEnabled()  # checking in the background
    message = long.lock.overlay.message_label
    qtbot.waitUntil(message.isVisible, timeout=10_000)
    assert message.text() == "用户名或密码错误"
    assert long.lock.overlay.unlock_button.isEnabled()
    long.assert_covered()
    with qtbot.waitSignal(long.lock.unlocked, timeout=10_000):
        unlock_with(qtbot, long, CLERK_PASSWORD)
    assert long.sentinel.isVisible()


def test_the_overlay_follows_the_window_size(qtbot: QtBot, long: Workspace) -> None:
    long.lock.lock()
    long.window.resize(1300, 900)
    qtbot.waitUntil(lambda: long.lock.overlay.geometry() == long.window.body.rect())
    long.assert_covered()


def open_workspace(
    qtbot: QtBot, accounts: Accounts, runner: TaskRunner, settings: Settings
) -> AppWorkspace:
    ctx = SimpleNamespace(
        settings=settings, engine=accounts.engine, window="07", workstation="test-ws"
    )
    workspace = AppWorkspace(ctx, accounts.clerk, runner, idle_ms=60_000)  # type: ignore[arg-type]
    return workspace


def test_workspace_wires_the_lock_to_the_window(
    qtbot: QtBot, accounts: Accounts, runner: TaskRunner
) -> None:
    workspace = open_workspace(qtbot, accounts, runner, load_settings())
    qtbot.addWidget(workspace.window)
    workspace.window.show()
    workspace.window.lock_action.trigger()
    assert workspace.idle_lock.is_locked and not workspace.window.pages.isVisible()
    assert not workspace.window.next_action.isEnabled()
    password = workspace.idle_lock.overlay.password_edit
    with qtbot.waitSignal(workspace.idle_lock.unlocked, timeout=10_000):
        qtbot.keyClicks(password, CLERK_PASSWORD)
        qtbot.keyClick(password, Qt.Key.Key_Return)
    assert workspace.window.pages.isVisible() and workspace.window.next_action.isEnabled()
    workspace.window.close()  # stops the lock and records the sign-out
    assert not workspace.idle_lock.counting
    with accounts.engine.connect() as connection:
        kinds = [row.kind for row in connection.execute(select(audit_events.c.kind))]
    assert kinds[-1] == EventKind.LOGOUT.value


def test_the_idle_unlock_applies_the_configured_lockout_policy(
    qtbot: QtBot, accounts: Accounts, runner: TaskRunner
) -> None:
    """``users.lockout_failures = 2``: the unlock signs in at the same desk as the dialog."""
    settings = load_settings(overrides=["users.lockout_failures=2"])
    workspace = open_workspace(qtbot, accounts, runner, settings)
    assert workspace.desk.policy.max_failures == 2
    qtbot.addWidget(workspace.window)
    workspace.window.show()
    workspace.idle_lock.lock()
    overlay = workspace.idle_lock.overlay
    refusals = []
    for password in ("wrong-once", "wrong-twice", CLERK_PASSWORD):
        overlay.show_message("")
        qtbot.keyClicks(overlay.password_edit, password)
        qtbot.keyClick(overlay.password_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(overlay.message_label.isVisible, timeout=10_000)
        refusals.append(overlay.message_label.text())
    assert refusals[0] == "用户名或密码错误"
    assert "已锁定" in refusals[1] and "已锁定" in refusals[2]  # the right password too
    assert workspace.idle_lock.is_locked and not workspace.window.pages.isVisible()
    workspace.window.close()
    with accounts.engine.connect() as connection:
        kinds = [row.kind for row in connection.execute(select(audit_events.c.kind))]
    assert EventKind.LOCKED_OUT.value in kinds

"""The sign-in dialog against a real SQLite database, checked off the GUI thread."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from counterapp.app.users import SignInDesk
from counterapp.config import Settings, load_settings
from counterapp.ui.login_dialog import LoginDialog
from counterapp.ui.workers import TaskRunner
from counterapp.users.roles import Actor, Role
from helpers.accounts import CLERK_NAME, CLERK_PASSWORD, Accounts, make_accounts
from helpers.languages import interface_language


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


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    with interface_language(qapp, "zh_CN"):
        yield


def open_dialog(
    qtbot: QtBot, accounts: Accounts, runner: TaskRunner, settings: Settings | None = None
) -> LoginDialog:
    desk = SignInDesk.of(settings or load_settings(), accounts.engine, "test-ws")
    dialog = LoginDialog(desk, runner, window="07")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def type_in(qtbot: QtBot, dialog: LoginDialog, username: str, password: str) -> None:
    qtbot.keyClicks(dialog.username_edit, username)
    qtbot.keyClicks(dialog.password_edit, password)


@pytest.mark.usefixtures("chinese")
def test_enter_signs_in_and_emits_the_actor(
    qtbot: QtBot, accounts: Accounts, runner: TaskRunner
) -> None:
    dialog = open_dialog(qtbot, accounts, runner)
    assert dialog.windowTitle() == "登录"
    assert dialog.window_label.text() == "07"
    assert dialog.password_edit.echoMode() is QLineEdit.EchoMode.Password
    type_in(qtbot, dialog, CLERK_NAME, CLERK_PASSWORD)
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000) as signal:
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        assert dialog.checking  # the check runs in the background...
        assert not dialog.sign_in_button.isEnabled()  # ...and the button waits for it
    actor = signal.args[0]
    assert (actor.username, actor.role, actor.window) == (CLERK_NAME, Role.CLERK, "07")
    assert dialog.result() == LoginDialog.DialogCode.Accepted
    assert not dialog.isVisible()
    assert dialog.password_edit.text() == ""


@pytest.mark.usefixtures("chinese")
def test_wrong_password_shows_the_chinese_reason(
    qtbot: QtBot, accounts: Accounts, runner: TaskRunner
) -> None:
    dialog = open_dialog(qtbot, accounts, runner)
    signed_in: list[object] = []
    dialog.signed_in.connect(signed_in.append)
    type_in(qtbot, dialog, CLERK_NAME, "not-the-password")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert not dialog.sign_in_button.isEnabled()
    assert dialog.sign_in_button.text() == "正在验证…"
    qtbot.waitUntil(lambda: dialog.message_label.isVisible(), timeout=10_000)
    assert dialog.message_label.text() == "用户名或密码错误"
    assert dialog.sign_in_button.isEnabled()
    assert dialog.sign_in_button.text() == "登录"
    assert dialog.password_edit.text() == ""
    assert dialog.isVisible()
    assert signed_in == []


@pytest.mark.usefixtures("chinese")
def test_unknown_user_gets_the_same_reason(
    qtbot: QtBot, accounts: Accounts, runner: TaskRunner
) -> None:
    dialog = open_dialog(qtbot, accounts, runner)
    type_in(qtbot, dialog, "nobody", CLERK_PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.message_label.isVisible(), timeout=10_000)
    assert dialog.message_label.text() == "用户名或密码错误"


@pytest.mark.usefixtures("chinese")
def test_empty_fields_are_not_sent(qtbot: QtBot, accounts: Accounts, runner: TaskRunner) -> None:
    dialog = open_dialog(qtbot, accounts, runner)
    qtbot.keyClicks(dialog.username_edit, CLERK_NAME)
    qtbot.keyClick(dialog.username_edit, Qt.Key.Key_Return)  # Enter moves on to the password
    assert not dialog.checking
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert not dialog.checking
    assert dialog.message_label.text() == "请输入用户名和密码。"


def test_english_interface_says_the_reason_in_english(
    qtbot: QtBot, accounts: Accounts, runner: TaskRunner
) -> None:
    dialog = open_dialog(qtbot, accounts, runner)
    assert dialog.windowTitle() == "Sign in"
    type_in(qtbot, dialog, CLERK_NAME, "not-the-password")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.message_label.isVisible(), timeout=10_000)
    assert dialog.message_label.text() == "wrong username or password"


def sign_in_attempts(
    qtbot: QtBot, dialog: LoginDialog, passwords: tuple[str, ...]
) -> tuple[list[Actor], list[str]]:
    """Sign in with each password in turn; who signed in and every refusal shown."""
    signed_in: list[Actor] = []
    refusals: list[str] = []
    dialog.signed_in.connect(signed_in.append)
    for password in passwords:
        dialog.message_label.hide()
        dialog.username_edit.clear()
        type_in(qtbot, dialog, CLERK_NAME, password)
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(signed_in) or dialog.message_label.isVisible(), timeout=10_000)
        if dialog.message_label.isVisible():
            refusals.append(dialog.message_label.text())
    return signed_in, refusals


WRONG_TWICE_THEN_RIGHT = ("wrong-once", "wrong-twice", CLERK_PASSWORD)


def test_the_dialog_applies_the_configured_lockout_policy(
    qtbot: QtBot, accounts: Accounts, runner: TaskRunner
) -> None:
    """``users.lockout_failures = 2`` locks the account from the dialog, not only the CLI."""
    settings = load_settings(overrides=["users.lockout_failures=2"])
    dialog = open_dialog(qtbot, accounts, runner, settings)
    assert dialog.desk.policy.max_failures == 2
    signed_in, refusals = sign_in_attempts(qtbot, dialog, WRONG_TWICE_THEN_RIGHT)
    assert signed_in == []  # the right password after 2 failures is refused: locked
    assert refusals[0] == "wrong username or password"
    assert "locked" in refusals[1]  # the second failure locks
    assert "locked" in refusals[2]  # and the right password does not open it
    assert dialog.isVisible()


def test_the_default_policy_lets_the_same_attempts_sign_in(
    qtbot: QtBot, accounts: Accounts, runner: TaskRunner
) -> None:
    """With the default 5 failures, two wrong passwords and then the right one sign in."""
    dialog = open_dialog(qtbot, accounts, runner)
    assert dialog.desk.policy.max_failures == 5
    signed_in, refusals = sign_in_attempts(qtbot, dialog, WRONG_TWICE_THEN_RIGHT)
    assert refusals == ["wrong username or password"] * 2
    assert [actor.username for actor in signed_in] == [CLERK_NAME]


def test_a_sign_in_asked_for_before_the_workstation_opened_is_checked_when_it_has(
    qtbot: QtBot, accounts: Accounts, runner: TaskRunner
) -> None:
    dialog = LoginDialog(None, runner, window="07")  # the workspace's start: no desk yet
    qtbot.addWidget(dialog)
    dialog.show()
    type_in(qtbot, dialog, CLERK_NAME, CLERK_PASSWORD)
    signed_in: list[Actor] = []
    dialog.signed_in.connect(signed_in.append)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.checking  # it waits, with the fields kept
    assert not dialog.sign_in_button.isEnabled()
    assert dialog.password_edit.text() == CLERK_PASSWORD
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000):
        dialog.set_desk(SignInDesk.of(load_settings(), accounts.engine, "test-ws"))
    assert [a.username for a in signed_in] == [CLERK_NAME]
    assert dialog.result() == LoginDialog.DialogCode.Accepted

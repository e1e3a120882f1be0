"""Users and roles through the real app layer on a real SQLite file, driven by keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counterapp.app.users import sign_in
from counterapp.errors import Language
from counterapp.store.audit_log import stream_records
from counterapp.ui.admin_users import (
    AddUserDialog,
    ResetPasswordDialog,
    UsersAdminView,
    UsersTableModel,
)
from counterapp.ui.workers import TaskRunner
from counterapp.users import SignInFailed, SignInFailure
from helpers.accounts import CHEAP_HASHER, CLERK_NAME, CLERK_PASSWORD, Accounts, make_accounts
from helpers.languages import interface_language
from helpers.screenshots import save_screenshot

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def accounts(tmp_path: Path) -> Iterator[Accounts]:
    made = make_accounts(tmp_path)
    yield made
    made.engine.dispose()


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown(wait_ms=5_000)


def open_view(qtbot: QtBot, accounts: Accounts, runner: TaskRunner, actor=None) -> UsersAdminView:  # type: ignore[no-untyped-def]
    view = UsersAdminView(
        accounts.engine,
        actor or accounts.admin,
        runner,
        language=Language.ZH_CN,
        workstation="IT-01",
    )
    view.resize(900, 360)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: not view.busy)
    return view


def cell(view: UsersAdminView, username: str, column: int) -> str:
    row = view.model.row_of(username)
    assert row is not None, username
    return str(view.model.data(view.model.index(row, column)))


def details(accounts: Accounts) -> list[str]:
    with accounts.engine.connect() as connection:
        return [r.detail for r in stream_records(connection) if r.kind == "admin_action"]


def lock_out_the_clerk(accounts: Accounts) -> None:
    for _ in range(5):
        with pytest.raises(SignInFailed):
            sign_in(accounts.engine, CLERK_NAME, "wrong-guess-1", workstation="W07")


def test_the_accounts_are_listed(qtbot: QtBot, accounts: Accounts, runner: TaskRunner) -> None:
    view = open_view(qtbot, accounts, runner)
    assert [u.username for u in view.model.users] == ["admin", "liming"]
    assert cell(view, "liming", UsersTableModel.NAME) == "李明"
    assert cell(view, "liming", UsersTableModel.WINDOW) == "07"
    assert cell(view, "liming", UsersTableModel.LOCKED) == ""
    assert view.add_button.isEnabled()


def test_add_user_shows_a_weak_password_inline_then_adds(
    qtbot: QtBot, accounts: Accounts, runner: TaskRunner
) -> None:
    view = open_view(qtbot, accounts, runner)
    qtbot.keyClick(view.table, Qt.Key.Key_N, CTRL)
    dialog = view.dialog
    assert isinstance(dialog, AddUserDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.username_edit, "zhaolei")
    dialog.name_edit.setText("赵磊")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("supervisor"))
    qtbot.keyClicks(dialog.window_edit, "12")
    qtbot.keyClicks(dialog.password_edit, "12345678901")
    qtbot.keyClicks(dialog.confirm_edit, "12345678901")
    qtbot.keyClick(dialog.confirm_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.password_error.isVisible())
    assert dialog.password_error.text() == "密码不能全部是数字（请加入字母或符号）"
    assert dialog.isVisible() and [u.username for u in view.model.users] == ["admin", "liming"]
    dialog.password_edit.clear()
    dialog.confirm_edit.clear()
    qtbot.keyClicks(dialog.password_edit, "zhao-pass-12")
    qtbot.keyClicks(dialog.confirm_edit, "zhao-pass-1")
    qtbot.keyClick(dialog.confirm_edit, Qt.Key.Key_Return)
    assert dialog.password_error.text() == "The two passwords differ."  # no .qm installed
    qtbot.keyClicks(dialog.confirm_edit, "2")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.keyClick(dialog.confirm_edit, Qt.Key.Key_Return)
    assert view.dialog is None  # closed
    assert cell(view, "zhaolei", UsersTableModel.NAME) == "赵磊"
    assert view.selected_user() is not None and view.selected_user().username == "zhaolei"  # type: ignore[union-attr]
    assert view.message == "User zhaolei added."
    assert details(accounts)[-1] == "added user 'zhaolei' as supervisor"
    assert sign_in(accounts.engine, "zhaolei", "zhao-pass-12", workstation="").window == "12"


def test_an_existing_username_is_refused_in_the_dialog(
    qtbot: QtBot, accounts: Accounts, runner: TaskRunner
) -> None:
    view = open_view(qtbot, accounts, runner)
    view.add_user()
    dialog = view.dialog
    assert isinstance(dialog, AddUserDialog)
    qtbot.keyClicks(dialog.username_edit, "LiMing")
    qtbot.keyClicks(dialog.password_edit, "another-pass-1")
    qtbot.keyClicks(dialog.confirm_edit, "another-pass-1")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.form_error.isVisible(), timeout=10_000)
    assert dialog.form_error.text() == "用户 liming 已存在"
    assert dialog.isVisible()


def test_disable_and_enable_from_the_keyboard(
    qtbot: QtBot, accounts: Accounts, runner: TaskRunner
) -> None:
    view = open_view(qtbot, accounts, runner)
    view.select("liming")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.keyClick(view.table, Qt.Key.Key_D, CTRL)
    assert cell(view, "liming", UsersTableModel.DISABLED) == "Disabled"
    assert view.toggle_button.text() == "&Enable"
    with pytest.raises(SignInFailed) as refused:
        sign_in(accounts.engine, CLERK_NAME, CLERK_PASSWORD, workstation="")
    assert refused.value.failure is SignInFailure.DISABLED
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.keyClick(view.table, Qt.Key.Key_D, CTRL)
    assert cell(view, "liming", UsersTableModel.DISABLED) == ""
    assert details(accounts)[-2:] == ["disabled user 'liming'", "enabled user 'liming'"]
    view.select("admin")  # one's own account cannot be disabled here (nor in the app layer)
    assert not view.toggle_button.isEnabled() and not view.reset_button.isEnabled()


def test_a_locked_out_clerk_is_shown_and_unlocked(
    qtbot: QtBot, accounts: Accounts, runner: TaskRunner
) -> None:
    lock_out_the_clerk(accounts)
    view = open_view(qtbot, accounts, runner)
    assert cell(view, "liming", UsersTableModel.LOCKED) != ""  # the time the lock ends
    view.select("liming")
    assert view.unlock_button.isEnabled()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.keyClick(view.table, Qt.Key.Key_U, CTRL)
    assert cell(view, "liming", UsersTableModel.LOCKED) == ""
    assert view.message == "User liming unlocked."
    assert not view.unlock_button.isEnabled()
    assert details(accounts)[-1] == "lifted the lock-out of user 'liming'"
    sign_in(accounts.engine, CLERK_NAME, CLERK_PASSWORD, workstation="")


def test_reset_password_sets_a_temporary_one(
    qtbot: QtBot, accounts: Accounts, runner: TaskRunner
) -> None:
    lock_out_the_clerk(accounts)
    view = open_view(qtbot, accounts, runner)
    view.select("liming")
    qtbot.keyClick(view.table, Qt.Key.Key_P, CTRL | SHIFT)
    dialog = view.dialog
    assert isinstance(dialog, ResetPasswordDialog) and dialog.username == "liming"
    qtbot.keyClicks(dialog.password_edit, "liming")
    qtbot.keyClicks(dialog.confirm_edit, "liming")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.password_error.isVisible(), timeout=10_000)
    assert "密码" in dialog.password_error.text()
    dialog.password_edit.setText("temp-pass-2026")
    dialog.confirm_edit.setText("temp-pass-2026")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        dialog.ok_button.click()
    assert view.message == "The password of liming was reset."
    assert cell(view, "liming", UsersTableModel.LOCKED) == ""  # a reset lifts the lock
    assert details(accounts)[-1] == "reset the password of 'liming'"
    sign_in(accounts.engine, CLERK_NAME, "temp-pass-2026", workstation="")


def test_a_clerk_is_refused_in_the_view(
    qtbot: QtBot, accounts: Accounts, runner: TaskRunner
) -> None:
    view = open_view(qtbot, accounts, runner, accounts.clerk)
    assert view.message == "办事员 liming 无权管理用户（需要管理员角色）"
    assert view.model.rowCount() == 0
    assert not view.add_button.isEnabled() and not view.toggle_button.isEnabled()


def test_screenshot_admin_users(
    qtbot: QtBot, qapp: QApplication, accounts: Accounts, runner: TaskRunner
) -> None:
    from counterapp.app.user_admin import add_user, disable_user
    from counterapp.users import Role

    admin = accounts.admin
    for name, role, display, window in (
        ("wangfang", Role.SUPERVISOR, "王芳", ""),
        ("zhangwei", Role.CLERK, "张伟", "03"),
        ("chenjing", Role.CLERK, "陈静", "05"),
        ("zhaolei", Role.CLERK, "赵磊", "12"),
    ):
        add_user(
            accounts.engine, admin, name, role, display, "first-pass-1", window, hasher=CHEAP_HASHER
        )
    disable_user(accounts.engine, admin, "chenjing")
    sign_in(
        accounts.engine,
        "zhangwei",
        "first-pass-1",
        workstation="W03",
        now=datetime(2026, 11, 3, 0, 55, tzinfo=UTC),
    )
    lock_out_the_clerk(accounts)
    with interface_language(qapp, "zh_CN"):
        view = open_view(qtbot, accounts, runner)
        view.select("liming")
        assert view.unlock_button.text() == "解除锁定(&U)"
        assert cell(view, "chenjing", UsersTableModel.DISABLED) == "已停用"
        save_screenshot(view, "admin-users")
        view.add_user()
        dialog = view.dialog
        assert isinstance(dialog, AddUserDialog)
        dialog.username_edit.setText("sunli")
        dialog.name_edit.setText("孙丽")
        dialog.window_edit.setText("08")
        dialog.password_edit.setText("sunli")
        dialog.confirm_edit.setText("sunli")
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: dialog.password_error.isVisible(), timeout=10_000)
        save_screenshot(dialog, "admin-users-add")
        dialog.reject()

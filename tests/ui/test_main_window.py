"""The workspace frame: title, status bar, menu actions with shortcuts, pages, closing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from counterapp.ui.main_window import MainWindow
from counterapp.users.roles import Actor, Role
from helpers.languages import interface_language

CLERK = Actor("liming", Role.CLERK, "李明", "07")


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    with interface_language(qapp, "zh_CN"):
        yield


def make_window(qtbot: QtBot, actor: Actor = CLERK) -> MainWindow:
    window = MainWindow(actor, hall_name="西湖区政务服务中心", window="07")
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.mark.usefixtures("chinese")
def test_title_and_status_bar_say_who_where_and_what_role(qtbot: QtBot) -> None:
    window = make_window(qtbot)
    assert "西湖区政务服务中心" in window.windowTitle()
    assert window.user_label.text() == "当前用户：李明（liming）"
    assert window.role_label.text() == "角色：办事员"
    assert window.window_label.text() == "07 号窗口"
    for label in (window.user_label, window.role_label, window.window_label):
        assert label.isVisible()


@pytest.mark.usefixtures("chinese")
@pytest.mark.parametrize(("role", "label"), [(Role.SUPERVISOR, "审核员"), (Role.ADMIN, "管理员")])
def test_every_role_is_named_in_chinese(qtbot: QtBot, role: Role, label: str) -> None:
    window = make_window(qtbot, Actor("wang", role, "王芳"))
    assert window.role_label.text() == f"角色：{label}"


@pytest.mark.usefixtures("chinese")
def test_menu_actions_show_their_shortcuts(qtbot: QtBot) -> None:
    window = make_window(qtbot)
    menu = window.counter_menu
    assert menu.title() == "受理(&C)"
    expected = {
        "下一位(&N)": ("Ctrl+N", "下一位 (Ctrl+N)"),
        "锁定(&L)": ("Ctrl+L", "锁定 (Ctrl+L)"),
        "退出(&Q)": ("Ctrl+Q", "退出 (Ctrl+Q)"),
    }
    actions = {a.text(): a for a in menu.actions() if not a.isSeparator() and a.isVisible()}
    assert set(actions) == set(expected)  # the applicant screen's toggle: with a screen only
    assert not window.applicant_screen_action.isVisible()
    for text, (keys, tooltip) in expected.items():
        action = actions[text]
        assert action.shortcut() == QKeySequence(keys)
        assert action.toolTip() == tooltip
    assert menu.toolTipsVisible()


def test_ctrl_n_and_ctrl_l_ask_the_collaborators(qtbot: QtBot) -> None:
    window = make_window(qtbot)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts go to the active window
    with qtbot.waitSignal(window.next_requested, timeout=2000):
        qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(window.lock_requested, timeout=2000):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)


def test_set_page_shows_the_widget_in_the_page_area(qtbot: QtBot) -> None:
    window = make_window(qtbot)
    first, second = QLabel("first"), QLabel("second")
    window.set_page(first)
    window.set_page(second)
    window.set_page(first)
    assert window.current_page() is first
    assert window.pages.count() == 3  # the placeholder and the two pages, each once
    assert first.isVisible() and not second.isVisible()


def test_locked_window_disables_the_workspace_actions(qtbot: QtBot) -> None:
    window = make_window(qtbot)
    window.set_locked(True)
    assert not window.next_action.isEnabled() and not window.lock_action.isEnabled()
    assert window.quit_action.isEnabled()
    window.set_locked(False)
    assert window.next_action.isEnabled() and window.lock_action.isEnabled()


def test_closing_asks_collaborators_to_shut_down_once(qtbot: QtBot) -> None:
    window = make_window(qtbot)
    calls: list[str] = []
    window.shutdown.connect(lambda: calls.append("shutdown"))
    window.quit_action.trigger()
    assert not window.isVisible()
    window.close()
    assert calls == ["shutdown"]


def test_english_interface(qtbot: QtBot) -> None:
    window = make_window(qtbot)
    assert window.windowTitle() == "西湖区政务服务中心 — Counter"
    assert window.role_label.text() == "Role: Clerk"
    assert window.next_action.toolTip() == "Next applicant (Ctrl+N)"

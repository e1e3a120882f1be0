"""Languages: the Chinese catalog is complete and current, and no English shows in zh_CN.

Every window or panel of the ui package that can be built on its own is built with the
Chinese translation installed; every text a person can read on it (labels, buttons,
titles, menu actions, tooltips, placeholders, table headers) must be translated: no
text equals an English source string of the catalog, and no text is English prose.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    Qt,
    QTranslator,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from counterapp.config import Settings, load_settings
from counterapp.resources import resource_path
from counterapp.ui.app import create_application
from counterapp.ui.i18n import current_language, role_label, translation_file
from counterapp.ui.idle_lock import IdleLock
from counterapp.ui.login_dialog import LoginDialog
from counterapp.ui.main_window import MainWindow
from counterapp.ui.workers import TaskRunner
from counterapp.users.roles import Actor, Role
from helpers.accounts import make_accounts
from helpers.languages import interface_language

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "packaging" / "update_translations.py"
TS = resource_path("translations", "counterapp_zh_CN.ts")
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
WORD = re.compile(r"[A-Za-z]{3,}")
NOT_PROSE = {"Ctrl", "Alt", "Shift", "Enter", "Esc", "Tab", "Del", "Backspace", "Return"}
"""Key names keep their Latin spelling in Chinese interfaces."""
CLERK = Actor("liming", Role.CLERK, "李明", "07")


def source_patterns() -> list[re.Pattern[str]]:
    """Every English source string of the catalog, placeholders matching anything."""
    patterns = []
    for source in ET.parse(TS).getroot().iter("source"):
        text = (source.text or "").replace("&", "")
        if not WORD.search(text):
            continue  # "; " and the like cannot be told apart from data
        parts = re.split(r"\{\w+\}|%n|%\d", text)
        patterns.append(re.compile(".*".join(re.escape(part) for part in parts), re.DOTALL))
    return patterns


def readable_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """``(where, text)`` for every text a person can read on ``root`` and its children."""
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        name = f"{type(widget).__name__}({widget.objectName()})"
        if widget.isWindow():
            yield f"{name}.windowTitle", widget.windowTitle()
        yield f"{name}.toolTip", widget.toolTip()
        yield f"{name}.statusTip", widget.statusTip()
        yield f"{name}.whatsThis", widget.whatsThis()
        if isinstance(widget, QLabel | QAbstractButton):
            yield f"{name}.text", widget.text()
        if isinstance(widget, QLineEdit):
            yield f"{name}.placeholderText", widget.placeholderText()
        if isinstance(widget, QTextEdit | QPlainTextEdit):
            yield f"{name}.placeholderText", widget.placeholderText()
            yield f"{name}.text", widget.toPlainText()
        if isinstance(widget, QGroupBox):
            yield f"{name}.title", widget.title()
        if isinstance(widget, QMenu):
            yield f"{name}.title", widget.title()
        if isinstance(widget, QComboBox):
            for index in range(widget.count()):
                yield f"{name}.item", widget.itemText(index)
        if isinstance(widget, QTabWidget):
            for index in range(widget.count()):
                yield f"{name}.tab", widget.tabText(index)
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            flat = isinstance(model, QAbstractListModel)
            for column in range(1 if flat else model.columnCount(QModelIndex())):
                header = model.headerData(column, Qt.Orientation.Horizontal)
                yield f"{name}.header", str(header or "")
                for row in range(model.rowCount(QModelIndex())):
                    cell = model.data(model.index(row, column))
                    yield f"{name}.cell", "" if cell is None else str(cell)
    for action in root.findChildren(QAction):
        for kind, text in (("text", action.text()), ("toolTip", action.toolTip())):
            yield f"QAction.{kind}", text


def english_left(root: QWidget, data: set[str]) -> list[str]:
    """The texts on ``root`` that are untranslated English (data values excepted)."""
    patterns = source_patterns()
    found = []
    for where, raw in readable_texts(root):
        text = raw.replace("&", "").strip()
        if not text or CJK.search(text) or text in data:
            continue
        words = set(WORD.findall(text)) - NOT_PROSE - data
        if words or any(pattern.fullmatch(text) for pattern in patterns):
            found.append(f"{where}: {raw!r}")
    return found


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    with interface_language(qapp, "zh_CN"):
        yield


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown(wait_ms=5000)
    tasks.deleteLater()


def test_catalog_is_complete_and_compiled() -> None:
    """Every string of the ui package is in the .ts, translated, and the .qm matches it."""
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert translation_file("zh_CN").is_file()


def main_window_locked(qtbot: QtBot, tmp_path: Path, runner: TaskRunner) -> QWidget:
    window = MainWindow(CLERK, hall_name="西湖区政务服务中心", window="07")
    qtbot.addWidget(window)
    lock = IdleLock(
        window.pages,
        window.body,
        check_password=lambda password: None,
        runner=runner,
        timeout_ms=60_000,
        user_text=CLERK.display_name,
        parent=window,
    )
    window.show()
    lock.lock()
    lock.overlay.show_message("用户名或密码错误")
    return window


def login_dialog(qtbot: QtBot, tmp_path: Path, runner: TaskRunner) -> QWidget:
    dialog = LoginDialog(make_accounts(tmp_path).engine, runner, window="07")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def others(qtbot: QtBot, tmp_path: Path, runner: TaskRunner) -> QWidget:
    """The other ui modules' panels, as far as they build without a running lookup."""
    from counterapp.catalog import load_catalog
    from counterapp.forms import load_forms
    from counterapp.ui.consent_panel import ConsentPanel
    from counterapp.ui.id_input import IdNumberInput
    from counterapp.ui.lookup_panel import LookupPanel
    from counterapp.ui.service_picker import ServicePicker

    holder = QWidget()
    qtbot.addWidget(holder)
    for panel in (
        ServicePicker(load_forms(load_catalog()).values()),
        IdNumberInput(),
        ConsentPanel(
            purpose_zh="办理结婚登记",
            departments=(("civil", "民政局"),),
            categories=(("marriage", "婚姻信息"),),
            clerk_username="liming",
        ),
        LookupPanel(runner),
    ):
        panel.setParent(holder)
    holder.show()
    return holder


@pytest.mark.usefixtures("chinese")
@pytest.mark.parametrize("build", [login_dialog, main_window_locked, others])
def test_no_english_left_in_chinese(
    qtbot: QtBot, tmp_path: Path, runner: TaskRunner, build: Callable[..., QWidget]
) -> None:
    root = build(qtbot, tmp_path, runner)
    assert english_left(root, data={"liming", "jhdj", "jiehun"}) == []


def test_main_window_without_lock_in_chinese(qtbot: QtBot, chinese: None) -> None:
    window = MainWindow(CLERK, hall_name="西湖区政务服务中心", window="07")
    qtbot.addWidget(window)
    window.show()
    assert english_left(window, data={"liming"}) == []


def test_the_check_finds_english(qtbot: QtBot) -> None:
    """Without the translation the same walk does find the English (the test can fail)."""
    window = MainWindow(CLERK, hall_name="西湖区政务服务中心", window="07")
    qtbot.addWidget(window)
    found = english_left(window, data={"liming"})
    assert any("Next applicant" in line for line in found)


@pytest.fixture
def restore_application(qapp: QApplication) -> Iterator[QApplication]:
    font, locale = qapp.font(), QLocale()
    before = set(qapp.findChildren(QTranslator))
    yield qapp
    QLocale.setDefault(locale)
    for translator in set(qapp.findChildren(QTranslator)) - before:
        qapp.removeTranslator(translator)
        translator.setParent(None)
    qapp.setFont(font)


def settings_with(language: str) -> Settings:
    defaults = load_settings()
    return Settings(values={**defaults.values, "ui.language": language})


def test_create_application_in_chinese(restore_application: QApplication) -> None:
    app = create_application(settings_with("zh_CN"))
    assert app is restore_application
    assert current_language() == "zh_CN"
    assert role_label(Role.SUPERVISOR) == "审核员"
    assert QCoreApplication.translate("LoginDialog", "Sign in") == "登录"
    assert "WenQuanYi Micro Hei" in app.font().families()


def test_create_application_in_english(restore_application: QApplication) -> None:
    create_application(settings_with("en"))
    assert current_language() == "en"
    assert role_label(Role.SUPERVISOR) == "Supervisor"
    assert QCoreApplication.translate("LoginDialog", "Sign in") == "Sign in"

"""Languages: the Chinese catalog is complete and current, and no English shows in zh_CN.

Every window or panel of the ui package that can be built on its own is built with the
Chinese translation installed; every text a person can read on it (labels, buttons,
titles, menu actions, tooltips, placeholders, table headers) must be translated: no
text equals an English source string of the catalog, and no text is English prose. A
Chinese text may keep Latin letters (key names, codes) but no word of the catalog's
English that no translation keeps ("民政局 · Verified" is caught).

The case flow is also walked for real, against the simulator, to the pre-filled form of
every service: the form step (field table, eligibility, materials, the flow's buttons and
status) is checked the same way in Chinese, and shows English in English.
"""

from __future__ import annotations

import functools
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

from counterapp.app.context import CounterContext
from counterapp.app.users import SignInDesk
from counterapp.catalog import load_catalog
from counterapp.config import Settings, load_settings
from counterapp.forms import load_forms
from counterapp.resources import resource_path
from counterapp.sim.model import Population
from counterapp.sim.population import generate_population
from counterapp.sim.server import Simulator, start_simulator
from counterapp.ui.app import create_application
from counterapp.ui.case_flow import FORM, CaseFlow
from counterapp.ui.form_model import VALUE
from counterapp.ui.i18n import current_language, role_label, translation_file
from counterapp.ui.idle_lock import IdleLock
from counterapp.ui.login_dialog import LoginDialog
from counterapp.ui.main_window import MainWindow
from counterapp.ui.workers import TaskRunner
from counterapp.users.roles import Actor, Role
from helpers.accounts import make_accounts
from helpers.counter_setup import counter_context, living_adults, walk_to_form
from helpers.languages import interface_language

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "packaging" / "update_translations.py"
TS = resource_path("translations", "counterapp_zh_CN.ts")
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
HAN = re.compile(r"[\u3400-\u9fff]")
WORD = re.compile(r"[A-Za-z]{3,}")
LATIN = re.compile(r"[A-Za-z]{2,}")
NOT_PROSE = {"Ctrl", "Alt", "Shift", "Enter", "Esc", "Tab", "Del", "Backspace", "Return"}
"""Key names keep their Latin spelling in Chinese interfaces."""
CLERK = Actor("liming", Role.CLERK, "李明", "07")


@functools.cache
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


@functools.cache
def english_words() -> frozenset[str]:
    """Latin words (lower case) of the catalog's English that no translation keeps.

    A translation may keep "Ctrl" or "zh_CN"; "Verified" inside a Chinese text is a
    leftover.
    """
    kept: set[str] = set()
    used: set[str] = set()
    for message in ET.parse(TS).getroot().iter("message"):
        for tag, words in (("source", used), ("translation", kept)):
            node = message.find(tag)
            text = re.sub(r"\{\w+\}|%n|%\d", " ", (node.text or "") if node is not None else "")
            words.update(w.lower() for w in LATIN.findall(text.replace("&", "")))
    return frozenset(used - kept - {w.lower() for w in NOT_PROSE})


def english_in_chinese(text: str, data: set[str]) -> list[str]:
    """The catalog's English words left in a text that has Chinese in it (data excepted)."""
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    return [
        word
        for word in LATIN.findall(text)
        if not word.isupper() and word not in data and word.lower() in english_words()
    ]


def readable_texts(root: QWidget, *, visible_only: bool = False) -> Iterator[tuple[str, str]]:
    """``(where, text)`` for every text a person can read on ``root`` and its children.

    Args:
        root: the window or panel.
        visible_only: skip widgets hidden on ``root`` (another page of a stack).
    """
    widgets = [root, *root.findChildren(QWidget)]
    if visible_only:
        widgets = [w for w in widgets if w is root or w.isVisibleTo(root)]
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
                    index = model.index(row, column)
                    cell = model.data(index)
                    yield f"{name}.cell", "" if cell is None else str(cell)
                    tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
                    yield f"{name}.cellToolTip", "" if tip is None else str(tip)
    for action in root.findChildren(QAction):
        for kind, text in (("text", action.text()), ("toolTip", action.toolTip())):
            yield f"QAction.{kind}", text


def english_left(root: QWidget, data: set[str], *, visible_only: bool = False) -> list[str]:
    """The texts on ``root`` that are untranslated English (data values excepted)."""
    patterns = source_patterns()
    found = []
    for where, raw in readable_texts(root, visible_only=visible_only):
        text = raw.replace("&", "").strip()
        if not text or text in data:
            continue
        if CJK.search(text):
            if english_in_chinese(text, data):
                found.append(f"{where}: {raw!r}")
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
    desk = SignInDesk(make_accounts(tmp_path).engine, "test-ws")
    dialog = LoginDialog(desk, runner, window="07")
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
    forms = load_forms(load_catalog())
    titles = {form.title_en for form in forms.values()}  # the picker's tooltip: both titles
    assert english_left(root, data={"liming", "jhdj", "jiehun", *titles, *forms}) == []


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


# -- the case flow's form step, walked for real ------------------------------------------

SERVICES = sorted(load_forms(load_catalog()))


@pytest.fixture(scope="module")
def population() -> Population:
    return generate_population(seed=11, people=300)


@pytest.fixture(scope="module")
def sim(population: Population, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    state = tmp_path_factory.mktemp("i18n-sim")
    with start_simulator(population, state_dir=state, realestate_latency_ms=0) as running:
        yield running


@pytest.fixture
def open_flow(
    qtbot: QtBot, sim: Simulator, tmp_path: Path, runner: TaskRunner
) -> Iterator[Callable[[str], CaseFlow]]:
    """Builds a shown :class:`CaseFlow` for the clerk with ``ui.language`` set as asked."""
    contexts: list[CounterContext] = []

    def build(language: str) -> CaseFlow:
        accounts = make_accounts(tmp_path)
        ctx = counter_context(sim, accounts.engine, tmp_path, settings=settings_with(language))
        contexts.append(ctx)
        flow = CaseFlow(ctx, accounts.clerk, runner)
        qtbot.addWidget(flow)
        flow.resize(1100, 800)
        flow.show()
        return flow

    yield build
    runner.shutdown(wait_ms=5000)
    for ctx in contexts:
        ctx.close()


def walk_and_look_around(
    qtbot: QtBot, flow: CaseFlow, population: Population, service_id: str
) -> set[str]:
    """Walk to ``service_id``'s form, then do what brings more text up; returns the data.

    A row the departments disagree on is selected (the conflict label and the offers
    show), "reveal" is pressed without a reason (the reveal message), and the case is
    submitted while required fields are still empty (the status says why not). The
    returned set holds what is data rather than interface: the shown values, the offers,
    the applicants' IDs and names.
    """
    form = flow.ctx.forms[service_id]
    applicants = living_adults(population, form.applicants)
    flow.picker.search_box.setText(form.title_zh)
    offered = flow.picker.current_form()
    if offered is None or offered.id != service_id:
        flow.hide()  # a shown picker's event filter outlives it at teardown
        pytest.skip(f"the case flow does not offer {service_id} (co-applicants)")
    flow.picker.clear()
    walk_to_form(qtbot, flow, service_id, [p.id_number for p in applicants])
    page = flow.form_page
    prefilled = page.prefilled
    assert prefilled is not None
    conflicts = [row for row, entry in enumerate(prefilled.fields) if entry.conflict]
    page.table.selectRow(conflicts[0] if conflicts else 0)
    page.table.setCurrentIndex(page.model.index(conflicts[0] if conflicts else 0, VALUE))
    if page.reveal_button.isEnabled():
        page.reveal_button.click()  # no reason given: told to give one
    flow.submit()
    assert flow.case is None
    data = {
        str(page.model.data(page.model.index(row, VALUE)) or "")
        for row in range(len(prefilled.fields))
    }
    data |= {page.offer_box.itemText(i) for i in range(page.offer_box.count())}
    data |= {p.id_number for p in applicants} | {p.name for p in applicants}
    return data - {""}


@pytest.mark.usefixtures("chinese")
@pytest.mark.parametrize("service_id", SERVICES)
def test_no_english_left_on_the_form_step(
    qtbot: QtBot, open_flow: Callable[[str], CaseFlow], population: Population, service_id: str
) -> None:
    flow = open_flow("zh_CN")
    data = walk_and_look_around(qtbot, flow, population, service_id)
    assert flow.step == FORM and flow.status_text  # the refusal is on screen too
    found = english_left(flow, data, visible_only=True)
    assert not found, "\n".join(found)


def chinese_left(root: QWidget, data: set[str]) -> list[str]:
    """The visible texts on ``root`` with Chinese characters in them (data excepted)."""
    found = []
    for where, raw in readable_texts(root, visible_only=True):
        text = raw
        for value in sorted(data, key=len, reverse=True):
            text = text.replace(value, " ")
        if HAN.search(text):
            found.append(f"{where}: {raw!r}")
    return found


@pytest.mark.parametrize("service_id", SERVICES)
def test_the_form_step_in_english(
    qtbot: QtBot, open_flow: Callable[[str], CaseFlow], population: Population, service_id: str
) -> None:
    """With ``ui.language = en`` the form step's labels, lists and buttons are English."""
    flow = open_flow("en")
    data = walk_and_look_around(qtbot, flow, population, service_id)
    page = flow.form_page
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)]
    assert headers == ["Field", "Value", "Source"]
    titles = {box.title().replace("&", "") for box in page.findChildren(QGroupBox)}
    assert titles >= {"Eligibility", "Materials"}
    shown = [page.eligibility_list.item(i).text() for i in range(page.eligibility_list.count())]
    assert len(shown) == max(len(page.eligibility), 1)  # or the line saying there are none
    for result in page.eligibility:  # the catalog's English, which may name a code's
        assert any(result.explanation_en in text for text in shown)  # value: "active (正常)"
    data |= set(shown)
    data.add(flow.status_text)  # the refusal's reason: the domain's text, not a translation
    found = chinese_left(flow, data)
    assert not found, "\n".join(found)


def test_the_form_step_check_finds_english(
    qtbot: QtBot, open_flow: Callable[[str], CaseFlow], population: Population
) -> None:
    """Chinese content without the translation: the walk finds the page's English, also
    inside Chinese text (the form-step test can fail)."""
    flow = open_flow("zh_CN")
    data = walk_and_look_around(qtbot, flow, population, "realestate-record-inquiry")
    found = english_left(flow, data, visible_only=True)
    assert "QGroupBox().title: 'Eligibility'" in found
    assert any("· Verified" in line and CJK.search(line) for line in found)

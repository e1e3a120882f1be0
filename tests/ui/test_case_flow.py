"""The whole counter flow in the GUI for one applicant, against real parts.

The simulator over loopback, a real SQLite database with a clerk, a file keyring with the
departments' secrets and the data keys, the threaded task runner and reportlab receipts.
The test drives the widgets through their own keys, methods and signals.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring
from PySide6.QtCore import QAbstractListModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QRadioButton,
)
from pytestqt.qtbot import QtBot

from counterapp.app.context import CounterContext
from counterapp.app.departments import open_exchange
from counterapp.catalog import load_catalog
from counterapp.config import load_settings
from counterapp.forms import load_forms
from counterapp.protection import open_cipher
from counterapp.sim.connectors import write_connectors
from counterapp.sim.model import Person, Population
from counterapp.sim.population import generate_population
from counterapp.sim.server import Simulator, start_simulator
from counterapp.ui.case_flow import CONSENT, FORM, ID_NUMBER, LOOKUP, SERVICE, CaseFlow
from counterapp.ui.workers import TaskRunner
from helpers.accounts import Accounts, make_accounts

SERVICE_ID = "realestate-record-inquiry"
TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole)


@pytest.fixture(scope="module")
def population() -> Population:
    return generate_population(seed=11, people=300)


@pytest.fixture(scope="module")
def sim(population: Population, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    state = tmp_path_factory.mktemp("flow-sim")
    with start_simulator(population, state_dir=state, realestate_latency_ms=0) as running:
        yield running


@pytest.fixture
def applicant(population: Population) -> Person:
    return next(
        p for p in population.people.values() if not p.deceased and p.birth_date < date(1995, 1, 1)
    )


@pytest.fixture
def accounts(tmp_path: Path) -> Accounts:
    return make_accounts(tmp_path)


@pytest.fixture
def ctx(sim: Simulator, accounts: Accounts, tmp_path: Path) -> Iterator[CounterContext]:
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")
    for entry in sim.credentials.entries():
        backend.set_password(f"counterapp/{entry.department}", entry.username, entry.secret)
    connectors = tmp_path / "connectors"
    connectors.mkdir()
    write_connectors(sim, connectors)
    settings = load_settings()
    catalog = load_catalog()
    context = CounterContext(
        settings=settings,
        engine=accounts.engine,
        cipher=open_cipher(accounts.engine, backend),
        exchange=open_exchange(
            settings, catalog, directory=connectors, keyring_backend=backend, data_dir=tmp_path
        ),
        catalog=catalog,
        forms=load_forms(catalog),
        workstation="test-window-07",
    )
    yield context
    context.close()


@pytest.fixture
def flow(qtbot: QtBot, ctx: CounterContext, accounts: Accounts) -> Iterator[CaseFlow]:
    runner = TaskRunner()
    widget = CaseFlow(ctx, accounts.clerk, runner)
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    yield widget
    runner.shutdown()


def shown_text(flow: CaseFlow) -> str:
    """Every text any widget of the flow holds: fields, labels, lists, combos, models."""
    parts = [w.text() for w in flow.findChildren(QLineEdit)]
    parts += [w.text() for w in flow.findChildren(QLabel)]
    for widget in flow.findChildren(QListWidget):
        parts += [widget.item(i).text() for i in range(widget.count())]
    for box in flow.findChildren(QComboBox):
        parts += [box.itemText(i) for i in range(box.count())]
    for model in [v.model() for v in flow.findChildren(QAbstractItemView)]:
        columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()
        for row in range(model.rowCount()):
            for column in range(columns):
                index = model.index(row, column)
                parts += [str(model.data(index, role) or "") for role in TEXT_ROLES]
    return "\n".join(parts)


def walk_to_form(qtbot: QtBot, flow: CaseFlow, id_number: str) -> None:
    assert flow.step == SERVICE
    qtbot.keyClicks(flow.picker.search_box, "realestate")
    assert flow.picker.current_form().id == SERVICE_ID
    qtbot.keyClick(flow.picker.search_box, Qt.Key.Key_Return)
    assert flow.step == ID_NUMBER

    flow.id_input.field.setText(id_number)
    qtbot.keyClick(flow.id_input.field, Qt.Key.Key_Return)
    assert flow.step == CONSENT
    assert "不动产登记资料查询" in flow.consent_panel.statement.text()

    flow.consent_panel.confirm_button.click()  # no method chosen yet: refused
    assert flow.step == CONSENT and flow.consent_panel.problem.text()
    reader = next(
        b
        for b in flow.consent_panel.findChildren(QRadioButton)
        if b.property("consentMethod") == "id_card_reader"
    )
    reader.click()
    flow.consent_panel.confirm_button.click()
    qtbot.waitUntil(lambda: flow.step in (LOOKUP, FORM), timeout=10_000)
    qtbot.waitUntil(lambda: not flow.lookup_panel.running, timeout=15_000)
    if flow.step == LOOKUP:  # a department did not answer: the clerk carries on
        flow.lookup_panel.carry_on()
    assert flow.step == FORM, flow.status_text


def test_one_applicant_from_service_to_receipt_then_nothing_remains(
    qtbot: QtBot, flow: CaseFlow, applicant: Person
) -> None:
    walk_to_form(qtbot, flow, applicant.id_number)
    page = flow.form_page
    assert page.prefilled is not None and page.prefilled.form.id == SERVICE_ID

    flow.submit()  # the typed fields are still empty: the Chinese reason, nothing saved
    assert "查询目的" in flow.status_text or "查询范围" in flow.status_text
    assert flow.case is None and flow.submit_button.isEnabled()

    assert page.type_value("inquiry_scope", "本人名下全部不动产")
    assert page.type_value("purpose", "办理贷款")
    flow.submit()  # the papers are not handed over yet
    assert "缺少材料" in flow.status_text and flow.case is None

    for row in range(page.materials_list.count()):
        item = page.materials_list.item(row)
        if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            item.setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(flow.case_submitted, timeout=20_000) as submitted:
        flow.submit_button.click()
    case, pdf = submitted.args
    assert pdf.startswith(b"%PDF")
    assert case.number.startswith("330106001-")
    assert case.number in flow.case_label.text() and case.number in flow.status_text
    assert flow.case == case and flow.preview_button.isEnabled()
    assert case.applicants[0].id_number == applicant.id_number
    assert applicant.id_number in shown_text(flow)  # the check below means something

    flow.reset()
    assert flow.step == SERVICE and flow.case is None
    assert page.prefilled is None and flow.lookup_panel.result() is None
    assert flow.id_input.text() == "" and not flow.preview_button.isEnabled()
    text = shown_text(flow)
    assert applicant.id_number not in text
    assert applicant.name not in text
    assert case.number not in text


def test_a_clerk_without_lookup_rights_is_told_why_in_chinese(
    qtbot: QtBot, ctx: CounterContext, accounts: Accounts, applicant: Person
) -> None:
    runner = TaskRunner(synchronous=True)
    flow = CaseFlow(ctx, accounts.admin, runner)  # the admin manages users, looks nothing up
    flow._test_runner = runner
    qtbot.addWidget(flow)
    flow.picker.search_box.setText("realestate")
    flow.picker.choose_current()
    flow.id_input.field.setText(applicant.id_number)
    qtbot.keyClick(flow.id_input.field, Qt.Key.Key_Return)
    flow.consent_panel.methods.buttons()[0].click()
    flow.consent_panel.confirm_button.click()
    assert flow.step == CONSENT  # no consent stored, no department asked
    assert flow.status_text.startswith("Cannot continue") and flow.case is None
    assert any("\u4e00" <= ch <= "\u9fff" for ch in flow.status_text)


def test_the_workspace_hosts_the_flow_and_next_applicant_starts_over(
    qtbot: QtBot, ctx: CounterContext, accounts: Accounts, applicant: Person
) -> None:
    from counterapp.ui.app import Workspace

    runner = TaskRunner()
    flow = CaseFlow(ctx, accounts.clerk, runner)
    workspace = Workspace(ctx, accounts.clerk, runner, idle_ms=60_000, flow=flow)
    qtbot.addWidget(workspace.window)
    workspace.window.show()
    try:
        assert workspace.window.current_page() is flow
        qtbot.keyClicks(flow.picker.search_box, "realestate")
        qtbot.keyClick(flow.picker.search_box, Qt.Key.Key_Return)
        flow.id_input.field.setText(applicant.id_number)
        assert flow.step == ID_NUMBER
        workspace.window.next_action.trigger()  # Ctrl+N: next applicant
        assert flow.step == SERVICE
        assert applicant.id_number not in shown_text(flow)
    finally:
        workspace.idle_lock.stop()
        runner.shutdown()

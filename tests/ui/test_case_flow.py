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
    QWidget,
)
from pytestqt.qtbot import QtBot

from counterapp.app.context import CounterContext
from counterapp.app.departments import open_exchange
from counterapp.cases import Case
from counterapp.catalog import load_catalog
from counterapp.config import load_settings
from counterapp.forms import load_forms
from counterapp.protection import open_cipher
from counterapp.sim.connectors import write_connectors
from counterapp.sim.model import Person, Population
from counterapp.sim.population import generate_population
from counterapp.sim.server import Simulator, start_simulator
from counterapp.ui.case_flow import CONSENT, FORM, ID_NUMBER, LOOKUP, SERVICE, CaseFlow
from counterapp.ui.printing.preview import PdfPrintPreviewDialog
from counterapp.ui.scripted_clerk import consent_and_look_up, receive_every_paper
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


# -- helpers for the tests below ------------------------------------------------------------


def choose_service(qtbot: QtBot, flow: CaseFlow, query: str, service_id: str) -> None:
    qtbot.keyClicks(flow.picker.search_box, query)
    assert flow.picker.current_form().id == service_id
    qtbot.keyClick(flow.picker.search_box, Qt.Key.Key_Return)
    assert flow.step == ID_NUMBER


def fill_realestate_form(flow: CaseFlow) -> None:
    assert flow.form_page.type_value("inquiry_scope", "本人名下全部不动产")
    assert flow.form_page.type_value("purpose", "办理贷款")
    receive_every_paper(flow)


@pytest.fixture
def couple(population: Population) -> tuple[Person, Person]:
    from counterapp.sim.population import marital_status

    def single(gender: str, age: int) -> Person:
        return next(
            p
            for p in population.people.values()
            if p.gender == gender
            and not p.deceased
            and p.birth_date < date(2026 - age, 1, 1)
            and marital_status(population, p.id_number) == "10"
        )

    return single("1", 23), single("2", 21)


# -- two applicants ------------------------------------------------------------------------


def test_a_marriage_is_registered_with_both_parties_looked_up(
    qtbot: QtBot, flow: CaseFlow, couple: tuple[Person, Person]
) -> None:
    man, woman = couple
    choose_service(qtbot, flow, "jhdj", "marriage-registration")
    assert flow.applicant == 1 and "申请人1" in flow.heading.text()

    consent_and_look_up(flow, man.id_number)
    qtbot.waitUntil(lambda: flow.step == ID_NUMBER, timeout=10_000)
    assert flow.applicant == 2 and "申请人2" in flow.heading.text()

    flow.id_input.field.setText(man.id_number)  # the same person twice: refused, said why
    qtbot.keyClick(flow.id_input.field, Qt.Key.Key_Return)
    assert flow.step == ID_NUMBER and "applicant 1" in flow.status_text  # tests run untranslated

    consent_and_look_up(flow, woman.id_number)
    qtbot.waitUntil(lambda: flow.step == FORM, timeout=10_000)
    filled = flow.form_page.prefilled
    assert filled is not None
    assert filled.field("name", 1).value == man.name
    assert filled.field("name", 2).value == woman.name
    assert filled.field("marital_status", 2).verified
    labels = [flow.form_page.model.label(e.field) for e in filled.fields]
    assert "申请人2 · 婚姻状况" in labels
    eligibility = "\n".join(
        flow.form_page.eligibility_list.item(i).text()
        for i in range(flow.form_page.eligibility_list.count())
    )
    assert "✘" not in eligibility

    receive_every_paper(flow)
    with qtbot.waitSignal(flow.case_submitted, timeout=20_000) as submitted:
        qtbot.keyClick(flow.form_page.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    case, _pdf = submitted.args
    assert [a.id_number for a in case.applicants] == [man.id_number, woman.id_number]
    assert [a.role.value for a in case.applicants] == ["applicant", "co_applicant"]
    assert case.service_id == "marriage-registration"


# -- receipt: preview and print -------------------------------------------------------------


def submit_realestate_case(qtbot: QtBot, flow: CaseFlow, applicant: Person) -> Case:
    walk_to_form(qtbot, flow, applicant.id_number)
    fill_realestate_form(flow)
    with qtbot.waitSignal(flow.case_submitted, timeout=20_000) as submitted:
        flow.submit_button.click()
    return submitted.args[0]


def test_the_receipt_is_previewed_and_printed_to_the_pdf_queue(
    qtbot: QtBot, flow: CaseFlow, applicant: Person, ctx: CounterContext
) -> None:
    from counterapp.store.audit_log import stream_records
    from helpers.environment import need
    from helpers.printing import QUEUE, cups_with_pdf_queue, job_token, wait_for_spooled_job

    assert not flow.print_button.isEnabled()  # nothing to print before a case is accepted
    case = submit_realestate_case(qtbot, flow, applicant)

    flow.preview_button.click()
    preview = next(w for w in flow.findChildren(PdfPrintPreviewDialog) if w.isVisible())
    assert preview.page_count() == 1
    preview.close()

    need(cups_with_pdf_queue(), "CUPS with the cups-pdf queue PDF")
    token = job_token()
    with qtbot.waitSignal(flow.receipt_printed, timeout=30_000) as printed:
        flow.print_receipt(QUEUE, job_name=f"{token} 受理回执")
    assert printed.args[0].printer == QUEUE and printed.args[0].pages == 1
    assert QUEUE in flow.status_text
    job = wait_for_spooled_job(token)
    assert job is not None, "the receipt never reached the PDF queue"
    assert job.pages == 1
    width, height = job.page_sizes_pt[0]
    assert (round(width), round(height)) in ((595, 842), (226, 453)) or width < 240
    with ctx.engine.connect() as connection:
        records = list(stream_records(connection))
    prints = [r for r in records if r.kind == "print" and r.case_number == case.number]
    assert len(prints) == 1 and prints[0].detail.endswith(f"to {QUEUE}")


def test_printing_to_a_printer_that_does_not_exist_says_so(
    qtbot: QtBot, flow: CaseFlow, applicant: Person
) -> None:
    submit_realestate_case(qtbot, flow, applicant)
    flow.print_receipt("no-such-printer")
    qtbot.waitUntil(lambda: flow.print_button.isEnabled(), timeout=20_000)
    assert "no-such-printer" in flow.status_text and flow.status_text.startswith("Cannot")


# -- drafts -------------------------------------------------------------------------------


def crash(flow: CaseFlow) -> None:
    """The process dies: nothing is reset or discarded, the widget just goes away."""
    qtbot_wait_idle(flow)
    flow.hide()
    flow.setParent(None)
    flow.deleteLater()


def qtbot_wait_idle(flow: CaseFlow, timeout_s: float = 15.0) -> None:
    import time

    from PySide6.QtWidgets import QApplication

    flow.drafts.flush()
    deadline = time.monotonic() + timeout_s
    while not flow.drafts.idle:
        QApplication.processEvents()
        time.sleep(0.01)
        assert time.monotonic() < deadline, "the draft was never written"


def new_flow(qtbot: QtBot, ctx: CounterContext, accounts: Accounts) -> CaseFlow:
    runner = TaskRunner()
    widget = CaseFlow(ctx, accounts.clerk, runner, autosave_ms=50)
    widget._test_runner = runner  # type: ignore[attr-defined]
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    return widget


def test_an_interrupted_case_is_offered_back_and_restored(
    qtbot: QtBot, ctx: CounterContext, accounts: Accounts, applicant: Person
) -> None:
    first = new_flow(qtbot, ctx, accounts)
    walk_to_form(qtbot, first, applicant.id_number)
    fill_realestate_form(first)
    draft_id = first.draft_id
    assert draft_id is not None
    crash(first)

    second = new_flow(qtbot, ctx, accounts)
    with qtbot.waitSignal(second.drafts_offered, timeout=10_000) as offered:
        pass
    assert offered.args == [1]
    qtbot.waitUntil(second.draft_bar.isVisible)
    offer = second.draft_label.text()
    assert "不动产登记资料查询" in offer
    assert applicant.id_number not in offer and applicant.id_number[-4:] in offer  # masked

    qtbot.keyClick(second.picker.search_box, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: second.step == FORM, timeout=20_000)
    assert not second.draft_bar.isVisible() and second.draft_id == draft_id
    filled = second.form_page.prefilled
    assert filled is not None
    assert filled.field("inquiry_scope").value == "本人名下全部不动产"
    assert filled.field("purpose").value == "办理贷款"
    assert all(d.status.value != "to_collect" for d in second.form_page.decisions), (
        "the papers handed over before the crash are received again"
    )

    with qtbot.waitSignal(second.case_submitted, timeout=20_000):
        second.submit_button.click()
    qtbot_wait_idle(second)
    second.reset()

    third = new_flow(qtbot, ctx, accounts)
    with qtbot.waitSignal(third.drafts_offered, timeout=10_000) as offered_again:
        pass
    assert offered_again.args == [0] and not third.draft_bar.isVisible()


def test_next_applicant_on_purpose_leaves_no_draft_and_discard_deletes_one(
    qtbot: QtBot, ctx: CounterContext, accounts: Accounts, applicant: Person
) -> None:
    from counterapp.app.drafts import load_drafts

    first = new_flow(qtbot, ctx, accounts)
    walk_to_form(qtbot, first, applicant.id_number)
    qtbot_wait_idle(first)
    assert len(load_drafts(ctx.engine, ctx.cipher, accounts.clerk)) == 1
    first.reset()  # "next applicant": the clerk gave this case up
    qtbot_wait_idle(first)
    assert load_drafts(ctx.engine, ctx.cipher, accounts.clerk) == []

    walk_to_form(qtbot, first, applicant.id_number)
    crash(first)
    second = new_flow(qtbot, ctx, accounts)
    qtbot.waitUntil(second.draft_bar.isVisible, timeout=10_000)
    second.discard_button.click()
    assert not second.draft_bar.isVisible()
    qtbot_wait_idle(second)
    assert load_drafts(ctx.engine, ctx.cipher, accounts.clerk) == []


def test_a_restored_case_whose_consent_expired_asks_for_it_again(
    qtbot: QtBot, ctx: CounterContext, accounts: Accounts, applicant: Person
) -> None:
    import dataclasses

    from counterapp.config import Settings

    first = new_flow(qtbot, ctx, accounts)
    walk_to_form(qtbot, first, applicant.id_number)
    crash(first)

    values = {**ctx.settings.values, "consent.valid_hours": 0}
    expired = dataclasses.replace(ctx, settings=Settings(values, ctx.settings.sources))
    second = new_flow(qtbot, expired, accounts)
    qtbot.waitUntil(second.draft_bar.isVisible, timeout=10_000)
    second.restore_button.click()
    qtbot.waitUntil(lambda: second.step == CONSENT, timeout=20_000)
    assert "同意" in second.status_text or "consent" in second.status_text.lower()
    assert "不动产登记资料查询" in second.consent_panel.statement.text()


def test_a_workstation_killed_mid_case_gets_its_case_back(
    qtbot: QtBot, ctx: CounterContext, accounts: Accounts, applicant: Person, tmp_path: Path
) -> None:
    import signal
    import subprocess
    import sys

    child = Path(__file__).with_name("crashing_clerk.py")
    done = subprocess.run(
        [
            sys.executable,
            str(child),
            f"sqlite+pysqlite:///{tmp_path / 'counter.db'}",
            str(tmp_path / "keyring.cfg"),
            str(tmp_path / "connectors"),
            str(tmp_path),
            applicant.id_number,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == -signal.SIGKILL, done.stdout + done.stderr
    assert "draft written" in done.stdout

    flow = new_flow(qtbot, ctx, accounts)
    qtbot.waitUntil(flow.draft_bar.isVisible, timeout=10_000)
    flow.restore_button.click()
    qtbot.waitUntil(lambda: flow.step == FORM, timeout=20_000)
    filled = flow.form_page.prefilled
    assert filled is not None and filled.field("purpose").value == "办理贷款"
    assert filled.field("id_number").value == applicant.id_number
    assert flow.form_page.decisions and all(
        d.status.value != "to_collect" for d in flow.form_page.decisions
    )


def test_the_draft_keeper_writes_the_newest_state_once_and_in_order(
    qtbot: QtBot, ctx: CounterContext, accounts: Accounts, applicant: Person
) -> None:
    from counterapp.app.drafts import load_drafts
    from counterapp.app.interrupted_case import EditKind, FieldEdit, InterruptedCase
    from counterapp.ui.draft_keeper import DraftKeeper

    runner = TaskRunner()
    keeper = DraftKeeper(ctx, accounts.clerk, runner, delay_ms=30)
    writes: list[str] = []
    keeper.saved.connect(writes.append)
    for text in ("办", "办理", "办理贷款"):  # a burst of typing is one write, of the last state
        edit = FieldEdit("purpose", 1, EditKind.TYPED, text)
        keeper.save("d1", InterruptedCase(SERVICE_ID, (applicant.id_number,), edits=(edit,)))
    qtbot.waitUntil(lambda: keeper.idle and bool(writes), timeout=10_000)
    assert writes == ["d1"]
    (stored,) = load_drafts(ctx.engine, ctx.cipher, accounts.clerk)
    assert stored.payload["edits"] == [["purpose", 1, "typed", "办理贷款"]]

    keeper.save("d1", InterruptedCase(SERVICE_ID, (applicant.id_number,)))
    keeper.discard("d1")  # the case was submitted before the pause ended: nothing comes back
    qtbot.waitUntil(lambda: keeper.idle, timeout=10_000)
    assert load_drafts(ctx.engine, ctx.cipher, accounts.clerk) == []

    keeper.save("d2", InterruptedCase(SERVICE_ID, (applicant.id_number,)))
    runner.shutdown()  # the window closes before the pause ends: no error, nothing written
    keeper.flush()
    assert keeper.idle
    assert load_drafts(ctx.engine, ctx.cipher, accounts.clerk) == []


def test_the_one_time_notification_lists_every_paper_still_to_collect(
    qtbot: QtBot, flow: CaseFlow, applicant: Person, tmp_path: Path
) -> None:
    import shutil
    import subprocess

    from helpers.environment import need

    walk_to_form(qtbot, flow, applicant.id_number)
    page = flow.form_page
    to_collect = [d for d in page.decisions if d.status.value == "to_collect"]
    assert to_collect
    with qtbot.waitSignal(flow.notification_ready, timeout=20_000) as ready:
        page.notify_button.click()
    preview = next(w for w in flow.findChildren(PdfPrintPreviewDialog) if w.isVisible())
    assert preview.page_count() >= 1
    preview.close()

    need(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    source = tmp_path / "notice.pdf"
    source.write_bytes(ready.args[0])
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(source), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    compact = "".join(text.split())
    for decision in to_collect:
        assert "".join(decision.name_zh.split()) in compact
    assert applicant.id_number not in compact  # masked on paper too

    receive_every_paper(flow)
    page.notify_button.click()  # everything handed over: nothing to notify
    assert "Nothing is missing" in flow.status_text


def test_a_whole_case_is_done_from_the_keyboard(
    qtbot: QtBot, flow: CaseFlow, applicant: Person
) -> None:
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    def focused() -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard"
        return widget

    def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        qtbot.keyClick(focused(), key, modifier)

    def type_in(text: str) -> None:
        if text.isascii():
            qtbot.keyClicks(focused(), text)
        else:  # Chinese arrives from the input method as a committed string
            event = QInputMethodEvent()
            event.setCommitString(text)
            QApplication.sendEvent(focused(), event)

    flow.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is flow.picker.search_box)
    type_in("bdcdj")  # 不动产登记资料查询 by its pinyin initials
    assert flow.picker.current_form().id == SERVICE_ID
    press(Qt.Key.Key_Return)
    type_in(applicant.id_number)  # a card reader types, then Return
    press(Qt.Key.Key_Return)
    assert flow.step == CONSENT
    press(Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)  # 刷证确认 (an animated click)
    qtbot.waitUntil(lambda: flow.consent_panel.methods.checkedButton() is not None)
    press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: flow.step == FORM, timeout=20_000)

    page = flow.form_page
    assert focused() is page.table  # on the first field to fill
    for _ in range(2):  # the two required typed fields; Return moves on to the next
        row = page.table.currentIndex().row()
        entry = page.model.entry(row)
        assert entry is not None and entry.field.item is None and entry.field.required
        press(Qt.Key.Key_F2)
        type_in("本人名下全部不动产" if entry.field.id == "inquiry_scope" else "办理贷款")
        press(Qt.Key.Key_Return)  # committed on the view's next event-loop turn
        qtbot.waitUntil(lambda r=row: page.table.currentIndex().row() != r)
    assert page.prefilled is not None
    assert page.prefilled.field("inquiry_scope").value == "本人名下全部不动产"
    assert page.prefilled.field("purpose").value == "办理贷款"

    press(Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # the materials checklist
    assert focused() is page.materials_list
    for row in range(page.materials_list.count()):
        page.materials_list.setCurrentRow(row) if row == 0 else press(Qt.Key.Key_Down)
        if page.materials_list.item(row).flags() & Qt.ItemFlag.ItemIsUserCheckable:
            press(Qt.Key.Key_Space)
    assert all(d.status.value != "to_collect" for d in page.decisions)

    with qtbot.waitSignal(flow.case_submitted, timeout=20_000):
        press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert flow.case is not None


def test_a_conflict_picked_before_the_crash_is_picked_again(
    qtbot: QtBot, ctx: CounterContext, accounts: Accounts, population: Population
) -> None:
    from helpers.counter_setup import living_adults
    from helpers.counter_setup import walk_to_form as walk_service

    person = living_adults(population, 1)[0]  # the household register has a stale value
    first = new_flow(qtbot, ctx, accounts)
    walk_service(qtbot, first, "housing-fund-withdrawal", [person.id_number])
    filled = first.form_page.prefilled
    assert filled is not None and filled.conflicts, "this person should show a conflict"
    entry = filled.conflicts[0]
    other = next(o for o in entry.offers if o.provenance.department != entry.department)
    department = other.provenance.department
    first.form_page.pick(entry.field.id, department, entry.field.applicant)
    crash(first)

    second = new_flow(qtbot, ctx, accounts)
    qtbot.waitUntil(second.draft_bar.isVisible, timeout=10_000)
    second.restore_button.click()
    qtbot.waitUntil(lambda: second.step == FORM, timeout=20_000)
    restored = second.form_page.prefilled
    assert restored is not None
    assert restored.field(entry.field.id, entry.field.applicant).department == department
    assert restored.field(entry.field.id, entry.field.applicant).value == other.value


def test_closing_the_window_mid_case_writes_the_draft_at_once(
    qtbot: QtBot, ctx: CounterContext, accounts: Accounts, applicant: Person
) -> None:
    from counterapp.app.drafts import load_drafts
    from counterapp.ui.app import EXIT_WAIT_MS, Workspace

    runner = TaskRunner()
    flow = CaseFlow(ctx, accounts.clerk, runner, autosave_ms=600_000)  # no timer in time
    workspace = Workspace(ctx, accounts.clerk, runner, idle_ms=600_000, flow=flow)
    workspace.window.shutdown.connect(runner.shutdown)  # as start_sign_in wires it
    qtbot.addWidget(workspace.window)
    workspace.window.show()
    walk_to_form(qtbot, flow, applicant.id_number)
    qtbot_wait_idle(flow)  # the draft as the form opened
    assert flow.form_page.type_value("purpose", "办理贷款")  # typed just before closing

    workspace.window.close()
    assert runner.shutdown(wait_ms=EXIT_WAIT_MS)  # what the application does at exit
    (draft,) = load_drafts(ctx.engine, ctx.cipher, accounts.clerk)
    assert ["purpose", 1, "typed", "办理贷款"] in draft.payload["edits"]

"""The applicant's screen beside the clerk's workspace, against real parts.

Both windows — the clerk's workspace with the real case flow and the applicant's screen it
opens — over the simulator on loopback, a real SQLite database, the threaded task runner.
The applicant's presses are mouse clicks on their screen; what they can read is every text
of every widget of their window, tooltips included.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QListWidget, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, event

from counterapp.app.context import CounterContext
from counterapp.app.ratings import AlreadyRated, case_rating, record_rating
from counterapp.audit.events import EventKind
from counterapp.cases import Case
from counterapp.cases.rating import RatingLevel
from counterapp.catalog import Classification
from counterapp.consent import ConsentMethod
from counterapp.consent.signature import Signature, SignatureMethod
from counterapp.forms.materials import MaterialHandover
from counterapp.sim.model import Person
from counterapp.store.audit_log import stream_records
from counterapp.store.consents import consents_for
from counterapp.store.signatures import signatures_of_consents
from counterapp.ui.app import Workspace
from counterapp.ui.applicant_screen import ApplicantScreen, ApplicantStage
from counterapp.ui.case_flow import CONSENT, FORM, LOOKUP, CaseFlow
from counterapp.ui.screen_placement import ScreenPlacement, choose_screen, screen_key
from counterapp.ui.workers import TaskRunner
from helpers.accounts import CLERK_PASSWORD, Accounts
from helpers.screenshots import save_screenshot
from ui.test_case_flow import (  # the counter flow's fixtures: simulator, database, clerk
    SERVICE_ID,
    accounts,
    applicant,
    choose_service,
    ctx,
    fill_realestate_form,
    population,
    sim,
)

__all__ = ["accounts", "applicant", "ctx", "population", "sim"]  # fixtures, used by name


@dataclass
class Counter:
    """The clerk's workspace and the applicant's screen it opened."""

    workspace: Workspace
    flow: CaseFlow
    screen: ApplicantScreen
    runner: TaskRunner


@pytest.fixture
def counter(qtbot: QtBot, ctx: CounterContext, accounts: Accounts) -> Iterator[Counter]:
    runner = TaskRunner()
    flow = CaseFlow(ctx, accounts.clerk, runner, offer_drafts=False)
    workspace = Workspace(ctx, accounts.clerk, runner, idle_ms=600_000, flow=flow)
    qtbot.addWidget(workspace.window)
    workspace.window.show()
    screen = workspace.applicant_screen
    assert screen is not None
    workspace.window.applicant_screen_action.trigger()  # Counter ▸ Applicant screen
    qtbot.waitExposed(screen)
    screen.resize(1280, 800)  # a customer monitor's size (the offscreen screen is smaller)
    try:
        yield Counter(workspace, flow, screen, runner)
    finally:
        workspace.idle_lock.stop()
        workspace.window.close()
        runner.shutdown(wait_ms=5_000)


@pytest.fixture
def statements_by_thread(ctx: CounterContext) -> Iterator[list[tuple[bool, str]]]:
    """(ran on the GUI thread, SQL) of every statement the database runs in the test."""
    seen: list[tuple[bool, str]] = []
    main = threading.main_thread()

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append((threading.current_thread() is main, statement))

    event.listen(Engine, "before_cursor_execute", record)
    yield seen
    event.remove(Engine, "before_cursor_execute", record)


def readable_text(window: QWidget) -> str:
    """Everything the applicant can read on ``window``: every widget's text and tooltip."""
    parts = [window.windowTitle(), window.toolTip()]
    for widget in window.findChildren(QWidget):
        parts += [widget.toolTip(), widget.statusTip(), widget.whatsThis()]
        parts.append(widget.accessibleName())
        if isinstance(widget, QLabel | QAbstractButton):
            parts.append(widget.text())
        if isinstance(widget, QLineEdit):
            parts += [widget.text(), widget.placeholderText()]
        if isinstance(widget, QListWidget):
            for row in range(widget.count()):
                parts += [widget.item(row).text(), widget.item(row).toolTip()]
    return "\n".join(parts)


def sensitive_values(person: Person, flow: CaseFlow, ctx: CounterContext) -> list[str]:
    """The synthetic person's own data, and every level >= 3 value the departments gave."""
    values = [
        person.name,
        person.id_number,
        person.id_number[-8:],
        person.hukou_address,
        person.residence_address,
        person.mobile,
        person.household_number,
    ]
    for result in flow.session.lookups.values():
        for code, value in result.values.values.items():
            if ctx.catalog.item(code).level < Classification.SENSITIVE:
                continue
            values += list(_texts(value.value))
    return [v for v in values if v]


def _texts(value: object) -> Iterator[str]:
    if isinstance(value, str) and len(value) >= 3:
        yield value
    elif isinstance(value, date):
        yield value.isoformat()
        yield f"{value.year}年{value.month:02d}月{value.day:02d}日"
    elif isinstance(value, int | Decimal) and not isinstance(value, bool) and abs(value) >= 1000:
        yield str(value)
    elif isinstance(value, tuple):  # records of a list item
        for record in value:
            for cell in getattr(record, "values", {}).values():
                yield from _texts(cell)


def assert_shows_nothing_of(person: Person, counter: Counter, ctx: CounterContext) -> None:
    text = readable_text(counter.screen)
    for value in sensitive_values(person, counter.flow, ctx):
        assert value not in text, (
            f"the applicant screen shows a personal value ({len(value)} chars)"
        )


def to_consent(qtbot: QtBot, counter: Counter, person: Person) -> None:
    flow, screen = counter.flow, counter.screen
    choose_service(qtbot, flow, "realestate", SERVICE_ID)
    assert screen.stage is ApplicantStage.SERVING
    assert "不动产登记资料查询" in readable_text(screen)
    flow.id_input.field.setText(person.id_number)
    qtbot.keyClick(flow.id_input.field, Qt.Key.Key_Return)
    assert flow.step == CONSENT
    assert screen.stage is ApplicantStage.CONSENT


def agree_and_look_up(qtbot: QtBot, counter: Counter) -> None:
    flow, screen = counter.flow, counter.screen
    qtbot.mouseClick(screen.consent_page.agree_button, Qt.MouseButton.LeftButton)
    assert not screen.consent_page.agree_button.isEnabled()  # one press records once
    qtbot.waitUntil(lambda: flow.step in (LOOKUP, FORM), timeout=10_000)
    qtbot.waitUntil(lambda: not flow.lookup_panel.running, timeout=15_000)
    if flow.step == LOOKUP:  # a department did not answer: the clerk carries on
        flow.lookup_panel.carry_on()
    assert flow.step == FORM, flow.status_text
    assert screen.stage is ApplicantStage.RESULT


def submit(qtbot: QtBot, counter: Counter) -> Case:
    fill_realestate_form(counter.flow)
    with qtbot.waitSignal(counter.flow.case_submitted, timeout=20_000) as submitted:
        counter.flow.submit_button.click()
    case: Case = submitted.args[0]
    return case


# -- the tests -------------------------------------------------------------------------------


def test_the_applicant_follows_the_case_consents_on_their_screen_and_rates_it_once(
    qtbot: QtBot,
    counter: Counter,
    ctx: CounterContext,
    accounts: Accounts,
    applicant: Person,
    statements_by_thread: list[tuple[bool, str]],
) -> None:
    flow, screen = counter.flow, counter.screen
    assert screen.stage is ApplicantStage.WELCOME and screen.isVisible()
    assert ctx.settings.get_str("hall.name") in readable_text(screen)
    save_screenshot(screen, "applicant-welcome")
    screen.show_ticket("A001", "07")
    assert screen.stage is ApplicantStage.TICKET
    assert "A001 号" in readable_text(screen) and "07 号窗口" in readable_text(screen)
    save_screenshot(screen, "applicant-ticket")

    to_consent(qtbot, counter, applicant)
    shown = readable_text(screen)
    panel = flow.consent_panel
    assert "【不动产登记资料查询】" in shown and "本人有权拒绝" in shown
    for _, name in (*panel.departments, *panel.categories):
        assert name in shown  # the departments to be asked and the data, before any lookup
    assert_shows_nothing_of(applicant, counter, ctx)
    save_screenshot(screen, "applicant-consent")

    agree_and_look_up(qtbot, counter)
    with ctx.engine.connect() as connection:
        (stored,) = consents_for(connection, ctx.cipher, applicant.id_number, SERVICE_ID)
        consent_events = [
            r for r in stream_records(connection) if r.kind == EventKind.CONSENT_RECORDED.value
        ]
    assert "method applicant_screen" in consent_events[-1].detail
    assert stored.record.method is ConsentMethod.APPLICANT_SCREEN
    assert stored.record.recorded_by == accounts.clerk.username
    assert flow.session.consents[0].method is ConsentMethod.APPLICANT_SCREEN

    result = readable_text(screen)
    retrieved = screen.result_page.retrieved.text()
    for result_of in flow.session.lookups.values():
        for code in result_of.values.values:
            assert ctx.catalog.item(code).label_zh in retrieved  # the item's name, not value
    assert "无需再提交（0 件）" in result  # this service's papers are all to be brought
    for decision in flow.form_page.decisions:
        assert decision.name_zh in screen.result_page.to_bring.text()
    assert_shows_nothing_of(applicant, counter, ctx)
    save_screenshot(screen, "applicant-result")

    case = submit(qtbot, counter)
    assert screen.stage is ApplicantStage.DONE
    done = readable_text(screen)
    assert case.number in done and f"{case.due_date.year}年" in done
    assert all(level.label_zh in done for level in RatingLevel)
    assert ("预计" in done) == case.due_date_provisional
    assert_shows_nothing_of(applicant, counter, ctx)
    save_screenshot(screen, "applicant-done")

    page = screen.rating_page
    page.reason.insert("窗口办理很快")  # as an input method commits it
    with qtbot.waitSignal(page.rated, timeout=10_000):
        qtbot.mouseClick(page.buttons[RatingLevel.SATISFIED], Qt.MouseButton.LeftButton)
        assert not page.can_rate  # pressed: no second press while it is recorded
    assert "谢谢您的评价" in page.thanks.text() and page.thanks.isVisible()
    assert not any(b.isVisible() for b in page.buttons.values()) and not page.reason.isVisible()
    page.rate(RatingLevel.VERY_DISSATISFIED)  # nothing to press, and nothing happens
    save_screenshot(screen, "applicant-rated")

    # the GUI thread never waited on the database for the applicant's presses
    writes = [
        (gui, sql) for gui, sql in statements_by_thread if sql.lstrip().upper().startswith("INSERT")
    ]
    assert any("consent_records" in sql for _, sql in writes)
    assert any("case_ratings" in sql for _, sql in writes)
    on_gui = [sql for gui, sql in writes if gui and ("consent" in sql or "rating" in sql)]
    assert not on_gui, on_gui

    rating = case_rating(ctx.engine, ctx.cipher, accounts.clerk, case.number)
    assert rating is not None and rating.level is RatingLevel.SATISFIED
    assert rating.reason == "窗口办理很快" and rating.ticket_number == "A001"
    assert rating.clerk == accounts.clerk.username
    with pytest.raises(AlreadyRated):  # never changed, by anyone
        record_rating(ctx.engine, ctx.cipher, accounts.clerk, case.number, RatingLevel.SATISFIED)
    clerk_buttons = [b.text() for b in counter.workspace.window.findChildren(QAbstractButton)]
    assert not any(level.label_zh in text for level in RatingLevel for text in clerk_buttons)
    with ctx.engine.connect() as connection:
        kinds = [r.kind for r in stream_records(connection)]
    assert kinds.count(EventKind.RATED.value) == 1

    counter.workspace.window.next_action.trigger()  # Ctrl+N: the next applicant
    assert screen.stage is ApplicantStage.WELCOME and screen.ticket is None
    after = readable_text(screen)
    assert case.number not in after and "谢谢" not in after and "A001" not in after
    assert "不动产登记资料查询" not in after
    assert not screen.rating_page.can_rate and screen.rating_page.case_number == ""


def test_after_the_lookup_the_papers_spared_are_listed_with_who_verified_them(
    qtbot: QtBot, counter: Counter, ctx: CounterContext, applicant: Person
) -> None:
    flow, screen = counter.flow, counter.screen
    choose_service(qtbot, flow, "hukou-transfer", "hukou-transfer")
    flow.id_input.field.setText(applicant.id_number)
    qtbot.keyClick(flow.id_input.field, Qt.Key.Key_Return)
    assert screen.stage is ApplicantStage.CONSENT
    assert_shows_nothing_of(applicant, counter, ctx)
    agree_and_look_up(qtbot, counter)
    exempt = [d for d in flow.form_page.decisions if d.status is MaterialHandover.EXEMPT]
    assert exempt, "the household register verifies the hukou booklet's facts"
    shown = screen.result_page.exempt.text()
    for decision in exempt:
        assert decision.name_zh in shown
        for department in decision.verified_by:
            assert ctx.exchange.connectors[department].name_zh in shown
    assert f"无需再提交（{len(exempt)} 件）" in readable_text(screen)
    assert_shows_nothing_of(applicant, counter, ctx)
    save_screenshot(screen, "applicant-result-exempt")


def test_declining_on_the_applicant_screen_records_nothing_and_tells_the_clerk(
    qtbot: QtBot, counter: Counter, ctx: CounterContext, applicant: Person
) -> None:
    flow, screen = counter.flow, counter.screen
    to_consent(qtbot, counter, applicant)
    qtbot.mouseClick(screen.consent_page.decline_button, Qt.MouseButton.LeftButton)
    assert flow.step == CONSENT  # still at consent: the clerk may take papers instead
    assert "declined" in flow.status_text  # the clerk is told (in the UI language)
    assert "不同意" in screen.consent_page.answer.text()
    assert not screen.consent_page.agree_button.isVisible()
    save_screenshot(screen, "applicant-declined")
    qtbot.wait(50)  # anything wrongly sent to the runner would have arrived by now
    with ctx.engine.connect() as connection:
        assert consents_for(connection, ctx.cipher, applicant.id_number, SERVICE_ID) == []
    assert flow.session.consents == () and flow.lookup_panel.result() is None


def test_a_consent_that_could_not_be_recorded_gives_the_buttons_back(
    qtbot: QtBot, ctx: CounterContext, accounts: Accounts, applicant: Person
) -> None:
    runner = TaskRunner()
    flow = CaseFlow(ctx, accounts.admin, runner, offer_drafts=False)  # may not look up
    workspace = Workspace(ctx, accounts.admin, runner, idle_ms=600_000, flow=flow)
    qtbot.addWidget(workspace.window)
    screen = workspace.applicant_screen
    assert screen is not None
    try:
        counter = Counter(workspace, flow, screen, runner)
        to_consent(qtbot, counter, applicant)
        with qtbot.waitSignal(flow.step_failed, timeout=10_000):
            qtbot.mouseClick(screen.consent_page.agree_button, Qt.MouseButton.LeftButton)
        assert flow.step == CONSENT and flow.status_text.startswith("Cannot continue")
        assert screen.stage is ApplicantStage.CONSENT
        assert screen.consent_page.agree_button.isEnabled()  # the applicant may press again
        assert "未能记录" in screen.consent_page.answer.text()
        with ctx.engine.connect() as connection:
            assert consents_for(connection, ctx.cipher, applicant.id_number, SERVICE_ID) == []
    finally:
        workspace.idle_lock.stop()
        workspace.window.close()
        runner.shutdown(wait_ms=5_000)


def test_the_lock_blanks_the_screen_and_the_unlock_brings_back_only_the_welcome(
    qtbot: QtBot, counter: Counter, ctx: CounterContext, applicant: Person
) -> None:
    screen, lock = counter.screen, counter.workspace.idle_lock
    to_consent(qtbot, counter, applicant)
    agree_and_look_up(qtbot, counter)
    categories = screen.result_page.retrieved.text()
    assert categories

    lock.lock()
    assert screen.stage is ApplicantStage.PAUSED
    assert screen.pages.currentWidget() is screen.paused_page
    visible_texts = [
        label.text() for label in screen.findChildren(QLabel) if label.isVisible() and label.text()
    ]
    assert "窗口暂停服务" in visible_texts
    assert set(visible_texts) <= {"窗口暂停服务", screen.hall_name, f"{ctx.window} 号窗口"}
    assert_shows_nothing_of(applicant, counter, ctx)
    assert "不动产" not in readable_text(screen)  # not even the service
    save_screenshot(screen, "applicant-paused")

    overlay = lock.overlay
    qtbot.keyClicks(overlay.password_edit, CLERK_PASSWORD)
    with qtbot.waitSignal(lock.unlocked, timeout=10_000):
        qtbot.keyClick(overlay.password_edit, Qt.Key.Key_Return)
    assert screen.stage is ApplicantStage.WELCOME
    assert "不动产" not in readable_text(screen)  # the old content did not come back
    assert counter.flow.step == FORM  # the clerk's page is as it was


def test_the_menu_toggles_the_screen_and_it_remembers_its_monitor(
    qtbot: QtBot, counter: Counter, tmp_path: Path
) -> None:
    window, screen = counter.workspace.window, counter.screen
    action = window.applicant_screen_action
    assert action.isVisible() and action.isChecked() and screen.isVisible()
    assert action.shortcut().toString() == "Ctrl+Shift+A"
    action.trigger()
    assert not screen.isVisible() and not action.isChecked()
    only = QGuiApplication.screens()
    assert len(only) == 1  # offscreen: one screen, so it did not open by itself elsewhere
    assert screen.placement.remembered() == screen_key(only[0])  # kept when it was hidden
    assert not counter.workspace.open_applicant_screen()  # no second monitor: stays closed
    action.trigger()
    assert screen.isVisible() and screen.screen() is only[0]
    action.trigger()
    assert counter.workspace.open_applicant_screen(only_with_a_second_screen=False)  # the demo
    assert screen.isVisible() and action.isChecked()
    assert not counter.flow.consent_from_applicant(True)  # no consent asked: nothing happens

    placement = ScreenPlacement(tmp_path / "placement.json")
    assert placement.remembered() is None
    placement.remember("HDMI-2")
    assert ScreenPlacement(tmp_path / "placement.json").remembered() == "HDMI-2"
    assert choose_screen("HDMI-2", only, only[0]) is only[0]  # not connected: the clerk's
    assert choose_screen(screen_key(only[0]), only, only[0]) is only[0]
    (tmp_path / "placement.json").write_text("{not json", encoding="utf-8")
    assert placement.remembered() is None  # unreadable: placed as if new


def test_a_clerk_workspace_language_leaves_the_applicant_screen_in_chinese(
    qtbot: QtBot, counter: Counter
) -> None:
    text = readable_text(counter.screen.pages)
    assert "欢迎光临" in text and "请稍候" in text
    counter.screen.show_ticket("B012", "07")
    counter.screen.clear_ticket()
    assert counter.screen.stage is ApplicantStage.WELCOME


def draw(pad: QWidget, points: list[tuple[int, int]]) -> None:
    """Draw with the mouse's left button held (sent events: offscreen QTest moves carry
    no buttons)."""
    moves = [(QEvent.Type.MouseMove, x, y) for x, y in points[1:-1]]
    for kind, x, y in [
        (QEvent.Type.MouseButtonPress, *points[0]),
        *moves,
        (QEvent.Type.MouseButtonRelease, *points[-1]),
    ]:
        released = kind == QEvent.Type.MouseButtonRelease
        QApplication.sendEvent(
            pad,
            QMouseEvent(
                kind,
                QPointF(x, y),
                pad.mapToGlobal(QPointF(x, y)),
                Qt.MouseButton.LeftButton,
                Qt.MouseButton.NoButton if released else Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
            ),
        )


def test_the_applicant_signs_on_their_screen(
    qtbot: QtBot, counter: Counter, ctx: CounterContext, applicant: Person
) -> None:
    screen = counter.screen
    to_consent(qtbot, counter, applicant)
    pad = screen.consent_page.pad
    assert pad.isVisible() and pad.is_empty
    draw(pad, [(40 + 15 * k, 60 + (25 if k % 2 else -15)) for k in range(30)])
    drawn = pad.signature()
    save_screenshot(screen, "applicant-signing")
    agree_and_look_up(qtbot, counter)
    with ctx.engine.connect() as connection:
        (stored,) = consents_for(connection, ctx.cipher, applicant.id_number, SERVICE_ID)
        found = signatures_of_consents(connection, ctx.cipher, [stored.id])
    assert stored.record.method is ConsentMethod.APPLICANT_SCREEN
    signature, _ = found[stored.id]
    assert signature.method is SignatureMethod.ON_SCREEN
    assert len(signature.strokes[0]) == len(drawn.strokes[0]) == 30


def test_a_tiny_mark_is_no_signature_and_paper_is_recorded_as_such(
    qtbot: QtBot, counter: Counter, ctx: CounterContext, applicant: Person
) -> None:
    flow, screen = counter.flow, counter.screen
    to_consent(qtbot, counter, applicant)
    page = screen.consent_page
    draw(page.pad, [(100, 60), (102, 61), (103, 60)])
    qtbot.mouseClick(page.agree_button, Qt.MouseButton.LeftButton)
    assert "重写" in page.answer.text() and flow.step == CONSENT  # nothing recorded yet
    qtbot.mouseClick(page.clear_pad_button, Qt.MouseButton.LeftButton)
    assert page.pad.is_empty
    # the applicant signs the paper form instead; the clerk records it so
    flow.consent_panel.methods.button(1).setChecked(True)
    assert flow.consent_panel.selected_method() is ConsentMethod.SIGNED_PAPER
    flow.consent_panel.confirm()
    qtbot.waitUntil(lambda: flow.step != CONSENT, timeout=10_000)
    with ctx.engine.connect() as connection:
        (stored,) = consents_for(connection, ctx.cipher, applicant.id_number, SERVICE_ID)
        paper = signatures_of_consents(connection, ctx.cipher, [stored.id])
    assert paper[stored.id][0] == Signature.paper()

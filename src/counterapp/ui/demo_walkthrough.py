"""The demo's scripted walkthrough: one real case from login to receipt, offscreen.

On a machine without a display ``make demo`` cannot open the app, so this drives the real
widgets instead -- the login dialog, then the workspace with the case flow -- against the
simulated departments (in-process, on loopback), a demo SQLite database and the demo's
in-memory keyring, in the configured language (zh_CN by default). After every step it
saves a screenshot of the window (``01-login.png`` ... ``16-supervisor-audit.png``: one case
from sign-in to the receipt preview, an interrupted case offered back and restored, a
marriage registration with both parties looked up, the idle lock, then the supervisor's
queue, that case in the review pane, the dashboard and the audit log; then
``17-applicant-paused.png`` ... ``25-applicant-rated.png``: the applicant's screen at 1280×800
through a case of its own, from the locked window and the called ticket to the consent given
on that screen, the papers spared and the rating) and the receipt PDF (``receipt.pdf``)::

    python -m counterapp.ui.demo_walkthrough OUT_DIR
"""

from __future__ import annotations

import os
import sys

if __name__ == "__main__" and not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported

import argparse
import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, Qt, QTranslator
from PySide6.QtGui import QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from counterapp.app.catalog import catalog_for
from counterapp.app.context import CounterContext
from counterapp.cases.rating import RatingLevel
from counterapp.config import Settings
from counterapp.demo import DEMO_USERS, DemoWorld, demo_counter
from counterapp.ui.app import SignIn, Workspace, start_sign_in
from counterapp.ui.applicant_screen import ApplicantStage
from counterapp.ui.case_flow import CONSENT, FORM, ID_NUMBER, LOOKUP, SERVICE, CaseFlow
from counterapp.ui.lookup_model import LookupTableModel, RowState
from counterapp.ui.scripted_clerk import (
    WalkthroughError,
    choose_service,
    consent_and_look_up,
    finish_lookup,
    give_consent,
    receive_every_paper,
    wait_until,
)

if TYPE_CHECKING:
    from counterapp.sim.model import Person

SERVICE_QUERY = "realestate"
SERVICE_ID = "realestate-record-inquiry"
TYPED = {"inquiry_scope": "本人名下全部不动产", "purpose": "办理贷款"}
STEPS = (
    "login",
    "service",
    "id",
    "consent",
    "lookup",
    "form",
    "submitted",
    "preview",
    "draft-offered",
    "draft-restored",
    "couple-form",
    "locked",
    "supervisor-queue",
    "supervisor-case",
    "supervisor-dashboard",
    "supervisor-audit",
    "applicant-paused",
    "applicant-welcome",
    "applicant-ticket",
    "applicant-id",
    "applicant-consent",
    "applicant-lookup",
    "applicant-result",
    "applicant-done",
    "applicant-rated",
)
APPLICANT_SERVICE = "hukou-transfer"
APPLICANT_TYPED = {
    "transfer_reason": "工作调动",
    "destination_division": "330106",
    "destination_address": "浙江省杭州市西湖区文三路100号",
}
APPLICANT_SIZE = (1280, 800)


def run_walkthrough(
    settings: Settings,
    out_dir: Path,
    *,
    people: int = 2000,
    say: Callable[[str], None] = print,
    data_dir: Path | None = None,
) -> list[Path]:
    """Walk one case through the real widgets offscreen; write screenshots and the receipt.

    Args:
        settings: the configuration (``ui.language`` picks the translations).
        out_dir: where the screenshots and ``receipt.pdf`` go (created).
        people: the simulated population's size.
        say: where progress lines go.
        data_dir: the demo world's files (simulator state, connectors, SQLite database);
            ``out_dir / "demo-data"`` unless given.

    Returns:
        The paths written: a PNG per step in step order, then the receipt PDF.
    """

    out_dir.mkdir(parents=True, exist_ok=True)
    settings = settings.replaced({"sim.people": people})
    written: list[Path] = []

    def shot(widget: QWidget | QPixmap, name: str) -> None:
        """Save a widget as it is now (or a picture taken of one before)."""
        if isinstance(widget, QWidget):
            QApplication.processEvents()
        picture = widget if isinstance(widget, QPixmap) else widget.grab()
        path = out_dir / f"{len(written) + 1:02d}-{name}.png"
        if not picture.save(str(path)):
            raise WalkthroughError(f"could not save {path}")
        written.append(path)
        say(f"  screenshot {path}")

    existing = QApplication.instance()
    restore = _snapshot(existing) if isinstance(existing, QApplication) else None
    signin: SignIn | None = None
    try:
        with demo_counter(
            settings, catalog_for(settings), data_dir or out_dir / "demo-data", say=say
        ) as demo:
            world, ctx = demo.world, demo.ctx
            try:
                signin = start_sign_in(settings, ctx)
                return _walk(signin, world, ctx, out_dir, shot, written, say)
            finally:
                if signin is not None:  # sign-out while the database is still open
                    signin.close(wait_ms=5_000)
    finally:
        if restore is not None:
            restore()  # a reused application gets its language and font back


def _walk(
    signin: SignIn,
    world: DemoWorld,
    ctx: CounterContext,
    out_dir: Path,
    shot: Callable[[QWidget | QPixmap, str], None],
    written: list[Path],
    say: Callable[[str], None],
) -> list[Path]:
    """The steps themselves, from the sign-in dialog on."""
    say("== 1 sign in")
    login = signin.login
    login.username_edit.setText(DEMO_USERS[1][0])
    login.password_edit.setText(DEMO_USERS[1][1])
    shot(login, STEPS[0])
    login.sign_in_button.click()
    wait_until(lambda: bool(signin.sessions), 15, "the sign-in")
    workspace = signin.sessions[0]
    window = workspace.window
    assert workspace.flow is not None
    flow: CaseFlow = workspace.flow  # declared, so the lambdas below see it narrowed
    actor = flow.actor
    say(f"signed in as {actor.username} at window {ctx.window}")
    wait_until(lambda: flow.step == SERVICE, 5, "the service picker")

    say("== 2 service")
    choose_service(flow, SERVICE_QUERY, SERVICE_ID, before=lambda: shot(window, STEPS[1]))

    say("== 3 resident ID, 4 consent")
    person = next((p for p in world.sample(5) if not p.deceased), world.sample(5)[0])
    give_consent(
        flow,
        person.id_number,
        typed=lambda: shot(window, STEPS[2]),
        chosen=lambda: shot(window, STEPS[3]),  # 刷证确认
    )

    say("== 5 lookup")
    model = flow.lookup_panel.model
    wait_until(lambda: flow.step == FORM or _answered(model) >= 1, 20, "a department's answer")
    shot(window if flow.step == LOOKUP else flow.lookup_panel, STEPS[4])
    finish_lookup(flow, 1)
    wait_until(lambda: flow.step == FORM, 5, "the pre-filled form")

    say("== 6 form")
    page = flow.form_page
    for field_id, text in TYPED.items():
        if not page.type_value(field_id, text):
            raise WalkthroughError(f"could not type into {field_id}")
    receive_every_paper(flow)
    shot(window, STEPS[5])

    say("== 7 submit")
    submitted: list[tuple[object, bytes]] = []
    flow.case_submitted.connect(lambda case, pdf: submitted.append((case, pdf)))
    flow.submit_button.click()
    wait_until(
        lambda: bool(submitted) or (flow.case is None and flow.submit_button.isEnabled()),
        30,
        "the case and its receipt",
    )
    if not submitted:  # refused (form, materials, eligibility) or failed: say why
        raise WalkthroughError(f"the case was not accepted: {flow.status_text}")
    case, pdf = submitted[0]
    shot(window, STEPS[6])
    receipt = out_dir / "receipt.pdf"
    receipt.write_bytes(pdf)
    say(f"case {getattr(case, 'number', '?')} accepted; receipt written to {receipt}")

    say("== 8 receipt preview")
    flow.preview_button.click()
    wait_until(lambda: _visible_preview(flow) is not None, 10, "the print preview")
    preview = _visible_preview(flow)
    assert preview is not None
    preview.resize(900, 700)
    shot(preview, STEPS[7])
    preview.close()

    say("== 9 an interrupted case is offered back at the next start")
    window.next_action.trigger()  # next applicant
    other = next(p for p in world.sample(12) if not p.deceased and p != person)
    choose_service(flow, SERVICE_QUERY, SERVICE_ID)
    consent_and_look_up(flow, other.id_number)
    wait_until(lambda: flow.step == FORM, 30, "the second form")
    flow.form_page.type_value("purpose", TYPED["purpose"])
    flow.save_draft_now()
    wait_until(lambda: flow.drafts.idle, 15, "the draft to be written")
    # the workstation loses power: the flow goes without a reset, its draft stays
    crashed, flow = flow, CaseFlow(ctx, actor, signin.runner)
    workspace.set_flow(flow)
    crashed.deleteLater()
    wait_until(lambda: flow.draft_bar.isVisible(), 15, "the draft on offer")
    shot(window, STEPS[8])

    say("== 10 restored: the departments asked again, the typed value back")
    flow.restore_button.click()
    wait_until(lambda: flow.step == FORM, 30, "the restored form")
    shot(window, STEPS[9])

    say("== 11 two applicants: marriage registration")
    window.next_action.trigger()
    man, woman = _couple(world)
    choose_service(flow, "jhdj", "marriage-registration")
    consent_and_look_up(flow, man.id_number)
    wait_until(lambda: flow.applicant == 2 and flow.step == ID_NUMBER, 30, "party two")
    consent_and_look_up(flow, woman.id_number)
    wait_until(lambda: flow.step == FORM, 30, "the couple's form")
    shot(window, STEPS[10])

    say("== 12 idle lock")
    workspace.idle_lock.lock()
    shot(window, STEPS[11])

    _supervise(signin, case_number=str(getattr(case, "number", "")), shot=shot, say=say)
    _applicant_side(workspace, world, shot=shot, say=say)
    written.append(receipt)
    return written


def _supervise(
    signin: SignIn,
    *,
    case_number: str,
    shot: Callable[[QWidget, str], None],
    say: Callable[[str], None],
) -> None:
    """The supervisor's side: the queue with the case just accepted, its review pane, the
    dashboard and the audit log."""
    say("== 13 the supervisor's queue")
    assert signin.desk is not None
    name, password = DEMO_USERS[2]
    supervisor = signin.open_workspace(signin.desk.sign_in(name, password))
    view = supervisor.supervisor
    assert view is not None and view.queue is not None
    window = supervisor.window
    window.resize(1440, 860)
    queue = view.queue
    wait_until(lambda: not queue.model.fetching and queue.model.rowCount() > 0, 15, "the queue")
    shot(window, STEPS[12])

    say("== 14 a case in the review pane")
    if not queue.select_number(case_number):
        raise WalkthroughError(f"the case {case_number} is not in the supervisor's queue")
    wait_until(lambda: queue.pane.detail is not None, 15, "the case's detail")
    shot(window, STEPS[13])

    say("== 15 the dashboard")
    dashboard = view.dashboard
    assert dashboard is not None
    view.tabs.setCurrentWidget(dashboard)
    wait_until(lambda: dashboard.data is not None and not dashboard.loading, 20, "the figures")
    shot(window, STEPS[14])

    say("== 16 the audit log")
    audit = view.audit
    assert audit is not None
    view.tabs.setCurrentWidget(audit)
    wait_until(lambda: audit.model.rowCount() > 0, 15, "the audit log")
    shot(window, STEPS[15])


def _applicant_side(
    workspace: Workspace,
    world: DemoWorld,
    *,
    shot: Callable[[QWidget | QPixmap, str], None],
    say: Callable[[str], None],
) -> None:
    """The applicant's screen through one case of its own: the locked window, the welcome,
    the called ticket, the service, the consent given on the applicant's screen, the
    lookup, what was retrieved and the papers spared, the accepted case and its rating."""
    say("== 17 the applicant's screen while the clerk's window is locked")
    window, lock = workspace.window, workspace.idle_lock
    flow = workspace.flow
    screen = workspace.applicant_screen
    assert flow is not None and screen is not None
    if not screen.isVisible():
        window.applicant_screen_action.trigger()  # Counter ▸ Applicant screen (Ctrl+Shift+A)
    wait_until(screen.isVisible, 5, "the applicant's screen")
    screen.resize(*APPLICANT_SIZE)
    wait_until(lambda: screen.stage is ApplicantStage.PAUSED, 5, "the paused screen")
    shot(screen, STEPS[16])

    say("== 18 unlocked: the applicant's screen starts over at the welcome")
    lock.overlay.password_edit.setText(DEMO_USERS[1][1])
    lock.overlay.unlock_button.click()
    wait_until(lambda: not lock.is_locked, 15, "the unlock")
    window.next_action.trigger()  # the couple's case is done with: next applicant
    wait_until(lambda: screen.stage is ApplicantStage.WELCOME, 5, "the welcome page")
    shot(screen, STEPS[17])

    say("== 19 the ticket called")
    screen.show_ticket("A017", screen.window_number)
    shot(screen, STEPS[18])

    say("== 20 the service chosen, 21 the consent statement on the applicant's screen")
    choose_service(flow, APPLICANT_SERVICE, APPLICANT_SERVICE)
    shot(screen, STEPS[19])
    person = _householder(world)
    flow.id_input.field.setText(person.id_number)
    QTest.keyClick(flow.id_input.field, Qt.Key.Key_Return)
    wait_until(lambda: screen.stage is ApplicantStage.CONSENT, 5, "the consent page")
    shot(screen, STEPS[20])

    say("== 22 the applicant presses 同意: the lookup runs")
    pictures: list[QPixmap] = []

    def picture_of_lookup(step: int) -> None:  # the lookup page as it comes up
        if step == LOOKUP and not pictures:
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)
            pictures.append(screen.grab())

    flow.step_changed.connect(picture_of_lookup)
    try:
        screen.consent_page.agree_button.click()
        wait_until(lambda: flow.step != CONSENT, 15, "the consent to be recorded")
    finally:
        flow.step_changed.disconnect(picture_of_lookup)
    if not pictures:
        raise WalkthroughError(f"the lookup did not start: {flow.status_text}")
    shot(pictures[0], STEPS[21])

    say("== 23 what the departments supplied, and the papers spared")
    finish_lookup(flow, 1)
    wait_until(lambda: screen.stage is ApplicantStage.RESULT, 30, "the result page")
    shot(screen, STEPS[22])

    say("== 24 the case accepted: its number, the promised date, the rating buttons")
    for field_id, text in APPLICANT_TYPED.items():
        if not flow.form_page.type_value(field_id, text):
            raise WalkthroughError(f"could not type into {field_id}")
    receive_every_paper(flow)
    flow.submit_button.click()
    wait_until(
        lambda: (
            screen.stage is ApplicantStage.DONE
            or (flow.case is None and flow.submit_button.isEnabled())
        ),
        30,
        "the accepted case on the applicant's screen",
    )
    if screen.stage is not ApplicantStage.DONE:
        raise WalkthroughError(f"the case was not accepted: {flow.status_text}")
    shot(screen, STEPS[23])

    say("== 25 the applicant rates the service")
    page = screen.rating_page
    page.reason.insert("不用再跑派出所开证明，很方便")
    page.buttons[RatingLevel.VERY_SATISFIED].click()
    wait_until(lambda: page.thanks.isVisible() and not page.can_rate, 15, "the rating")
    shot(screen, STEPS[24])


def _householder(world: DemoWorld) -> Person:
    """An adult of the demo population who owns property (so a paper is spared) and whose
    departments agree about them."""
    population, today = world.population, date.today()
    return next(
        p
        for p in population.people.values()
        if not p.deceased
        and (today - p.birth_date).days > 30 * 366
        and p.id_number in population.properties
        and p.stale_mobile is None
        and p.stale_residence_address is None
    )


def _couple(world: DemoWorld) -> tuple[Person, Person]:
    """An unmarried man over 22 and an unmarried woman over 20 of the demo population."""
    from counterapp.sim.population import marital_status

    def single(gender: str, age: int) -> Person:
        today = date.today()
        return next(
            p
            for p in world.population.people.values()
            if p.gender == gender
            and not p.deceased
            and (today - p.birth_date).days > (age + 1) * 366
            and marital_status(world.population, p.id_number) == "10"
        )

    return single("1", 22), single("2", 20)


def _visible_preview(flow: CaseFlow) -> QWidget | None:
    from counterapp.ui.printing.preview import PdfPrintPreviewDialog

    return next((w for w in flow.findChildren(PdfPrintPreviewDialog) if w.isVisible()), None)


def _snapshot(app: QApplication) -> Callable[[], None]:
    """What undoes ``create_application``'s changes to an application that was running."""
    font, locale = app.font(), QLocale()
    before = set(app.findChildren(QTranslator))

    def restore() -> None:
        QLocale.setDefault(locale)
        for translator in set(app.findChildren(QTranslator)) - before:
            app.removeTranslator(translator)
            translator.setParent(None)
        app.setFont(font)

    return restore


def _answered(model: LookupTableModel) -> int:
    """How many rows of the lookup table are no longer waiting."""
    return model.rowCount() - model.count(RowState.WAITING)


def main(argv: list[str] | None = None) -> int:
    from counterapp.config import load_settings

    parser = argparse.ArgumentParser(
        prog="python -m counterapp.ui.demo_walkthrough",
        description="Scripted offscreen walkthrough: screenshots of every step + receipt PDF.",
    )
    parser.add_argument("out_dir", type=Path, help="where the screenshots and receipt go")
    parser.add_argument("--people", type=int, default=2000, help="simulated population size")
    parser.add_argument(
        "--data-dir", type=Path, help="keep the demo's database here (default: a temporary one)"
    )
    args = parser.parse_args(argv)
    scratch = None if args.data_dir else Path(tempfile.mkdtemp(prefix="counterapp-walk-"))
    try:
        paths = run_walkthrough(
            load_settings(), args.out_dir, people=args.people, data_dir=args.data_dir or scratch
        )
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    print(f"wrote {len(paths)} files to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

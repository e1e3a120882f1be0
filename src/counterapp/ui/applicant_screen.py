"""The applicant's screen: a second window, on the customer monitor, that follows the case.

A service window has two sides. This is the applicant's: the ticket being called, then —
before any department is asked — what data will be fetched, from whom and why, with two
big buttons (同意 records the consent with the method "申请人屏幕确认", exactly as the
clerk's confirm would; 不同意 records nothing and tells the clerk), then what each
department supplied (category and item names only, never a value) and the papers the
applicant no longer has to bring, and at the end the case number, the promised date and the
five rating buttons (好差评).

It follows the clerk's :class:`~counterapp.ui.case_flow.CaseFlow` through its
``step_changed`` and ``case_submitted`` signals and never holds another applicant's data:
the next applicant (the flow's reset) empties every page, and when the clerk's screen
locks it shows only "窗口暂停服务"; after the unlock it comes back to the welcome page, not
to what was there before.

The pages sit in one :class:`QStackedWidget` (:attr:`ApplicantScreen.pages`), so another
widget (a signature pad, say) can be added as a page with :meth:`ApplicantScreen.add_page`.
Everything the applicant reads is Chinese whatever the clerk's UI language; only the
window title, which the clerk sees in the task bar, is translated.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QGuiApplication,
    QHideEvent,
    QScreen,
    QShowEvent,
    QWindow,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from counterapp.app.context import CounterContext
from counterapp.cases import Case
from counterapp.ui.applicant_pages import (
    SCREEN_STYLE,
    ConsentPage,
    LookupPage,
    MessagePage,
    ResultPage,
    TicketPage,
    department_namer,
    retrieved_by_department,
)
from counterapp.ui.applicant_rating import RatingPage
from counterapp.ui.case_flow import CONSENT, FORM, ID_NUMBER, LOOKUP, SERVICE, CaseFlow
from counterapp.ui.screen_placement import ScreenPlacement, choose_screen, screen_key
from counterapp.ui.workers import TaskRunner
from counterapp.users import Actor

WINDOWED_SIZE = (1280, 800)
"""The window's size when it shares the clerk's screen (one monitor, or for testing)."""


class ApplicantStage(Enum):
    """Which page the applicant sees."""

    WELCOME = "welcome"
    TICKET = "ticket"
    SERVING = "serving"  # a service is chosen: the ID is being taken
    CONSENT = "consent"
    LOOKUP = "lookup"
    RESULT = "result"
    DONE = "done"  # the case accepted: its number, the promised date and the rating
    PAUSED = "paused"  # the clerk's screen is locked


class ApplicantScreen(QWidget):
    """The customer-facing window.

    Args:
        ctx: the workstation's open resources (hall name, window, catalog, database).
        actor: the signed-in clerk (ratings are recorded under them).
        runner: the shared background runner.
        clerk_window: the clerk's window, whose screen is the fallback.
        placement: where the chosen screen is remembered (default: the per-user file).

    Signals:
        visibility_changed(bool): the window was shown or hidden (the clerk's toggle).
    """

    visibility_changed = Signal(bool)

    def __init__(
        self,
        ctx: CounterContext,
        actor: Actor,
        runner: TaskRunner,
        *,
        clerk_window: QWidget | None = None,
        placement: ScreenPlacement | None = None,
    ) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setObjectName("applicantScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)  # the clerk's window decides
        self.setStyleSheet(SCREEN_STYLE)
        self.setWindowTitle(self.tr("Applicant screen — window {window}").format(window=ctx.window))
        self.ctx, self.actor = ctx, actor
        self.hall_name = ctx.settings.get_str("hall.name")
        self.window_number = ctx.window
        self.placement = placement if placement is not None else ScreenPlacement()
        self._clerk_window = clerk_window
        self._flow: CaseFlow | None = None
        self._paused = False
        self._ticket: tuple[str, str] | None = None
        self._watched: QWindow | None = None  # the native window whose screen is followed
        names = {d: c.name_zh for d, c in ctx.exchange.connectors.items()}
        self._department_name = department_namer(names, ctx.catalog)

        header = QWidget(self)
        header.setObjectName("applicantHeader")
        header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.hall_label = QLabel(self.hall_name, header)
        self.window_label = QLabel(f"{self.window_number} 号窗口", header)
        self.window_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header_row = QHBoxLayout(header)
        header_row.setContentsMargins(40, 18, 40, 18)
        header_row.addWidget(self.hall_label, 1)
        header_row.addWidget(self.window_label)
        self.footer = QLabel("如有疑问，请咨询窗口工作人员", self)
        self.footer.setObjectName("applicantFooter")
        self.footer.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.pages = QStackedWidget(self)
        self.welcome_page = MessagePage("welcomePage", self.pages)
        self.ticket_page = TicketPage(self.pages)
        self.serving_page = MessagePage("servingPage", self.pages)
        self.consent_page = ConsentPage(self.pages)
        self.lookup_page = LookupPage(self.pages)
        self.result_page = ResultPage(self.pages)
        self.rating_page = RatingPage(ctx, actor, runner, self.pages)
        self.paused_page = MessagePage("pausedPage", self.pages)
        self.paused_page.show_text("窗口暂停服务")
        self._stage_pages: dict[ApplicantStage, QWidget] = {
            ApplicantStage.WELCOME: self.welcome_page,
            ApplicantStage.TICKET: self.ticket_page,
            ApplicantStage.SERVING: self.serving_page,
            ApplicantStage.CONSENT: self.consent_page,
            ApplicantStage.LOOKUP: self.lookup_page,
            ApplicantStage.RESULT: self.result_page,
            ApplicantStage.DONE: self.rating_page,
            ApplicantStage.PAUSED: self.paused_page,
        }
        for page in self._stage_pages.values():
            self.pages.addWidget(page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.footer)
        layout.addSpacing(16)
        self.consent_page.agreed.connect(lambda: self._consent(True))
        self.consent_page.declined.connect(lambda: self._consent(False))
        self.resize(*WINDOWED_SIZE)
        self.clear()

    # -- what the window shows -----------------------------------------------------------

    @property
    def stage(self) -> ApplicantStage:
        """The page shown now."""
        current = self.pages.currentWidget()
        return next(s for s, page in self._stage_pages.items() if page is current)

    @property
    def paused(self) -> bool:
        """True while the clerk's screen is locked."""
        return self._paused

    def add_page(self, page: QWidget) -> int:
        """Add another page (e.g. a signature pad) to the stack; show it with
        ``pages.setCurrentWidget(page)``. It is hidden by :meth:`clear` and :meth:`pause`
        like every other page.

        Returns:
            Its index in :attr:`pages`.
        """
        return self.pages.addWidget(page)

    def follow(self, flow: CaseFlow) -> None:
        """Follow ``flow`` (the clerk's case) from now on; the old one is let go."""
        old = self._flow
        if old is not None:
            old.step_changed.disconnect(self._on_step)
            old.case_submitted.disconnect(self._on_submitted)
            old.form_page.changed.disconnect(self._on_form_changed)
            old.step_failed.disconnect(self._on_step_failed)
        self._flow = flow
        flow.step_changed.connect(self._on_step)
        flow.case_submitted.connect(self._on_submitted)
        flow.form_page.changed.connect(self._on_form_changed)
        flow.step_failed.connect(self._on_step_failed)
        self.clear()

    def show_ticket(self, number: str, window: str) -> None:
        """The called ticket: "请 A001 号到 7 号窗口办理" (shown until a service is chosen)."""
        self._ticket = (number, window)
        self.ticket_page.show_ticket(number, window)
        if self.stage in (ApplicantStage.WELCOME, ApplicantStage.TICKET):
            self._show(ApplicantStage.TICKET)

    def clear_ticket(self) -> None:
        """No ticket called (any more)."""
        self._ticket = None
        if self.stage is ApplicantStage.TICKET:
            self._show(ApplicantStage.WELCOME)

    @property
    def ticket(self) -> str | None:
        """The ticket number being served, if one was called."""
        return self._ticket[0] if self._ticket else None

    def clear(self) -> None:
        """Next applicant: every page emptied, the welcome page up (the ticket forgotten)."""
        self._ticket = None
        self.welcome_page.show_text("欢迎光临", self.hall_name, "工作人员正在准备，请稍候")
        self.serving_page.show_text("")
        self.consent_page.show_scope("", (), ())
        self.lookup_page.show_departments(())
        self.result_page.show_result((), (), self._department_name)
        self.rating_page.clear()
        self.ticket_page.show_ticket("", "")
        for index in range(self.pages.count()):
            page = self.pages.widget(index)
            clear = getattr(page, "clear", None)
            if page not in self._stage_pages.values() and callable(clear):
                clear()  # an added page (a signature pad) holds nothing either
        if not self._paused:
            self._show(ApplicantStage.WELCOME)

    def pause(self) -> None:
        """The clerk's screen locked: only "窗口暂停服务", nothing of the case."""
        self._paused = True
        self.clear()
        self._show(ApplicantStage.PAUSED)

    def resume(self) -> None:
        """The clerk unlocked: back to the welcome page (the old content is gone)."""
        if not self._paused:
            return
        self._paused = False
        self._show(ApplicantStage.WELCOME)

    # -- following the case --------------------------------------------------------------

    def _on_step(self, step: int) -> None:
        flow = self._flow
        if flow is None:
            return
        if step == SERVICE:
            self.clear()
            return
        if self._paused:
            return  # nothing of the case while locked
        form = flow.session.form
        if form is None:
            return
        if step == ID_NUMBER:
            title = form.title_zh
            lead = "请将身份证件交给工作人员"
            if form.applicants > 1:
                lead = f"请{form.party_zh(flow.applicant)}将身份证件交给工作人员"
            self.serving_page.show_text(f"正在为您办理：{title}", lead)
            self._show(ApplicantStage.SERVING)
        elif step == CONSENT:
            panel = flow.consent_panel
            self.consent_page.show_scope(panel.purpose_zh, panel.departments, panel.categories)
            self._show(ApplicantStage.CONSENT)
        elif step == LOOKUP:
            scope = flow.session.consent_scope(flow.applicant)
            self.lookup_page.show_departments([self._department_name(d) for d in scope.departments])
            self._show(ApplicantStage.LOOKUP)
        elif step == FORM:
            self._show_result()

    def _show_result(self) -> None:
        flow = self._flow
        if flow is None or self._paused or flow.step != FORM:
            return
        lookups = flow.session.lookups
        retrieved = retrieved_by_department(
            self.ctx.catalog, (lookups[n] for n in sorted(lookups)), self._department_name
        )
        self.result_page.show_result(retrieved, flow.form_page.decisions, self._department_name)
        self._show(ApplicantStage.RESULT)

    def _on_form_changed(self, _prefilled: object) -> None:
        if self.stage is ApplicantStage.RESULT:
            self._show_result()  # a paper handed over, a value corrected: papers decided anew

    def _on_submitted(self, case: Case, _pdf: object) -> None:
        flow = self._flow
        if self._paused or flow is None or flow.case is None or flow.case.number != case.number:
            return
        self.rating_page.show_case(
            case.number, case.due_date, case.due_date_provisional, ticket=self.ticket
        )
        self._show(ApplicantStage.DONE)

    def _on_step_failed(self, _error: object) -> None:
        if self.stage is ApplicantStage.CONSENT and self._flow is not None:
            self.consent_page.retry()  # nothing was recorded: the applicant may press again

    def _consent(self, agreed: bool) -> None:
        flow = self._flow
        if flow is not None and self.stage is ApplicantStage.CONSENT:
            signature = self.consent_page.signature() if agreed else None
            flow.consent_from_applicant(agreed, signature=signature)

    def _show(self, stage: ApplicantStage) -> None:
        self.pages.setCurrentWidget(self._stage_pages[stage])
        self.footer.setVisible(stage is not ApplicantStage.PAUSED)

    # -- placement -----------------------------------------------------------------------

    def target_screen(self) -> QScreen:
        """Where the window goes: the remembered screen, a second one, or the clerk's."""
        clerk = self._clerk_window.screen() if self._clerk_window is not None else None
        fallback = clerk or QGuiApplication.primaryScreen()
        return choose_screen(self.placement.remembered(), QGuiApplication.screens(), fallback)

    def show_placed(self) -> None:
        """Show the window on :meth:`target_screen`: full screen on a monitor of its own,
        a normal window beside the clerk's on the clerk's screen."""
        screen = self.target_screen()
        clerk = self._clerk_window.screen() if self._clerk_window is not None else None
        own_monitor = clerk is not None and screen is not clerk
        self.setScreen(screen)
        geometry = screen.availableGeometry()
        if own_monitor:
            self.setGeometry(geometry)
            self.showFullScreen()
        else:
            width = min(WINDOWED_SIZE[0], geometry.width())
            height = min(WINDOWED_SIZE[1], geometry.height())
            self.resize(width, height)
            self.move(geometry.center().x() - width // 2, geometry.center().y() - height // 2)
            self.showNormal()

    def remember_screen(self) -> None:
        """Keep the screen the window is on now for next time."""
        screen = self.screen()
        if screen is not None:
            self.placement.remember(screen_key(screen))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        handle = self.windowHandle()
        if handle is not None and handle is not self._watched:
            handle.screenChanged.connect(self._on_screen_changed)
            self._watched = handle
        self.visibility_changed.emit(True)

    def _on_screen_changed(self, _screen: QScreen) -> None:
        self.remember_screen()  # the clerk dragged it onto the customer monitor

    def hideEvent(self, event: QHideEvent) -> None:
        self.remember_screen()
        super().hideEvent(event)
        self.visibility_changed.emit(False)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.remember_screen()
        super().closeEvent(event)

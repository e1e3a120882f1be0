"""The Qt application: language, fonts, and the path from sign-in to the workspace."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication

from counterapp.config import Settings
from counterapp.errors import Language
from counterapp.ui.i18n import install_translators
from counterapp.ui.idle_lock import IdleLock, idle_timeout_ms
from counterapp.ui.login_dialog import LoginDialog
from counterapp.ui.main_window import MainWindow
from counterapp.ui.workers import TaskRunner
from counterapp.users.roles import Actor

if TYPE_CHECKING:  # imported where a workspace opens: the sign-in window needs none of them
    from counterapp.app.context import CounterContext
    from counterapp.app.users import SignInDesk
    from counterapp.ui.applicant_screen import ApplicantScreen
    from counterapp.ui.case_flow import CaseFlow
    from counterapp.ui.supervisor_view import SupervisorView
    from counterapp.ui.ticket_panel import TicketPanel

CJK_FAMILIES = (
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "SimSun",
)
"""Fonts with Simplified Chinese glyphs, in order of preference (Windows, macOS, Linux)."""

EXIT_WAIT_MS = 3_000
"""How long the closing application waits for background writes (a draft, an audit record)."""

PAINT_WAIT_MS = 1_000
"""How long :meth:`SignIn.until_painted` waits at most for the sign-in window's first paint."""


def use_cjk_fallback(app: QApplication) -> list[str]:
    """Give the application font the installed CJK families as fallbacks.

    Returns:
        The fallback families found (empty: Chinese may render as boxes).
    """
    installed = set(QFontDatabase.families())
    found = [family for family in CJK_FAMILIES if family in installed]
    font = QFont(app.font())
    font.setFamilies([app.font().family(), *found])
    app.setFont(font)
    return found


def create_application(settings: Settings | Language) -> QApplication:
    """The QApplication (the running one, or a new one) in the configured language.

    Args:
        settings: read for ``ui.language``; or the language itself (no settings to read).
    """
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv and sys.argv[0] else "counterapp"])
    assert isinstance(app, QApplication)
    app.setApplicationName("counterapp")
    app.setApplicationDisplayName("Counter")
    install_translators(app, settings if isinstance(settings, Language) else Language.of(settings))
    use_cjk_fallback(app)
    return app


class Workspace:
    """What one signed-in session consists of: the window and its idle lock (and, for a
    clerk, the applicant's screen that follows the case flow).

    Args:
        ctx: the workstation's open resources.
        actor: who signed in.
        runner: the background task runner.
        idle_ms: the idle lock's timeout (``ui.idle_lock_minutes`` unless a test says).
        flow: the page the clerk works on (the case flow); Ctrl+N (next applicant) resets it.
        desk: where the idle unlock checks the password and the shutdown signs out (the
            sign-in dialog's desk; by default the workstation's, under the hall's lock-out
            policy).
    """

    def __init__(
        self,
        ctx: CounterContext,
        actor: Actor,
        runner: TaskRunner,
        *,
        idle_ms: int,
        flow: CaseFlow | None = None,
        desk: SignInDesk | None = None,
    ) -> None:
        if desk is None:
            from counterapp.app.users import SignInDesk  # with the database, after sign-in

            desk = SignInDesk.of(ctx.settings, ctx.engine, ctx.workstation)
        self.desk = desk
        self._ctx, self._actor, self._runner = ctx, actor, runner
        self.window = MainWindow(
            actor, hall_name=ctx.settings.get_str("hall.name"), window=ctx.window
        )
        self.idle_lock = IdleLock(
            self.window.pages,
            self.window.body,
            check_password=lambda password: desk.sign_in(actor.username, password),
            runner=runner,
            timeout_ms=idle_ms,
            user_text=actor.display_name or actor.username,
            parent=self.window,
        )
        self.window.lock_requested.connect(self.idle_lock.lock)
        self.idle_lock.locked.connect(lambda: self.window.set_locked(True))
        self.idle_lock.unlocked.connect(lambda: self.window.set_locked(False))
        self.window.shutdown.connect(self.idle_lock.stop)
        self.window.shutdown.connect(lambda: desk.sign_out(actor))
        self.flow: CaseFlow | None = None
        self.supervisor: SupervisorView | None = None  # the supervisor's page, if theirs
        self.applicant_screen: ApplicantScreen | None = None  # made with the first flow
        self.ticket_panel: TicketPanel | None = None  # above the first flow (docs/tickets.md)
        if flow is not None:
            self.set_flow(flow)
        # the case on screen is written now, not after the autosave pause (connected before
        # the runner's shutdown; the application waits for the write at exit)
        self.window.shutdown.connect(lambda: self.flow.save_draft_now() if self.flow else None)
        self.idle_lock.start()

    def set_flow(self, flow: CaseFlow) -> None:
        """Make ``flow`` the page the clerk works on; Ctrl+N (next applicant) resets it."""
        if self.flow is not None:
            self.window.next_requested.disconnect(self.flow.reset)
        self.flow = flow
        self.window.set_page(flow)
        self.window.next_requested.connect(flow.reset)
        if self.applicant_screen is None:
            self.applicant_screen = self._make_applicant_screen()
        self.applicant_screen.follow(flow)
        if self.ticket_panel is None:
            from counterapp.ui.ticket_panel import attach_ticket_panel  # with a clerk's flow

            self.ticket_panel = attach_ticket_panel(self)

    def _make_applicant_screen(self) -> ApplicantScreen:
        """The applicant's window: toggled by the Counter menu (Ctrl+Shift+A), paused by
        the idle lock, emptied for the next applicant, closed with the clerk's window."""
        from counterapp.ui.applicant_screen import ApplicantScreen  # not before a sign-in

        window = self.window
        screen = ApplicantScreen(self._ctx, self._actor, self._runner, clerk_window=window)
        action = window.applicant_screen_action
        action.setVisible(True)

        def toggle(shown: bool) -> None:
            if shown and not screen.isVisible():
                screen.show_placed()
            elif not shown and screen.isVisible():
                screen.hide()

        action.toggled.connect(toggle)
        screen.visibility_changed.connect(action.setChecked)
        self.idle_lock.locked.connect(screen.pause)
        self.idle_lock.unlocked.connect(screen.resume)
        if self.idle_lock.is_locked:
            screen.pause()
        window.next_requested.connect(screen.clear)
        window.shutdown.connect(screen.close)
        window.shutdown.connect(screen.deleteLater)
        return screen

    def open_applicant_screen(self, *, only_with_a_second_screen: bool = True) -> bool:
        """Show the applicant's screen (by default only when a second monitor is connected).

        Returns:
            True when it is shown.
        """
        screen = self.applicant_screen
        if screen is None:
            return False
        if only_with_a_second_screen and len(QGuiApplication.screens()) < 2:
            return False
        self.window.applicant_screen_action.setChecked(True)
        return screen.isVisible()


class SignIn:
    """The sign-in window and the workspaces it opens: what :func:`run_gui` runs.

    Made by :func:`start_sign_in`. A test (or the demo) can drive :attr:`login` and find
    the opened workspace in :attr:`sessions` without entering the event loop. Made before
    the workstation has opened, it signs in once :meth:`attach` brings the open workstation.

    Attributes:
        app: the application.
        login: the sign-in dialog (shown).
        runner: the background task runner the dialog and the workspaces share.
        sessions: the workspaces opened so far, one per sign-in.
    """

    def __init__(self, app: QApplication, login: LoginDialog, runner: TaskRunner) -> None:
        self.app = app
        self.login = login
        self.runner = runner
        self.sessions: list[Workspace] = []
        self.ctx: CounterContext | None = None
        self.desk: SignInDesk | None = None
        self.idle_ms = 0
        self._open: set[int] = set()
        self.always_show_applicant_screen = False  # the demo shows it on one screen too

    def attach(self, ctx: CounterContext) -> None:
        """Sign in at ``ctx``'s desk (the workstation has opened); a sign-in then opens the
        workspace, and cancelling it quits the application."""
        from counterapp.app.users import SignInDesk  # the database: after the window painted

        self.ctx = ctx
        self.desk = SignInDesk.of(ctx.settings, ctx.engine, ctx.workstation)
        self.idle_ms = idle_timeout_ms(ctx.settings.get_int("ui.idle_lock_minutes"))
        self.login.signed_in.connect(self.open_workspace)
        self.login.rejected.connect(self.app.quit)
        self.login.set_desk(self.desk)

    def until_painted(self, timeout_ms: int = PAINT_WAIT_MS) -> bool:
        """Run the event loop until the sign-in window has been painted (at most
        ``timeout_ms``), so the clerk sees it while the workstation opens.

        Returns:
            Whether it was painted (False: hidden, or not painted within the time).
        """
        loop = QEventLoop()
        watcher = FirstPaint(loop.quit, loop)
        self.login.installEventFilter(watcher)
        QTimer.singleShot(timeout_ms, loop, loop.quit)
        if self.login.isVisible():
            loop.exec()
        self.login.removeEventFilter(watcher)
        return watcher.seen

    def open_workspace(self, actor: Actor) -> Workspace:
        """Open and show ``actor``'s workspace: the case flow for a clerk, the supervisor's
        view for a supervisor or an admin (what a sign-in does; the demo opens one too)."""
        # imported here, not at the top: the sign-in window shows without the case flow,
        # the queue, the dashboard (QtCharts) and the reports (benchmarks/gui_startup.py)
        from counterapp.ui.case_flow import CaseFlow
        from counterapp.ui.supervisor_view import SupervisorView, uses_supervisor_view

        ctx, runner = self.ctx, self.runner
        assert ctx is not None, "made by start_sign_in"
        if uses_supervisor_view(actor):
            workspace = Workspace(ctx, actor, runner, idle_ms=self.idle_ms, desk=self.desk)
            view = SupervisorView(ctx, actor, runner, language=Language.of(ctx.settings))
            workspace.supervisor = view
            workspace.window.set_page(view)
            workspace.window.shutdown.connect(view.stop)
        else:
            flow = CaseFlow(ctx, actor, runner)
            workspace = Workspace(
                ctx, actor, runner, idle_ms=self.idle_ms, flow=flow, desk=self.desk
            )
        self._open.add(id(workspace))
        workspace.window.shutdown.connect(lambda: self._closed(workspace))
        self.sessions.append(workspace)
        workspace.window.show()
        workspace.open_applicant_screen(
            only_with_a_second_screen=not self.always_show_applicant_screen
        )
        return workspace

    def _closed(self, workspace: Workspace) -> None:
        """A workspace's window closed: the runner stops with the last one."""
        self._open.discard(id(workspace))
        if not self._open:
            self.runner.shutdown()

    def exec(self) -> int:
        """Run the event loop until the last window closes or the sign-in is cancelled.

        Returns:
            The application's exit code (0 also when the sign-in is cancelled).
        """
        self.app.setQuitOnLastWindowClosed(True)
        code = self.app.exec()
        self.runner.shutdown(wait_ms=EXIT_WAIT_MS)  # a last draft or audit write finishes
        return code

    def close(self, wait_ms: int = 5_000) -> bool:
        """Close every window (a workspace signs out), stop the runner, release the widgets.

        For leaving without :meth:`exec` (tests, an interrupted demo); call it while the
        database is still open.

        Returns:
            True when no background task is still running.
        """
        for workspace in self.sessions:
            workspace.window.close()  # emits shutdown: idle lock, sign-out, runner
            workspace.window.deleteLater()
        self.login.close()
        self.login.deleteLater()
        idle = self.runner.shutdown(wait_ms=wait_ms)
        self.runner.deleteLater()
        QApplication.processEvents()
        return idle


class FirstPaint(QObject):
    """Calls ``then`` once, on the event-loop turn after the watched widget's first paint
    (install it as the widget's event filter).

    Args:
        then: what to call once the first frame has been flushed.
        parent: owns the filter (the widget, or the event loop waiting for it).
    """

    def __init__(self, then: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._then = then
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            QTimer.singleShot(0, self, self._then)  # after this frame is flushed
        return False


def start_sign_in(settings: Settings, ctx: CounterContext | None = None) -> SignIn:
    """The application in the configured language with the sign-in dialog shown.

    A successful sign-in opens that clerk's workspace with the case flow, or for a
    supervisor or an admin the supervisor's view (queue, dashboard, admin tabs as the role
    allows); cancelling the sign-in quits the application.

    Args:
        settings: the settings.
        ctx: the open workstation; None: the window shows while it is still opening, and
            :meth:`SignIn.attach` brings it (the workspace's start: the window paints
            without the database code, benchmarks/gui_startup.py).
    """
    app = create_application(settings)
    runner = TaskRunner(parent=app)
    window = ctx.window if ctx is not None else settings.get_str("hall.window")
    login = LoginDialog(None, runner, window=window)
    signin = SignIn(app, login, runner)
    if ctx is not None:
        signin.attach(ctx)
        signin.idle_ms = idle_timeout_ms(settings.get_int("ui.idle_lock_minutes"))
    login.show()
    return signin


def run_gui(settings: Settings, ctx: CounterContext) -> int:
    """Sign in, open the workspace, and run the event loop until the window closes.

    Returns:
        The application's exit code (0 also when the sign-in is cancelled).
    """
    return start_sign_in(settings, ctx).exec()

"""The window's ticket panel (叫号): the ticket being served, who waits, and the calls.

A strip above the clerk's case flow: the ticket this window serves and its state, how
many wait in each category, the window's parked tickets, and the buttons Call next (F9),
Recall, Park, Transfer…, No-show and Done. Every database call runs on the
:class:`TaskRunner` in the panel's own scope; while one runs the buttons wait. The panel
follows changes made anywhere in the hall (another window calling, the dispenser issuing)
through a :class:`CaseChangeWatcher` that wants ticket payloads only (``T:<id>``).

Calling another ticket — the next one, or a parked one back — while a case is open for
the applicant being served asks first (:attr:`TicketPanel.case_open`): the case flow is
cleared for the next applicant when the call goes ahead.

Signals (for the applicant's screen, a hall display, the workspace):
    ticket_called(Ticket): a ticket was called to this window — the next one, a parked
        one back, or the same one again (a recall); show "请 A001 号到 07 号窗口".
    ticket_changed(object): the ticket this window serves changed: the Ticket as it is
        now, or None when the window serves none (parked, transferred, no-show, done).
        Emitted after every move of this panel and when a refresh finds it different.
    refreshed(): a refresh was shown (after every move, and every change in the hall).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counterapp.app import tickets as desk
from counterapp.app.context import CounterContext
from counterapp.app.queue_watch import CaseChangeWatcher
from counterapp.errors import Language, error_text
from counterapp.store.case_changes import is_ticket_change
from counterapp.tickets import Ticket, TicketInputError, TicketState, parse_category
from counterapp.ui.workers import TaskRunner
from counterapp.users import Actor

if TYPE_CHECKING:
    from counterapp.ui.app import Workspace
    from counterapp.ui.case_flow import CaseFlow

CALL_SHORTCUT = QKeySequence("F9")


class _Relay(QObject):
    """Carries the watcher's reports (from its thread) to the GUI thread."""

    changed = Signal(object)


class TransferDialog(QDialog):
    """Where to send the ticket: another window, another category, or both."""

    def __init__(self, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Transfer ticket {number}").format(number=number))
        self.window_edit = QLineEdit(self)
        self.window_edit.setPlaceholderText(self.tr("e.g. 08"))
        self.category_edit = QLineEdit(self)
        self.category_edit.setPlaceholderText(self.tr("e.g. B"))
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #b3261e;")
        form = QFormLayout()
        form.addRow(self.tr("To &window:"), self.window_edit)
        form.addRow(self.tr("To &category:"), self.category_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    @property
    def to_window(self) -> str | None:
        return self.window_edit.text().strip() or None

    @property
    def to_category(self) -> str | None:
        return self.category_edit.text().strip().upper() or None

    def _check(self) -> None:
        if self.to_window is None and self.to_category is None:
            self.problem.setText(self.tr("Name a window or a category."))
            return
        if self.to_category is not None:
            try:
                parse_category(self.to_category)
            except ValueError:
                self.problem.setText(self.tr("A category is one or two letters, e.g. B."))
                return
        self.accept()


class TicketPanel(QWidget):
    """The ticket queue as one window sees and works it.

    Args:
        ctx: the workstation's open resources (its engine; ``workstation`` for the audit).
        actor: the signed-in clerk.
        runner: the shared background runner.
        window: this service window (``hall.window``).
        categories: the categories it calls (``hall.ticket_categories``).
        case_open: whether a case is open for the applicant being served; calling another
            ticket then asks first.
        live: follow the hall's ticket changes (a watcher thread of its own).
        parent: the Qt parent.

    Signals: see the module's docstring.
    """

    ticket_called = Signal(object)
    ticket_changed = Signal(object)
    refreshed = Signal()  # the panel shows what the database held a moment ago

    def __init__(
        self,
        ctx: CounterContext,
        actor: Actor,
        runner: TaskRunner,
        *,
        window: str,
        categories: tuple[str, ...],
        case_open: Callable[[], bool] = lambda: False,
        live: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ticketPanel")
        self.ctx, self.actor = ctx, actor
        self.engine = ctx.engine
        self.window_number = window
        self.categories = categories
        self.case_open = case_open
        self.language = Language.of(ctx.settings)
        self._scope = runner.scope(self)
        self._busy = False
        self.refreshes = 0  # how many refreshes were shown (tests wait on it)
        self.current: Ticket | None = None
        self.parked: tuple[Ticket, ...] = ()
        self.waiting: dict[str, int] = {}
        self.confirmation: QMessageBox | None = None
        self.transfer_dialog: TransferDialog | None = None

        self.number_label = QLabel("—", self)
        self.number_label.setObjectName("ticketPanelNumber")
        self.number_label.setStyleSheet("font-size: 20pt; font-weight: bold;")
        self.state_label = QLabel(self)
        self.waiting_label = QLabel(self)
        self.waiting_label.setObjectName("ticketPanelWaiting")
        self.parked_box = QComboBox(self)
        self.parked_box.setToolTip(self.tr("Parked tickets: Recall calls the chosen one back"))
        self.status = QLabel(self)
        self.status.setObjectName("ticketPanelStatus")
        self.status.setWordWrap(True)

        self.call_button = QPushButton(self.tr("Call next (F9)"), self)
        self.recall_button = QPushButton(self.tr("Recall"), self)
        self.park_button = QPushButton(self.tr("Park"), self)
        self.transfer_button = QPushButton(self.tr("Transfer…"), self)
        self.no_show_button = QPushButton(self.tr("No-show"), self)
        self.done_button = QPushButton(self.tr("Done"), self)
        self.call_button.setToolTip(
            self.tr("Call the next waiting ticket of {categories} to window {window}").format(
                categories=", ".join(categories), window=window
            )
        )

        head = QVBoxLayout()
        head.setSpacing(0)
        head.addWidget(self.number_label)
        head.addWidget(self.state_label)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 4, 4, 4)
        row.addLayout(head)
        info = QVBoxLayout()
        info.addWidget(self.waiting_label)
        info.addWidget(self.parked_box)
        row.addLayout(info, 1)
        for button in self.buttons:
            row.addWidget(button)
        row.addWidget(self.status, 1)

        self.call_button.clicked.connect(self.call_next)
        self.recall_button.clicked.connect(self.recall)
        self.park_button.clicked.connect(self.park)
        self.transfer_button.clicked.connect(self.open_transfer)
        self.no_show_button.clicked.connect(self.no_show)
        self.done_button.clicked.connect(lambda: self.finish())
        shortcut = QShortcut(CALL_SHORTCUT, self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(self.call_next)

        self.relay = _Relay(self)
        self.relay.changed.connect(lambda _ids: self.refresh(), Qt.ConnectionType.QueuedConnection)
        self.watcher: CaseChangeWatcher | None = None
        if live:
            self.watcher = CaseChangeWatcher(
                self.engine, self.relay.changed.emit, wants=is_ticket_change
            )
            runner.submit(self.watcher.start, owner=self)  # connecting must not wait here
        self._show()
        self.refresh()

    # -- what it shows --------------------------------------------------------------------

    @property
    def buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.call_button,
            self.recall_button,
            self.park_button,
            self.transfer_button,
            self.no_show_button,
            self.done_button,
        )

    @property
    def busy(self) -> bool:
        """True while a call or a move is on its way to the database."""
        return self._busy

    def _state_text(self, state: TicketState) -> str:
        return state.label_zh if self.language.chinese else state.label_en

    def _show(self) -> None:
        current = self.current
        if current is None:
            self.number_label.setText("—")
            self.state_label.setText(self.tr("No ticket called"))
        else:
            self.number_label.setText(current.number)
            self.state_label.setText(
                self.tr("{state} · call {calls}").format(
                    state=self._state_text(current.state), calls=current.calls
                )
            )
        counts = [f"{c} {self.waiting.get(c, 0)}" for c in self.categories]
        others = sorted(set(self.waiting) - set(self.categories))
        counts += [f"{c} {self.waiting[c]}" for c in others]
        self.waiting_label.setText(self.tr("Waiting: {counts}").format(counts=" · ".join(counts)))
        self.parked_box.clear()
        for ticket in self.parked:
            self.parked_box.addItem(
                self.tr("Parked {number}").format(number=ticket.number), ticket.id
            )
        self.parked_box.setVisible(bool(self.parked))
        serving = current is not None and not self._busy
        self.call_button.setEnabled(not self._busy and bool(self.categories))
        self.recall_button.setEnabled(not self._busy and (current is not None or bool(self.parked)))
        for button in (self.park_button, self.transfer_button, self.no_show_button):
            button.setEnabled(serving)
        self.done_button.setEnabled(serving)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setStyleSheet("color: #b3261e;" if error else "")
        self.status.setText(text)

    # -- reading --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the window's ticket, the waiting counts and the parked tickets again."""
        if self._scope.closed:
            return  # the workspace is closing: a change heard now has nobody to show it to
        if self._busy:
            return  # the move under way refreshes when it is answered
        self._scope.submit(
            desk.window_queue,
            self.engine,
            self.window_number,
            on_result=self._on_queue,
            on_error=lambda error: self._say(error_text(error, self.language), error=True),
        )

    def _on_queue(self, queue: desk.WindowQueue) -> None:
        before = self.current
        self.current, self.waiting, self.parked = queue.current, queue.waiting, queue.parked
        self._show()
        if before != self.current:  # moved elsewhere (another window, the CLI)
            self.ticket_changed.emit(self.current)
        self.refreshes += 1
        self.refreshed.emit()

    # -- the calls ------------------------------------------------------------------------

    def call_next(self) -> None:
        """Call the next waiting ticket (F9); asks first while a case is open."""
        if self._busy:
            return
        self._confirm_then(
            lambda: self._run(
                desk.call_next,
                self.actor,
                self.window_number,
                self.categories,
                called=True,
                nobody=self.tr("Nobody is waiting for {categories}").format(
                    categories=", ".join(self.categories)
                ),
            )
        )

    def recall(self) -> None:
        """Call the current ticket again, or, with none, call back the chosen parked one."""
        if self._busy:
            return
        if self.current is not None:
            self._run(desk.recall, self.actor, self.current, window=self.window_number, called=True)
            return
        parked = self._chosen_parked()
        if parked is None:
            return
        self._confirm_then(
            lambda: self._run(
                desk.recall, self.actor, parked, window=self.window_number, called=True
            )
        )

    def park(self) -> None:
        """Park the current ticket (the applicant fetches something)."""
        if self.current is not None and not self._busy:
            self._run(desk.park, self.actor, self.current)

    def no_show(self) -> None:
        """Mark the current ticket a no-show (过号)."""
        if self.current is not None and not self._busy:
            self._run(desk.no_show, self.actor, self.current)

    def finish(self, case_number: str | None = None) -> None:
        """The current ticket is done (with the case accepted for it, if given)."""
        if self.current is not None and not self._busy:
            self._run(desk.finish, self.actor, self.current, case_number=case_number)

    def attach_case(self, case_number: str) -> None:
        """Record that case ``case_number`` was accepted for the ticket being served."""
        if self.current is None:
            return
        self._run(desk.attach_case, self.actor, self.current, case_number)

    def open_transfer(self) -> None:
        """Ask where to send the current ticket (:attr:`transfer_dialog`), then send it."""
        current = self.current
        if current is None or self._busy:
            return
        dialog = TransferDialog(current.number, self)
        self.transfer_dialog = dialog

        def chosen() -> None:
            self.transfer_dialog = None
            self._run(
                desk.transfer,
                self.actor,
                current,
                to_window=dialog.to_window,
                to_category=dialog.to_category,
            )

        dialog.accepted.connect(chosen)
        dialog.rejected.connect(lambda: setattr(self, "transfer_dialog", None))
        dialog.open()

    def _chosen_parked(self) -> Ticket | None:
        chosen = self.parked_box.currentData()
        return next((t for t in self.parked if t.id == chosen), None)

    def _confirm_then(self, go: Callable[[], None]) -> None:
        """Run ``go`` now, or once the clerk confirms when a case is open."""
        if not self.case_open():
            go()
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Call another ticket?"),
            self.tr(
                "A case is open for the applicant being served. Call another ticket anyway? "
                "The open case is cleared from the screen."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("&Call"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("&Keep the case"))
        self.confirmation = box

        def answered(result: int) -> None:
            self.confirmation = None
            if result == QMessageBox.StandardButton.Yes:
                go()

        box.finished.connect(answered)
        box.open()

    def _run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        called: bool = False,
        nobody: str = "",
        **kwargs: Any,
    ) -> None:
        self._busy = True
        self._show()
        self._scope.submit(
            fn,
            self.engine,
            *args,
            workstation=self.ctx.workstation,
            on_result=lambda ticket: self._done(ticket, called, nobody),
            on_error=self._failed,
            **kwargs,
        )

    def _done(self, ticket: Ticket | None, called: bool, nobody: str) -> None:
        self._busy = False
        if ticket is not None and ticket.state is TicketState.CALLED:
            self.current = ticket
        elif ticket is not None or called:
            self.current = None
        if ticket is None:
            self._say(nobody)
        elif called:
            self._say(
                self.tr("Calling {number} to window {window}").format(
                    number=ticket.number, window=self.window_number
                )
            )
        else:
            self._say(ticket.label(self.language.chinese))
        self._show()
        if called and ticket is not None:
            self.ticket_called.emit(ticket)
        self.ticket_changed.emit(self.current)
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self._say(error_text(error, self.language), error=True)
        self._show()
        self.refresh()  # a ticket changed meanwhile: show it as it is now

    def stop(self) -> None:
        """Stop following the hall (the window closes); late answers are dropped."""
        self._scope.cancel()
        if self.watcher is not None:
            self.watcher.stop()


def case_open(flow: CaseFlow) -> bool:
    """Whether the flow holds a case not yet saved: past the service picker, no case yet."""
    from counterapp.ui.case_flow import SERVICE

    return flow.step != SERVICE and flow.case is None


def attach_ticket_panel(workspace: Workspace) -> TicketPanel | None:
    """Put the ticket panel above the clerk's case flow and connect it (None: this window
    calls no tickets, ``hall.ticket_categories`` is empty).

    Calling another ticket clears the flow for the next applicant (as Ctrl+N does) and
    shows the ticket on the applicant's screen; a saved case is recorded with the ticket;
    the idle lock disables the panel (and F9) with the rest of the window.
    """
    ctx, window = workspace._ctx, workspace.window
    problem: TicketInputError | None = None
    try:
        categories = desk.configured_categories(ctx.settings)
    except TicketInputError as exc:
        categories, problem = (), exc
    if not categories and problem is None:
        return None

    def flow_has_open_case() -> bool:
        return workspace.flow is not None and case_open(workspace.flow)

    panel = TicketPanel(
        ctx,
        workspace._actor,
        workspace._runner,
        window=ctx.window,
        categories=categories,
        case_open=flow_has_open_case,
        parent=window.body,
    )
    if problem is not None:
        panel._say(error_text(problem, panel.language), error=True)
    layout = window.body.layout()
    assert isinstance(layout, QVBoxLayout)
    layout.insertWidget(0, panel)
    serving: list[int | None] = [None]

    def called(ticket: Ticket) -> None:
        if ticket.id != serving[0]:
            window.next_requested.emit()  # the next applicant: the flow starts afresh
        serving[0] = ticket.id
        if workspace.applicant_screen is not None:
            workspace.applicant_screen.show_ticket(ticket.number, ticket.window or ctx.window)

    def changed(ticket: Ticket | None) -> None:
        if ticket is None:
            serving[0] = None
            if workspace.applicant_screen is not None:
                workspace.applicant_screen.clear_ticket()

    def saved(case: Any, _pdf: object) -> None:
        panel.attach_case(case.number)

    panel.ticket_called.connect(called)
    panel.ticket_changed.connect(changed)
    if workspace.flow is not None:
        workspace.flow.case_submitted.connect(saved)
    workspace.idle_lock.locked.connect(lambda: panel.setEnabled(False))
    workspace.idle_lock.unlocked.connect(lambda: panel.setEnabled(True))
    if workspace.idle_lock.is_locked:
        panel.setEnabled(False)
    window.shutdown.connect(panel.stop)
    return panel

"""The live lookup panel: every department asked, updating the moment each one answers.

The clerk sees one row per department (waiting, answered with its latency, no record,
timed out, failed, unavailable), retries a department that failed without asking the
others again, and carries on with what arrived without waiting for a slow department.
The panel does not know about consent: the caller passes the function that looks up
(the app's guarded lookup it is handed: ``look_up_for_case`` with its consent check).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counterapp.errors import Language, error_text
from counterapp.exchange.lookup import (
    DepartmentExchange,
    DepartmentOutcome,
    LookupPlan,
    LookupResult,
)
from counterapp.ui.lookup_model import LookupTableModel, RowState, result_from_outcomes
from counterapp.ui.workers import TaskRunner

LookupFn = Callable[..., LookupResult]
"""``fn(id_number, items, *, on_outcome, departments) -> LookupResult``."""

RETRY_SHORTCUT = QKeySequence("Ctrl+R")
CARRY_ON_SHORTCUT = QKeySequence("Ctrl+Return")


class LookupPanel(QWidget):
    """One lookup's departments, live, with retry and carry on.

    Signals:
        department_updated(DepartmentOutcome): a department finished (first ask or retry).
        settled(LookupResult): no department is waiting any more.
        finished(LookupResult): the clerk carries on with what arrived.
        failed(Exception): the lookup function raised (no consent, no permission...).

    Args:
        runner: the background runner (shared with the rest of the window); the panel
            makes its own when None.
        parent: the Qt parent.
        language: the interface language of the departments' and the errors' reasons.
    """

    department_updated = Signal(object)
    settled = Signal(object)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        runner: TaskRunner | None = None,
        parent: QWidget | None = None,
        *,
        language: Language = Language.ZH_CN,
    ) -> None:
        super().__init__(parent)
        self._language = language
        self._runner = runner if runner is not None else TaskRunner(parent=self)
        self._model = LookupTableModel(self, language=language)
        self._tasks = self._runner.scope(self)
        self._exchange: DepartmentExchange | None = None
        self._lookup_fn: LookupFn | None = None
        self._id_number = ""
        self._items: frozenset[str] = frozenset()
        self._plan: LookupPlan | None = None
        self._only: tuple[str, ...] | None = None
        self._outcomes: dict[str, DepartmentOutcome] = {}
        self._order: list[str] = []
        self._first: LookupResult | None = None
        self._retried = False
        self._started_at = datetime.now(UTC)
        self._started = time.monotonic()
        self._build()

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        self._status = QLabel(self)
        self._status.setObjectName("lookupStatus")
        self._table = QTableView(self)
        self._table.setModel(self._model)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.verticalHeader().hide()
        header = self._table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self._table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._table.customContextMenuRequested.connect(self._context_menu)

        self.retry_action = self._action(self.tr("&Retry department"), RETRY_SHORTCUT)
        self.retry_action.setToolTip(
            self._with_shortcut(self.tr("Ask the selected department again"), RETRY_SHORTCUT)
        )
        self.retry_action.triggered.connect(self.retry_selected)
        self.carry_on_action = self._action(self.tr("&Carry on"), CARRY_ON_SHORTCUT)
        self.carry_on_action.setToolTip(
            self._with_shortcut(
                self.tr("Continue to the form with what has arrived"), CARRY_ON_SHORTCUT
            )
        )
        self.carry_on_action.triggered.connect(self.carry_on)

        self.retry_button = self._button(self.retry_action)
        self.carry_on_button = self._button(self.carry_on_action)
        buttons = QHBoxLayout()
        buttons.addWidget(self._status, 1)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.carry_on_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self._table)
        layout.addLayout(buttons)
        self._table.selectionModel().currentRowChanged.connect(self._refresh_actions)
        self._model.dataChanged.connect(self._refresh_actions)
        self._model.modelReset.connect(self._refresh_actions)
        self._refresh()

    def _action(self, text: str, shortcut: QKeySequence) -> QAction:
        action = QAction(text, self)
        action.setShortcut(shortcut)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(action)
        return action

    def _button(self, action: QAction) -> QPushButton:
        button = QPushButton(action.text(), self)
        button.setToolTip(action.toolTip())
        button.clicked.connect(action.trigger)
        action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
        button.setEnabled(action.isEnabled())
        return button

    @staticmethod
    def _with_shortcut(text: str, shortcut: QKeySequence) -> str:
        return f"{text} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})"

    # -- public --------------------------------------------------------------------------

    @property
    def model(self) -> LookupTableModel:
        """The table's model (one row per department)."""
        return self._model

    @property
    def table(self) -> QTableView:
        """The table view, for keyboard focus and selection."""
        return self._table

    @property
    def status_text(self) -> str:
        """The status line, e.g. "3 of 4 departments answered"."""
        return self._status.text()

    @property
    def running(self) -> bool:
        """True while a lookup or a retry is still out."""
        return self._tasks.running

    def start(
        self,
        exchange: DepartmentExchange,
        id_number: str,
        items: Iterable[str],
        departments: Iterable[str] | None = None,
        *,
        lookup_fn: LookupFn,
    ) -> None:
        """Show every department the items need as waiting, then ask them all.

        Args:
            exchange: the departments (for the plan and their names).
            id_number: the applicant's validated resident ID number.
            items: the catalog items the service needs.
            departments: ask only these (None: every department the plan needs).
            lookup_fn: the app's guarded lookup (permission, consent or reason, audit),
                called off the GUI thread as ``lookup_fn(id_number, items, on_outcome=...,
                departments=...)``; a widget never asks a department itself.
        """
        self._cancel_tasks()
        self._exchange = exchange
        self._lookup_fn = lookup_fn
        self._id_number = id_number
        self._items = frozenset(items)
        plan = exchange.plan(self._items)
        if departments is not None:
            plan = plan.restricted(departments)
        self._plan = plan
        self._only = None if departments is None else plan.departments
        self._outcomes.clear()
        self._order.clear()
        self._first = None
        self._retried = False
        self._started_at = datetime.now(UTC)
        self._started = time.monotonic()
        connectors = exchange.connectors
        self._model.reset(
            (d, connectors[d].name_zh, connectors[d].name_en) for d in plan.departments
        )
        self._ask(tuple(plan.departments), first=True)

    def retry(self, department: str) -> None:
        """Ask one department again (it failed, timed out or was unavailable)."""
        if self._plan is None or department not in self._plan.requests:
            return
        if not self._model.state(department).retryable:
            return
        self._retried = True
        self._model.set_waiting(department)
        self._ask((department,), first=False)

    def retry_selected(self) -> None:
        """Retry the selected department, or the first one that failed."""
        department = self._retry_target()
        if department is not None:
            self.retry(department)

    def result(self) -> LookupResult | None:
        """What arrived so far as one lookup result; None before :meth:`start`."""
        if self._plan is None or self._exchange is None:
            return None
        if self._first is not None and not self._retried:
            return self._first
        return result_from_outcomes(
            self._id_number,
            self._plan,
            self._outcomes,
            self._order,
            self._exchange.catalog,
            started_at=self._started_at,
            wall_ms=(time.monotonic() - self._started) * 1000,
        )

    def carry_on(self) -> None:
        """Stop waiting and hand on what arrived (``finished``)."""
        result = self.result()
        if result is None:
            return
        self._cancel_tasks()
        self._refresh()
        self.finished.emit(result)

    def clear(self) -> None:
        """Forget the applicant: no rows, no outcomes, nothing still to come (next applicant)."""
        self._cancel_tasks()
        self._plan = self._first = self._exchange = self._lookup_fn = None
        self._id_number, self._items, self._only = "", frozenset(), None
        self._outcomes.clear()
        self._order.clear()
        self._model.reset(())
        self._refresh()

    # -- background work -----------------------------------------------------------------

    def _ask(self, departments: tuple[str, ...], *, first: bool) -> None:
        lookup_fn, id_number, items = self._lookup_fn, self._id_number, self._items
        assert lookup_fn is not None
        restrict = self._only if first else departments

        def work(progress: Callable[[Any], None]) -> LookupResult:
            return lookup_fn(id_number, items, on_outcome=progress, departments=restrict)

        self._tasks.submit(
            work,
            on_progress=self._on_outcome,
            on_result=lambda result: self._on_result(result, first=first),
            on_error=lambda error: self._on_error(error, departments),
        )
        self._refresh()

    def _on_outcome(self, outcome: DepartmentOutcome) -> None:
        self._outcomes[outcome.department] = outcome
        if outcome.department in self._order:
            self._order.remove(outcome.department)
        self._order.append(outcome.department)
        self._model.set_outcome(outcome)
        self._refresh()
        self.department_updated.emit(outcome)

    def _on_result(self, result: LookupResult, *, first: bool) -> None:
        if first:
            self._first = result
        self._refresh()
        if self._model.count(RowState.WAITING) == 0:
            current = self.result()
            if current is not None:
                self.settled.emit(current)

    def _on_error(self, error: BaseException, departments: tuple[str, ...]) -> None:
        message = error_text(error, self._language)
        for department in departments:
            if self._model.state(department) is RowState.WAITING:
                self._model.set_failed(department, message)
        self._refresh()
        self.failed.emit(error)

    def _cancel_tasks(self) -> None:
        self._tasks.cancel()

    # -- presentation --------------------------------------------------------------------

    def _retry_target(self) -> str | None:
        current = self._table.currentIndex()
        if current.isValid():
            state = self._model.data(current, LookupTableModel.StateRole)
            if isinstance(state, RowState) and state.retryable:
                return str(self._model.data(current, LookupTableModel.DepartmentRole))
        return next((r.department for r in self._model.rows if r.state.retryable), None)

    def _context_menu(self, position: QPoint) -> None:
        index = self._table.indexAt(position)
        if not index.isValid():
            return
        self._table.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addAction(self.retry_action)
        menu.popup(self._table.viewport().mapToGlobal(position))

    def _refresh_actions(self, *_: QModelIndex) -> None:
        self.retry_action.setEnabled(self._retry_target() is not None)
        self.carry_on_action.setEnabled(self._plan is not None)

    def _refresh(self) -> None:
        self._refresh_actions()
        total = self._model.rowCount()
        if self._plan is None:
            self._status.setText(self.tr("No lookup yet"))
            return
        answered = self._model.count(RowState.ANSWERED, RowState.NOT_FOUND)
        parts = [self.tr("{answered} of {total} departments answered")]
        waiting = self._model.count(RowState.WAITING)
        failed = total - answered - waiting
        if waiting:
            parts.append(self.tr("{waiting} waiting"))
        if failed:
            parts.append(self.tr("{failed} without an answer"))
        text = self.tr("; ").join(parts)
        self._status.setText(
            text.format(answered=answered, total=total, waiting=waiting, failed=failed)
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the panel drops whatever is still to come."""
        self._cancel_tasks()
        super().closeEvent(event)

"""The supervisor's queue: a filter bar, the live case table and the review pane.

Filters apply as they change (text after a short pause); Ctrl+F jumps to the search box,
F5 re-reads, Enter on a row opens it in the pane. Overdue rows are red, rows due within
three days amber. The table is kept live by a :class:`~counterapp.app.queue_watch.
CaseChangeWatcher` whose reports cross to the GUI thread through a queued signal.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counterapp.app.context import CounterContext
from counterapp.app.queue import QueueFilter, QueueSearchInvalid, parse_search
from counterapp.app.queue_watch import CaseChangeWatcher
from counterapp.cases import CaseState
from counterapp.errors import Language
from counterapp.ui.case_detail_pane import CaseDetailPane
from counterapp.ui.queue_model import OPEN_STATES, CaseQueueModel, Column, QueueQuery
from counterapp.ui.workers import TaskRunner
from counterapp.users import Actor

__all__ = ["CaseQueueView", "ChangeRelay"]

TEXT_PAUSE_MS = 300


class ChangeRelay(QObject):
    """Carries a watcher's reports (from its thread) to the GUI thread."""

    changed = Signal(object)


def _state_choices() -> list[tuple[str, frozenset[CaseState]]]:
    return [
        ("open", OPEN_STATES),
        *((state.value, frozenset({state})) for state in CaseState if state is not CaseState.DRAFT),
        ("all", frozenset(CaseState)),
    ]


class CaseQueueView(QWidget):
    """The queue with its filters and the review pane beside it."""

    def __init__(
        self,
        ctx: CounterContext,
        actor: Actor,
        runner: TaskRunner,
        *,
        language: Language,
        live: bool = True,
        page_size: int = 100,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.actor, self.language = ctx, actor, language
        chinese = language.chinese
        titles = {
            service_id: (form.title_zh if chinese else form.title_en)
            for service_id, form in ctx.forms.items()
        }
        self.model = CaseQueueModel(
            ctx.engine,
            actor,
            runner,
            language=language,
            cipher=ctx.cipher,
            service_titles=titles,
            page_size=page_size,
            today=today,
            workstation=ctx.workstation,
            parent=self,
        )

        self.states = QComboBox()
        for key, states in _state_choices():
            self.states.addItem(self._state_label(key), states)
        self.service = QComboBox()
        self.service.addItem(self.tr("All services"), None)
        for service_id, title in sorted(titles.items(), key=lambda item: item[1]):
            self.service.addItem(title, service_id)
        self.clerk = QLineEdit()
        self.clerk.setPlaceholderText(self.tr("Clerk"))
        self.window_box = QLineEdit()
        self.window_box.setPlaceholderText(self.tr("Window"))
        self.window_box.setMaximumWidth(70)
        self.use_dates = QCheckBox(self.tr("&Accepted"))
        self.date_from = QDateEdit(QDate.currentDate().addDays(-7))
        self.date_to = QDateEdit(QDate.currentDate())
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.overdue = QCheckBox(self.tr("&Overdue"))
        self.due_soon = QCheckBox(self.tr("Due &soon"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Find a case number or resident ID (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self.status = QLabel()
        self.status.setObjectName("queueStatus")

        # A live change moving rows must not switch the pane to another case: connected
        # before the table's selection model, so the flag is up when it moves the current row.
        self._rows_moving = False
        for about in (self.model.rowsAboutToBeRemoved, self.model.rowsAboutToBeInserted):
            about.connect(lambda *_: setattr(self, "_rows_moving", True))
        self.table = QTableView()
        self.table.setModel(self.model)
        for done in (self.model.rowsRemoved, self.model.rowsInserted):
            done.connect(lambda *_: setattr(self, "_rows_moving", False))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(
            Column.ACCEPTED, Qt.SortOrder.DescendingOrder
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setAlternatingRowColors(False)
        for column, width in (
            (Column.NUMBER, 190),
            (Column.SERVICE, 150),
            (Column.ACCEPTED, 130),
            (Column.DUE, 150),
        ):
            self.table.setColumnWidth(column, width)

        self.pane = CaseDetailPane(ctx, actor, runner, language=language, parent=self)
        self.pane.changed.connect(lambda number: self.model.apply_changes([number]))

        filters = QHBoxLayout()
        for widget in (
            QLabel(self.tr("State:")),
            self.states,
            self.service,
            self.clerk,
            self.window_box,
            self.use_dates,
            self.date_from,
            QLabel("–"),
            self.date_to,
            self.overdue,
            self.due_soon,
        ):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.search)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.status)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.pane)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)

        self._text_pause = QTimer(self)
        self._text_pause.setSingleShot(True)
        self._text_pause.setInterval(TEXT_PAUSE_MS)
        self._text_pause.timeout.connect(self.apply_filters)
        for combo in (self.states, self.service):
            combo.currentIndexChanged.connect(self.apply_filters)
        for box in (self.overdue, self.due_soon):
            box.toggled.connect(self.apply_filters)
        self.use_dates.toggled.connect(self._dates_toggled)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.apply_filters)
        for line in (self.clerk, self.window_box, self.search):
            line.textChanged.connect(self._text_pause.start)
            line.returnPressed.connect(self.apply_filters)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.model.loading.connect(self._loading)
        self.model.failed.connect(self.status.setText)
        self.model.rowsInserted.connect(lambda *_: self._count())
        self.model.rowsRemoved.connect(lambda *_: self._count())
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self).activated.connect(
            self._focus_search
        )
        QShortcut(QKeySequence(Qt.Key.Key_F5), self).activated.connect(self.model.refresh)

        self.relay = ChangeRelay(self)
        self.relay.changed.connect(self.model.apply_changes, Qt.ConnectionType.QueuedConnection)
        self.watcher: CaseChangeWatcher | None = None
        if live:
            self.watcher = CaseChangeWatcher(ctx.engine, self.relay.changed.emit)
            runner.submit(self.watcher.start, owner=self)  # connecting must not wait here
        self.apply_filters()

    def _state_label(self, key: str) -> str:
        if key == "open":
            return self.tr("Open (accepted, in review)")
        if key == "all":
            return self.tr("All states")
        state = CaseState(key)
        return state.label_zh if self.language.chinese else state.label_en

    def _dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.apply_filters()

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def current_query(self) -> QueueQuery:
        """The query the filter bar describes.

        Raises:
            QueueSearchInvalid: the search text is neither a number nor a resident ID.
        """
        parse_search(self.search.text())
        dates = self.use_dates.isChecked()
        filters = QueueFilter(
            service_id=self.service.currentData(),
            clerk=self.clerk.text().strip().lower() or None,
            window=self.window_box.text().strip() or None,
            accepted_from=self.date_from.date().toPython() if dates else None,  # type: ignore[arg-type]
            accepted_to=self.date_to.date().toPython() if dates else None,  # type: ignore[arg-type]
            due_soon=self.due_soon.isChecked(),
            search=self.search.text().strip(),
        )
        return QueueQuery(
            states=self.states.currentData(),
            overdue_only=self.overdue.isChecked(),
            filters=filters,
            sort=self.model.query.sort,
        )

    def apply_filters(self) -> None:
        """Show the queue as the filter bar says (from the first page)."""
        self._text_pause.stop()
        try:
            query = self.current_query()
        except QueueSearchInvalid as problem:
            self.status.setText(problem.text(self.language))
            return
        first, last = query.filters.accepted_from, query.filters.accepted_to
        if first and last and last < first:
            self.status.setText(self.tr("The date range ends before it starts."))
            return
        self.model.set_query(query)

    def _loading(self, busy: bool) -> None:
        if busy:
            self.status.setText(self.tr("Loading…"))
        else:
            self._count()

    def _count(self) -> None:
        if self.model.fetching:
            return
        shown = self.model.rowCount()
        if self.model.exhausted:
            text = self.tr("%1 cases").replace("%1", str(shown))
        else:
            text = self.tr("%1 cases shown; scroll for more").replace("%1", str(shown))
        self.status.setText(text)

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self._rows_moving:
            self.pane.show_case(self.model.row_at(current.row()).number)

    def select_number(self, number: str) -> bool:
        """Select the row of case ``number`` if it is loaded (opens it in the pane)."""
        row = self.model.row_of(number)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop()
        super().closeEvent(event)

    def stop(self) -> None:
        """Stop listening for changes (the window closes)."""
        if self.watcher is not None:
            self.watcher.stop(wait_s=2.0)

"""The audit log viewer: filtered, paged lazily, newest first, with "verify chain".

The table never holds the whole log: :class:`AuditLogModel` starts with one page and asks
for the next one when the view scrolls to its end (``canFetchMore``/``fetchMore``), keyset
by seq, each page read off the GUI thread through the task runner. Applying a filter is
recorded once in the audit trail by the app layer (``app.audit_viewer``); paging on is not.

"Verify chain" walks the whole chain in the background with a progress bar. When it finds a
break the filters are cleared and the table jumps to the first bad record (the keyset
cursor is moved to it, with a few newer records above for context, and "Newer records"
loads what lies above), which is selected and scrolled to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from counterapp.app.audit import verify_audit
from counterapp.app.audit_viewer import (
    PAGE_SIZE,
    AuditFilter,
    AuditPage,
    audit_actors,
    newer_audit_records,
    older_audit_records,
    view_audit_log,
    view_audit_records_around,
)
from counterapp.audit.chain import ChainBreak, TamperKind, Verification, VerifyProgress
from counterapp.audit.events import EventKind
from counterapp.audit.record import AuditRecord, parse_timestamp
from counterapp.cases.deadlines import HALL_TIMEZONE
from counterapp.errors import Language, error_text
from counterapp.ui.rows_model import RowsTableModel
from counterapp.ui.workers import TaskRunner
from counterapp.users.roles import Actor

_Index = QModelIndex | QPersistentModelIndex

VERIFY_SHORTCUT = QKeySequence("Ctrl+Shift+V")
REFRESH_SHORTCUT = QKeySequence("F5")
FILTER_SHORTCUT = QKeySequence("Ctrl+F")

_FAILURE_COLOUR = QColor("#b3261e")
_BROKEN_BACKGROUND = QColor("#fde2e0")


def kind_label(kind: str) -> str:
    """An event kind as the reader of the log says it (the stored value when unknown)."""
    labels = {
        EventKind.LOGIN: QCoreApplication.translate("AuditKind", "Sign-in"),
        EventKind.LOGIN_FAILED: QCoreApplication.translate("AuditKind", "Failed sign-in"),
        EventKind.LOGOUT: QCoreApplication.translate("AuditKind", "Sign-out"),
        EventKind.LOCKED_OUT: QCoreApplication.translate("AuditKind", "Locked out"),
        EventKind.LOOKUP: QCoreApplication.translate("AuditKind", "Lookup"),
        EventKind.REVEAL: QCoreApplication.translate("AuditKind", "Reveal"),
        EventKind.PRINT: QCoreApplication.translate("AuditKind", "Print"),
        EventKind.EXPORT: QCoreApplication.translate("AuditKind", "Export"),
        EventKind.CASE_CREATED: QCoreApplication.translate("AuditKind", "Case created"),
        EventKind.STATE_CHANGE: QCoreApplication.translate("AuditKind", "State change"),
        EventKind.CONSENT_RECORDED: QCoreApplication.translate("AuditKind", "Consent recorded"),
        EventKind.DRAFT_SAVED: QCoreApplication.translate("AuditKind", "Draft saved"),
        EventKind.ADMIN_ACTION: QCoreApplication.translate("AuditKind", "Administration"),
        EventKind.KEY_ROTATED: QCoreApplication.translate("AuditKind", "Key rotated"),
        EventKind.AUDIT_PURGED: QCoreApplication.translate("AuditKind", "Audit purged"),
        EventKind.RATED: QCoreApplication.translate("AuditKind", "Rated by the applicant"),
        EventKind.TICKET: QCoreApplication.translate("AuditKind", "Ticket called or moved"),
    }
    try:
        return labels.get(EventKind(kind), kind)
    except ValueError:
        return kind


def hall_time(occurred_at: str) -> str:
    """A record's canonical UTC time in hall time (``2026-11-03 09:14:02``)."""
    try:
        moment = parse_timestamp(occurred_at)
    except ValueError:
        return occurred_at  # an altered record's text stays as evidence
    return moment.astimezone(HALL_TIMEZONE).strftime("%Y-%m-%d %H:%M:%S")


def hall_midnight(day: date) -> datetime:
    """The start of ``day`` in hall time (UTC+8), aware."""
    return datetime.combine(day, time(), HALL_TIMEZONE)


def _day(edit: QDateEdit) -> date:
    qdate = edit.date()
    return date(qdate.year(), qdate.month(), qdate.day())


class AuditLogModel(RowsTableModel[AuditRecord]):
    """The records shown, newest first, growing a page at a time.

    The model reads nothing itself: when the view wants more it emits
    :attr:`older_wanted` with the last seq shown, and whoever fetches hands the page to
    :meth:`append`. ``SeqRole`` gives a row's seq.

    Signals:
        older_wanted(int): the next page below this seq is wanted.
    """

    SeqRole = Qt.ItemDataRole.UserRole + 1
    COLUMNS = 7
    SEQ, TIME, ACTOR, WORKSTATION, KIND, SUCCESS, DETAIL = range(COLUMNS)

    older_wanted = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._older = False
        self._newer = False
        self._loading = False
        self._marked: int | None = None
        self.pages = 0
        """How many pages were added since the last reset (the first one included)."""

    # -- reading -------------------------------------------------------------------------

    def titles(self) -> tuple[str, ...]:
        return (
            self.tr("Seq"),
            self.tr("Time"),
            self.tr("User"),
            self.tr("Workstation"),
            self.tr("Event"),
            self.tr("Outcome"),
            self.tr("Detail"),
        )

    def cell(self, record: AuditRecord, column: int, role: int) -> object:
        if role == self.SeqRole:
            return record.seq
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(record, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.SUCCESS:
            return None if record.success else _FAILURE_COLOUR
        if role == Qt.ItemDataRole.BackgroundRole and record.seq == self._marked:
            return _BROKEN_BACKGROUND
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.SEQ:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, record: AuditRecord, column: int) -> str:
        if column == self.SEQ:
            return str(record.seq)
        if column == self.TIME:
            return hall_time(record.occurred_at)
        if column == self.ACTOR:
            return record.actor
        if column == self.WORKSTATION:
            return record.workstation
        if column == self.KIND:
            return kind_label(record.kind)
        if column == self.SUCCESS:
            return self.tr("Success") if record.success else self.tr("Failure")
        if record.case_number:
            return f"{record.case_number} · {record.detail}"
        return record.detail

    def _tooltip(self, record: AuditRecord) -> str:
        lines = [f"{record.seq} · {hall_time(record.occurred_at)} · {record.kind}"]
        if record.case_number:
            lines.append(self.tr("Case: {case}").format(case=record.case_number))
        if record.items:
            lines.append(self.tr("Items: {items}").format(items=", ".join(record.items)))
        if record.departments:
            lines.append(
                self.tr("Departments: {departments}").format(
                    departments=", ".join(record.departments)
                )
            )
        if record.detail:
            lines.append(record.detail)
        return "\n".join(lines)

    @property
    def records(self) -> Sequence[AuditRecord]:
        """The records shown, newest first."""
        return tuple(self._rows)

    @property
    def older(self) -> bool:
        """True while more records lie below the last row."""
        return self._older

    @property
    def newer(self) -> bool:
        """True when records lie above the first row (after a jump)."""
        return self._newer

    @property
    def loading(self) -> bool:
        """True while a page is being fetched."""
        return self._loading

    def row_of(self, seq: int) -> int | None:
        """The row showing ``seq``, or the row just above the gap where it would be."""
        nearest = None
        for row, record in enumerate(self._rows):
            if record.seq == seq:
                return row
            if record.seq > seq:
                nearest = row
            else:
                break
        return nearest

    # -- lazy fetching -------------------------------------------------------------------

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and self._older and not self._loading and bool(self._rows)

    def fetchMore(self, parent: _Index) -> None:
        if not self.canFetchMore(parent):
            return
        self._loading = True
        self.older_wanted.emit(self._rows[-1].seq)

    # -- changing ------------------------------------------------------------------------

    def reset(self, page: AuditPage | None = None, *, marked: int | None = None) -> None:
        """Show ``page`` alone (nothing when None: a refusal, a new filter under way)."""
        self.beginResetModel()
        self._rows = list(page.records) if page is not None else []
        self._older = page.older if page is not None else False
        self._newer = page.newer if page is not None else False
        self._loading = False
        self._marked = marked
        self.pages = 1 if page is not None else 0
        self.endResetModel()

    def append(self, page: AuditPage) -> None:
        """Add the page that follows the last row."""
        self._loading = False
        last = self._rows[-1].seq if self._rows else None
        records = [r for r in page.records if last is None or r.seq < last]
        if records:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(records) - 1)
            self._rows.extend(records)
            self.endInsertRows()
        self._older = page.older and bool(records)
        self.pages += 1

    def prepend(self, page: AuditPage) -> None:
        """Add the page of newer records above the first row."""
        top = self._rows[0].seq if self._rows else 0
        records = [r for r in page.records if r.seq > top]
        if records:
            self.beginInsertRows(QModelIndex(), 0, len(records) - 1)
            self._rows[:0] = records
            self.endInsertRows()
        self._newer = page.newer and bool(records)
        self.pages += 1

    def fetch_failed(self) -> None:
        """A page could not be read: scrolling to the end asks again."""
        self._loading = False


class AuditLogView(QWidget):
    """Filter, read and verify the audit log (supervisors and admins).

    Opening the view applies the empty filter (recorded as a view of the log); every
    "Apply" records one more view with its filter.

    Signals:
        verified(Verification): a verify finished (intact or not).
        loaded(): a page arrived (first, older or newer).

    Args:
        engine: the hall's database.
        actor: who is looking (needs EXPORT_AUDIT to read, VERIFY_AUDIT to verify).
        runner: runs every read and the verify off the GUI thread.
        language: the language of refusals and errors.
        workstation: this workstation's name, for the audit records.
        parent: the Qt parent.
    """

    verified = Signal(object)
    loaded = Signal()

    def __init__(
        self,
        engine: Engine,
        actor: Actor,
        runner: TaskRunner,
        *,
        language: Language,
        workstation: str = "",
        parent: QWidget | None = None,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._actor = actor
        self._language = language
        self._workstation = workstation
        self._page_size = page_size
        self._tasks = runner.scope(self)
        self._verify_tasks = runner.scope(self)
        self._filter = AuditFilter()
        self._generation = 0
        self._verification: Verification | None = None
        self.setWindowTitle(self.tr("Audit log"))
        self._build()
        self.apply_filter()
        self._load_actors()

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        today = datetime.now(HALL_TIMEZONE).date()
        self.from_check = QCheckBox(self.tr("&From:"), self)
        self.from_edit = self._date_edit(today - timedelta(days=7), self.from_check)
        self.to_check = QCheckBox(self.tr("&To:"), self)
        self.to_edit = self._date_edit(today, self.to_check)
        self.actor_edit = QLineEdit(self)
        self.actor_edit.setPlaceholderText(self.tr("any user"))
        self.kind_combo = QComboBox(self)
        self.kind_combo.addItem(self.tr("All events"), None)
        for kind in EventKind:
            self.kind_combo.addItem(kind_label(kind), kind)
        self.outcome_combo = QComboBox(self)
        self.outcome_combo.addItem(self.tr("Successes and failures"), None)
        self.outcome_combo.addItem(self.tr("Successes only"), True)
        self.outcome_combo.addItem(self.tr("Failures only"), False)
        self.text_edit = QLineEdit(self)
        self.text_edit.setPlaceholderText(self.tr("case number or words of the detail"))
        self.text_edit.setClearButtonEnabled(True)
        self.apply_button = QPushButton(self.tr("&Apply"), self)
        self.apply_button.setToolTip(self.tr("Show the records that match (Enter)"))
        self.clear_button = QPushButton(self.tr("C&lear"), self)
        self.clear_button.setToolTip(self.tr("Show every record again"))

        filters = QGridLayout()
        filters.addWidget(self.from_check, 0, 0)
        filters.addWidget(self.from_edit, 0, 1)
        filters.addWidget(self.to_check, 0, 2)
        filters.addWidget(self.to_edit, 0, 3)
        filters.addWidget(self._buddy(self.tr("&User:"), self.actor_edit), 0, 4)
        filters.addWidget(self.actor_edit, 0, 5)
        filters.addWidget(self._buddy(self.tr("&Event:"), self.kind_combo), 1, 0)
        filters.addWidget(self.kind_combo, 1, 1)
        filters.addWidget(self._buddy(self.tr("&Outcome:"), self.outcome_combo), 1, 2)
        filters.addWidget(self.outcome_combo, 1, 3)
        filters.addWidget(self._buddy(self.tr("&Search:"), self.text_edit), 1, 4)
        filters.addWidget(self.text_edit, 1, 5)
        filters.setColumnStretch(5, 1)
        filter_buttons = QVBoxLayout()
        filter_buttons.addWidget(self.apply_button)
        filter_buttons.addWidget(self.clear_button)
        top = QHBoxLayout()
        top.addLayout(filters, 1)
        top.addLayout(filter_buttons)

        self._model = AuditLogModel(self)
        self._model.older_wanted.connect(self._fetch_older)
        self.table = QTableView(self)
        self.table.setModel(self._model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(AuditLogModel.DETAIL):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.newer_button = QPushButton(self.tr("&Newer records"), self)
        self.newer_button.setToolTip(self.tr("Load the records above the first row"))
        self.status_label = QLabel(self)
        self.status_label.setObjectName("auditStatus")
        self.refresh_action = self._action(self.tr("Refresh"), REFRESH_SHORTCUT)
        self.refresh_action.triggered.connect(self.apply_filter)
        self.find_action = self._action(self.tr("Find"), FILTER_SHORTCUT)
        self.find_action.triggered.connect(self._focus_filters)
        self.verify_action = self._action(self.tr("&Verify chain"), VERIFY_SHORTCUT)
        self.verify_action.triggered.connect(self.verify)
        self.verify_button = QPushButton(self.verify_action.text(), self)
        self.verify_button.setToolTip(
            self.tr("Check every record's hash and link ({shortcut})").format(
                shortcut=VERIFY_SHORTCUT.toString(QKeySequence.SequenceFormat.NativeText)
            )
        )
        self.verify_button.clicked.connect(self.verify_action.trigger)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.message_label = QLabel(self)
        self.message_label.setObjectName("auditMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.hide()

        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.newer_button)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.apply_button.clicked.connect(self.apply_filter)
        self.clear_button.clicked.connect(self.clear_filters)
        self.newer_button.clicked.connect(self._fetch_newer)
        self.actor_edit.returnPressed.connect(self.apply_filter)
        self.text_edit.returnPressed.connect(self.apply_filter)
        self._model.modelReset.connect(self._refresh_status)
        self._model.rowsInserted.connect(self._refresh_status)
        self.setTabOrder(self.text_edit, self.apply_button)
        self.setTabOrder(self.apply_button, self.clear_button)
        self.setTabOrder(self.clear_button, self.table)
        self._refresh_status()

    def _date_edit(self, day: date, check: QCheckBox) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day), self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setEnabled(False)
        check.toggled.connect(edit.setEnabled)
        return edit

    def _buddy(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(widget)
        return label

    def _action(self, text: str, shortcut: QKeySequence) -> QAction:
        action = QAction(text, self)
        action.setShortcut(shortcut)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(action)
        return action

    def _focus_filters(self) -> None:
        self.text_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.text_edit.selectAll()

    # -- public --------------------------------------------------------------------------

    @property
    def model(self) -> AuditLogModel:
        """The table's model (the records shown)."""
        return self._model

    @property
    def current_filter(self) -> AuditFilter:
        """The filter the table shows (the last one applied)."""
        return self._filter

    @property
    def message(self) -> str:
        """The verify result or refusal shown above the table ("" when none)."""
        return self.message_label.text() if not self.message_label.isHidden() else ""

    @property
    def busy(self) -> bool:
        """True while a page or a verify is still out."""
        return self._tasks.running or self._verify_tasks.running

    def filter_from_fields(self) -> AuditFilter:
        """The filter the fields describe (dates are whole hall days, both included)."""
        start = end = None
        if self.from_check.isChecked():
            start = hall_midnight(_day(self.from_edit))
        if self.to_check.isChecked():
            end = hall_midnight(_day(self.to_edit) + timedelta(days=1))
        return AuditFilter(
            start=start,
            end=end,
            actor=self.actor_edit.text().strip() or None,
            kind=self.kind_combo.currentData(),
            text=self.text_edit.text().strip(),
            success=self.outcome_combo.currentData(),
        )

    def apply_filter(self) -> None:
        """Show the newest page of what the fields select (audited once, by the app)."""
        criteria = self.filter_from_fields()
        engine, actor, workstation, limit = (
            self._engine,
            self._actor,
            self._workstation,
            self._page_size,
        )
        self._start_reading(
            lambda: view_audit_log(engine, actor, criteria, limit=limit, workstation=workstation),
            criteria,
        )

    def clear_filters(self) -> None:
        """Empty every filter field and show the newest records."""
        self._reset_fields()
        self.apply_filter()

    def verify(self) -> None:
        """Verify the whole chain in the background (ignored while one runs)."""
        if self._verify_tasks.running:
            return
        self._verification = None
        self.verify_action.setEnabled(False)
        self.verify_button.setEnabled(False)
        self.progress.setRange(0, 0)  # busy until the first report
        self.progress.show()
        self._show_message(self.tr("Verifying the audit chain…"), error=False)
        engine, actor, workstation = self._engine, self._actor, self._workstation

        def work(progress: Callable[[VerifyProgress], None]) -> Verification:
            return verify_audit(engine, actor, workstation=workstation, progress=progress)

        self._verify_tasks.submit(
            work,
            on_progress=self._on_verify_progress,
            on_result=self._on_verified,
            on_error=self._on_verify_error,
        )

    def jump_to(self, seq: int) -> None:
        """Clear the filters and show record ``seq`` (selected, scrolled to)."""
        self._reset_fields()
        engine, actor, workstation, limit = (
            self._engine,
            self._actor,
            self._workstation,
            self._page_size,
        )
        self._start_reading(
            lambda: view_audit_records_around(
                engine, actor, seq, limit=limit, workstation=workstation
            ),
            AuditFilter(),
            select=seq,
        )

    # -- reading -------------------------------------------------------------------------

    def _start_reading(
        self, read: Callable[[], AuditPage], criteria: AuditFilter, *, select: int | None = None
    ) -> None:
        self._tasks.cancel()
        self._generation += 1
        generation = self._generation
        self._filter = criteria
        self._model.reset()
        self.status_label.setText(self.tr("Reading the audit log…"))
        self._tasks.submit(
            read,
            on_result=lambda page: self._on_first_page(generation, page, select),
            on_error=lambda error: self._on_read_error(generation, error),
        )

    def _on_first_page(self, generation: int, page: AuditPage, select: int | None) -> None:
        if generation != self._generation:
            return
        self._model.reset(page, marked=select)
        if select is not None:
            self._select(select)
        elif self.message_label.property("refusal"):
            self.message_label.hide()
        self.loaded.emit()

    def _fetch_older(self, before_seq: int) -> None:
        generation = self._generation
        engine, actor, criteria, limit = self._engine, self._actor, self._filter, self._page_size
        self._tasks.submit(
            lambda: older_audit_records(
                engine, actor, criteria, before_seq=before_seq, limit=limit
            ),
            on_result=lambda page: self._on_more(generation, page, older=True),
            on_error=lambda error: self._on_more_error(generation, error),
        )

    def _fetch_newer(self) -> None:
        records = self._model.records
        if not self._model.newer or not records:
            return
        generation = self._generation
        engine, actor, criteria, limit = self._engine, self._actor, self._filter, self._page_size
        after = records[0].seq
        self.newer_button.setEnabled(False)
        self._tasks.submit(
            lambda: newer_audit_records(engine, actor, criteria, after_seq=after, limit=limit),
            on_result=lambda page: self._on_more(generation, page, older=False),
            on_error=lambda error: self._on_more_error(generation, error),
        )

    def _on_more(self, generation: int, page: AuditPage, *, older: bool) -> None:
        if generation != self._generation:
            return
        if older:
            self._model.append(page)
        else:
            self._model.prepend(page)
        self._refresh_status()
        self.loaded.emit()

    def _on_read_error(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._model.reset()
        self._show_message(error_text(error, self._language), error=True, refusal=True)
        self.status_label.setText(self.tr("Nothing shown"))
        self.loaded.emit()

    def _on_more_error(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._model.fetch_failed()
        self._refresh_status()
        self._show_message(error_text(error, self._language), error=True)

    def _load_actors(self) -> None:
        engine, actor = self._engine, self._actor
        self._tasks.submit(
            lambda: audit_actors(engine, actor),
            on_result=self._set_actor_suggestions,
            on_error=lambda _error: None,  # the refusal is shown by the first page
        )

    def _set_actor_suggestions(self, names: list[str]) -> None:
        completer = QCompleter(names, self.actor_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.actor_edit.setCompleter(completer)

    # -- verifying -----------------------------------------------------------------------

    def _on_verify_progress(self, progress: VerifyProgress) -> None:
        total = max(progress.total, 1)
        self.progress.setRange(0, total)
        self.progress.setValue(min(progress.checked, total))
        self.progress.setFormat(
            self.tr("{checked} of {total}").format(checked=progress.checked, total=progress.total)
        )

    def _on_verified(self, verification: Verification) -> None:
        self._verification = verification
        self._verify_done()
        problem = verification.problem
        if problem is None:
            self._show_message(
                self.tr("The audit chain is intact: {count} records checked.").format(
                    count=verification.checked
                ),
                error=False,
            )
        else:
            self._show_message(self._break_text(problem), error=True)
            self.jump_to(problem.seq)
        self.verified.emit(verification)

    def _on_verify_error(self, error: BaseException) -> None:
        self._verify_done()
        self._show_message(error_text(error, self._language), error=True)

    def _verify_done(self) -> None:
        self.verify_action.setEnabled(True)
        self.verify_button.setEnabled(True)
        self.progress.hide()

    def _break_text(self, problem: ChainBreak) -> str:
        headlines = {
            TamperKind.ALTERED: self.tr("The audit chain is broken: record {seq} was altered."),
            TamperKind.DELETED: self.tr("The audit chain is broken: record {seq} was deleted."),
            TamperKind.INSERTED: self.tr("The audit chain is broken: record {seq} was inserted."),
            TamperKind.REORDERED: self.tr(
                "The audit chain is broken: record {seq} is out of order."
            ),
        }
        headline = headlines[problem.kind].format(seq=problem.seq)
        if self._language is Language.EN:
            return f"{headline}\n{problem.message}"
        return f"{headline}\n({problem.message})"

    # -- presentation --------------------------------------------------------------------

    def _select(self, seq: int) -> None:
        row = self._model.row_of(seq)
        if row is None:
            return
        index = self._model.index(row, AuditLogModel.SEQ)
        self.table.setCurrentIndex(index)
        self.table.selectRow(row)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _reset_fields(self) -> None:
        self.from_check.setChecked(False)
        self.to_check.setChecked(False)
        self.actor_edit.clear()
        self.kind_combo.setCurrentIndex(0)
        self.outcome_combo.setCurrentIndex(0)
        self.text_edit.clear()

    def _show_message(self, text: str, *, error: bool, refusal: bool = False) -> None:
        self.message_label.setText(text)
        self.message_label.setProperty("refusal", refusal)
        colour = "#b3261e" if error else "#1b7a2f"
        self.message_label.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.message_label.show()

    def _refresh_status(self, *_: object) -> None:
        shown = self._model.rowCount()
        self.newer_button.setEnabled(self._model.newer)
        self.newer_button.setVisible(self._model.newer)
        if self._model.loading:
            text = self.tr("{shown} records shown; reading more…")
        elif shown == 0:
            text = self.tr("No record matches")
        elif self._model.older:
            text = self.tr("{shown} records shown; scroll down for older ones")
        else:
            text = self.tr("{shown} records shown")
        self.status_label.setText(text.format(shown=shown))

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the view drops whatever is still to come."""
        self._tasks.cancel()
        self._verify_tasks.cancel()
        super().closeEvent(event)

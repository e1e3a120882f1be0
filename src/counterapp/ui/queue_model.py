"""The supervisor's case queue as a lazily fetched, live table model.

Rows arrive a page at a time (keyset pages from :func:`counterapp.app.queue.case_queue`,
read on the runner's threads): the first page when a query is set, the next when the view
scrolls near the end (Qt's ``canFetchMore``/``fetchMore``). Never the whole table.

When a watcher reports changed cases (:meth:`CaseQueueModel.apply_changes`) the model
re-reads just those rows and puts each where the query puts it: updated in place, removed
when it no longer matches, inserted at its place in the order when it now matches and
falls within the rows loaded so far. A search by resident ID cannot be matched here (only
the blind index knows), so such a query is re-read from its first page instead.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from sqlalchemy import Engine

from counterapp.app.queue import (
    NO_FILTERS,
    QueueFilter,
    case_queue,
    changed_rows,
    parse_search,
)
from counterapp.cases import HALL_TIMEZONE, CaseState, hall_day, hall_day_start
from counterapp.errors import Language, error_text
from counterapp.protection import FieldCipher
from counterapp.store.case_queue import OVERDUE_STATES, QueueCursor, QueueRow, QueueSort
from counterapp.ui.workers import TaskRunner
from counterapp.users import Actor

__all__ = ["OPEN_STATES", "CaseQueueModel", "Column", "QueueQuery", "row_admitted"]

_Index = QModelIndex | QPersistentModelIndex

OPEN_STATES: frozenset[CaseState] = frozenset({CaseState.ACCEPTED, CaseState.IN_REVIEW})

OVERDUE_COLOUR = QColor("#fde2e1")
DUE_SOON_COLOUR = QColor("#fff4d6")


class Column:
    NUMBER, SERVICE, STATE, ACCEPTED, DUE, CLERK, WINDOW, ASSIGNEE = range(8)
    COUNT = 8


_SORTABLE = {
    Column.ACCEPTED: (QueueSort.OLDEST, QueueSort.NEWEST),
    Column.DUE: (QueueSort.DUE_SOONEST, QueueSort.DUE_LATEST),
}


@dataclass(frozen=True)
class QueueQuery:
    """What the queue shows: states, overdue only, the other filters and the order."""

    states: frozenset[CaseState] = OPEN_STATES
    overdue_only: bool = False
    filters: QueueFilter = NO_FILTERS
    sort: QueueSort = QueueSort.NEWEST


def row_admitted(query: QueueQuery, row: QueueRow, today: date) -> bool | None:
    """Whether ``row`` belongs to the query's result; None when only the database can
    tell (a search by resident ID)."""
    filters = query.filters
    number, person = parse_search(filters.search)
    if person is not None:
        return None
    if row.state not in query.states:
        return False
    if query.overdue_only and not row.overdue:
        return False
    if filters.due_soon and not row.due_soon:
        return False
    if (query.overdue_only or filters.due_soon) and row.state not in OVERDUE_STATES:
        return False
    checks = (
        (filters.service_id, row.service_id),
        (filters.clerk, row.clerk),
        (filters.window, row.window),
        (number, row.number),
    )
    if any(wanted and wanted != actual for wanted, actual in checks):
        return False
    if filters.accepted_from and row.accepted_at < hall_day_start(filters.accepted_from):
        return False
    if filters.accepted_to is None:
        return True
    return row.accepted_at < hall_day_start(filters.accepted_to + timedelta(days=1))


def _sort_key(sort: QueueSort) -> Callable[[QueueRow], tuple[float, int]]:
    """A key under which the query's order is ascending."""
    sign = -1 if sort.descending else 1

    def key(row: QueueRow) -> tuple[float, int]:
        value = row.due_date.toordinal() if sort.by_due_date else row.accepted_at.timestamp()
        return (sign * value, sign * row.id)

    return key


@dataclass
class _Loaded:
    rows: list[QueueRow] = field(default_factory=list)
    cursor: QueueCursor | None = None
    more: bool = True


class CaseQueueModel(QAbstractTableModel):
    """The queue's rows, fetched in pages off the GUI thread and kept live.

    Signals:
        loading(bool): a page is being read (True) or arrived (False).
        failed(str): a read failed; the text says why, in the interface language.
        reset_done(): the first page of a new query is shown.

    Args:
        engine / actor / cipher: for the app layer's reads (the cipher: search by ID).
        runner: the background runner.
        language: the interface language.
        service_titles: service id → title shown in the Service column.
        page_size: rows per fetch.
        today: the hall day for overdue and due soon (default: today, re-read per page).
        workstation: named in the audit of a search by resident ID.
    """

    loading = Signal(bool)
    failed = Signal(str)
    reset_done = Signal()

    def __init__(
        self,
        engine: Engine,
        actor: Actor,
        runner: TaskRunner,
        *,
        language: Language,
        cipher: FieldCipher | None = None,
        service_titles: Mapping[str, str] | None = None,
        page_size: int = 100,
        today: date | None = None,
        workstation: str = "",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine, self.actor, self.cipher = engine, actor, cipher
        self.language = language
        self.service_titles = dict(service_titles or {})
        self.page_size = page_size
        self.fixed_today = today
        self.workstation = workstation
        self._scope = runner.scope(self)
        self._query = QueueQuery()
        self._loaded = _Loaded(more=False)
        self._fetching = False
        self._generation = 0

    # -- the query ---------------------------------------------------------------------

    @property
    def query(self) -> QueueQuery:
        return self._query

    @property
    def today(self) -> date:
        return self.fixed_today or hall_day(datetime.now(HALL_TIMEZONE))

    def set_query(self, query: QueueQuery) -> None:
        """Show ``query``'s result from its first page (what was loaded is dropped)."""
        self._query = query
        self.refresh()

    def refresh(self) -> None:
        """Read the current query again from its first page."""
        self._scope.cancel()
        self._generation += 1
        self.beginResetModel()
        self._loaded = _Loaded()
        self._fetching = False
        self.endResetModel()
        self._fetch(first=True)

    @property
    def fetching(self) -> bool:
        return self._fetching

    @property
    def exhausted(self) -> bool:
        """True when every row of the query is loaded."""
        return not self._loaded.more

    def row_at(self, row: int) -> QueueRow:
        return self._loaded.rows[row]

    def row_of(self, number: str) -> int | None:
        for position, candidate in enumerate(self._loaded.rows):
            if candidate.number == number:
                return position
        return None

    # -- paging ------------------------------------------------------------------------

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt API
        return not parent.isValid() and self._loaded.more and not self._fetching

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 - Qt API
        if self.canFetchMore(parent):
            self._fetch(first=False)

    def _fetch(self, *, first: bool) -> None:
        self._fetching = True
        self.loading.emit(True)
        generation = self._generation
        query = self._query
        self._scope.submit(
            case_queue,
            self.engine,
            self.actor,
            states=query.states,
            today=self.today,
            overdue_only=query.overdue_only,
            after=None if first else self._loaded.cursor,
            limit=self.page_size,
            filters=query.filters,
            sort=query.sort,
            cipher=self.cipher,
            workstation=self.workstation,
            on_result=lambda page: self._arrived(generation, page, first),
            on_error=lambda error: self._failed(generation, error),
        )

    def _arrived(self, generation: int, page: object, first: bool) -> None:
        if generation != self._generation:
            return
        rows = tuple(getattr(page, "rows", ()))
        known = {row.number for row in self._loaded.rows}
        fresh = [row for row in rows if row.number not in known]  # a live insert came first
        if fresh:
            start = len(self._loaded.rows)
            self.beginInsertRows(QModelIndex(), start, start + len(fresh) - 1)
            self._loaded.rows.extend(fresh)
            self.endInsertRows()
        cursor = getattr(page, "next_cursor", None)
        self._loaded.cursor = cursor
        self._loaded.more = cursor is not None
        self._fetching = False
        self.loading.emit(False)
        if first:
            self.reset_done.emit()

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        self._loaded.more = False
        self.loading.emit(False)
        self.failed.emit(error_text(error, self.language))

    # -- live changes --------------------------------------------------------------------

    def apply_changes(self, numbers: Collection[str] | None) -> None:
        """Re-read the changed cases and put each where the query puts it (None: all)."""
        if self._scope.closed:
            return  # a change heard while the workspace closes: nobody will see it
        if numbers is None or parse_search(self._query.filters.search)[1] is not None:
            self.refresh()
            return
        if not numbers:
            return
        generation = self._generation
        self._scope.submit(
            changed_rows,
            self.engine,
            self.actor,
            tuple(numbers),
            today=self.today,
            on_result=lambda found: self._place(generation, tuple(numbers), found),
            on_error=lambda error: self._failed(generation, error),
        )

    def _place(self, generation: int, numbers: tuple[str, ...], found: object) -> None:
        if generation != self._generation or not isinstance(found, dict):
            return
        today = self.today
        for number in numbers:
            position = self.row_of(number)
            if position is not None:
                self.beginRemoveRows(QModelIndex(), position, position)
                del self._loaded.rows[position]
                self.endRemoveRows()
            row = found.get(number)
            if row is None or not row_admitted(self._query, row, today):
                continue
            key = _sort_key(self._query.sort)
            keys = [key(r) for r in self._loaded.rows]
            at = bisect.bisect_left(keys, key(row))
            if at == len(keys) and self._loaded.more:
                continue  # beyond what is loaded: a later page brings it
            self.beginInsertRows(QModelIndex(), at, at)
            self._loaded.rows.insert(at, row)
            self.endInsertRows()

    # -- the table -----------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._loaded.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else Column.COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [
            self.tr("Case number"),
            self.tr("Service"),
            self.tr("State"),
            self.tr("Accepted"),
            self.tr("Due"),
            self.tr("Clerk"),
            self.tr("Window"),
            self.tr("Reviewer"),
        ][section]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._loaded.rows):
            return None
        row = self._loaded.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.overdue:
                return OVERDUE_COLOUR
            if row.due_soon:
                return DUE_SOON_COLOUR
            return None
        if role == Qt.ItemDataRole.FontRole and row.overdue and index.column() == Column.DUE:
            bold = QFont()
            bold.setBold(True)
            return bold
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(row)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def _text(self, row: QueueRow, column: int) -> str:
        chinese = self.language.chinese
        if column == Column.NUMBER:
            return row.number
        if column == Column.SERVICE:
            return self.service_titles.get(row.service_id, row.service_id)
        if column == Column.STATE:
            return row.state.label_zh if chinese else row.state.label_en
        if column == Column.ACCEPTED:
            return row.accepted_at.astimezone(HALL_TIMEZONE).strftime("%Y-%m-%d %H:%M")
        if column == Column.DUE:
            due = row.due_date.isoformat()
            if row.due_date_provisional:
                due += " *"
            if row.overdue:
                return self.tr("%1 (overdue)").replace("%1", due)
            if row.due_soon:
                return self.tr("%1 (due soon)").replace("%1", due)
            return due
        if column == Column.CLERK:
            return row.clerk
        if column == Column.WINDOW:
            return row.window
        if column == Column.ASSIGNEE:
            return row.assignee or ""
        return ""

    def _tip(self, row: QueueRow) -> str | None:
        if row.due_date_provisional:
            return self.tr("Provisional due date: counted beyond the published holiday calendar")
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Header clicks: acceptance time and due date sort (in the database)."""
        choices = _SORTABLE.get(column)
        if choices is None:
            return
        wanted = choices[0] if order == Qt.SortOrder.AscendingOrder else choices[1]
        if wanted is not self._query.sort:
            self.set_query(QueueQuery(**{**self._query.__dict__, "sort": wanted}))

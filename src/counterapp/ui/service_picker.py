"""Choose the service (政务事项) for a case: a search box over a live-filtered list.

Keyboard-first: the focus stays in the search box; Up/Down (and Page Up/Down) move the
selection in the list, Enter picks it, Esc clears the query. The list is a model/view
pair over :class:`~counterapp.app.service_search.ServiceMatch` values; the matching
itself is Qt-free (:mod:`counterapp.app.service_search`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from counterapp.app.service_search import ServiceMatch, ServiceSearch, ServiceUsage
from counterapp.errors import Language
from counterapp.forms import ServiceForm

FORM_ROLE = Qt.ItemDataRole.UserRole + 1
"""The :class:`ServiceForm` of a row."""

MATCHED_ON_ROLE = Qt.ItemDataRole.UserRole + 2
"""Which key the query matched (a :class:`MatchedOn` value, or None)."""

_Index = QModelIndex | QPersistentModelIndex


class ServiceMatchModel(QAbstractListModel):
    """The matches of the current query, best first, one row each.

    Args:
        language: Chinese shows the Chinese title; otherwise English with the Chinese.
        parent: the owning object.
    """

    def __init__(self, language: Language = Language.ZH_CN, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._matches: list[ServiceMatch] = []
        self._language = language

    def set_matches(self, matches: list[ServiceMatch]) -> None:
        """Replace every row with ``matches``."""
        self.beginResetModel()
        self._matches = list(matches)
        self.endResetModel()

    def match_at(self, row: int) -> ServiceMatch:
        """The match shown in ``row``."""
        return self._matches[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._matches)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._matches):
            return None
        match = self._matches[index.row()]
        form = match.form
        if role == Qt.ItemDataRole.DisplayRole:
            return form.title_zh if self._language.chinese else f"{form.title_en}  {form.title_zh}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{form.title_zh}\n{form.title_en}\n{form.id}"
        if role == FORM_ROLE:
            return form
        if role == MATCHED_ON_ROLE:
            return match.matched_on
        return None


class ServicePicker(QWidget):
    """Search and pick a service; emits :attr:`service_chosen` with the form.

    Args:
        forms: the services offered, in the order an empty query lists unused ones.
        usage: this workstation's use of the services (recent and frequent first).
        language: the UI language; Chinese lists Chinese titles.
        clock: returns the current aware time (recency is measured from it).
        parent: the parent widget.
    """

    service_chosen = Signal(object)
    """A :class:`ServiceForm` was picked (Enter or activation)."""

    def __init__(
        self,
        forms: Iterable[ServiceForm],
        usage: ServiceUsage | None = None,
        language: Language = Language.ZH_CN,
        clock: Callable[[], datetime] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._search = ServiceSearch(forms)
        self._usage = usage if usage is not None else ServiceUsage()
        self._clock = clock or (lambda: datetime.now(UTC))
        self.model = ServiceMatchModel(language, self)

        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("serviceSearch")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setPlaceholderText(
            self.tr("Search services: Chinese, pinyin or initials (e.g. jhdj)")
        )
        self.search_box.setToolTip(
            self.tr(
                "Type a title in Chinese, its pinyin (jiehun), its initials (jhdj), "
                "the English title or the id.\n"
                "Up/Down: move  ·  Enter: choose  ·  Esc: clear  ·  Ctrl+F: back to search"
            )
        )
        self.search_box.setAccessibleName(self.tr("Service search"))
        self.list_view = QListView(self)
        self.list_view.setObjectName("serviceList")
        self.list_view.setModel(self.model)
        self.list_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay in the box
        self.list_view.setUniformItemSizes(True)
        self.list_view.setToolTip(self.tr("Double-click or press Enter to choose"))
        self.list_view.setAccessibleName(self.tr("Matching services"))
        self.status = QLabel(self)
        self.status.setObjectName("serviceStatus")

        layout = QVBoxLayout(self)
        layout.addWidget(self.search_box)
        layout.addWidget(self.list_view, 1)
        layout.addWidget(self.status)
        self.setFocusProxy(self.search_box)

        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.focus_search)
        self.search_box.textChanged.connect(self._refilter)
        self.search_box.installEventFilter(self)
        self.list_view.activated.connect(self._choose_index)
        self._refilter("")

    # -- public -------------------------------------------------------------------------

    def set_usage(self, usage: ServiceUsage) -> None:
        """Rank by ``usage`` from now on (e.g. after a case was started)."""
        self._usage = usage
        self._refilter(self.search_box.text())

    def clear(self) -> None:
        """Empty the query (the next applicant starts from the recent services)."""
        self.search_box.clear()
        self._refilter("")

    def focus_search(self) -> None:
        """Put the keyboard focus in the search box, its text selected."""
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def current_form(self) -> ServiceForm | None:
        """The service Enter would pick now, if any."""
        index = self.list_view.currentIndex()
        return self.model.match_at(index.row()).form if index.isValid() else None

    def choose_current(self) -> bool:
        """Pick the selected service; False when the list is empty."""
        index = self.list_view.currentIndex()
        if not index.isValid():
            return False
        self._choose_index(index)
        return True

    # -- behaviour ----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # getattr: events still arrive while the widget is being torn down
        search_box = getattr(self, "search_box", None)
        if watched is search_box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if self._handle_key(event):
                return True
        return super().eventFilter(watched, event)

    def _handle_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        steps: dict[int, int] = {
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_PageDown: self._page_size(),
            Qt.Key.Key_PageUp: -self._page_size(),
        }
        if key in steps:
            self._move(steps[key])
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.choose_current()
            return True  # never falls through to a dialog's default button
        if key == Qt.Key.Key_Escape and self.search_box.text():
            self.search_box.clear()
            return True
        return False

    def _page_size(self) -> int:
        row_height = max(self.list_view.sizeHintForRow(0), 1)
        return max(self.list_view.viewport().height() // row_height - 1, 1)

    def _move(self, step: int) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        current = self.list_view.currentIndex()
        row = current.row() + step if current.isValid() else 0
        self._select(min(max(row, 0), rows - 1))

    def _select(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.list_view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.list_view.scrollTo(index)

    def _refilter(self, text: str) -> None:
        matches = self._search.search(text, self._usage, self._clock())
        self.model.set_matches(matches)
        if matches:
            self._select(0)
            self.status.setText(self.tr("%n service(s)", "", len(matches)))
        elif text.strip():
            self.status.setText(self.tr("No service matches this search"))
        else:
            self.status.setText(self.tr("No services are configured"))

    def _choose_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.service_chosen.emit(self.model.match_at(index.row()).form)

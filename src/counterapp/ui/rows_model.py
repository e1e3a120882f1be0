"""A read-only table over a list of rows of one type: the admin tabs' tables.

A subclass names its columns' titles (:meth:`RowsTableModel.titles`, translated in its own
context) and says what one cell shows for a role (:meth:`RowsTableModel.cell`); the row
and column counts, the header and the index checks are here, once.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
"""What Qt passes as a model index."""

Row = TypeVar("Row")


class RowsTableModel(QAbstractTableModel, Generic[Row]):
    """A table with one row per item of ``self._rows``.

    Subclasses set ``self._rows`` inside ``beginResetModel``/``endResetModel`` (or the
    insert and change calls) and implement :meth:`titles` and :meth:`cell`.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def titles(self) -> tuple[str, ...]:
        """The columns' titles, translated (one per column)."""
        raise NotImplementedError

    def cell(self, row: Row, column: int, role: int) -> object:
        """What the cell of ``row`` in ``column`` shows for ``role`` (None: nothing)."""
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self.titles())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = self.titles()
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self.cell(self._rows[index.row()], index.column(), role)

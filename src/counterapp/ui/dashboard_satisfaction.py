"""The dashboard's satisfaction tab (好差评): ratings per service and per window, and every
bad rating listed for follow-up with the applicant's own words.

Filled from :class:`counterapp.app.ratings.Satisfaction`, read off the GUI thread with the
rest of the dashboard; this widget only shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counterapp.app.ratings import Satisfaction, SatisfactionRow
from counterapp.cases import HALL_TIMEZONE
from counterapp.cases.rating import RatingLevel
from counterapp.errors import Language

__all__ = ["BAD_COLOUR", "SatisfactionPanel"]

BAD_COLOUR = QColor("#fde2e1")
"""The background of a bad rating's row, as the queue marks overdue cases."""

_LEVELS = tuple(RatingLevel)  # best first


class SatisfactionPanel(QWidget):
    """Two tables of counts (by service, by window) and the follow-up list."""

    def __init__(
        self,
        *,
        language: Language,
        service_names: Mapping[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._language = language
        self._service_names = service_names
        self.summary = QLabel(self)
        self.summary.setObjectName("satisfactionSummary")
        self.by_service = self._counts_table(self.tr("Service"))
        self.by_window = self._counts_table(self.tr("Window"))
        self.follow_up = QTableWidget(0, 6, self)
        self.follow_up.setObjectName("followUpTable")
        self.follow_up.setHorizontalHeaderLabels(
            [
                self.tr("Rated at"),
                self.tr("Case"),
                self.tr("Service"),
                self.tr("Window / clerk"),
                self.tr("Rating"),
                self.tr("The applicant's words"),
            ]
        )
        self._read_only(self.follow_up)
        self.follow_up.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)

        counts = QHBoxLayout()
        for title, table in (
            (self.tr("By service"), self.by_service),
            (self.tr("By window"), self.by_window),
        ):
            box = QGroupBox(title, self)
            inner = QVBoxLayout(box)
            inner.setContentsMargins(6, 6, 6, 6)
            inner.addWidget(table)
            counts.addWidget(box, 1)
        self.follow_up_box = QGroupBox(self.tr("To follow up (dissatisfied)"), self)
        inner = QVBoxLayout(self.follow_up_box)
        inner.setContentsMargins(6, 6, 6, 6)
        inner.addWidget(self.follow_up)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addLayout(counts, 1)
        layout.addWidget(self.follow_up_box, 1)

    def _counts_table(self, first: str) -> QTableWidget:
        table = QTableWidget(0, 2 + len(_LEVELS) + 1, self)
        labels = [first, *(self._level(level) for level in _LEVELS), self.tr("Total")]
        labels.append(self.tr("Good"))
        table.setHorizontalHeaderLabels(labels)
        self._read_only(table)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        return table

    @staticmethod
    def _read_only(table: QTableWidget) -> None:
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        table.setWordWrap(False)

    def _level(self, level: RatingLevel) -> str:
        return level.label_zh if self._language.chinese else level.label_en

    def show_satisfaction(self, figures: Satisfaction) -> None:
        """Fill the tables from one refresh's figures."""
        total = figures.total
        if total.total == 0:
            self.summary.setText(self.tr("No ratings in this period"))
        else:
            self.summary.setText(
                self.tr("{total} ratings: {good} good ({percent} %), {bad} to follow up").format(
                    total=total.total,
                    good=total.good,
                    percent=round(100 * total.good / total.total),
                    bad=total.bad,
                )
            )
        self._fill_counts(
            self.by_service,
            figures.by_service,
            lambda key: self._service_names.get(key, key),
        )
        self._fill_counts(
            self.by_window,
            figures.by_window,
            lambda key: self.tr("Window {number}").format(number=key),
        )
        self.follow_up.setRowCount(len(figures.to_follow_up))
        for row, rating in enumerate(figures.to_follow_up):
            at = rating.rated_at.astimezone(HALL_TIMEZONE).strftime("%Y-%m-%d %H:%M")
            cells = (
                at,
                rating.case_number,
                self._service_names.get(rating.service_id, rating.service_id),
                f"{rating.window} / {rating.clerk}",
                self._level(rating.level),
                rating.reason or "—",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setBackground(BAD_COLOUR)
                self.follow_up.setItem(row, column, item)
        self.follow_up.resizeColumnsToContents()
        self.follow_up.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)

    def _fill_counts(
        self, table: QTableWidget, rows: Sequence[SatisfactionRow], label: Callable[[str], str]
    ) -> None:
        table.setRowCount(len(rows))
        for r, entry in enumerate(rows):
            good = f"{round(100 * entry.good / entry.total)} %" if entry.total else "—"
            cells = [label(entry.key), *(str(n) for n in entry.counts), str(entry.total), good]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column in (4, 5) and text != "0":  # 不满意, 非常不满意
                    item.setBackground(BAD_COLOUR)
                table.setItem(r, column, item)
        table.resizeColumnsToContents()
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def cell_texts(self, table: QTableWidget) -> list[list[str]]:
        """What a table shows, row by row (for tests and screen readers alike)."""
        return [
            [_text(table.item(r, c)) for c in range(table.columnCount())]
            for r in range(table.rowCount())
        ]


def _text(item: QTableWidgetItem | None) -> str:
    return item.text() if item is not None else ""

"""The dashboard's charts: horizontal bar charts (QtCharts) rebuilt on every refresh.

A :class:`BarChartPanel` is a titled chart and, when a period has nothing to show, a note
in its place instead of an empty plot. Categories are given top to bottom, as they read
(QtCharts draws a horizontal bar chart's first category at the bottom; the panel turns
them round). Texts come in translated; this module has none of its own.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalPercentBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QLabel, QSizePolicy, QStackedLayout, QWidget


class BarKind(enum.Enum):
    """Side by side bars of values, or each category's sets as shares of 100 %."""

    VALUES = "values"
    SHARES = "shares"


@dataclass(frozen=True)
class Bars:
    """One bar set: its legend label, colour and a value per category (top to bottom)."""

    label: str
    color: str
    values: tuple[float, ...]


class BarChartPanel(QWidget):
    """A titled horizontal bar chart, or a note when there is nothing to chart.

    Args:
        title: the chart's title, translated.
        parent: the Qt parent.
    """

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(200)
        self._chart = QChart()
        self._chart.setTitle(title)
        title_font = QFont(self.font())
        title_font.setBold(True)
        title_font.setPointSizeF(max(self.font().pointSizeF(), 9.0) + 1)
        self._chart.setTitleFont(title_font)
        self._chart.setTitleBrush(QColor("#1f2933"))
        self._chart.setBackgroundRoundness(6)
        self._chart.setMargins(QMargins(4, 4, 4, 4))
        self._chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self._chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self._view = QChartView(self._chart, self)
        self._view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._note = QLabel(self)
        self._note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._note.setWordWrap(True)
        self._note.setObjectName("chartNote")
        self._note.setStyleSheet(
            "#chartNote { color: #7b8794; background: #ffffff;"
            " border: 1px solid #d9dee3; border-radius: 6px; }"
        )
        self._stack = QStackedLayout(self)
        self._stack.setContentsMargins(0, 0, 0, 0)
        self._stack.addWidget(self._view)
        self._stack.addWidget(self._note)
        self._categories: tuple[str, ...] = ()
        self._bars: tuple[Bars, ...] = ()
        self._note_text = ""

    # -- reading back --------------------------------------------------------------------

    @property
    def chart(self) -> QChart:
        """The QChart (its series hold the values shown)."""
        return self._chart

    @property
    def title(self) -> str:
        return self._chart.title()

    @property
    def note(self) -> str:
        """The note shown instead of the chart ("" while the chart is shown)."""
        return self._note_text if self._stack.currentWidget() is self._note else ""

    def values(self) -> dict[str, dict[str, float]]:
        """What the chart's series hold: bar set label → category → value."""
        result: dict[str, dict[str, float]] = {}
        for series in self._chart.series():
            if not isinstance(series, QAbstractBarSeries):
                continue
            categories = _categories_of(series)
            for bar_set in series.barSets():
                result[bar_set.label()] = {
                    category: bar_set.at(i) for i, category in reversed(list(enumerate(categories)))
                }
        return result

    # -- showing -------------------------------------------------------------------------

    def set_title(self, title: str) -> None:
        self._chart.setTitle(title)

    def show_note(self, text: str) -> None:
        """Show ``text`` in the chart's place (nothing to chart); the series are removed."""
        self._clear()
        self._note_text = text
        self._note.setText(f"<b>{_escape(self._chart.title())}</b><br><br>{_escape(text)}")
        self._stack.setCurrentWidget(self._note)

    def show_bars(
        self,
        categories: Sequence[str],
        bars: Sequence[Bars],
        *,
        kind: BarKind = BarKind.VALUES,
        axis_title: str = "",
        label_format: str = "@value",
        maximum: float | None = None,
        labels_inside: bool = False,
        labels: bool = True,
    ) -> None:
        """Show one bar per category and set (categories top to bottom).

        Args:
            categories: the categories' labels, in reading order.
            bars: the bar sets, each with one value per category.
            kind: values side by side, or each category's sets as shares of 100 %.
            axis_title: the value axis's title (the unit).
            label_format: each bar's label (``@value`` is the value).
            maximum: the value axis's end (default: a round number above the largest).
            labels_inside: draw the labels inside the bars' ends (white).
            labels: label every bar with its value (off where bars are too many).
        """
        self._clear()
        self._categories, self._bars = tuple(categories), tuple(bars)
        series: QAbstractBarSeries = (
            QHorizontalPercentBarSeries() if kind is BarKind.SHARES else QHorizontalBarSeries()
        )
        for bar in bars:
            if len(bar.values) != len(categories):
                raise ValueError(f"{bar.label!r}: one value per category")
            bar_set = QBarSet(bar.label)
            bar_set.append([float(v) for v in reversed(bar.values)])
            bar_set.setColor(QColor(bar.color))
            bar_set.setBorderColor(QColor(bar.color))
            bar_set.setLabelColor(QColor("#ffffff" if labels_inside else "#1f2933"))
            series.append(bar_set)
        series.setLabelsVisible(labels)
        series.setLabelsFormat(label_format)
        series.setLabelsPosition(
            QAbstractBarSeries.LabelsPosition.LabelsCenter
            if kind is BarKind.SHARES
            else (
                QAbstractBarSeries.LabelsPosition.LabelsInsideEnd
                if labels_inside
                else QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd
            )
        )
        if kind is BarKind.VALUES and len(bars) == 1:
            series.setBarWidth(0.6)
        self._chart.addSeries(series)

        category_axis = QBarCategoryAxis()
        category_axis.append(list(reversed(categories)))
        category_axis.setGridLineVisible(False)
        value_axis = QValueAxis()
        value_axis.setLabelFormat("%.0f")
        if axis_title:
            value_axis.setTitleText(axis_title)
            small = QFont(self.font())
            small.setPointSizeF(max(self.font().pointSizeF() - 1, 7.0))
            value_axis.setTitleFont(small)
        if kind is BarKind.SHARES:
            value_axis.setRange(0, 100)
        else:
            largest = max((v for bar in bars for v in bar.values), default=0.0)
            top = maximum if maximum is not None else _room_above(largest)
            value_axis.setRange(0, top)
            if maximum is None:
                value_axis.applyNiceNumbers()
        self._chart.addAxis(category_axis, Qt.AlignmentFlag.AlignLeft)
        self._chart.addAxis(value_axis, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(category_axis)
        series.attachAxis(value_axis)
        self._chart.legend().setVisible(len(bars) > 1)
        self._stack.setCurrentWidget(self._view)

    def _clear(self) -> None:
        self._chart.removeAllSeries()
        for axis in self._chart.axes():
            self._chart.removeAxis(axis)
        self._categories, self._bars = (), ()


def _room_above(largest: float) -> float:
    """An axis end that leaves room for a label beyond the longest bar."""
    return 1.0 if largest <= 0 else largest * 1.4


def _categories_of(series: QAbstractBarSeries) -> list[str]:
    """The series' categories in the order of its sets' values (bottom to top)."""
    for axis in series.attachedAxes():
        if isinstance(axis, QBarCategoryAxis):
            return list(axis.categories())
    return [str(i) for i in range(series.barSets()[0].count())] if series.barSets() else []


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["BarChartPanel", "BarKind", "Bars"]

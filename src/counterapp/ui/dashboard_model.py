"""The department scorecard as a table, and how the dashboard writes rates and durations.

One row per department that was asked in the window: its requests, availability, median
and p95 latency, and the data-quality figures the hall reports back to the department
(not-found rate, values refused, conflicts and their rates). A refused value or a conflict
is a problem for the department to fix, so a non-zero one is highlighted.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from counterapp.app.dashboard import DepartmentScore, Share
from counterapp.errors import Language
from counterapp.exchange.status import DepartmentStatus

_Index = QModelIndex | QPersistentModelIndex

NOTHING = "—"
"""Shown where there is nothing to rate (a share of zero) or no latency."""

PROBLEM_BACKGROUND = QColor("#fdecea")
PROBLEM_FOREGROUND = QColor("#b3261e")
WARNING_BACKGROUND = QColor("#fff4e0")
WARNING_FOREGROUND = QColor("#8a5300")


def percent(share: Share, decimals: int = 0) -> str:
    """``share.rate`` in percent with ``decimals`` decimals: ``92``, ``98.1``; "—" for 0/0.

    A share that is not all (or not nothing) never shows as 100 (or 0): it gets one more
    decimal, rounded towards its true side (``99.9``, ``0.1``).
    """
    rate = share.rate
    if rate is None:
        return NOTHING
    value = 100 * rate
    shown = f"{value:.{decimals}f}"
    finer = 10 ** (decimals + 1)
    if float(shown) == 100 and share.part < share.whole:
        return f"{math.floor(value * finer) / finer:.{decimals + 1}f}"
    if float(shown) == 0 and share.part > 0:
        return f"{max(math.ceil(value * finer), 1) / finer:.{decimals + 1}f}"
    return shown


def share_text(share: Share, template: str) -> str:
    """``template`` (``"{percent} % ({part}/{whole})"``, translated) filled in; "—" for 0/0."""
    if share.rate is None:
        return NOTHING
    return template.format(percent=percent(share), part=share.part, whole=share.whole)


class DurationUnit(enum.Enum):
    """The unit a set of handling times is shown in: hours, or days once they are long."""

    HOURS = 3600
    DAYS = 86400

    @classmethod
    def for_longest(cls, longest: timedelta) -> DurationUnit:
        """Hours up to three days, days beyond (a 90 h bar reads better as 3.8 days)."""
        return cls.HOURS if longest <= timedelta(hours=72) else cls.DAYS

    def amount(self, duration: timedelta) -> float:
        """``duration`` in this unit, to one decimal."""
        return round(duration.total_seconds() / self.value, 1)


class Column(enum.IntEnum):
    """The scorecard's columns, in the order shown."""

    DEPARTMENT = 0
    REQUESTS = 1
    AVAILABILITY = 2
    MEDIAN_MS = 3
    P95_MS = 4
    NOT_FOUND = 5
    REFUSED = 6
    CONFLICTS = 7
    REFUSED_RATE = 8
    CONFLICT_RATE = 9


_SHARES: dict[Column, Callable[[DepartmentScore], Share]] = {
    Column.AVAILABILITY: lambda s: s.availability,
    Column.NOT_FOUND: lambda s: s.not_found,
    Column.REFUSED_RATE: lambda s: s.refused_rate,
    Column.CONFLICT_RATE: lambda s: s.conflict_rate,
}
_PROBLEMS = {Column.REFUSED, Column.CONFLICTS, Column.REFUSED_RATE, Column.CONFLICT_RATE}


class ScorecardModel(QAbstractTableModel):
    """Department scores as table rows (read-only).

    Args:
        parent: the Qt parent.
        names: department id → the name to show (the id itself when absent).
        language: the language of the outcome statuses in the tooltips.

    Roles: the display text; :attr:`ValueRole` the plain number behind a cell (a
    :class:`Share`'s rate, a latency, a count; None for nothing), :attr:`ProblemRole`
    True on a non-zero refused/conflict cell (also highlighted), and
    :attr:`DepartmentRole` the department id on every cell of its row.
    """

    ValueRole = Qt.ItemDataRole.UserRole + 1
    ProblemRole = Qt.ItemDataRole.UserRole + 2
    DepartmentRole = Qt.ItemDataRole.UserRole + 3

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        names: Mapping[str, str] | None = None,
        language: Language = Language.ZH_CN,
    ) -> None:
        super().__init__(parent)
        self._scores: list[DepartmentScore] = []
        self._names = dict(names or {})
        self._language = language

    # -- Qt model ------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._scores)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.header_text(column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tip(column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _alignment(column)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._scores):
            return None
        score = self._scores[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(score, column)
        if role == self.ValueRole:
            return _value(score, column)
        if role == self.DepartmentRole:
            return score.department
        if role == self.ProblemRole:
            return _problem(score, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _alignment(column)
        if role == Qt.ItemDataRole.BackgroundRole:
            if _problem(score, column):
                return QBrush(PROBLEM_BACKGROUND)
            if column is Column.AVAILABILITY and _below(score.availability, 0.95):
                return QBrush(WARNING_BACKGROUND)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if _problem(score, column):
                return QBrush(PROBLEM_FOREGROUND)
            if column is Column.AVAILABILITY and _below(score.availability, 0.95):
                return QBrush(WARNING_FOREGROUND)
            return None
        if role == Qt.ItemDataRole.FontRole and _problem(score, column):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.cell_tip(score, column)
        return None

    # -- texts ---------------------------------------------------------------------------

    def header_text(self, column: Column) -> str:
        texts: dict[Column, Callable[[], str]] = {
            Column.DEPARTMENT: lambda: self.tr("Department"),
            Column.REQUESTS: lambda: self.tr("Requests"),
            Column.AVAILABILITY: lambda: self.tr("Availability"),
            Column.MEDIAN_MS: lambda: self.tr("Median (ms)"),
            Column.P95_MS: lambda: self.tr("P95 (ms)"),
            Column.NOT_FOUND: lambda: self.tr("Not found"),
            Column.REFUSED: lambda: self.tr("Values refused"),
            Column.CONFLICTS: lambda: self.tr("Conflicts"),
            Column.REFUSED_RATE: lambda: self.tr("Refused rate"),
            Column.CONFLICT_RATE: lambda: self.tr("Conflict rate"),
        }
        return texts[column]()

    def header_tip(self, column: Column) -> str:
        tips: dict[Column, Callable[[], str]] = {
            Column.REQUESTS: lambda: self.tr(
                "Every request in the window: case lookups, diagnoses and probes"
            ),
            Column.AVAILABILITY: lambda: self.tr(
                "Requests answered (a record or no such person) of all requests"
            ),
            Column.MEDIAN_MS: lambda: self.tr("Median latency of the answered requests"),
            Column.P95_MS: lambda: self.tr(
                "95 % of the answered requests took no longer than this"
            ),
            Column.NOT_FOUND: lambda: self.tr(
                "Case lookups answered 'no such person' of the answered case lookups"
            ),
            Column.REFUSED: lambda: self.tr(
                "Values of case lookups that failed a conversion or catalog check (not used)"
            ),
            Column.CONFLICTS: lambda: self.tr(
                "Values of case lookups that disagreed with the value used"
            ),
            Column.REFUSED_RATE: lambda: self.tr("Values refused of all values given"),
            Column.CONFLICT_RATE: lambda: self.tr("Conflicts of the values that passed"),
        }
        tip = tips.get(column)
        return tip() if tip is not None else ""

    def rate_text(self, share: Share) -> str:
        """A rate as the table shows it, one decimal (``98.1 %``); "—" for nothing to rate."""
        if share.rate is None:
            return NOTHING
        return self.tr("{percent} %").format(percent=percent(share, 1))

    def cell_text(self, score: DepartmentScore, column: Column) -> str:
        """What one cell shows (a rate's counts are in its tooltip)."""
        if column is Column.DEPARTMENT:
            return self.name(score.department)
        if column is Column.REQUESTS:
            return f"{score.requests:,}"
        if column is Column.AVAILABILITY:
            return self.rate_text(score.availability)
        if column is Column.MEDIAN_MS:
            return NOTHING if score.median_latency_ms is None else f"{score.median_latency_ms:,.0f}"
        if column is Column.P95_MS:
            return NOTHING if score.p95_latency_ms is None else f"{score.p95_latency_ms:,}"
        if column is Column.NOT_FOUND:
            return self.rate_text(score.not_found)
        if column is Column.REFUSED:
            return f"{score.values_refused:,}"
        if column is Column.CONFLICTS:
            return f"{score.conflicts:,}"
        if column is Column.REFUSED_RATE:
            return self.rate_text(score.refused_rate)
        return self.rate_text(score.conflict_rate)

    def cell_tip(self, score: DepartmentScore, column: Column) -> str:
        if column is Column.DEPARTMENT:
            return self.tr(
                "{id}: {cases} case lookups, {diagnoses} diagnoses, {probes} probes"
            ).format(
                id=score.department,
                cases=score.case_requests,
                diagnoses=score.diagnosis_requests,
                probes=score.probe_requests,
            )
        if column is Column.REQUESTS:
            return "\n".join(
                f"{self._status_label(status)}: {count:,}" for status, count in score.statuses
            )
        tips: list[str] = []
        share = _SHARES.get(column)
        if share is not None and share(score).whole:
            counted = share(score)
            tips.append(self.tr("{part} of {whole}").format(part=counted.part, whole=counted.whole))
        if _problem(score, column):
            tips.append(self.tr("A data-quality problem to report to the department"))
        return "\n".join(tips)

    def _status_label(self, code: str) -> str:
        try:
            status = DepartmentStatus.from_code(code)
        except ValueError:
            return code
        return status.label_zh if self._language.chinese else status.label_en

    def name(self, department: str) -> str:
        """The department's name as shown (its id when no name is known)."""
        return self._names.get(department, department)

    # -- content -------------------------------------------------------------------------

    @property
    def scores(self) -> tuple[DepartmentScore, ...]:
        """The rows, in the order shown."""
        return tuple(self._scores)

    def set_scores(self, scores: Iterable[DepartmentScore]) -> None:
        """Show these departments' scores (replacing the previous ones)."""
        self.beginResetModel()
        self._scores = list(scores)
        self.endResetModel()

    def set_names(self, names: Mapping[str, str]) -> None:
        """Show these department names from now on."""
        self._names = dict(names)
        if self._scores:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._scores) - 1, 0))


def _value(score: DepartmentScore, column: Column) -> object:
    values: dict[Column, object] = {
        Column.DEPARTMENT: score.department,
        Column.REQUESTS: score.requests,
        Column.AVAILABILITY: score.availability.rate,
        Column.MEDIAN_MS: score.median_latency_ms,
        Column.P95_MS: score.p95_latency_ms,
        Column.NOT_FOUND: score.not_found.rate,
        Column.REFUSED: score.values_refused,
        Column.CONFLICTS: score.conflicts,
        Column.REFUSED_RATE: score.refused_rate.rate,
        Column.CONFLICT_RATE: score.conflict_rate.rate,
    }
    return values[column]


def _problem(score: DepartmentScore, column: Column) -> bool:
    """True on a refused/conflict cell whose count is not zero."""
    if column not in _PROBLEMS:
        return False
    if column in (Column.REFUSED, Column.REFUSED_RATE):
        return score.values_refused > 0
    return score.conflicts > 0


def _below(share: Share, threshold: float) -> bool:
    return share.rate is not None and share.rate < threshold


def _alignment(column: Column) -> int:
    if column is Column.DEPARTMENT:
        return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


__all__ = [
    "NOTHING",
    "Column",
    "DurationUnit",
    "ScorecardModel",
    "percent",
    "share_text",
]

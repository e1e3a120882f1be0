"""The live lookup table: one row per department asked, and what each one has said so far.

A department that stands in for an authority that did not answer gets its own row when its
outcome arrives, marked "not authoritative"; a department whose answer held values that do
not fit the catalog shows them as a data problem (masked by the item's rule).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from types import MappingProxyType

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from counterapp.catalog import Catalog
from counterapp.catalog.values import RefusedValue
from counterapp.errors import Language
from counterapp.exchange.lookup import DepartmentOutcome, LookupPlan, LookupResult
from counterapp.exchange.normalize import merge
from counterapp.exchange.status import DepartmentStatus

_Index = QModelIndex | QPersistentModelIndex


class RowState(enum.Enum):
    """Where one department's part of the lookup stands, as the clerk sees it."""

    WAITING = "waiting"
    ANSWERED = "answered"
    NOT_FOUND = "not_found"
    TIMEOUT = "timeout"
    FAILED = "failed"
    UNAVAILABLE = "unavailable"

    @classmethod
    def of(cls, status: DepartmentStatus) -> RowState:
        """The row state for a department's final status."""
        return {
            DepartmentStatus.OK: cls.ANSWERED,
            DepartmentStatus.NOT_FOUND: cls.NOT_FOUND,
            DepartmentStatus.TIMEOUT: cls.TIMEOUT,
            DepartmentStatus.UNAVAILABLE: cls.UNAVAILABLE,
        }.get(status, cls.FAILED)

    @property
    def retryable(self) -> bool:
        """True when asking again may help (no answer came)."""
        return self in {RowState.TIMEOUT, RowState.FAILED, RowState.UNAVAILABLE}

    @property
    def answered(self) -> bool:
        """True when the department gave an answer (a record or "no such person")."""
        return self in {RowState.ANSWERED, RowState.NOT_FOUND}


@dataclass(frozen=True)
class DepartmentRow:
    """One row: the department, its state and what it said."""

    department: str
    name_zh: str
    name_en: str
    state: RowState = RowState.WAITING
    latency_ms: float | None = None
    message: str = ""
    refused: tuple[RefusedValue, ...] = ()
    stands_in_for: frozenset[str] = frozenset()

    @property
    def stand_in(self) -> bool:
        """It was asked in place of an authority that did not answer (not authoritative)."""
        return bool(self.stands_in_for)

    @property
    def data_problem(self) -> bool:
        """Its answer held values that do not fit the catalog (they were not used)."""
        return bool(self.refused)


_COLOURS = {
    RowState.WAITING: QColor("#6b6b6b"),
    RowState.ANSWERED: QColor("#1b7a2f"),
    RowState.NOT_FOUND: QColor("#1f5fa8"),
    RowState.TIMEOUT: QColor("#b35c00"),
    RowState.FAILED: QColor("#b3261e"),
    RowState.UNAVAILABLE: QColor("#b3261e"),
}


class LookupTableModel(QAbstractTableModel):
    """The departments of one lookup (Department, State, Latency, Message columns).

    ``StateRole`` gives a row's :class:`RowState` and ``DepartmentRole`` its department id,
    whatever the display language.

    Args:
        parent: the Qt parent.
        language: the interface language of the refused values' reasons (the rest is
            translated with ``tr()``).
    """

    StateRole = Qt.ItemDataRole.UserRole + 1
    DepartmentRole = Qt.ItemDataRole.UserRole + 2
    COLUMNS = 4

    def __init__(
        self, parent: QObject | None = None, *, language: Language = Language.ZH_CN
    ) -> None:
        super().__init__(parent)
        self._language = language
        self._rows: list[DepartmentRow] = []

    # -- reading -------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Department"), self.tr("State"), self.tr("Latency"), self.tr("Message"))
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == self.StateRole:
            return row.state
        if role == self.DepartmentRole:
            return row.department
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.notes(row) or f"{row.name_en} ({row.department})"
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1:
            return _COLOURS[row.state]
        return None

    def _display(self, row: DepartmentRow, column: int) -> str:
        if column == 0:
            return row.name_zh
        if column == 1:
            return self.state_text(row.state)
        if column == 2:
            if row.latency_ms is None:
                return ""
            return self.tr("{ms} ms").format(ms=f"{row.latency_ms:.0f}")
        return self.notes(row)

    def notes(self, row: DepartmentRow) -> str:
        """The Message column: what happened, a stand-in's marker, the refused values."""
        notes = [row.message] if row.message else []
        if row.stand_in:
            notes.append(
                self.tr("Not authoritative: stands in for a department that did not answer")
            )
        if row.refused:
            language = self._language
            shown = "；".join(_refused_text(r, language) for r in row.refused)
            notes.append(self.tr("Data problem, not used: {values}").format(values=shown))
        return "  ".join(notes)

    def state_text(self, state: RowState) -> str:
        """The state's words in the interface language."""
        texts = {
            RowState.WAITING: self.tr("Waiting"),
            RowState.ANSWERED: self.tr("Answered"),
            RowState.NOT_FOUND: self.tr("No record"),
            RowState.TIMEOUT: self.tr("Timed out"),
            RowState.FAILED: self.tr("Failed"),
            RowState.UNAVAILABLE: self.tr("Unavailable"),
        }
        return texts[state]

    @property
    def rows(self) -> tuple[DepartmentRow, ...]:
        """Every row, in the order shown."""
        return tuple(self._rows)

    def row_of(self, department: str) -> int:
        """The row number of a department, -1 when it is not in the table."""
        return next((i for i, r in enumerate(self._rows) if r.department == department), -1)

    def state(self, department: str) -> RowState:
        """A department's state. Raises KeyError when it is not in the table."""
        row = self.row_of(department)
        if row < 0:
            raise KeyError(department)
        return self._rows[row].state

    def count(self, *states: RowState) -> int:
        """How many rows are in any of ``states``."""
        return sum(1 for r in self._rows if r.state in states)

    # -- changing ------------------------------------------------------------------------

    def reset(self, departments: Iterable[tuple[str, str, str]]) -> None:
        """Show these departments (id, Chinese name, English name), all waiting."""
        self.beginResetModel()
        self._rows = [DepartmentRow(d, zh, en) for d, zh, en in departments]
        self.endResetModel()

    def set_outcome(self, outcome: DepartmentOutcome) -> None:
        """Show how a department's part of the lookup ended (a stand-in gets a new row)."""
        if self.row_of(outcome.department) < 0 and outcome.stand_in:
            end = len(self._rows)
            self.beginInsertRows(QModelIndex(), end, end)
            self._rows.append(DepartmentRow(outcome.department, outcome.name_zh, outcome.name_en))
            self.endInsertRows()
        self._replace(
            outcome.department,
            state=RowState.of(outcome.status),
            latency_ms=outcome.latency_ms,
            message=outcome.message,
            refused=outcome.refused,
            stands_in_for=outcome.stands_in_for,
        )

    def set_waiting(self, department: str) -> None:
        """Show a department as asked again."""
        self._replace(department, state=RowState.WAITING, latency_ms=None, message="", refused=())

    def set_failed(self, department: str, message: str) -> None:
        """Show a department whose lookup could not even be sent."""
        self._replace(department, state=RowState.FAILED, latency_ms=None, message=message)

    def _replace(self, department: str, **changes: object) -> None:
        row = self.row_of(department)
        if row < 0:
            return
        self._rows[row] = replace(self._rows[row], **changes)  # type: ignore[arg-type]
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.COLUMNS - 1))


def result_from_outcomes(
    id_number: str,
    plan: LookupPlan,
    outcomes: Mapping[str, DepartmentOutcome],
    order: Sequence[str],
    catalog: Catalog,
    *,
    started_at: datetime,
    wall_ms: float,
) -> LookupResult:
    """What arrived so far, as one lookup result (retried departments' latest outcomes).

    Departments still waiting have no outcome; their items are ``missing``. Stand-ins for
    a failed authority count, and their values are ``not_authoritative``.
    """
    shown = [d for d in plan.requests if d in outcomes]
    shown += [d for d in order if d not in plan.requests and d in outcomes]
    shown += [d for d, o in outcomes.items() if o.stand_in and d not in shown]
    kept = {d: outcomes[d] for d in shown}
    answers = {d: o.answer for d, o in kept.items() if o.answer is not None}
    unanswered = {d for d, o in kept.items() if not o.answered}
    return LookupResult(
        id_number=id_number,
        plan=plan,
        outcomes=MappingProxyType(kept),
        values=merge(answers, catalog, asked=plan.items, unanswered=unanswered),
        started_at=started_at,
        wall_ms=wall_ms,
        order=tuple(order),
    )


def _refused_text(refused: RefusedValue, language: Language) -> str:
    """One refused value for the clerk: what, the value as shown (masked), why."""
    where = refused.column.rpartition(".")[0] if "." in refused.column else refused.column
    if language.chinese:
        label = refused.label_zh or refused.item
        return f"{label}{where}“{refused.shown()}”{refused.reason_zh}"
    label = refused.label_en or refused.item
    return f"{label}{where} {refused.shown()!r}: {refused.reason}"

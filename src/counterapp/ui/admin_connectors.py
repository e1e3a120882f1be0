"""Connector status: one row per configured department, and "Probe all".

A probe asks each department about its own test identity (the ``[probe]`` of its
connector) through ``app.guarded_lookup.probe_departments``, the guarded path that gives
every request its ``X-Counter-Reference`` and audits the probe under the signed-in user.
Each department is probed as its own background task, so a slow or failing department's
row never holds back the others: rows update the moment each answer arrives.

Who may probe: the view asks for ``DIAGNOSE_DEPARTMENTS`` (IT's permission: supervisors
and admins), checked before anything is sent; a clerk's refusal is shown in the view.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from counterapp.app.guarded_lookup import ProbeOutcome, probe_departments
from counterapp.cases.deadlines import HALL_TIMEZONE
from counterapp.errors import Language, error_text
from counterapp.exchange.lookup import DepartmentExchange
from counterapp.exchange.status import DepartmentStatus
from counterapp.ui.rows_model import RowsTableModel
from counterapp.ui.workers import TaskRunner
from counterapp.users.roles import Actor, Permission, PermissionDenied, require

_Index = QModelIndex | QPersistentModelIndex

PROBE_SHORTCUT = QKeySequence("Ctrl+Shift+R")


class ProbeState(enum.Enum):
    """Where one department's probe stands."""

    NOT_PROBED = "not_probed"
    PROBING = "probing"
    ANSWERED = "answered"
    FAILED = "failed"
    NOT_CONFIGURED = "not_configured"


@dataclass(frozen=True)
class ConnectorRow:
    """One department: what its connector says, and how its last probe went."""

    department: str
    name_zh: str
    name_en: str
    base_url: str
    state: ProbeState = ProbeState.NOT_PROBED
    status: DepartmentStatus | None = None
    latency_ms: float | None = None
    message: str = ""
    probed_at: datetime | None = None


_COLOURS = {
    ProbeState.NOT_PROBED: QColor("#6b6b6b"),
    ProbeState.PROBING: QColor("#6b6b6b"),
    ProbeState.ANSWERED: QColor("#1b7a2f"),
    ProbeState.FAILED: QColor("#b3261e"),
    ProbeState.NOT_CONFIGURED: QColor("#b35c00"),
}


class ConnectorStatusModel(RowsTableModel[ConnectorRow]):
    """The departments (id, name, base URL, status, latency, when, what went wrong).

    ``StateRole`` gives a row's :class:`ProbeState`, ``DepartmentRole`` its id.
    """

    StateRole = Qt.ItemDataRole.UserRole + 1
    DepartmentRole = Qt.ItemDataRole.UserRole + 2
    COLUMNS = 7
    ID, NAME, URL, STATUS, LATENCY, WHEN, MESSAGE = range(COLUMNS)

    def __init__(self, parent: QObject | None = None, *, language: Language) -> None:
        super().__init__(parent)
        self._language = language

    def titles(self) -> tuple[str, ...]:
        return (
            self.tr("Department"),
            self.tr("Name"),
            self.tr("Base URL"),
            self.tr("Last probe"),
            self.tr("Latency"),
            self.tr("When"),
            self.tr("Message"),
        )

    def cell(self, row: ConnectorRow, column: int, role: int) -> object:
        if role == self.StateRole:
            return row.state
        if role == self.DepartmentRole:
            return row.department
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.STATUS:
            return row.message or None
        if role == Qt.ItemDataRole.ForegroundRole and column in (self.STATUS, self.MESSAGE):
            return _COLOURS[row.state]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.LATENCY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: ConnectorRow, column: int) -> str:
        if column == self.ID:
            return row.department
        if column == self.NAME:
            return row.name_zh if self._language is Language.ZH_CN else row.name_en
        if column == self.URL:
            return row.base_url
        if column == self.STATUS:
            return self._status_text(row)
        if column == self.LATENCY:
            return (
                ""
                if row.latency_ms is None
                else self.tr("{ms} ms").format(ms=round(row.latency_ms))
            )
        if column == self.MESSAGE:
            return "" if row.state is ProbeState.PROBING else row.message
        if row.probed_at is None:
            return ""
        return row.probed_at.astimezone(HALL_TIMEZONE).strftime("%Y-%m-%d %H:%M:%S")

    def _status_text(self, row: ConnectorRow) -> str:
        if row.state is ProbeState.NOT_PROBED:
            return self.tr("not probed yet")
        if row.state is ProbeState.PROBING:
            return self.tr("probing…")
        if row.state is ProbeState.NOT_CONFIGURED:
            return self.tr("no test identity in the connector")
        if row.status is None:  # the probe itself failed before an answer
            return self.tr("probe failed")
        return row.status.label_zh if self._language is Language.ZH_CN else row.status.label_en

    @property
    def rows(self) -> Sequence[ConnectorRow]:
        return tuple(self._rows)

    def row(self, department: str) -> ConnectorRow:
        return self._rows[self._position(department)]

    def set_rows(self, rows: Sequence[ConnectorRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def update(self, department: str, **changes: object) -> None:
        position = self._position(department)
        self._rows[position] = replace(self._rows[position], **changes)  # type: ignore[arg-type]
        self.dataChanged.emit(self.index(position, 0), self.index(position, self.COLUMNS - 1))

    def count(self, *states: ProbeState) -> int:
        return sum(1 for row in self._rows if row.state in states)

    def _position(self, department: str) -> int:
        for position, row in enumerate(self._rows):
            if row.department == department:
                return position
        raise KeyError(department)


class ConnectorStatusView(QWidget):
    """The configured departments and their last probe, with "Probe all".

    Signals:
        probed(ProbeOutcome): one department's probe came back.
        settled(): no probe is running any more.

    Args:
        exchange: the workstation's departments (``CounterContext.exchange``).
        engine: the hall's database (the probe's audit record and scorecard rows).
        actor: who probes (needs DIAGNOSE_DEPARTMENTS); named in the audit record.
        runner: runs each department's probe off the GUI thread.
        language: the language of names, statuses and refusals.
        workstation: this workstation's name, for the audit record.
        parent: the Qt parent.
    """

    probed = Signal(object)
    settled = Signal()

    def __init__(
        self,
        exchange: DepartmentExchange,
        engine: Engine,
        actor: Actor,
        runner: TaskRunner,
        *,
        language: Language,
        workstation: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._exchange = exchange
        self._engine = engine
        self._actor = actor
        self._language = language
        self._workstation = workstation
        self._tasks = runner.scope(self)
        self._pending: set[str] = set()
        self.setWindowTitle(self.tr("Department connectors"))
        self._model = ConnectorStatusModel(self, language=language)
        self._model.set_rows(
            [
                ConnectorRow(
                    department=dept,
                    name_zh=connector.name_zh,
                    name_en=connector.name_en,
                    base_url=connector.http.base_url,
                    state=ProbeState.NOT_PROBED
                    if connector.probe is not None
                    else ProbeState.NOT_CONFIGURED,
                )
                for dept, connector in exchange.connectors.items()
            ]
        )
        self._build()

    def _build(self) -> None:
        self.table = QTableView(self)
        self.table.setModel(self._model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.probe_action = QAction(self.tr("&Probe all"), self)
        self.probe_action.setShortcut(PROBE_SHORTCUT)
        self.probe_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.probe_action.triggered.connect(self.probe_all)
        self.addAction(self.probe_action)
        self.probe_button = QPushButton(self.probe_action.text(), self)
        self.probe_button.setToolTip(
            self.tr("Ask every department about its test identity ({shortcut})").format(
                shortcut=PROBE_SHORTCUT.toString(QKeySequence.SequenceFormat.NativeText)
            )
        )
        self.probe_button.clicked.connect(self.probe_action.trigger)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("connectorStatus")
        self.message_label = QLabel(self)
        self.message_label.setObjectName("connectorMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.message_label.hide()
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.probe_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._refresh()

    # -- public --------------------------------------------------------------------------

    @property
    def model(self) -> ConnectorStatusModel:
        return self._model

    @property
    def running(self) -> bool:
        """True while a probe is out."""
        return bool(self._pending)

    @property
    def message(self) -> str:
        return self.message_label.text() if not self.message_label.isHidden() else ""

    @property
    def status_text(self) -> str:
        return self.status_label.text()

    def probe_all(self) -> None:
        """Probe every department with a test identity, each in its own task."""
        if self._pending:
            return
        self.message_label.hide()
        try:
            require(self._actor, Permission.DIAGNOSE_DEPARTMENTS)
        except PermissionDenied as error:  # shown in the view; nothing is sent
            self._show_refusal(error)
            return
        departments = [
            row.department for row in self._model.rows if row.state is not ProbeState.NOT_CONFIGURED
        ]
        for department in departments:
            self._model.update(department, state=ProbeState.PROBING)
            self._pending.add(department)
            self._tasks.submit(
                self._probe_one(department),
                on_result=self._on_probed,
                on_error=self._failure_of(department),
            )
        self._refresh()

    # -- background work -----------------------------------------------------------------

    def _probe_one(self, department: str) -> Callable[[], ProbeOutcome]:
        exchange, engine, actor, workstation = (
            self._exchange,
            self._engine,
            self._actor,
            self._workstation,
        )

        def work() -> ProbeOutcome:
            require(actor, Permission.DIAGNOSE_DEPARTMENTS)
            (outcome,) = probe_departments(
                exchange,
                engine,
                operator=actor.username,
                departments=[department],
                workstation=workstation,
            )
            return outcome

        return work

    def _failure_of(self, department: str) -> Callable[[BaseException], None]:
        return lambda error: self._on_failed(department, error)

    def _on_probed(self, probe: ProbeOutcome) -> None:
        self._pending.discard(probe.department)
        outcome = probe.outcome
        now = datetime.now(UTC)
        if outcome is None:
            self._model.update(probe.department, state=ProbeState.NOT_CONFIGURED, probed_at=now)
        else:
            self._model.update(
                probe.department,
                state=ProbeState.ANSWERED if outcome.answered else ProbeState.FAILED,
                status=outcome.status,
                latency_ms=outcome.latency_ms,
                message=outcome.message,
                probed_at=now,
            )
        self.probed.emit(probe)
        self._refresh()

    def _on_failed(self, department: str, error: BaseException) -> None:
        self._pending.discard(department)
        self._model.update(
            department,
            state=ProbeState.FAILED,
            status=None,
            latency_ms=None,
            message=error_text(error, self._language),
            probed_at=datetime.now(UTC),
        )
        self._refresh()

    def _show_refusal(self, error: BaseException) -> None:
        self.message_label.setText(error_text(error, self._language))
        self.message_label.show()

    def _refresh(self) -> None:
        self.probe_action.setEnabled(not self._pending)
        self.probe_button.setEnabled(not self._pending)
        total = self._model.count(
            ProbeState.NOT_PROBED, ProbeState.PROBING, ProbeState.ANSWERED, ProbeState.FAILED
        )
        answered = self._model.count(ProbeState.ANSWERED)
        failed = self._model.count(ProbeState.FAILED)
        if self._pending:
            text = self.tr("Probing: {done} of {total} answered so far").format(
                done=answered + failed, total=total
            )
        elif answered + failed == 0:
            text = self.tr("{total} departments with a test identity").format(total=total)
        else:
            text = self.tr("{answered} of {total} departments answered; {failed} failed").format(
                answered=answered, total=total, failed=failed
            )
        self.status_label.setText(text)
        if not self._pending and answered + failed:
            self.settled.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the view drops whatever is still to come."""
        self._tasks.cancel()
        self._pending.clear()
        super().closeEvent(event)

"""The materials checklist of the form page: exempt papers (and which department verified
the facts) and papers to collect, ticked as the applicant hands them over.

Alt+M reaches the list, Space ticks a paper; a paper received stays received. The button
under it asks for the one-time notification (一次性告知书) of what is still missing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counterapp.errors import Language
from counterapp.forms.materials import (
    MaterialDecision,
    MaterialHandover,
    mark_received,
    received_papers,
    with_received,
)

PaperKey = tuple[str, int]
"""(material id, applicant)."""


class MaterialsChecklist(QGroupBox):
    """One line per paper of each applicant.

    Args:
        department_name: a department's short name, as the form page shows it.
        language: names and reasons in Chinese, or in English.

    Signals:
        changed(): the clerk ticked a paper as handed over.
        notification_requested(decisions): the clerk asked for the one-time notification.
    """

    changed = Signal()
    notification_requested = Signal(object)

    def __init__(
        self,
        department_name: Callable[[str], str],
        *,
        language: Language = Language.ZH_CN,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("&Materials"))  # Alt+M: into the checklist
        self.setToolTip(self.tr("Alt+M, then Space ticks a paper handed over"))
        self._department_name, self._language = department_name, language
        self._decisions: tuple[MaterialDecision, ...] = ()
        self.list = QListWidget(self)
        self.list.itemChanged.connect(self._on_checked)
        self.notify_button = QPushButton(self.tr("One-time notification"), self)
        self.notify_button.clicked.connect(
            lambda: self.notification_requested.emit(self._decisions)
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(self.notify_button)

    @property
    def decisions(self) -> tuple[MaterialDecision, ...]:
        return self._decisions

    def redecide(self, decisions: Sequence[MaterialDecision]) -> None:
        """Show freshly decided papers, keeping those already handed over as received."""
        self.show_decisions(with_received(decisions, received_papers(self._decisions)))

    def receive(self, papers: Iterable[PaperKey]) -> None:
        """Mark papers as handed over; exempt ones stay exempt."""
        self.show_decisions(with_received(self._decisions, papers))

    def show_decisions(self, decisions: Sequence[MaterialDecision]) -> None:
        self._decisions = tuple(decisions)
        self.list.blockSignals(True)
        self.list.clear()
        for index in range(len(self._decisions)):
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, index)
            self.list.addItem(item)
            self._draw(item)
        self.list.blockSignals(False)

    def _draw(self, item: QListWidgetItem) -> None:
        decision = self._decisions[item.data(Qt.ItemDataRole.UserRole)]
        name = decision.name_zh if self._language.chinese else decision.name_en
        if decision.status is MaterialHandover.EXEMPT:
            names = [self._department_name(d) for d in decision.verified_by]
            exempt = self.tr("Exempt")
            if self._language.chinese:
                item.setText(f"{name} — {exempt}（{'、'.join(names)}）")
            else:
                item.setText(f"{name} — {exempt} ({', '.join(names)})")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        else:
            received = decision.status is MaterialHandover.RECEIVED
            label = self.tr("Received") if received else self.tr("To collect")
            item.setText(f"{name} — {label}")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if received else Qt.CheckState.Unchecked)
        item.setToolTip(decision.reason_zh if self._language.chinese else decision.reason_en)

    def _on_checked(self, item: QListWidgetItem) -> None:
        decision = self._decisions[item.data(Qt.ItemDataRole.UserRole)]
        if (
            item.checkState() == Qt.CheckState.Checked
            and decision.status is MaterialHandover.TO_COLLECT
        ):
            self._decisions = mark_received(
                self._decisions, decision.material.id, decision.applicant
            )
        self.list.blockSignals(True)
        self._draw(item)  # a received document stays received
        self.list.blockSignals(False)
        self.changed.emit()

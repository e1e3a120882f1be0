"""The pre-filled form page: fields with their source, reveal with a reason, conflicts,
eligibility explained and the materials checklist.

Revealing a masked value is audited (:func:`record_reveal`, which also checks the clerk's
role) off the GUI thread through the :class:`TaskRunner`; the value is shown only once the
audit event is written. :meth:`FormPage.remask` (on case change) hides everything again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from counterapp.app.reveal import RevealRefused, record_reveal
from counterapp.catalog import Catalog
from counterapp.errors import Language, error_text
from counterapp.forms.eligibility import EligibilityResult, Outcome, evaluate
from counterapp.forms.materials import MaterialDecision, decide_materials
from counterapp.forms.prefill import FieldState, PrefilledField, PrefilledForm, choose
from counterapp.ui.form_model import FieldTableModel
from counterapp.ui.materials_checklist import MaterialsChecklist
from counterapp.ui.workers import TaskRunner
from counterapp.users import Actor

_OUTCOME_MARK = {
    Outcome.PASSED: "✔",
    Outcome.FAILED: "✘",
    Outcome.UNKNOWN: "?",
    Outcome.NOT_APPLICABLE: "–",
}


class FormPage(QWidget):
    """Shows one :class:`PrefilledForm` for the clerk to check, complete and explain.

    Signals:
        changed(prefilled): the form changed (a pick, a typed value, a document received).
        notification_requested(decisions): the clerk asked for the one-time notification.
    """

    changed = Signal(object)
    notification_requested = Signal(object)

    def __init__(
        self,
        catalog: Catalog,
        runner: TaskRunner,
        *,
        engine: Engine | None = None,
        actor: Actor | None = None,
        workstation: str = "",
        language: Language = Language.ZH_CN,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._tasks = runner.scope(self)
        self.engine = engine
        self.actor = actor
        self.workstation = workstation
        self._language = language
        self._case_number: str | None = None
        self._today = date.today()
        self.eligibility: tuple[EligibilityResult, ...] = ()

        self.model = FieldTableModel(catalog, self, language=language)
        self.model.edited.connect(self._on_edited)
        self.model.problems_changed.connect(self._show_problems)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())
        self.problems_label = QLabel(self)
        self.problems_label.setStyleSheet("color: #b00020")
        self.problems_label.setWordWrap(True)

        self.reason_edit = QLineEdit(self)
        self.reason_edit.setPlaceholderText(self.tr("Reason for showing the full value"))
        self.reveal_button = QPushButton(self.tr("Reveal"), self)
        self.reveal_button.setToolTip(self.tr("Show the selected value in full (audited)"))
        self.reveal_button.clicked.connect(self.reveal_selected)
        self.reveal_message = QLabel(self)
        self.reason_edit.returnPressed.connect(self.reveal_selected)
        reveal_row = QHBoxLayout()
        reveal_row.addWidget(self.reason_edit, 1)
        reveal_row.addWidget(self.reveal_button)

        self.conflict_label = QLabel(self)
        self.offer_box = QComboBox(self)
        self.pick_button = QPushButton(self.tr("Use this department's value"), self)
        self.pick_button.clicked.connect(self._pick_selected)
        conflict_row = QHBoxLayout()
        conflict_row.addWidget(self.conflict_label)
        conflict_row.addWidget(self.offer_box, 1)
        conflict_row.addWidget(self.pick_button)

        self.eligibility_list = QListWidget(self)
        self.materials = MaterialsChecklist(
            self.model.department_name, language=language, parent=self
        )
        self.materials_list = self.materials.list
        self.notify_button = self.materials.notify_button
        self.materials.notification_requested.connect(self.notification_requested)
        self.materials.changed.connect(self._on_material_checked)
        eligibility_box = QGroupBox(self.tr("Eligibility"), self)
        QVBoxLayout(eligibility_box).addWidget(self.eligibility_list)
        lower = QHBoxLayout()
        lower.addWidget(eligibility_box)
        lower.addWidget(self.materials)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.problems_label)
        layout.addLayout(reveal_row)
        layout.addWidget(self.reveal_message)
        layout.addLayout(conflict_row)
        layout.addLayout(lower, 2)
        self._update_actions()

    # -- the form ------------------------------------------------------------------------

    @property
    def prefilled(self) -> PrefilledForm | None:
        return self.model.prefilled

    @property
    def decisions(self) -> tuple[MaterialDecision, ...]:
        return self.materials.decisions

    def set_form(
        self,
        prefilled: PrefilledForm | None,
        *,
        case_number: str | None = None,
        today: date | None = None,
    ) -> None:
        """Show a new case's form (everything masked again); None clears the page."""
        self._case_number = case_number
        self._today = today or date.today()
        self.materials.show_decisions(())
        self.reason_edit.clear()
        self.reveal_message.clear()
        self.model.set_prefilled(prefilled)
        self._refresh_rules()
        self._update_actions()

    def focus_first_input(self) -> None:
        """Put the keyboard on the first field still to fill (required ones first), else on
        the first field: the clerk types (F2 or just typing) without reaching for the mouse."""
        prefilled = self.prefilled
        if prefilled is None:
            return
        missing = [
            (not entry.field.required, row)
            for row, entry in enumerate(prefilled.fields)
            if entry.state is FieldState.MISSING and entry.field.item is None
        ]
        self.table.setCurrentIndex(self.model.index(min(missing)[1] if missing else 0, 1))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_actions()

    def remask(self) -> None:
        """Mask every sensitive value again (the case changed)."""
        self.model.remask()
        self.reason_edit.clear()
        self.reveal_message.clear()
        self._update_actions()

    def select_field(self, field_id: str, applicant: int = 1) -> None:
        prefilled = self.prefilled
        if prefilled is None:
            return
        row = next(
            i for i, e in enumerate(prefilled.fields) if e.field.key == (field_id, applicant)
        )
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, 1))
        self._update_actions()

    def _selected(self) -> PrefilledField | None:
        index = self.table.currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def _apply(self, prefilled: PrefilledForm) -> None:
        self.model.set_prefilled(prefilled, keep_reveals=True)
        self._refresh_rules()
        self._update_actions()
        self.changed.emit(prefilled)

    def _on_edited(self, prefilled: PrefilledForm) -> None:
        self._refresh_rules()
        self.changed.emit(prefilled)
        focus = QApplication.focusWidget()
        if focus is not None and (focus is self.table or self.table.isAncestorOf(focus)):
            self._select_next_to_fill()  # typed in the table: on to the next field to fill

    def _select_next_to_fill(self) -> None:
        """Select the next field still to fill: required ones first, then onwards."""
        prefilled = self.prefilled
        if prefilled is None:
            return
        current = self.table.currentIndex().row()
        rows = [
            (not entry.field.required, row <= current, row)
            for row, entry in enumerate(prefilled.fields)
            if entry.state is FieldState.MISSING and entry.field.item is None and row != current
        ]
        if rows:
            self.table.setCurrentIndex(self.model.index(min(rows)[2], 1))
            self._update_actions()

    def _show_problems(self) -> None:
        self.problems_label.setText("\n".join(self.model.problems.values()))

    def type_value(self, field_id: str, text: str, applicant: int = 1) -> bool:
        """The clerk types ``text`` into a field (as the table's editor does)."""
        return self.model.type_text((field_id, applicant), text)

    # -- reveal --------------------------------------------------------------------------

    def reveal_selected(self) -> None:
        """Reveal the selected masked field, once the audited reveal is recorded."""
        entry = self._selected()
        if entry is None or not self.model.masked(entry) or entry.field.item is None:
            return
        reason = self.reason_edit.text().strip()
        if not reason:
            self.reveal_message.setText(self.tr("Give a reason before revealing"))
            self.reason_edit.setFocus()
            return
        if self.engine is None or self.actor is None:
            self.reveal_message.setText(self.tr("Sign in to reveal values"))
            return
        key = entry.field.key
        self.reveal_button.setEnabled(False)
        self._tasks.submit(
            record_reveal,
            self.engine,
            self.actor,
            [entry.field.item],
            reason=reason,
            case_number=self._case_number,
            workstation=self.workstation,
            on_result=lambda _seq: self._revealed(key),
            on_error=self._reveal_failed,
        )

    def _revealed(self, key: tuple[str, int]) -> None:
        self.model.reveal(key)
        self.reason_edit.clear()
        self.reveal_message.setText(self.tr("Shown in full; the reveal was recorded"))
        self._update_actions()

    def _reveal_failed(self, error: BaseException) -> None:
        if isinstance(error, RevealRefused):
            self.reveal_message.setText(self.tr("Give a reason before revealing"))
        else:
            reason = error_text(error, self._language)
            self.reveal_message.setText(self.tr("The value cannot be revealed: %s") % reason)
        self._update_actions()

    # -- conflicts -----------------------------------------------------------------------

    def _fill_offers(self, entry: PrefilledField | None) -> None:
        self.offer_box.clear()
        if entry is None or not entry.conflict:
            return
        for offer in entry.offers:
            department = offer.provenance.department
            value = self.model.shown_value(entry, offer.value, offer=True)
            colon = "：" if self._language.chinese else ": "
            self.offer_box.addItem(
                f"{self.model.department_name(department)}{colon}{value}", department
            )
        current = self.offer_box.findData(entry.department)
        self.offer_box.setCurrentIndex(max(current, 0))

    def pick(self, field_id: str, department: str, applicant: int = 1) -> None:
        """Take ``department``'s value for a field the departments disagree on."""
        if self.prefilled is not None:
            self._apply(choose(self.prefilled, field_id, applicant, department))

    def _pick_selected(self) -> None:
        entry = self._selected()
        department = self.offer_box.currentData()
        if entry is not None and entry.conflict and department:
            self.pick(entry.field.id, department, entry.field.applicant)

    def _update_actions(self) -> None:
        entry = self._selected()
        masked = entry is not None and self.model.masked(entry)
        self.reveal_button.setEnabled(masked)
        self.reason_edit.setEnabled(masked)
        conflict = entry is not None and entry.conflict
        disagree = self.tr("Departments disagree")
        self.conflict_label.setText(f"⚠ {disagree}" if conflict else "")
        self.offer_box.setVisible(conflict)
        self.pick_button.setVisible(conflict)
        self._fill_offers(entry)

    # -- eligibility and materials -------------------------------------------------------

    def _refresh_rules(self) -> None:
        prefilled = self.prefilled
        self.eligibility_list.clear()
        if prefilled is None:
            self.materials.show_decisions(())
            return
        self.eligibility = evaluate(prefilled.form, prefilled, self._today)
        for result in self.eligibility:
            text = result.explanation_zh if self._language.chinese else result.explanation_en
            self.eligibility_list.addItem(f"{_OUTCOME_MARK.get(result.outcome, '•')} {text}")
        if not self.eligibility:  # an empty box would look like a failure to load
            none = QListWidgetItem(self.tr("This service sets no conditions to check"))
            none.setFlags(Qt.ItemFlag.NoItemFlags)
            self.eligibility_list.addItem(none)
        self.materials.redecide(decide_materials(prefilled.form, prefilled))

    def receive(self, materials: Iterable[tuple[str, int]]) -> None:
        """Mark documents as handed over: (material id, applicant); exempt ones stay exempt."""
        self.materials.receive(materials)

    def _on_material_checked(self) -> None:
        if self.prefilled is not None:
            self.changed.emit(self.prefilled)

"""The pre-filled form as a table: label, value (masked until revealed) and where it came from.

Values of catalog items with a masking rule are shown masked (:func:`mask_item`) until the
page reveals them (after an audited :func:`record_reveal`); :meth:`FieldTableModel.remask`
hides them all again. Fields the clerk types are editable; what they type is checked with
:func:`parse_value` and the reason kept for the page to show inline.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from counterapp.catalog import Catalog
from counterapp.catalog.masking import mask_item
from counterapp.catalog.model import MaskRule
from counterapp.errors import Language
from counterapp.forms.model import FormField
from counterapp.forms.prefill import FieldState, PrefilledField, PrefilledForm, type_value
from counterapp.forms.validation import parse_value
from counterapp.forms.values import code_label, value_text

Index = QModelIndex | QPersistentModelIndex
FieldKey = tuple[str, int]

LABEL, VALUE, SOURCE = range(3)
_INVALID = QColor("#b00020")
_CONFLICT = QColor("#fff3cd")


class FieldTableModel(QAbstractTableModel):
    """One row per field of a :class:`PrefilledForm`.

    Signals:
        edited(prefilled): the clerk typed a value; the new form.
        problems_changed(): the inline validation messages changed.
    """

    edited = Signal(object)
    problems_changed = Signal()

    def __init__(
        self,
        catalog: Catalog,
        parent: QObject | None = None,
        *,
        language: Language = Language.ZH_CN,
    ):
        super().__init__(parent)
        self._catalog = catalog
        self._language = language
        self._prefilled: PrefilledForm | None = None
        self._revealed: set[FieldKey] = set()
        self.problems: dict[FieldKey, str] = {}

    # -- state ---------------------------------------------------------------------------

    @property
    def prefilled(self) -> PrefilledForm | None:
        return self._prefilled

    def set_prefilled(self, prefilled: PrefilledForm | None, *, keep_reveals: bool = False) -> None:
        self.beginResetModel()
        self._prefilled = prefilled
        if not keep_reveals:
            self._revealed.clear()
            self.problems.clear()
        self.endResetModel()
        self.problems_changed.emit()

    def entry(self, row: int) -> PrefilledField | None:
        if self._prefilled is None or not 0 <= row < len(self._prefilled.fields):
            return None
        return self._prefilled.fields[row]

    def sensitive(self, entry: PrefilledField) -> bool:
        """The field's value is masked until revealed."""
        item = entry.field.item
        return (
            item is not None
            and item in self._catalog
            and self._catalog.item(item).mask is not MaskRule.NONE
            and entry.value is not None
        )

    def masked(self, entry: PrefilledField) -> bool:
        return self.sensitive(entry) and entry.field.key not in self._revealed

    def reveal(self, key: FieldKey) -> None:
        self._revealed.add(key)
        self._changed_rows()

    def remask(self) -> None:
        self._revealed.clear()
        self._changed_rows()

    def _changed_rows(self) -> None:
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, SOURCE))

    # -- text ----------------------------------------------------------------------------

    def label(self, field: FormField) -> str:
        """The field's label; on a form with co-applicants, whose field it is first."""
        label = field.label_zh if self._language.chinese else field.label_en
        form = self._prefilled.form if self._prefilled is not None else None
        if form is None or form.applicants == 1:
            return label
        party = form.party(field.applicant, self._language.chinese)
        return f"{party} · {label}"

    def department_name(self, department: str) -> str:
        try:
            found = self._catalog.department(department)
        except KeyError:
            return department
        return found.name_zh if self._language.chinese else found.name_en

    def shown_value(
        self, entry: PrefilledField, value: object = None, *, offer: bool = False
    ) -> str:
        """The value as the screen may show it: masked by its rule unless revealed."""
        value = entry.value if not offer else value
        if self.masked(entry) and entry.field.item is not None:
            return _flatten(mask_item(self._catalog.item(entry.field.item), value))
        if isinstance(value, bool):
            return self.tr("Yes") if value else self.tr("No")
        if isinstance(value, str) and (label := code_label(entry.field.code_table, value)):
            shown = label[0] if self._language.chinese else label[1]
            return f"{shown} ({value})"  # 男 (1), not a bare 1
        return (
            _flatten(value)
            if isinstance(value, Sequence) and not isinstance(value, str)
            else value_text(value)
        )

    def source(self, entry: PrefilledField) -> str:
        if entry.state is FieldState.PREFILLED and entry.department:
            text = self.department_name(entry.department)
            if entry.verified:
                verified = self.tr("Verified")
                text = f"{text} · {verified}"
        elif entry.state is FieldState.CORRECTED:
            text = self.tr("Corrected")
        elif entry.state is FieldState.TYPED:
            text = self.tr("Typed in")
        else:
            text = self.tr("No value")
        if entry.conflict:
            disagree = self.tr("Departments disagree")
            text = f"{text}  ⚠ {disagree}"
        if not entry.authoritative and entry.state in (FieldState.PREFILLED, FieldState.CORRECTED):
            not_authoritative = self.tr("Not authoritative")
            text = f"{text}  ⚠ {not_authoritative}"
        return text

    def source_tip(self, entry: PrefilledField) -> str | None:
        """The Source column's tooltip: why a value is not authoritative, what to do."""
        if entry.authoritative or entry.state not in (FieldState.PREFILLED, FieldState.CORRECTED):
            return None
        authority = entry.field.department
        return self.tr(
            "Not from {authority}, the authoritative department: this value is from "
            "{department}. Keep it to accept it, or correct it."
        ).format(
            authority=self.department_name(authority) if authority else "",
            department=self.department_name(entry.department or ""),
        )

    # -- Qt model ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._prefilled is None else len(self._prefilled.fields)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Field"), self.tr("Value"), self.tr("Source"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == LABEL:
                mark = " *" if entry.field.required else ""
                return self.label(entry.field) + mark
            if column == VALUE:
                return self.shown_value(entry)
            return self.source(entry)
        problem = self.problems.get(entry.field.key)
        if role == Qt.ItemDataRole.ToolTipRole and column == VALUE and problem:
            return problem
        if role == Qt.ItemDataRole.ToolTipRole and column == SOURCE:
            return self.source_tip(entry)
        if role == Qt.ItemDataRole.ForegroundRole and column == VALUE and problem:
            return QBrush(_INVALID)
        if role == Qt.ItemDataRole.BackgroundRole and entry.conflict:
            return QBrush(_CONFLICT)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is not None and index.column() == VALUE and self.editable(entry):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    @staticmethod
    def editable(entry: PrefilledField) -> bool:
        return entry.field.item is None and entry.state in (FieldState.MISSING, FieldState.TYPED)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None or role != Qt.ItemDataRole.EditRole or not self.editable(entry):
            return False
        return self.type_text(entry.field.key, str(value))

    def type_text(self, key: FieldKey, text: str) -> bool:
        """The clerk typed ``text`` for the field ``key``; checked, kept, and signalled."""
        if self._prefilled is None:
            return False
        field = self._prefilled.field(*key).field
        parsed = parse_value(field, text.strip()) if text.strip() else None
        if parsed is not None and not parsed.ok:
            self.problems[key] = parsed.reason_zh if self._language.chinese else parsed.reason_en
        else:
            self.problems.pop(key, None)
        self._prefilled = type_value(self._prefilled, key[0], key[1], text)
        row = next(i for i, e in enumerate(self._prefilled.fields) if e.field.key == key)
        self.dataChanged.emit(self.index(row, 0), self.index(row, SOURCE))
        self.problems_changed.emit()
        self.edited.emit(self._prefilled)
        return True


def _flatten(value: object) -> str:
    """Records (or masked records) as one line: ``a，b；c，d``."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return "，".join(value_text(v) for v in value.values())
    if isinstance(value, Sequence):
        return "；".join(_flatten(v) for v in value)
    return value_text(value)

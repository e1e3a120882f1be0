"""Enter the applicant's resident ID: validated while typing, scanner-friendly.

The field checks the number with :func:`counterapp.standards.resident_id.validate`.
While the number is incomplete it says how many characters remain; once it has 18
characters (or a valid old 15-digit number), or on Enter, it shows the precise reason in
the UI language. Spaces are dropped and a lowercase x is raised as it is typed.

ID-card readers and barcode scanners act as keyboards: a fast burst of key presses ending
with Enter. The field has no input method (a Chinese IME must not swallow the burst),
accepts Enter itself (so it never also triggers a dialog's default button) and emits
:attr:`IdNumberInput.id_accepted` once per accepted number.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from counterapp.errors import Language
from counterapp.standards.resident_id import ResidentIdResult, validate

ID_LENGTH = 18
OLD_ID_LENGTH = 15

_STATE_COLORS = {"valid": "#1b7f3b", "invalid": "#b3261e", "partial": "#5f6368"}


class IdEntryState(Enum):
    """Where the clerk is with the number."""

    EMPTY = "empty"
    PARTIAL = "partial"
    VALID = "valid"
    INVALID = "invalid"


def normalize_id_text(text: str) -> str:
    """Drop every whitespace character and raise x to X."""
    return "".join(text.split()).replace("x", "X")


class _IdLineEdit(QLineEdit):
    """A line edit that keeps Enter to itself and reports it."""

    enter_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.enter_pressed.emit()
            return
        super().keyPressEvent(event)


class IdNumberInput(QWidget):
    """A resident ID field with its live verdict underneath.

    Args:
        language: the UI language; Chinese shows the Chinese reason (``reason_zh``).
        parent: the parent widget.
    """

    id_accepted = Signal(str)
    """The normalized 18-character number, emitted once on Enter when it is valid."""

    state_changed = Signal(object)
    """The new :class:`IdEntryState`."""

    def __init__(self, language: Language = Language.ZH_CN, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self._state = IdEntryState.EMPTY
        self._result: ResidentIdResult | None = None
        self._accepted: str | None = None

        self.field = _IdLineEdit(self)
        self.field.setObjectName("idNumber")
        self.field.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.field.setInputMethodHints(
            Qt.InputMethodHint.ImhPreferUppercase
            | Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhSensitiveData
        )
        self.field.setPlaceholderText(self.tr("Resident ID number (18 characters)"))
        self.field.setToolTip(
            self.tr(
                "Type or scan the applicant's resident ID; Enter to confirm.\n"
                "An ID-card reader or barcode scanner can fill it directly."
            )
        )
        self.field.setAccessibleName(self.tr("Resident ID number"))
        self.message = QLabel(self)
        self.message.setObjectName("idMessage")
        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addWidget(self.message)
        self.setFocusProxy(self.field)

        self.field.textChanged.connect(self._on_text_changed)
        self.field.enter_pressed.connect(self._on_enter)
        self._show(IdEntryState.EMPTY, "")

    # -- public -------------------------------------------------------------------------

    @property
    def state(self) -> IdEntryState:
        """The field's current verdict."""
        return self._state

    @property
    def result(self) -> ResidentIdResult | None:
        """The last full validation (complete input or Enter), else None."""
        return self._result

    def text(self) -> str:
        """The number as typed, normalized (no spaces, uppercase X)."""
        return self.field.text()

    def clear(self) -> None:
        """Forget the number (next applicant)."""
        self.field.clear()
        self._accepted = None
        self._result = None
        self._show(IdEntryState.EMPTY, "")

    # -- behaviour ----------------------------------------------------------------------

    def _on_text_changed(self, text: str) -> None:
        normalized = normalize_id_text(text)
        if normalized != text:
            cursor = self.field.cursorPosition()
            before = normalize_id_text(text[:cursor])
            self.field.setText(normalized)  # re-enters with the normalized text
            self.field.setCursorPosition(len(before))
            return
        if normalized != self._accepted:
            self._accepted = None
        self._evaluate(normalized, on_enter=False)

    def _on_enter(self) -> None:
        text = self.field.text()
        result = self._evaluate(text, on_enter=True)
        if result is not None and result.ok and result.normalized is not None:
            if result.normalized != self._accepted:
                self._accepted = result.normalized
                self.id_accepted.emit(result.normalized)
            return
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)
        if result is not None and result.position is not None:
            self.field.setSelection(result.position, 1)

    def _evaluate(self, text: str, on_enter: bool) -> ResidentIdResult | None:
        if not text and not on_enter:
            self._result = None
            self._show(IdEntryState.EMPTY, "")
            return None
        result = validate(text)
        complete = len(text) >= ID_LENGTH or (len(text) == OLD_ID_LENGTH and result.ok)
        if not (complete or on_enter):
            self._result = None
            self._show(IdEntryState.PARTIAL, self._remaining_text(ID_LENGTH - len(text)))
            return None
        self._result = result
        if result.ok:
            self._show(IdEntryState.VALID, self._valid_text(result))
        else:
            self._show(
                IdEntryState.INVALID, result.reason_zh if self._language.chinese else result.reason
            )
        return result

    def _remaining_text(self, remaining: int) -> str:
        return self.tr("%n more character(s)", "", remaining)

    def _valid_text(self, result: ResidentIdResult) -> str:
        if result.from_old_format:
            return self.tr("Valid old 15-digit number; it will be converted to 18 characters")
        return self.tr("Valid resident ID number")

    def _show(self, state: IdEntryState, message: str) -> None:
        self.message.setText(message)
        color = _STATE_COLORS.get(state.value)
        self.message.setStyleSheet(f"color: {color};" if color else "")
        self.field.setProperty("idState", state.value)
        if state is not self._state:
            self._state = state
            self.state_changed.emit(state)

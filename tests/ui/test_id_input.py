"""The resident ID field: live verdicts, precise reasons, scanner bursts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton, QVBoxLayout

from counterapp.errors import Language
from counterapp.ui.id_input import IdEntryState, IdNumberInput

VALID = "11010519491231002X"


@pytest.fixture
def id_input(qtbot) -> IdNumberInput:
    widget = IdNumberInput(language=Language.ZH_CN)
    qtbot.addWidget(widget)
    widget.resize(420, 80)
    widget.show()
    qtbot.waitExposed(widget)
    widget.setFocus()
    return widget


def test_valid_id_emits_on_enter(qtbot, id_input: IdNumberInput) -> None:
    qtbot.keyClicks(id_input.field, VALID)
    assert id_input.state is IdEntryState.VALID
    with qtbot.waitSignal(id_input.id_accepted) as accepted:
        qtbot.keyClick(id_input.field, Qt.Key.Key_Return)
    assert accepted.args == [VALID]


def test_partial_input_counts_what_remains(qtbot, id_input: IdNumberInput) -> None:
    qtbot.keyClicks(id_input.field, VALID[:12])
    assert id_input.state is IdEntryState.PARTIAL
    assert "6" in id_input.message.text()
    assert id_input.result is None


def test_fifteen_digits_of_a_new_number_are_still_partial(qtbot, id_input) -> None:
    qtbot.keyClicks(id_input.field, VALID[:15])
    assert id_input.state is IdEntryState.PARTIAL
    assert "3" in id_input.message.text()


def test_wrong_check_character_names_the_right_one(qtbot, id_input: IdNumberInput) -> None:
    qtbot.keyClicks(id_input.field, VALID[:17] + "1")
    assert id_input.state is IdEntryState.INVALID
    assert "校验码应为 X" in id_input.message.text()


def test_impossible_date_is_named(qtbot, id_input: IdNumberInput) -> None:
    qtbot.keyClicks(id_input.field, "110105194913310025")
    assert id_input.state is IdEntryState.INVALID
    assert "19491331" in id_input.message.text()
    assert "日期" in id_input.message.text()


def test_english_reason_in_an_english_ui(qtbot) -> None:
    widget = IdNumberInput(language=Language.EN)
    qtbot.addWidget(widget)
    qtbot.keyClicks(widget.field, VALID[:17] + "1")
    assert "check character should be X" in widget.message.text()


def test_invalid_enter_shows_reason_keeps_focus(qtbot, id_input: IdNumberInput) -> None:
    qtbot.keyClicks(id_input.field, VALID[:10])
    with qtbot.assertNotEmitted(id_input.id_accepted):
        qtbot.keyClick(id_input.field, Qt.Key.Key_Return)
    assert id_input.state is IdEntryState.INVALID
    assert "18" in id_input.message.text()
    qtbot.waitUntil(id_input.field.hasFocus)


def test_invalid_enter_selects_the_offending_character(qtbot, id_input) -> None:
    qtbot.keyClicks(id_input.field, VALID[:16] + "A" + "X")
    qtbot.keyClick(id_input.field, Qt.Key.Key_Return)
    assert id_input.field.selectionStart() == 16
    assert id_input.field.selectedText() == "A"


def test_scanner_burst_emits_once(qtbot, id_input: IdNumberInput) -> None:
    emitted: list[str] = []
    id_input.id_accepted.connect(emitted.append)
    qtbot.keyClicks(id_input.field, VALID + "\r")
    qtbot.keyClick(id_input.field, Qt.Key.Key_Return)  # a reader's trailing second Enter
    qtbot.waitUntil(lambda: emitted == [VALID])
    assert emitted == [VALID]


def test_lowercase_x_and_spaces(qtbot, id_input: IdNumberInput) -> None:
    qtbot.keyClicks(id_input.field, "110105 19491231 002x")
    assert id_input.text() == VALID
    with qtbot.waitSignal(id_input.id_accepted) as accepted:
        qtbot.keyClick(id_input.field, Qt.Key.Key_Enter)
    assert accepted.args == [VALID]


def test_old_fifteen_digit_number_is_accepted(qtbot, id_input: IdNumberInput) -> None:
    qtbot.keyClicks(id_input.field, "110105491231002")
    assert id_input.state is IdEntryState.VALID
    with qtbot.waitSignal(id_input.id_accepted) as accepted:
        qtbot.keyClick(id_input.field, Qt.Key.Key_Return)
    assert accepted.args == [VALID]


def test_enter_does_not_trigger_a_dialog_default_button(qtbot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    field = IdNumberInput(parent=dialog)
    button = QPushButton("OK", dialog)
    button.setDefault(True)
    layout = QVBoxLayout(dialog)
    layout.addWidget(field)
    layout.addWidget(button)
    dialog.show()
    qtbot.waitExposed(dialog)
    with qtbot.assertNotEmitted(dialog.accepted), qtbot.waitSignal(field.id_accepted):
        qtbot.keyClicks(field.field, VALID)
        qtbot.keyClick(field.field, Qt.Key.Key_Return)


def test_clear_forgets_everything(qtbot, id_input: IdNumberInput) -> None:
    qtbot.keyClicks(id_input.field, VALID)
    qtbot.keyClick(id_input.field, Qt.Key.Key_Return)
    id_input.clear()
    assert id_input.text() == ""
    assert id_input.state is IdEntryState.EMPTY
    assert id_input.message.text() == ""
    with qtbot.waitSignal(id_input.id_accepted):  # the same number may come again
        qtbot.keyClicks(id_input.field, VALID)
        qtbot.keyClick(id_input.field, Qt.Key.Key_Return)

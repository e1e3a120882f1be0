"""The service picker: live filtering, keyboard-only choice, recent services first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from counterapp.app.service_search import ServiceUsage
from counterapp.catalog import load_catalog
from counterapp.forms import ServiceForm, load_forms
from counterapp.ui.service_picker import FORM_ROLE, ServicePicker

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def forms() -> list[ServiceForm]:
    return list(load_forms(load_catalog()).values())


@pytest.fixture
def picker(qtbot, forms: list[ServiceForm]) -> ServicePicker:
    widget = ServicePicker(forms, clock=lambda: NOW)
    qtbot.addWidget(widget)
    widget.resize(420, 360)
    widget.show()
    qtbot.waitExposed(widget)
    widget.focus_search()
    return widget


def titles(picker: ServicePicker) -> list[str]:
    model = picker.model
    return [model.data(model.index(r, 0), FORM_ROLE).title_zh for r in range(model.rowCount())]


def test_initials_filter_live_and_select_the_best(qtbot, picker: ServicePicker) -> None:
    qtbot.keyClicks(picker.search_box, "jhdj")
    assert titles(picker)[0] == "结婚登记"
    assert picker.current_form().title_zh == "结婚登记"


def test_gjj_finds_the_housing_fund(qtbot, picker: ServicePicker) -> None:
    qtbot.keyClicks(picker.search_box, "gjj")
    assert titles(picker)[0] == "住房公积金提取"


def test_keyboard_only_pick(qtbot, picker: ServicePicker) -> None:
    qtbot.keyClicks(picker.search_box, "dengji")
    found = titles(picker)
    assert len(found) > 2
    qtbot.keyClick(picker.search_box, Qt.Key.Key_Down)
    qtbot.keyClick(picker.search_box, Qt.Key.Key_Down)
    qtbot.keyClick(picker.search_box, Qt.Key.Key_Up)
    with qtbot.waitSignal(picker.service_chosen) as chosen:
        qtbot.keyClick(picker.search_box, Qt.Key.Key_Return)
    assert chosen.args[0].title_zh == found[1]


def test_down_stops_at_the_last_row(qtbot, picker: ServicePicker) -> None:
    qtbot.keyClicks(picker.search_box, "shehuibaozhangka")
    assert picker.model.rowCount() == 2
    for _ in range(5):
        qtbot.keyClick(picker.search_box, Qt.Key.Key_Down)
    assert picker.list_view.currentIndex().row() == 1


def test_chinese_text_filters(qtbot, picker: ServicePicker) -> None:
    for ch in "结婚":
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, picker.search_box, Qt.Key.Key_unknown, ch, Qt.NoModifier
        )
    assert picker.search_box.text() == "结婚"
    assert titles(picker) == ["结婚登记"]


def test_no_match_then_enter_emits_nothing(qtbot, picker: ServicePicker) -> None:
    qtbot.keyClicks(picker.search_box, "qqqzzz")
    assert picker.model.rowCount() == 0
    assert picker.status.text()
    with qtbot.assertNotEmitted(picker.service_chosen):
        qtbot.keyClick(picker.search_box, Qt.Key.Key_Return)


def test_escape_clears_the_query(qtbot, picker: ServicePicker, forms) -> None:
    qtbot.keyClicks(picker.search_box, "jhdj")
    qtbot.keyClick(picker.search_box, Qt.Key.Key_Escape)
    assert picker.search_box.text() == ""
    assert picker.model.rowCount() == len(forms)


def test_recent_services_come_first(qtbot, forms) -> None:
    usage = ServiceUsage()
    usage.record("hukou-transfer", NOW - timedelta(days=2))
    usage.record("marriage-registration", NOW - timedelta(minutes=3))
    picker = ServicePicker(forms, usage=usage, clock=lambda: NOW)
    qtbot.addWidget(picker)
    assert titles(picker)[:2] == ["结婚登记", "户口迁移"]
    usage.record("hukou-transfer", NOW)
    usage.record("hukou-transfer", NOW)
    picker.set_usage(usage)
    assert titles(picker)[:2] == ["户口迁移", "结婚登记"]


def test_activation_chooses(qtbot, picker: ServicePicker) -> None:
    qtbot.keyClicks(picker.search_box, "jiehun")
    index = picker.model.index(0, 0)
    with qtbot.waitSignal(picker.service_chosen) as chosen:
        picker.list_view.activated.emit(index)
    assert chosen.args[0].id == "marriage-registration"


def test_shortcuts_are_in_the_tooltip(picker: ServicePicker) -> None:
    tip = picker.search_box.toolTip()
    assert "Enter" in tip and "Up/Down" in tip

"""The consent panel: full scope in Chinese, method choice, witness for verbal consent."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from counterapp.catalog import Catalog, load_catalog
from counterapp.consent import ConsentMethod, scope_of
from counterapp.forms import load_forms
from counterapp.ui.consent_panel import ConsentPanel, consent_statement_zh


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def marriage_scope(catalog: Catalog):
    form = load_forms(catalog)["marriage-registration"]
    scope = scope_of(catalog, {f.item for f in form.fields if f.item})
    departments = [(d, catalog.department(d).name_zh) for d in sorted(scope.departments)]
    categories = [(c, catalog.category_label_zh(c)) for c in sorted(scope.categories)]
    return form.title_zh, departments, categories


@pytest.fixture
def panel(qtbot, marriage_scope) -> ConsentPanel:
    title, departments, categories = marriage_scope
    widget = ConsentPanel(title, departments, categories, clerk_username="clerk1")
    qtbot.addWidget(widget)
    widget.resize(520, 560)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def method_button(panel: ConsentPanel, method: ConsentMethod):
    return next(b for b in panel.methods.buttons() if b.property("consentMethod") == method)


def test_statement_names_purpose_every_department_and_category(panel, marriage_scope) -> None:
    title, departments, categories = marriage_scope
    assert len(departments) >= 2 and len(categories) >= 2
    text = panel.statement.text()
    assert f"为办理<b>【{title}】</b>" in text
    for _, name in [*departments, *categories]:
        assert name in text
    assert "本人有权拒绝" in text
    assert panel.department_ids == {d for d, _ in departments}
    assert panel.category_ids == {c for c, _ in categories}


def test_statement_escapes_data() -> None:
    text = consent_statement_zh("<x>", [("a", "A&B")], [])
    assert "&lt;x&gt;" in text and "A&amp;B" in text and "（无）" in text


def test_methods_are_labelled_in_chinese(panel) -> None:
    labels = [b.text() for b in panel.methods.buttons()]
    for method in ConsentMethod:
        if method.clerk_may_choose:
            assert any(method.label_zh in label for label in labels)
    assert [label[:2] for label in labels] == ["&1", "&2", "&3", "&4"]


def test_the_clerk_cannot_claim_the_applicant_confirmed_on_their_screen(panel) -> None:
    chosen = {b.property("consentMethod") for b in panel.methods.buttons()}
    assert ConsentMethod.APPLICANT_SCREEN.value not in chosen
    assert not ConsentMethod.APPLICANT_SCREEN.clerk_may_choose


def test_witness_appears_only_for_verbal_consent(qtbot, panel: ConsentPanel) -> None:
    assert not panel.witness.isVisible()
    method_button(panel, ConsentMethod.VERBAL_WITNESSED).setChecked(True)
    assert panel.witness.isVisible()
    method_button(panel, ConsentMethod.SIGNED_PAPER).setChecked(True)
    assert not panel.witness.isVisible()


def test_verbal_consent_requires_a_witness(qtbot, panel: ConsentPanel) -> None:
    method_button(panel, ConsentMethod.VERBAL_WITNESSED).setChecked(True)
    with qtbot.assertNotEmitted(panel.consent_given):
        qtbot.mouseClick(panel.confirm_button, Qt.MouseButton.LeftButton)
    assert panel.problem.text()
    qtbot.waitUntil(panel.witness.hasFocus)
    qtbot.keyClicks(panel.witness, "clerk1")  # the clerk cannot witness themself
    with qtbot.assertNotEmitted(panel.consent_given):
        panel.confirm()
    panel.witness.clear()
    qtbot.keyClicks(panel.witness, "clerk2")
    with qtbot.waitSignal(panel.consent_given) as given:
        qtbot.keyClick(panel.witness, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert given.args == [ConsentMethod.VERBAL_WITNESSED, "clerk2"]


def test_a_method_must_be_chosen(qtbot, panel: ConsentPanel) -> None:
    with qtbot.assertNotEmitted(panel.consent_given):
        assert not panel.confirm()
    assert panel.problem.text()


def test_keyboard_only_signed_paper(qtbot, panel: ConsentPanel) -> None:
    panel.methods.buttons()[0].setFocus()
    qtbot.waitUntil(panel.methods.buttons()[0].hasFocus)
    qtbot.keyClick(panel.methods.buttons()[0], Qt.Key.Key_Space)
    assert panel.selected_method() is ConsentMethod.SIGNED_PAPER
    with qtbot.waitSignal(panel.consent_given) as given:
        qtbot.keyClick(panel.methods.buttons()[0], Qt.Key.Key_Enter, Qt.ControlModifier)
    assert given.args == [ConsentMethod.SIGNED_PAPER, ""]


def test_new_scope_forgets_the_previous_answer(qtbot, panel: ConsentPanel) -> None:
    method_button(panel, ConsentMethod.VERBAL_WITNESSED).setChecked(True)
    panel.witness.setText("clerk2")
    panel.set_scope("户口迁移", [("hukou", "公安机关（户籍）")], [("household", "户籍信息")])
    assert panel.selected_method() is None
    assert panel.witness.text() == ""
    assert "户口迁移" in panel.statement.text()
    assert "民政" not in panel.statement.text()

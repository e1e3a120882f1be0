"""The pre-filled form page against a real form pre-filled from the simulator.

Values are masked until revealed with a reason (an audited REVEAL event naming the item,
never the value), re-masked on case change; a conflict pick, a typed value and the
materials checklist show on the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QListWidget

from counterapp.catalog import Catalog, load_catalog
from counterapp.exchange.connector_loader import load_connectors
from counterapp.exchange.credentials import CredentialStore
from counterapp.exchange.lookup import DepartmentExchange
from counterapp.forms import load_forms
from counterapp.forms.materials import MaterialHandover
from counterapp.forms.prefill import FieldState, PrefilledForm, prefill
from counterapp.sim.connectors import write_connectors
from counterapp.sim.model import Person, Population
from counterapp.sim.population import generate_population
from counterapp.sim.server import start_simulator
from counterapp.store.audit_log import snapshot, stream_records
from counterapp.ui.form_page import FormPage
from counterapp.ui.workers import TaskRunner
from helpers.accounts import Accounts, make_accounts
from helpers.screenshots import save_screenshot

SERVICE = "housing-fund-withdrawal"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def population() -> Population:
    return generate_population(seed=7, people=2000)


@pytest.fixture(scope="module")
def applicant(population: Population) -> Person:
    """Someone whose departments disagree on the mobile number, with a fund and a home."""
    return next(
        p
        for p in population.people.values()
        if not p.deceased
        and p.stale_mobile is not None
        and p.id_number in population.housing_fund
        and p.id_number in population.properties
    )


@pytest.fixture(scope="module")
def filled(
    catalog: Catalog,
    population: Population,
    applicant: Person,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[PrefilledForm]:
    form = load_forms(catalog)[SERVICE]
    state = tmp_path_factory.mktemp("page-sim")
    with start_simulator(population, state_dir=state, realestate_latency_ms=0) as sim:
        directory = tmp_path_factory.mktemp("page-connectors")
        write_connectors(sim, directory)
        connectors = load_connectors(directory, known_items=frozenset(i.code for i in catalog))
        backend = PlaintextKeyring()
        backend.file_path = str(tmp_path_factory.mktemp("page-keyring") / "keyring.cfg")
        for entry in sim.credentials.entries():
            backend.set_password(f"counterapp/{entry.department}", entry.username, entry.secret)
        credentials = CredentialStore(connectors, backend=backend)
        with DepartmentExchange(connectors, catalog, credentials) as exchange:
            result = exchange.lookup(applicant.id_number, form.items_for_applicant(1))
        assert result.complete
        yield prefill(form, {1: result.values})


@pytest.fixture
def accounts(tmp_path: Path) -> Accounts:
    return make_accounts(tmp_path)


@pytest.fixture
def page(qtbot, catalog: Catalog, filled: PrefilledForm, accounts: Accounts) -> FormPage:
    runner = TaskRunner(synchronous=True)
    widget = FormPage(catalog, runner, engine=accounts.engine, actor=accounts.clerk)
    widget._test_runner = runner  # keep the runner alive with the page
    qtbot.addWidget(widget)
    widget.set_form(filled, case_number="C-TEST-1")
    widget.resize(1100, 800)
    return widget


def visible_text(page: FormPage) -> str:
    """Every text the page shows: table cells, labels, lists and choices."""
    model = page.model
    parts = [
        str(model.data(model.index(row, column)) or "")
        for row in range(model.rowCount())
        for column in range(model.columnCount())
    ]
    parts += [label.text() for label in page.findChildren(QLabel)]
    for widget in page.findChildren(QListWidget):
        parts += [widget.item(i).text() for i in range(widget.count())]
    for box in page.findChildren(QComboBox):
        parts += [box.itemText(i) for i in range(box.count())]
    return "\n".join(parts)


def name_field(page: FormPage) -> tuple[str, int]:
    entry = next(e for e in page.prefilled.fields if e.field.item == "person.name")
    return entry.field.key


def reveal_events(accounts: Accounts) -> list:
    with snapshot(accounts.engine) as connection:
        return [r for r in stream_records(connection) if r.kind == "reveal"]


def test_sensitive_values_are_masked_by_default(page: FormPage, applicant: Person) -> None:
    text = visible_text(page)
    assert applicant.name not in text
    assert applicant.id_number not in text and applicant.mobile not in text
    row = [e.field.key for e in page.prefilled.fields].index(name_field(page))
    assert page.model.data(page.model.index(row, 1))  # something (masked) is shown
    save_screenshot(page, "form-page-masked")


def test_reveal_without_a_reason_is_refused(page: FormPage, applicant: Person, accounts) -> None:
    page.select_field(*name_field(page))
    assert page.reveal_button.isEnabled()
    page.reason_edit.setText("   ")
    page.reveal_button.click()
    assert applicant.name not in visible_text(page)
    assert page.reveal_message.text()  # says a reason is needed
    assert reveal_events(accounts) == []


def test_reveal_with_a_reason_shows_the_value_and_is_audited(
    page: FormPage, applicant: Person, accounts: Accounts
) -> None:
    page.select_field(*name_field(page))
    page.reason_edit.setText("申请人核对姓名")  # set directly: no non-ASCII key clicks
    page.reveal_button.click()
    assert applicant.name in visible_text(page)
    assert applicant.id_number not in visible_text(page)  # only the revealed field
    (event,) = reveal_events(accounts)
    assert event.items == ("person.name",)
    assert event.actor == accounts.clerk.username and event.case_number == "C-TEST-1"
    assert "申请人核对姓名" in event.detail
    assert applicant.name not in event.detail

    page.remask()
    assert applicant.name not in visible_text(page)


def test_a_new_case_masks_everything_again(
    page: FormPage, applicant: Person, filled: PrefilledForm
) -> None:
    page.select_field(*name_field(page))
    page.reason_edit.setText("check")
    page.reveal_button.click()
    assert applicant.name in visible_text(page)
    page.set_form(filled, case_number="C-TEST-2")
    assert applicant.name not in visible_text(page)


def test_a_conflict_is_marked_and_the_clerk_picks_a_department(
    page: FormPage, applicant: Person, qtbot
) -> None:
    entry = page.prefilled.field("mobile")
    assert entry.conflict and entry.department == "hrss"
    row = [e.field.key for e in page.prefilled.fields].index(("mobile", 1))
    assert "⚠" in page.model.data(page.model.index(row, 2))
    page.select_field("mobile")
    assert page.pick_button.isVisibleTo(page) and page.offer_box.count() == len(entry.offers)
    page.offer_box.setCurrentIndex(page.offer_box.findData("fund"))
    with qtbot.waitSignal(page.changed) as changed:
        page.pick_button.click()
    picked = changed.args[0].field("mobile")
    assert picked.value == applicant.stale_mobile and picked.department == "fund"
    assert page.prefilled.field("mobile").department == "fund"
    fund_name = page.model.department_name("fund")
    assert fund_name in page.model.data(page.model.index(row, 2))


def test_a_typed_value_shows_in_the_table(page: FormPage, qtbot) -> None:
    typed = next(e for e in page.prefilled.fields if e.field.item is None)
    text = typed.field.choices[0] if typed.field.choices else "abc"
    row = [e.field.key for e in page.prefilled.fields].index(typed.field.key)
    index = page.model.index(row, 1)
    assert page.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    with qtbot.waitSignal(page.changed):
        assert page.model.setData(index, text)
    assert page.model.data(index) == text
    assert page.prefilled.field(*typed.field.key).state is FieldState.TYPED
    assert page.model.data(page.model.index(row, 2)) == page.model.tr("Typed in")


def test_an_invalid_typed_value_gets_an_inline_message(page: FormPage) -> None:
    typed = next(
        (e for e in page.prefilled.fields if e.field.item is None and e.field.choices), None
    )
    if typed is None:
        pytest.skip("this form has no typed field with choices")
    page.type_value(typed.field.id, "not-a-choice")
    assert page.problems_label.text()
    page.type_value(typed.field.id, typed.field.choices[0])
    assert page.problems_label.text() == ""


def test_materials_show_exempt_with_the_department(page: FormPage, qtbot) -> None:
    items = [page.materials_list.item(i) for i in range(page.materials_list.count())]
    exempt = [d for d in page.decisions if d.status is MaterialHandover.EXEMPT]
    assert exempt, "the applicant's data exempts at least one material"
    first = exempt[0]
    text = items[page.decisions.index(first)].text()
    assert first.name_zh in text
    assert page.model.department_name(first.verified_by[0]) in text

    to_collect = [d for d in page.decisions if d.status is MaterialHandover.TO_COLLECT]
    if to_collect:
        position = page.decisions.index(to_collect[0])
        items[position].setCheckState(Qt.CheckState.Checked)
        assert page.decisions[position].status is MaterialHandover.RECEIVED
        assert items[position].checkState() == Qt.CheckState.Checked
        items[position].setCheckState(Qt.CheckState.Unchecked)  # received stays received
        assert items[position].checkState() == Qt.CheckState.Checked
    with qtbot.waitSignal(page.notification_requested) as asked:
        page.notify_button.click()
    assert asked.args[0] == page.decisions


def test_eligibility_is_explained(page: FormPage) -> None:
    texts = [page.eligibility_list.item(i).text() for i in range(page.eligibility_list.count())]
    assert len(texts) == len(page.eligibility)
    assert all(r.explanation_zh in t for r, t in zip(page.eligibility, texts, strict=True))

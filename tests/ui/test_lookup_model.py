"""The lookup table and the form table show refused values and stand-ins (issue 10, 3 and 4).

Outcomes come from a real lookup against the simulator over loopback: the household
register's connector maps the sex code to ``M``/``F`` (refused), and social security is
made to fail so another department stands in for the phone number.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date

import pytest
from keyrings.alt.file import PlaintextKeyring
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counterapp.catalog import Catalog, load_catalog
from counterapp.errors import Language
from counterapp.exchange.connector_loader import load_connectors
from counterapp.exchange.credentials import CredentialStore
from counterapp.exchange.lookup import DepartmentExchange, DepartmentOutcome, LookupResult
from counterapp.forms import load_forms
from counterapp.forms.prefill import prefill
from counterapp.sim.connectors import render_connector, write_connectors
from counterapp.sim.faults import Fault, FaultKind
from counterapp.sim.model import Population
from counterapp.sim.population import generate_population
from counterapp.sim.server import Simulator, start_simulator
from counterapp.ui.form_model import SOURCE, FieldTableModel
from counterapp.ui.lookup_model import LookupTableModel, RowState, result_from_outcomes
from helpers.languages import interface_language

ITEMS = ("person.name", "person.gender", "person.mobile", "household.head_name")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Population, Simulator]]:
    population = generate_population(seed=5, people=80)
    state = tmp_path_factory.mktemp("lookup-model-sim")
    with start_simulator(population, state_dir=state, realestate_latency_ms=0) as sim:
        yield population, sim


@pytest.fixture(scope="module")
def looked_up(
    world: tuple[Population, Simulator],
    catalog: Catalog,
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[str, LookupResult, list[DepartmentOutcome], LookupResult, list[DepartmentOutcome]]:
    """Two lookups, hukou's sex codes mapped to M/F and social security answering 503:
    the items of ``ITEMS`` (hukou's answer brings its copy of the phone number), and the
    phone number alone (hukou is asked as the stand-in)."""
    population, sim = world
    directory = tmp_path_factory.mktemp("lookup-model-connectors")
    write_connectors(sim, directory)
    hukou = load_connectors(directory)["hukou"]
    requests = tuple(
        dataclasses.replace(
            spec,
            fields=tuple(
                dataclasses.replace(f, value_map=(("1", "M"), ("2", "F")))
                if f.item == "person.gender"
                else f
                for f in spec.fields
            ),
        )
        for spec in hukou.requests
    )
    (directory / "hukou.toml").write_text(
        render_connector(dataclasses.replace(hukou, requests=requests)), "utf-8"
    )
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path_factory.mktemp("lookup-model-keyring") / "keyring.cfg")
    for entry in sim.credentials.entries():
        backend.set_password(f"counterapp/{entry.department}", entry.username, entry.secret)
    connectors = load_connectors(directory, known_items=frozenset(i.code for i in catalog))
    person = next(
        p
        for p in population.people.values()
        if not p.deceased
        and p.birth_date < date(2000, 1, 1)
        and p.id_number in population.social
        and p.stale_mobile is None
    )
    seen: list[DepartmentOutcome] = []
    stand_in: list[DepartmentOutcome] = []
    sim.faults.set("hrss", Fault(FaultKind.HTTP_500, arg=503))
    try:
        with DepartmentExchange(
            connectors, catalog, CredentialStore(connectors, backend=backend)
        ) as exchange:
            result = exchange.lookup(person.id_number, ITEMS, on_outcome=seen.append)
            alone = exchange.lookup(person.id_number, ["person.mobile"], on_outcome=stand_in.append)
    finally:
        sim.faults.clear()
    return person.id_number, result, seen, alone, stand_in


def _model(
    qapp: QApplication,
    outcomes: list[DepartmentOutcome],
    plan,
    language: Language = Language.EN,
) -> LookupTableModel:
    model = LookupTableModel(language=language)
    model.reset((d, d, d) for d in plan.departments)
    for outcome in outcomes:
        model.set_outcome(outcome)
    return model


def test_refused_values_show_as_a_data_problem_of_the_department(
    qapp: QApplication, looked_up
) -> None:
    _, result, seen, _, _ = looked_up
    assert set(result.plan.departments) == {"hukou", "hrss"}  # hukou: name, gender, head
    model = _model(qapp, seen, result.plan)

    assert [r.department for r in model.rows] == list(result.plan.departments)
    hukou = model.rows[model.row_of("hukou")]
    assert hukou.state is RowState.ANSWERED
    assert hukou.data_problem and hukou.refused[0].item == "person.gender"
    notes = model.index(model.row_of("hukou"), 3).data()
    assert "Data problem, not used" in notes
    assert f"'{hukou.refused[0].raw}'" in notes and "GB/T 2261.1" in notes
    assert model.index(model.row_of("hukou"), 3).data(Qt.ItemDataRole.ToolTipRole) == notes
    assert model.state("hrss") is RowState.UNAVAILABLE


def test_a_department_standing_in_is_added_as_a_marked_row(qapp: QApplication, looked_up) -> None:
    _, _, _, alone, stand_in = looked_up
    assert alone.plan.departments == ("hrss",)
    assert [o.department for o in stand_in] == ["hrss", "hukou"]
    model = _model(qapp, stand_in, alone.plan)
    assert [r.department for r in model.rows] == ["hrss", "hukou"]
    row = model.rows[model.row_of("hukou")]
    assert row.stand_in and row.state is RowState.ANSWERED
    assert row.stands_in_for == {"person.mobile"}
    notes = model.index(model.row_of("hukou"), 3).data()
    assert "Not authoritative: stands in for a department that did not answer" in notes
    assert "Data problem" in notes  # the sex code came in the same answer, and was refused


def test_the_clerk_reads_both_in_chinese(qapp: QApplication, looked_up) -> None:
    _, _, _, alone, stand_in = looked_up
    with interface_language(qapp, "zh_CN"):
        model = _model(qapp, stand_in, alone.plan, Language.ZH_CN)
        notes = model.index(model.row_of("hukou"), 3).data()
    assert "非权威来源：代未答复的权威部门提供" in notes
    assert "数据问题（未采用）：性别“" in notes and "GB/T 2261.1 中的代码" in notes


def test_the_result_keeps_the_stand_in_and_marks_its_value(
    qapp: QApplication, looked_up, catalog: Catalog
) -> None:
    id_number, result, seen, _, _ = looked_up
    assert "person.gender" not in result.values.values
    assert result.values.not_authoritative == {"person.mobile"}
    assert result.values.values["person.mobile"].provenance.department == "hukou"
    again = result_from_outcomes(
        id_number,
        result.plan,
        {o.department: o for o in seen},
        [o.department for o in seen],
        catalog,
        started_at=result.started_at,
        wall_ms=result.wall_ms,
    )
    assert again.values.not_authoritative == {"person.mobile"}
    assert again.values.values.keys() == result.values.values.keys()


def test_the_form_shows_the_value_not_authoritative(
    qapp: QApplication, looked_up, catalog: Catalog
) -> None:
    _, result, _, _, _ = looked_up
    form = load_forms(catalog)["housing-fund-withdrawal"]
    filled = prefill(form, {1: result.values})
    model = FieldTableModel(catalog, language=Language.EN)
    model.set_prefilled(filled)
    rows = {e.field.item: n for n, e in enumerate(filled.fields)}
    mobile = model.index(rows["person.mobile"], SOURCE)
    assert "Not authoritative" in mobile.data()
    tip = mobile.data(Qt.ItemDataRole.ToolTipRole)
    assert "Keep it to accept it" in tip and catalog.department("hrss").name_en in tip
    name = model.index(rows["person.name"], SOURCE)
    assert "Not authoritative" not in name.data()
    assert name.data(Qt.ItemDataRole.ToolTipRole) is None
    with interface_language(qapp, "zh_CN"):
        chinese = FieldTableModel(catalog, language=Language.ZH_CN)
        chinese.set_prefilled(filled)
        cell = chinese.index(rows["person.mobile"], SOURCE)
        assert "非权威来源" in cell.data()
        assert "保留即视为采用" in cell.data(Qt.ItemDataRole.ToolTipRole)


def test_no_problem_no_note(qapp: QApplication) -> None:
    model = LookupTableModel()
    model.reset([("civil", "民政", "Civil")])
    assert model.index(0, 3).data() == ""

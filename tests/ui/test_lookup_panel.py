"""The live lookup panel against the simulated departments over loopback."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counterapp.catalog import Catalog, load_catalog
from counterapp.errors import CounterError, Language
from counterapp.exchange.connector_loader import load_connectors
from counterapp.exchange.credentials import CredentialStore
from counterapp.exchange.lookup import DepartmentExchange, LookupResult
from counterapp.sim.connectors import write_connectors
from counterapp.sim.faults import Fault, FaultKind
from counterapp.sim.model import Population
from counterapp.sim.population import generate_population
from counterapp.sim.server import Simulator, start_simulator
from counterapp.ui.lookup_model import LookupTableModel, RowState
from counterapp.ui.lookup_panel import LookupPanel
from counterapp.ui.workers import TaskRunner
from helpers.guarded import GuardedLookup
from helpers.languages import interface_language
from helpers.screenshots import save_screenshot

NAME_AND_MARRIAGE = ("person.name", "marriage.status")

ExchangeFactory = Callable[..., DepartmentExchange]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Population, Simulator]]:
    population = generate_population(seed=11, people=120)
    state = tmp_path_factory.mktemp("panel-sim")
    with start_simulator(population, state_dir=state, realestate_latency_ms=0) as sim:
        yield population, sim


@pytest.fixture(autouse=True)
def no_faults(world: tuple[Population, Simulator]) -> Iterator[None]:
    world[1].faults.clear()
    yield
    world[1].faults.clear()


@pytest.fixture
def make_exchange(world: tuple[Population, Simulator], tmp_path: Path) -> Iterator[ExchangeFactory]:
    """Exchanges over the simulator; ``quick={dept: seconds}`` shortens a read timeout."""
    catalog: Catalog = load_catalog()
    write_connectors(world[1], tmp_path / "connectors")
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")
    for entry in world[1].credentials.entries():
        backend.set_password(f"counterapp/{entry.department}", entry.username, entry.secret)
    made: list[DepartmentExchange] = []

    def make(quick: dict[str, float] | None = None) -> DepartmentExchange:
        connectors = dict(
            load_connectors(tmp_path / "connectors", known_items=frozenset(i.code for i in catalog))
        )
        for dept, seconds in (quick or {}).items():
            http = dataclasses.replace(
                connectors[dept].http, read_timeout_s=seconds, connect_timeout_s=1.0
            )
            connectors[dept] = dataclasses.replace(connectors[dept], http=http)
        exchange = DepartmentExchange(connectors, catalog, CredentialStore(connectors, backend))
        made.append(exchange)
        return exchange

    yield make
    for exchange in made:
        exchange.close()


@pytest.fixture
def panel(qtbot: QtBot) -> LookupPanel:
    widget = LookupPanel(TaskRunner())
    widget.resize(760, 260)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def adult(population: Population) -> str:
    return next(
        p.id_number
        for p in population.people.values()
        if not p.deceased and p.birth_date < date(2000, 1, 1)
    )


def test_rows_wait_then_update_as_each_department_answers(
    panel: LookupPanel, make_exchange: ExchangeFactory, world, qtbot: QtBot, guarded: GuardedLookup
) -> None:
    population, sim = world
    sim.faults.set("hukou", Fault(FaultKind.LATENCY, arg=600))
    updated: list[str] = []
    panel.department_updated.connect(lambda outcome: updated.append(outcome.department))

    exchange = make_exchange()
    panel.start(exchange, adult(population), NAME_AND_MARRIAGE, lookup_fn=guarded(exchange))

    model = panel.model
    assert {r.department for r in model.rows} == {"hukou", "civil"}
    assert all(r.state is RowState.WAITING for r in model.rows)
    assert panel.running
    qtbot.waitUntil(lambda: model.state("civil") is RowState.ANSWERED, timeout=3000)
    assert model.state("hukou") is RowState.WAITING, "the slow department had answered already"
    assert panel.status_text.startswith("1 of 2 departments answered")

    qtbot.waitUntil(lambda: model.state("hukou") is RowState.ANSWERED, timeout=3000)
    assert updated == ["civil", "hukou"]
    latency = model.index(model.row_of("hukou"), 2).data()
    assert latency.endswith("ms") and float(latency.split()[0]) >= 600
    assert model.index(model.row_of("hukou"), 0).data() == exchange.connectors["hukou"].name_zh
    assert panel.status_text == "2 of 2 departments answered"
    qtbot.waitUntil(lambda: not panel.running, timeout=1000)


def test_a_timeout_shows_then_retry_answers_and_carry_on_merges(
    panel: LookupPanel, make_exchange: ExchangeFactory, world, qtbot: QtBot, guarded: GuardedLookup
) -> None:
    population, sim = world
    person_id = adult(population)
    sim.faults.set("civil", Fault(FaultKind.TIMEOUT))
    exchange = make_exchange(quick={"civil": 1.0})

    with qtbot.waitSignal(panel.settled, timeout=5000) as settled:
        panel.start(exchange, person_id, NAME_AND_MARRIAGE, lookup_fn=guarded(exchange))
    first: LookupResult = settled.args[0]
    model = panel.model
    assert model.state("civil") is RowState.TIMEOUT
    assert model.state("hukou") is RowState.ANSWERED
    assert "marriage.status" in first.values.missing
    assert panel.status_text == "1 of 2 departments answered; 1 without an answer"
    assert panel.retry_action.isEnabled() and panel.retry_button.isEnabled()
    assert "Ctrl+R" in panel.retry_button.toolTip()

    sim.faults.clear()
    asked_before = dict(sim.stats.snapshot())
    panel.table.setFocus()
    panel.activateWindow()
    with qtbot.waitSignal(panel.department_updated, timeout=5000) as updated:
        qtbot.keyClick(panel.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
        assert model.state("civil") is RowState.WAITING
    assert updated.args[0].department == "civil"
    assert model.state("civil") is RowState.ANSWERED
    asked_after = sim.stats.snapshot()
    assert asked_after.get("hukou", 0) == asked_before.get("hukou", 0), "retry re-asked hukou"
    assert asked_after["civil"] > asked_before.get("civil", 0)
    assert not panel.retry_action.isEnabled()

    with qtbot.waitSignal(panel.finished, timeout=1000) as finished:
        panel.carry_on_button.click()
    result: LookupResult = finished.args[0]
    assert set(result.outcomes) == {"hukou", "civil"}
    assert result.complete
    assert {"person.name", "marriage.status"} <= set(result.values.values)
    assert result.values.values["marriage.status"].provenance.department == "civil"
    assert not result.values.missing


def test_carry_on_before_a_slow_department_hands_on_what_arrived(
    make_exchange: ExchangeFactory, world, qtbot: QtBot, guarded: GuardedLookup
) -> None:
    population, sim = world
    runner = TaskRunner()
    panel = LookupPanel(runner)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    sim.faults.set("civil", Fault(FaultKind.LATENCY, arg=800))
    exchange = make_exchange()
    panel.start(exchange, adult(population), NAME_AND_MARRIAGE, lookup_fn=guarded(exchange))
    qtbot.waitUntil(lambda: panel.model.state("hukou") is RowState.ANSWERED, timeout=3000)
    late: list[object] = []
    panel.department_updated.connect(late.append)

    with qtbot.waitSignal(panel.finished, timeout=1000) as finished:
        qtbot.keyClick(panel.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    result: LookupResult = finished.args[0]
    assert set(result.outcomes) == {"hukou"}
    assert "person.name" in result.values.values
    assert "marriage.status" in result.values.missing
    assert not panel.running
    qtbot.waitUntil(lambda: runner.running == 0, timeout=3000)  # the slow one answered
    QApplication.processEvents()  # deliver anything the worker posted
    assert late == [], "a result arrived after the clerk carried on"


@pytest.mark.parametrize(
    ("language", "shown"),
    [(Language.ZH_CN, "未记录申请人同意"), (Language.EN, "no consent recorded")],
)
def test_a_lookup_function_that_raises_fails_the_rows(
    make_exchange: ExchangeFactory,
    world,
    qtbot: QtBot,
    language: Language,
    shown: str,
) -> None:
    class ConsentMissing(CounterError):
        pass

    def refuse(id_number: str, items: object, **kwargs: object) -> LookupResult:
        raise ConsentMissing("no consent recorded", "未记录申请人同意")

    panel = LookupPanel(language=language)  # with a runner of its own
    qtbot.addWidget(panel)

    with qtbot.waitSignal(panel.failed, timeout=2000) as failed:
        panel.start(make_exchange(), adult(world[0]), NAME_AND_MARRIAGE, lookup_fn=refuse)
    assert isinstance(failed.args[0], ConsentMissing)
    assert {r.state for r in panel.model.rows} == {RowState.FAILED}
    assert panel.model.rows[0].message == shown


def test_lookup_fn_receives_the_departments_to_retry(
    make_exchange: ExchangeFactory, world, qtbot: QtBot, guarded: GuardedLookup
) -> None:
    population, sim = world
    calls: list[object] = []
    exchange = make_exchange()
    lookup = guarded(exchange)

    def spy(id_number: str, items: object, *, on_outcome, departments) -> LookupResult:
        calls.append(None if departments is None else tuple(departments))
        return lookup(id_number, items, on_outcome=on_outcome, departments=departments)

    panel = LookupPanel(TaskRunner(synchronous=True))
    qtbot.addWidget(panel)
    sim.faults.set("hukou", Fault(FaultKind.HTTP_500, arg=500, count=1))
    panel.start(exchange, adult(population), NAME_AND_MARRIAGE, lookup_fn=spy)
    assert panel.model.state("hukou") is RowState.UNAVAILABLE  # synchronous: done already
    panel.retry("civil")  # answered: nothing to retry
    panel.retry_selected()
    assert calls == [None, ("hukou",)]
    assert panel.model.state("hukou") is RowState.ANSWERED
    assert panel.result() is not None and panel.result().complete


def test_only_the_given_departments_are_shown_and_asked(
    panel: LookupPanel, make_exchange: ExchangeFactory, world, qtbot: QtBot, guarded: GuardedLookup
) -> None:
    with qtbot.waitSignal(panel.settled, timeout=3000) as settled:
        exchange = make_exchange()
        only = guarded(exchange)
        panel.start(exchange, adult(world[0]), NAME_AND_MARRIAGE, ["civil"], lookup_fn=only)
    assert [r.department for r in panel.model.rows] == ["civil"]
    assert set(settled.args[0].outcomes) == {"civil"}
    index = panel.model.index(0, 1)
    assert index.data(LookupTableModel.StateRole) is RowState.ANSWERED
    assert index.data() == "Answered"


def test_screenshots_in_chinese(
    make_exchange: ExchangeFactory, world, qtbot: QtBot, qapp: QApplication, guarded: GuardedLookup
) -> None:
    """docs/screenshots/lookup-panel*.png: four departments, one slow, one timing out."""
    population, sim = world
    items = ("person.name", "marriage.status", "social.insured_status", "housing_fund.balance")
    sim.faults.set("hrss", Fault(FaultKind.LATENCY, arg=1200))
    sim.faults.set("civil", Fault(FaultKind.TIMEOUT))
    exchange = make_exchange(quick={"civil": 1.0})
    with interface_language(qapp, "zh_CN"):
        panel = LookupPanel(TaskRunner())
        qtbot.addWidget(panel)
        panel.resize(760, 240)
        panel.show()
        qtbot.waitExposed(panel)
        with qtbot.waitSignal(panel.settled, timeout=5000):
            panel.start(exchange, adult(population), items, lookup_fn=guarded(exchange))
            model = panel.model
            qtbot.waitUntil(lambda: model.count(RowState.WAITING) == 2, timeout=3000)
            save_screenshot(panel, "lookup-panel-running")
            qtbot.waitUntil(lambda: model.count(RowState.WAITING) == 1, timeout=3000)
            assert model.state("hrss") is RowState.WAITING
        assert model.index(model.row_of("civil"), 1).data() == "超时"
        assert panel.status_text.startswith("4 个部门中已有 3 个答复")
        panel.table.selectRow(model.row_of("civil"))
        save_screenshot(panel, "lookup-panel")
        sim.faults.clear()
        with qtbot.waitSignal(panel.settled, timeout=5000):
            panel.retry_button.click()
        assert model.count(RowState.WAITING, RowState.TIMEOUT) == 0
        save_screenshot(panel, "lookup-panel-retried")


def test_clear_forgets_the_applicant(
    make_exchange: ExchangeFactory, world, qtbot: QtBot, guarded: GuardedLookup
) -> None:
    panel = LookupPanel(TaskRunner(synchronous=True))
    qtbot.addWidget(panel)
    person_id = adult(world[0])
    exchange = make_exchange()
    panel.start(exchange, person_id, NAME_AND_MARRIAGE, lookup_fn=guarded(exchange))
    assert panel.result() is not None and panel.result().id_number == person_id
    panel.clear()
    assert panel.model.rowCount() == 0
    assert panel.result() is None
    assert person_id not in repr(vars(panel))
    assert not panel.carry_on_action.isEnabled() and not panel.retry_action.isEnabled()

"""Connector status against the simulated departments over real HTTP, one made to fail."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from counterapp.catalog import load_catalog
from counterapp.errors import Language
from counterapp.exchange.connector_loader import load_connectors
from counterapp.exchange.credentials import CredentialStore
from counterapp.exchange.lookup import DepartmentExchange
from counterapp.exchange.status import DepartmentStatus
from counterapp.sim.connectors import write_connectors
from counterapp.sim.faults import Fault, FaultKind
from counterapp.sim.model import Population
from counterapp.sim.population import generate_population
from counterapp.sim.server import Simulator, start_simulator
from counterapp.store.audit_log import stream_records
from counterapp.ui.admin_connectors import ConnectorStatusModel, ConnectorStatusView, ProbeState
from counterapp.ui.workers import TaskRunner
from counterapp.users import Actor, Role
from helpers.guarded import audited_engine
from helpers.languages import interface_language
from helpers.screenshots import save_screenshot

ADMIN = Actor("admin", Role.ADMIN, "管理员")
CLERK = Actor("liming", Role.CLERK, "李明", "07")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Population, Simulator]]:
    population = generate_population(seed=3, people=200)
    with start_simulator(
        population, state_dir=tmp_path_factory.mktemp("sim"), realestate_latency_ms=0
    ) as sim:
        yield population, sim


@pytest.fixture(autouse=True)
def no_faults(world: tuple[Population, Simulator]) -> Iterator[None]:
    world[1].faults.clear()
    yield
    world[1].faults.clear()


@pytest.fixture
def exchange(world: tuple[Population, Simulator], tmp_path: Path) -> Iterator[DepartmentExchange]:
    catalog = load_catalog()
    write_connectors(world[1], tmp_path / "connectors")
    connectors = load_connectors(
        tmp_path / "connectors", known_items=frozenset(i.code for i in catalog)
    )
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")
    for entry in world[1].credentials.entries():
        backend.set_password(f"counterapp/{entry.department}", entry.username, entry.secret)
    with DepartmentExchange(connectors, catalog, CredentialStore(connectors, backend)) as ex:
        yield ex


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    made = audited_engine(tmp_path)
    yield made
    made.dispose()


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown(wait_ms=10_000)


def open_view(
    qtbot: QtBot, exchange: DepartmentExchange, engine: Engine, runner: TaskRunner, actor: Actor
) -> ConnectorStatusView:
    view = ConnectorStatusView(
        exchange, engine, actor, runner, language=Language.ZH_CN, workstation="IT-01"
    )
    view.resize(1180, 330)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_every_configured_department_has_a_row(
    qtbot: QtBot, exchange: DepartmentExchange, engine: Engine, runner: TaskRunner, world
) -> None:
    view = open_view(qtbot, exchange, engine, runner, ADMIN)
    model = view.model
    assert [row.department for row in model.rows] == list(exchange.connectors)
    hukou = model.row("hukou")
    assert hukou.base_url == world[1].url("hukou")
    assert hukou.state is ProbeState.NOT_PROBED
    row = [r.department for r in model.rows].index("hukou")
    assert model.data(model.index(row, ConnectorStatusModel.NAME)) == hukou.name_zh


def test_probe_all_updates_each_row_as_it_answers_and_names_the_failure(
    qtbot: QtBot, exchange: DepartmentExchange, engine: Engine, runner: TaskRunner, world
) -> None:
    sim = world[1]
    sim.faults.set("hrss", Fault(FaultKind.HTTP_500, arg=503))
    sim.faults.set("hukou", Fault(FaultKind.LATENCY, arg=900))
    view = open_view(qtbot, exchange, engine, runner, ADMIN)
    seen_while_hukou_waits: list[str] = []

    def on_probed(probe) -> None:  # type: ignore[no-untyped-def]
        if view.model.row("hukou").state is ProbeState.PROBING:
            seen_while_hukou_waits.append(probe.department)

    view.probed.connect(on_probed)
    before = sim.stats.snapshot()
    with qtbot.waitSignal(view.settled, timeout=30_000):
        view.probe_button.click()
        assert view.model.row("tax").state is ProbeState.PROBING
        assert not view.probe_button.isEnabled()
    after = sim.stats.snapshot()
    assert seen_while_hukou_waits  # rows changed before the slow department answered
    assert "hukou" not in seen_while_hukou_waits
    hrss = view.model.row("hrss")
    assert hrss.state is ProbeState.FAILED and hrss.status is DepartmentStatus.UNAVAILABLE
    answered = [r.department for r in view.model.rows if r.state is ProbeState.ANSWERED]
    assert sorted(answered) == sorted(d for d in exchange.connectors if d != "hrss")
    assert view.model.row("hukou").latency_ms is not None
    assert view.model.row("hukou").latency_ms >= 900  # type: ignore[operator]
    row = [r.department for r in view.model.rows].index("hrss")
    status = view.model.data(view.model.index(row, ConnectorStatusModel.STATUS))
    assert status == DepartmentStatus.UNAVAILABLE.label_zh
    assert "503" in view.model.data(view.model.index(row, ConnectorStatusModel.MESSAGE))
    assert all(after.get(d, 0) > before.get(d, 0) for d in exchange.connectors)
    assert view.probe_button.isEnabled()
    with engine.connect() as connection:
        probes = [r for r in stream_records(connection) if r.kind == "lookup"]
    assert sorted(d for r in probes for d in r.departments) == sorted(exchange.connectors)
    assert {r.actor for r in probes} == {"admin"} and {r.workstation for r in probes} == {"IT-01"}
    assert [r.success for r in probes if r.departments == ("hrss",)] == [False]


def test_a_clerk_is_refused_and_nothing_is_sent(
    qtbot: QtBot, exchange: DepartmentExchange, engine: Engine, runner: TaskRunner, world
) -> None:
    view = open_view(qtbot, exchange, engine, runner, CLERK)
    before = world[1].stats.snapshot()
    view.probe_action.trigger()
    assert "无权以诊断为由查询部门数据" in view.message
    assert not view.running
    assert world[1].stats.snapshot() == before
    assert all(r.state is ProbeState.NOT_PROBED for r in view.model.rows)


def test_screenshot_connector_status(
    qtbot: QtBot,
    qapp: QApplication,
    exchange: DepartmentExchange,
    engine: Engine,
    runner: TaskRunner,
    world,
) -> None:
    world[1].faults.set("fund", Fault(FaultKind.HTTP_500, arg=503))
    with interface_language(qapp, "zh_CN"):
        view = open_view(qtbot, exchange, engine, runner, ADMIN)
        with qtbot.waitSignal(view.settled, timeout=30_000):
            view.probe_all()
        assert "1 个失败" in view.status_text
        save_screenshot(view, "connector-status")

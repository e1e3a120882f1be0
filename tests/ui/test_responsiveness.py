"""The GUI thread never waits on a lookup, and closing mid-lookup ends cleanly.

The one timed assertion the clerk's workspace issue requires: while six departments are
asked (one slow, one timing out), the event loop keeps ticking with no gap of 50 ms or
more. A timer asks for a tick every 5 ms and the gaps between ticks are measured from
the moment the lookup starts until the last department has settled, after a warm-up
lookup that opens the connections and loads what a first lookup loads.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring
from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from counterapp.catalog import load_catalog
from counterapp.exchange.connector_loader import load_connectors
from counterapp.exchange.credentials import CredentialStore
from counterapp.exchange.lookup import DepartmentExchange
from counterapp.sim.connectors import write_connectors
from counterapp.sim.faults import Fault, FaultKind
from counterapp.sim.model import Population
from counterapp.sim.population import generate_population
from counterapp.sim.server import Simulator, start_simulator
from counterapp.ui.lookup_model import RowState
from counterapp.ui.lookup_panel import LookupPanel
from counterapp.ui.workers import TaskRunner
from helpers.guarded import GuardedLookup

MAX_GAP_MS = 50.0
ATTEMPTS = 3
"""Another test process may take the CPU for a moment on a 2-core machine; a GUI thread
that really waits on the network fails every attempt (its gap is the department's 800 ms
or the 1.5 s timeout), so a lookup is measured up to three times and one must pass."""
TICK_MS = 5
SLOW, SILENT = "fund", "realestate"
SIX_DEPARTMENTS = {
    "hukou": "person.name",
    "civil": "marriage.status",
    "hrss": "social.insured_status",
    "fund": "housing_fund.balance",
    "realestate": "realestate.property_count",
    "market": "business.list",
}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Population, Simulator]]:
    population = generate_population(seed=5, people=120)
    state = tmp_path_factory.mktemp("responsive-sim")
    with start_simulator(population, state_dir=state, realestate_latency_ms=0) as sim:
        yield population, sim


@pytest.fixture
def exchange(world: tuple[Population, Simulator], tmp_path: Path) -> Iterator[DepartmentExchange]:
    """All departments; the silent one gives up reading after 1.5 s."""
    world[1].faults.clear()
    catalog = load_catalog()
    write_connectors(world[1], tmp_path / "connectors")
    connectors = dict(
        load_connectors(tmp_path / "connectors", known_items=frozenset(i.code for i in catalog))
    )
    http = dataclasses.replace(connectors[SILENT].http, read_timeout_s=1.5, connect_timeout_s=1.0)
    connectors[SILENT] = dataclasses.replace(connectors[SILENT], http=http)
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")
    for entry in world[1].credentials.entries():
        backend.set_password(f"counterapp/{entry.department}", entry.username, entry.secret)
    with DepartmentExchange(connectors, catalog, CredentialStore(connectors, backend)) as ex:
        yield ex
    world[1].faults.clear()


def adult(population: Population) -> str:
    return next(
        p.id_number
        for p in population.people.values()
        if not p.deceased and p.birth_date < date(2000, 1, 1)
    )


class TickGaps:
    """The longest wait between event-loop ticks, from a fast timer on the GUI thread."""

    def __init__(self) -> None:
        self.max_gap_ms = 0.0
        self.ticks = 0
        self._last = 0.0
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._tick()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.max_gap_ms = max(self.max_gap_ms, (now - self._last) * 1000)
        self._last = now
        self.ticks += 1


def test_the_event_loop_keeps_ticking_during_a_six_department_lookup(
    exchange: DepartmentExchange,
    world: tuple[Population, Simulator],
    qtbot: QtBot,
    guarded: GuardedLookup,
) -> None:
    population, sim = world
    person_id = adult(population)
    items = tuple(SIX_DEPARTMENTS.values())
    lookup = guarded(exchange)
    assert set(exchange.plan(items).departments) == set(SIX_DEPARTMENTS)
    panel = LookupPanel(TaskRunner())
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    with qtbot.waitSignal(panel.settled, timeout=10_000):  # warm-up: connections, imports
        panel.start(exchange, person_id, items, lookup_fn=lookup)

    sim.faults.set(SLOW, Fault(FaultKind.LATENCY, arg=800))
    sim.faults.set(SILENT, Fault(FaultKind.TIMEOUT))
    measured: list[float] = []
    for _attempt in range(ATTEMPTS):
        gaps = TickGaps()
        started = time.perf_counter()
        gaps.start()
        with qtbot.waitSignal(panel.settled, timeout=10_000):
            panel.start(exchange, person_id, items, lookup_fn=lookup)
        gaps.stop()
        elapsed_ms = (time.perf_counter() - started) * 1000

        model = panel.model
        assert model.state(SILENT) is RowState.TIMEOUT
        assert model.state(SLOW) in {RowState.ANSWERED, RowState.NOT_FOUND}
        assert elapsed_ms >= 1400, "the lookup did not wait for the silent department"
        assert gaps.ticks >= elapsed_ms / 20, "the timer hardly ticked"
        print(
            f"\nlookup {elapsed_ms:.0f} ms, {gaps.ticks} ticks, "
            f"longest event-loop gap {gaps.max_gap_ms:.1f} ms"
        )
        measured.append(gaps.max_gap_ms)
        if gaps.max_gap_ms < MAX_GAP_MS:
            break
    assert min(measured) < MAX_GAP_MS, f"longest gaps {measured} ms"


@pytest.mark.parametrize("shared_runner", [True, False], ids=["shared-runner", "own-runner"])
def test_closing_the_window_mid_lookup_ends_cleanly(
    exchange: DepartmentExchange,
    world: tuple[Population, Simulator],
    qtbot: QtBot,
    qtlog,
    shared_runner: bool,
    guarded: GuardedLookup,
) -> None:
    population, sim = world
    pool = QThreadPool()
    runner = TaskRunner(pool) if shared_runner else None
    window = QWidget()
    panel = LookupPanel(runner, window)
    QVBoxLayout(window).addWidget(panel)
    window.show()
    qtbot.waitExposed(window)
    own_runner = panel._runner
    late: list[object] = []
    for signal in (panel.department_updated, panel.settled, panel.finished, panel.failed):
        signal.connect(late.append)
    sim.faults.set("civil", Fault(FaultKind.LATENCY, arg=1000))
    started = time.perf_counter()

    items = ("person.name", "marriage.status")
    panel.start(exchange, adult(population), items, lookup_fn=guarded(exchange))
    qtbot.waitUntil(lambda: panel.model.state("hukou") is RowState.ANSWERED, timeout=3000)
    assert panel.model.state("civil") is RowState.WAITING
    late.clear()
    with qtbot.waitSignal(window.destroyed, timeout=1000):
        window.close()
        window.deleteLater()

    qtbot.waitUntil(lambda: own_runner.running == 0, timeout=5000)  # civil answered late
    QApplication.processEvents()
    assert late == [], "a late result reached the deleted panel"
    assert time.perf_counter() - started < 5
    warnings = [
        r.message
        for r in qtlog.records
        if r.type != r.type.QtDebugMsg and "propagateSizeHints" not in r.message
    ]
    assert warnings == []
    if runner is not None:
        runner.shutdown()
    pool.waitForDone(2000)

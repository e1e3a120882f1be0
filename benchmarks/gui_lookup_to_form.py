"""Benchmark: from the clerk confirming the consent to a fully pre-filled form, in the GUI.

Run by hand (not a test): ``.venv/bin/python benchmarks/gui_lookup_to_form.py [--runs N]``.

One process, offscreen. The simulator runs with its *default* latencies (whatever
``start_simulator`` gives without arguments: only the real-estate register waits, a fixed
time per URL between 15 % and 100 % of its maximum), the workstation is opened the way
``counterapp`` opens it (``open_counter``: a migrated SQLite database in a temporary data
directory, a file keyring holding the departments' secrets and the data keys, connector
files written for the simulator), a clerk signs in, and a real :class:`CaseFlow` is shown.

Each run: next applicant (``reset``), pick the single-applicant service that asks the most
departments, type a different applicant's resident ID and press Return, choose a consent
method and click "confirm". The clock starts at that click (the consent is recorded, then
the departments are asked) and stops once the flow shows the form step with the form
page filled. Meanwhile a 2 ms precise timer measures the longest gap between event-loop
ticks. The lookup's own wall time (``LookupResult.wall_ms``, from the lookup panel) is
subtracted from the total to give the GUI's overhead (consent recording, audit, handing
the result to the GUI thread, pre-filling and drawing the form).

One untimed run first opens the connections and fetches the OAuth token. It prints the
service and departments, each department's default latency, and median / p90 / max over
``--runs`` (default 20). No targets: the figures go in a note.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import PySide6
from keyrings.alt.file import PlaintextKeyring
from PySide6.QtCore import (
    QEventLoop,
    QMessageLogContext,
    Qt,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
    qVersion,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QRadioButton

from counterapp.app.context import CounterContext, open_counter
from counterapp.app.user_admin import add_user
from counterapp.app.users import SignInDesk, bootstrap_admin
from counterapp.config import load_settings
from counterapp.exchange.lookup import LookupResult
from counterapp.forms import ServiceForm
from counterapp.sim.connectors import write_connectors
from counterapp.sim.model import Population
from counterapp.sim.population import generate_population
from counterapp.sim.server import Simulator, start_simulator
from counterapp.ui.app import create_application
from counterapp.ui.case_flow import CONSENT, FORM, LOOKUP, CaseFlow
from counterapp.ui.scripted_clerk import choose_service
from counterapp.ui.workers import TaskRunner
from counterapp.users import Role

TICK_MS = 2
RUN_TIMEOUT_MS = 30_000
PEOPLE = 1_000
CONSENT_METHOD = "id_card_reader"
CLERK, CLERK_PASSWORD = "liming", "clerk-secret-1"


class TickGaps:
    """The longest wait between event-loop ticks, from a fast timer on the GUI thread.

    Args:
        on_tick: also called on every tick (to notice the end of a run).
    """

    def __init__(self, on_tick: Callable[[], None]) -> None:
        self.max_gap_ms = 0.0
        self._last = 0.0
        self._on_tick = on_tick
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.max_gap_ms = 0.0
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.max_gap_ms = max(self.max_gap_ms, (now - self._last) * 1000)
        self._last = now
        self._on_tick()


@dataclass(frozen=True)
class Run:
    """One applicant's click → form.

    Attributes:
        total_ms: from the confirm click to the form step with the form filled.
        lookup_ms: the lookup's own wall time (``LookupResult.wall_ms``).
        max_gap_ms: the longest wait between event-loop ticks meanwhile.
        complete: every department answered (else the benchmark carried on, as a clerk).
        departments_ms: department -> its latency within the lookup.
    """

    total_ms: float
    lookup_ms: float
    max_gap_ms: float
    complete: bool
    departments_ms: dict[str, float]

    @property
    def overhead_ms(self) -> float:
        return self.total_ms - self.lookup_ms


class Bench:
    """Drives one :class:`CaseFlow` through consent → lookup → form, timing each run.

    Args:
        flow: the shown case flow.
        form: the service every run picks.
    """

    def __init__(self, flow: CaseFlow, form: ServiceForm) -> None:
        self.flow, self.form = flow, form
        self._loop = QEventLoop()
        self._deadline = QTimer()
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self._loop.quit)
        self._gaps = TickGaps(self._check)
        self._end: float | None = None
        self._incomplete = False
        flow.lookup_panel.settled.connect(self._on_settled)
        flow.lookup_panel.finished.connect(self._on_finished)

    def run(self, id_number: str) -> Run:
        """One applicant; raises RuntimeError when the flow does not reach the form."""
        flow = self.flow
        flow.reset()
        choose_service(flow, self.form.title_zh, self.form.id)
        flow.id_input.field.setText(id_number)
        QTest.keyClick(flow.id_input.field, Qt.Key.Key_Return)
        if flow.step != CONSENT:
            raise RuntimeError(f"{id_number} was not accepted: {flow.status_text}")
        method = next(
            button
            for button in flow.consent_panel.findChildren(QRadioButton)
            if button.property("consentMethod") == CONSENT_METHOD
        )
        method.click()

        self._end, self._incomplete = None, False
        self._gaps.start()
        self._deadline.start(RUN_TIMEOUT_MS)
        start = time.perf_counter()
        flow.consent_panel.confirm_button.click()
        if self._end is None:
            self._loop.exec()
        self._deadline.stop()
        self._gaps.stop()
        if self._end is None:
            raise RuntimeError(f"no form within {RUN_TIMEOUT_MS} ms: {flow.status_text!r}")
        result = flow.lookup_panel.result()
        assert result is not None
        return Run(
            total_ms=(self._end - start) * 1000,
            lookup_ms=result.wall_ms,
            max_gap_ms=self._gaps.max_gap_ms,
            complete=not self._incomplete,
            departments_ms={d: o.latency_ms for d, o in result.outcomes.items()},
        )

    def close(self) -> None:
        """Stop the timers and let go of the flow's signals."""
        self._deadline.stop()
        self._gaps.stop()
        panel = self.flow.lookup_panel
        panel.settled.disconnect(self._on_settled)
        panel.finished.disconnect(self._on_finished)

    def _on_finished(self, _result: LookupResult) -> None:
        self._check()

    def _check(self) -> None:
        flow = self.flow
        if self._end is None and flow.step == FORM and flow.form_page.prefilled is not None:
            self._end = time.perf_counter()
            self._loop.quit()

    def _on_settled(self, result: LookupResult) -> None:
        if not result.complete and self.flow.step == LOOKUP:
            self._incomplete = True  # the clerk would carry on with what arrived
            self.flow.lookup_panel.carry_on()


def widest_service(ctx: CounterContext) -> tuple[ServiceForm, tuple[str, ...]]:
    """The single-applicant service that asks the most departments, and those departments."""
    ranked = sorted(
        (
            (len(departments), form.id, form, departments)
            for form in ctx.forms.values()
            if form.applicants == 1
            for departments in [ctx.exchange.plan(form.items_for_applicant(1)).departments]
        ),
        key=lambda entry: (-entry[0], entry[1]),
    )
    _, _, form, departments = ranked[0]
    return form, departments


def adults(population: Population, count: int) -> list[str]:
    """``count`` living adults' resident IDs, spread over the population."""
    living = [
        p.id_number
        for p in population.people.values()
        if not p.deceased and p.birth_date < date(2000, 1, 1)
    ]
    if len(living) < count:
        raise SystemExit(f"only {len(living)} adults in the population, {count} wanted")
    step = len(living) // count
    return living[::step][:count]


def default_latencies(sim: Simulator, departments: Sequence[str]) -> list[str]:
    """Each department's added latency as the simulator starts it by default."""
    faults = {active.department: active for active in sim.faults.list()}
    lines = []
    for department in departments:
        maximum = getattr(sim.departments[department], "max_latency_ms", 0)
        text = (
            f"15-100 % of {maximum} ms, fixed per URL (i.e. per applicant)"
            if maximum
            else "none added"
        )
        if department in faults:
            text += f"; fault {faults[department]}"
        lines.append(f"  {department:<11} {text}")
    return lines


def quiet_offscreen_noise(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's message handler: drops the offscreen platform's "propagateSizeHints" warning."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def stats(values: Sequence[float]) -> str:
    p90 = statistics.quantiles(values, n=10, method="inclusive")[-1] if len(values) > 1 else 0.0
    return (
        f"median {statistics.median(values):7.1f}   p90 {p90:7.1f}   max {max(values):7.1f}"
        f"   min {min(values):7.1f}"
    )


def environment() -> str:
    load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
    return (
        f"Python {platform.python_version()}, PySide6 {PySide6.__version__} (Qt {qVersion()}), "
        f"{platform.platform()}, cores {os.cpu_count()}, load average {load}; "
        f"QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}, SQLite database, "
        "keyrings.alt PlaintextKeyring"
    )


def isolate(home: Path) -> None:
    """Point the config files and the data directory at ``home`` (no real config is read)."""
    for name in [n for n in os.environ if n.startswith("COUNTERAPP_")]:
        del os.environ[name]
    os.environ["COUNTERAPP_SYSTEM_CONFIG"] = str(home / "system.toml")
    os.environ["COUNTERAPP_USER_CONFIG"] = str(home / "user.toml")
    os.environ["COUNTERAPP_DATA_DIR"] = str(home / "data")


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="timed applicants")
    parser.add_argument("--people", type=int, default=PEOPLE, help="simulated population")
    return parser.parse_args(argv)


def report(departments: Sequence[str], warm_up: Run, runs: Sequence[Run]) -> None:
    """Print the figures."""
    print(
        f"warm-up (new connections, OAuth token): click -> form {warm_up.total_ms:.1f} ms, "
        f"lookup wall {warm_up.lookup_ms:.1f} ms"
    )
    print(f"{len(runs)} applicants, ms:")
    print(f"  click -> form         {stats([r.total_ms for r in runs])}")
    print(f"  lookup wall           {stats([r.lookup_ms for r in runs])}")
    print(f"  GUI overhead (diff)   {stats([r.overhead_ms for r in runs])}")
    print(f"  max event-loop gap    {stats([r.max_gap_ms for r in runs])}  (tick {TICK_MS} ms)")
    print("  per department, latency within the lookup:")
    for department in departments:
        print(f"    {department:<11} {stats([r.departments_ms[department] for r in runs])}")
    incomplete = sum(not r.complete for r in runs)
    print(f"  lookups where a department did not answer (carried on): {incomplete}", flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    print("environment:", environment(), flush=True)
    with tempfile.TemporaryDirectory(prefix="counter-bench-form-") as folder:
        work = Path(folder)
        isolate(work)
        settings = load_settings()
        qInstallMessageHandler(quiet_offscreen_noise)
        app = create_application(settings)
        population = generate_population(seed=settings.get_int("sim.seed"), people=args.people)
        with start_simulator(population, state_dir=work / "sim") as sim:
            write_connectors(sim, work / "connectors")
            backend = PlaintextKeyring()
            backend.file_path = str(work / "keyring.cfg")
            for entry in sim.credentials.entries():
                backend.set_password(f"counterapp/{entry.department}", entry.username, entry.secret)
            with open_counter(
                settings, keyring_backend=backend, connectors_dir=work / "connectors", data_dir=work
            ) as ctx:
                admin = bootstrap_admin(ctx.engine, "admin", "admin-secret-1")
                add_user(ctx.engine, admin, CLERK, Role.CLERK, "李明", CLERK_PASSWORD, "07")
                desk = SignInDesk.of(ctx.settings, ctx.engine, ctx.workstation)
                clerk = desk.sign_in(CLERK, CLERK_PASSWORD)
                form, departments = widest_service(ctx)
                print(
                    f"service: {form.id} ({form.title_zh}), asks {len(departments)} "
                    f"departments: {', '.join(departments)}"
                )
                print("simulator default latencies:")
                print("\n".join(default_latencies(sim, departments)), flush=True)
                runner = TaskRunner(parent=app)
                flow = CaseFlow(ctx, clerk, runner)
                flow.resize(1100, 800)
                flow.show()
                bench = Bench(flow, form)
                try:
                    people = adults(population, args.runs + 1)
                    warm_up = bench.run(people[0])
                    report(departments, warm_up, [bench.run(person) for person in people[1:]])
                finally:
                    bench.close()
                    flow.reset()
                    runner.shutdown(wait_ms=10_000)
                    flow.close()
                    flow.deleteLater()
                    app.processEvents()
        qInstallMessageHandler(None)
    return 0


if __name__ == "__main__":
    sys.exit(main())

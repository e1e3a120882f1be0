"""Benchmark: from the clerk's "call next" to the ticket on the applicant screen and on a
second workstation, on PostgreSQL (run by hand; the closing note of issue 13).

Usage::

    COUNTER_TEST_DATABASE_URL=postgresql+psycopg://counter:counter@127.0.0.1/counter_test \\
        .venv/bin/python benchmarks/ticket_call.py [--runs R] [--waiting N]

A scratch PostgreSQL database (``queue_scale.scratch_postgres``, dropped at the end),
migrated, with ``--waiting`` tickets of category A issued before each run's call (so the
claim has a queue to pick from). Two processes:

* the clerk's workstation (this one, offscreen Qt as ``counterapp`` builds it): the real
  :class:`~counterapp.ui.ticket_panel.TicketPanel` and the real
  :class:`~counterapp.ui.applicant_screen.ApplicantScreen` connected as the workspace
  connects them, a real :class:`TaskRunner`;
* a second workstation (a subprocess): a :class:`CaseChangeWatcher` that wants tickets,
  re-reading each changed ticket as the hall display or another window's panel does, and
  writing its number to a pipe the moment it has it.

Each run presses Call next (``TicketPanel.call_next``, what F9 does) and records:

1. applicant screen: until the applicant screen shows the ticket and has repainted its page
   (``show_ticket`` then a synchronous repaint, on this process's GUI thread);
2. second workstation: until the second process has heard ``T:<id>`` and re-read the ticket
   (its line arriving on the pipe, timestamped by a reader thread here);

and, without Qt, 3. ``app.tickets.call_next`` alone to the second workstation. The median,
min and max over ``--runs`` are printed, with the machine's load (it may be shared).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from queue_scale import machine, scratch_postgres

SECOND_WORKSTATION = r"""
import sys
from counterapp.app.queue_watch import CaseChangeWatcher
from counterapp.app.tickets import ticket_by_id
from counterapp.store.case_changes import is_ticket_change, ticket_id_of
from counterapp.store.engine import make_engine

engine = make_engine(sys.argv[1])

def seen(payloads):
    for payload in payloads or ():
        ticket = ticket_by_id(engine, ticket_id_of(payload))
        if ticket is not None and ticket.state.value == "called":
            sys.stdout.write(ticket.number + "\n")
            sys.stdout.flush()

watcher = CaseChangeWatcher(engine, seen, wants=is_ticket_change).start()
sys.stdout.write("ready\n")
sys.stdout.flush()
sys.stdin.readline()  # until the benchmark closes the pipe
watcher.stop()
engine.dispose()
"""


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg-url", default=os.environ.get("COUNTER_TEST_DATABASE_URL", ""))
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--waiting", type=int, default=20)
    return parser.parse_args(argv)


def summary(name: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (
        f"{name:<58} median {statistics.median(ms):7.1f} ms   "
        f"min {min(ms):7.1f}   max {max(ms):7.1f}   (n={len(ms)})"
    )


class SecondWorkstation:
    """The subprocess and a thread timestamping each ticket number it writes."""

    def __init__(self, url: str) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-c", SECOND_WORKSTATION, url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.lines: queue.Queue[tuple[str, float]] = queue.Queue()
        assert self.process.stdout is not None
        first = self.process.stdout.readline().strip()
        if first != "ready":
            raise RuntimeError(f"the second workstation did not start: {first!r}")
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put((line.strip(), time.perf_counter()))

    def seen(self, number: str, timeout_s: float = 10.0) -> float:
        """When the second workstation had ``number`` (perf_counter of this process)."""
        deadline = time.monotonic() + timeout_s
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"the second workstation never saw {number}")
            got, at = self.lines.get(timeout=remaining)
            if got == number:
                return at

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(10)


def pump(app: object) -> None:
    """Let the GUI thread work a moment (without spinning a core the others need)."""
    app.processEvents()  # type: ignore[attr-defined]
    time.sleep(0.0002)


def run(url: str, runs: int, waiting: int) -> None:
    from PySide6.QtWidgets import QApplication

    from counterapp.app.context import CounterContext
    from counterapp.app.tickets import call_next, issue_ticket
    from counterapp.catalog import load_catalog
    from counterapp.config import load_settings
    from counterapp.exchange.lookup import DepartmentExchange
    from counterapp.forms import load_forms
    from counterapp.protection import FieldCipher
    from counterapp.store.engine import make_engine
    from counterapp.store.migrate import upgrade
    from counterapp.ui.app import create_application
    from counterapp.ui.applicant_screen import ApplicantScreen
    from counterapp.ui.screen_placement import ScreenPlacement
    from counterapp.ui.ticket_panel import TicketPanel
    from counterapp.ui.workers import TaskRunner
    from counterapp.users import Actor, Role

    engine = make_engine(url)
    upgrade(engine)
    settings = load_settings()
    app = create_application(settings)
    catalog = load_catalog()
    ctx = CounterContext(
        settings=settings,
        engine=engine,
        cipher=FieldCipher.generate(),
        exchange=DepartmentExchange({}, catalog),
        catalog=catalog,
        forms=load_forms(catalog),
        workstation="bench-window-07",
    )
    clerk = Actor("bench", Role.CLERK, "基准", "07")
    runner = TaskRunner()
    panel = TicketPanel(ctx, clerk, runner, window="07", categories=("A",), live=False)
    panel.show()
    placement = ScreenPlacement(Path(tempfile.mkdtemp()) / "applicant-screen.json")
    screen = ApplicantScreen(ctx, clerk, runner, placement=placement)
    screen.show()
    shown: dict[str, float] = {}

    def on_call(ticket: object) -> None:  # as the workspace connects it
        screen.show_ticket(ticket.number, ticket.window or "07")  # type: ignore[attr-defined]
        screen.ticket_page.repaint()
        shown[ticket.number] = time.perf_counter()  # type: ignore[attr-defined]

    panel.ticket_called.connect(on_call)
    second = SecondWorkstation(url)
    to_screen: list[float] = []
    to_second: list[float] = []
    app_only: list[float] = []
    try:
        for _ in range(waiting):
            issue_ticket(engine, "A")
        for n in range(runs):
            issue_ticket(engine, "A")
            while panel.busy:
                pump(app)
            expected = f"A{n + 1:03d}"
            start = time.perf_counter()
            panel.call_next()
            while expected not in shown:
                pump(app)
            to_screen.append(shown[expected] - start)
            to_second.append(second.seen(expected) - start)
        while panel.busy:
            pump(app)
        for _ in range(runs):
            issue_ticket(engine, "A")
            start = time.perf_counter()
            called = call_next(engine, clerk, "08", ["A"])
            assert called is not None
            app_only.append(second.seen(called.number) - start)
    finally:
        second.close()
        panel.stop()
        runner.shutdown(wait_ms=5_000)
        screen.close()
        panel.close()
        QApplication.processEvents()
        ctx.exchange.close()
        engine.dispose()
    print(machine(url))
    print(summary("Call next -> applicant screen painted (same workstation)", to_screen))
    print(summary("Call next -> second workstation has the ticket (PostgreSQL)", to_second))
    print(summary("app.tickets.call_next -> second workstation (no Qt)", app_only))


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if not args.pg_url:
        print("set COUNTER_TEST_DATABASE_URL (or --pg-url) to a PostgreSQL server", file=sys.stderr)
        return 2
    with scratch_postgres(args.pg_url) as url:
        run(url, args.runs, args.waiting)
    return 0


if __name__ == "__main__":
    sys.exit(main())

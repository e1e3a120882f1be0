"""Benchmark: the supervisor's queue window on 1,000,000 cases in PostgreSQL (run by hand).

Usage::

    COUNTER_TEST_DATABASE_URL=postgresql+psycopg://counter:counter@127.0.0.1/counter_test \\
        .venv/bin/python benchmarks/queue_ui.py [--cases N] [--runs R] [--quick] [--keep NAME]

The database: a scratch PostgreSQL database made through the URL (``queue_scale.py``'s
``scratch_postgres``, dropped at the end), migrated, with ``--cases`` cases (default
1,000,000; ``--quick`` 50,000) loaded by ``queue_scale_load.load_cases`` (spread over
states, services, clerks, windows and two years of working days as ``queue_scale_data``
says) and ``--audit`` chained audit records (``load_audit``; default as many as cases).
With ``--keep NAME`` the database is called NAME and kept: a comment on the database
records what was loaded, and a later run with the same counts uses it as it is (loading a
million cases takes minutes). ``--drop NAME`` removes such a kept database.

One process, offscreen (``QT_QPA_PLATFORM``), the application built as ``counterapp``
builds it (``create_application``: translations, CJK font), a supervisor, the real
:class:`~counterapp.ui.queue_view.CaseQueueView` (live, with its change watcher; 100 rows
a page, as the supervisor's workspace opens it), a real :class:`TaskRunner`. Each figure is
the median, min and max over ``--runs``:

1. first rows: from building and showing a new view to its table painted with the first
   page (the model's ``rowsInserted``, then a paint of the table); separately the GUI-thread
   time of building and showing it, and the same for F5 (``model.refresh``) on a shown view;
2. a filter: from choosing a state (accepted) in the bar's combo to the filtered rows
   painted, then from choosing a service on top of it (services taken in turn);
3. scrolling: all states, newest first; the vertical scroll bar set to its end whenever the
   last page has arrived (what dragging the handle to the bottom does: Qt's ``fetchMore``)
   until 10,000 rows are loaded; each page from the scroll to the rows painted, and the
   whole 10,000.

Meanwhile a precise timer on the GUI thread (``gui_lookup_to_form.TickGaps``, every 2 ms)
records the longest gap between event-loop ticks of every phase. The process's RSS is
read before scrolling, every 1,000 rows and after; a second pass (F5, then 10,000 rows
again) shows whether the memory of the first pass is reused (rows, not a leak). Then the
supervisor verifies the audit trail the way the app does (``app.audit.verify_audit``) and
the records/s are printed. Targets: each median under 200 ms, the longest gap under 50 ms.
The machine's load average is printed with the figures: the machine may be shared.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse
import dataclasses
import gc
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from audit_verify import rss_kib
from gui_lookup_to_form import TICK_MS, TickGaps, isolate, quiet_offscreen_noise
from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QWidget
from queue_scale import machine, scratch_postgres
from queue_scale_data import SERVICES
from queue_scale_load import load_audit, load_cases
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import make_url

from counterapp.app.audit import verify_audit
from counterapp.app.context import CounterContext
from counterapp.cases import CaseState, hall_day
from counterapp.catalog import load_catalog
from counterapp.config import load_settings
from counterapp.errors import Language
from counterapp.exchange.lookup import DepartmentExchange
from counterapp.forms import load_forms
from counterapp.protection import FieldCipher
from counterapp.store.audit_tables import audit_events
from counterapp.store.case_tables import cases
from counterapp.store.engine import make_engine
from counterapp.store.migrate import upgrade
from counterapp.ui.app import create_application
from counterapp.ui.queue_view import CaseQueueView
from counterapp.ui.workers import TaskRunner
from counterapp.users import Actor, Role

SUPERVISOR = Actor("queue-bench", Role.SUPERVISOR, "队列基准", "")
TARGET_MS = 200.0
GAP_TARGET_MS = 50.0
MARKER = "counter queue_ui benchmark"
PHASE_TIMEOUT_S = 60.0
RSS_EVERY = 1_000
NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


# -- the database ----------------------------------------------------------------------------


def _marker(cases_n: int, audit_n: int) -> str:
    return f"{MARKER}: cases={cases_n} audit={audit_n}"


def _comment(admin_url: str, name: str) -> str | None:
    """The comment on database ``name``; None when there is no such database."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            row = connection.exec_driver_sql(
                "SELECT coalesce(shobj_description(oid, 'pg_database'), '') "
                "FROM pg_database WHERE datname = %(name)s",
                {"name": name},
            ).first()
    finally:
        admin.dispose()
    return None if row is None else str(row[0])


def _admin_sql(admin_url: str, *statements: str) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)
    finally:
        admin.dispose()


def checked_name(admin_url: str, name: str) -> str:
    """``name`` if it may be a kept benchmark database (never the URL's own database)."""
    if not NAME.fullmatch(name):
        raise SystemExit(f"--keep/--drop {name!r}: use lower-case letters, digits and _")
    if name == make_url(admin_url).database:
        raise SystemExit(f"--keep/--drop {name!r} is the database of the URL itself")
    comment = _comment(admin_url, name)
    if comment is not None and not comment.startswith(MARKER):
        raise SystemExit(
            f"database {name!r} exists and is not a queue_ui benchmark database "
            f"(its comment is {comment!r}); choose another --keep name"
        )
    return name


@contextmanager
def bench_database(admin_url: str, keep: str | None, cases_n: int, audit_n: int) -> Iterator[str]:
    """The URL of a migrated database holding ``cases_n`` cases and ``audit_n`` records."""
    if keep is None:
        with scratch_postgres(admin_url) as url:
            fill(url, cases_n, audit_n)
            yield url
        return
    name = checked_name(admin_url, keep)
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    comment = _comment(admin_url, name)
    if comment == _marker(cases_n, audit_n):
        print(f"[db] reusing kept database {name!r} ({comment})", flush=True)
    else:
        if comment is not None:
            print(f"[db] kept database {name!r} holds other counts ({comment}): reloading")
            _admin_sql(admin_url, f'DROP DATABASE "{name}" WITH (FORCE)')
        _admin_sql(
            admin_url,
            f'CREATE DATABASE "{name}"',
            f"COMMENT ON DATABASE \"{name}\" IS '{MARKER}: loading'",
        )
        fill(url, cases_n, audit_n)
        _admin_sql(admin_url, f"COMMENT ON DATABASE \"{name}\" IS '{_marker(cases_n, audit_n)}'")
    yield url
    print(f"[db] kept {name!r}; drop it with: benchmarks/queue_ui.py --drop {name}")


def fill(url: str, cases_n: int, audit_n: int) -> None:
    """Migrate and bulk-load (``queue_scale_load``); the cipher is thrown away after."""
    engine = make_engine(url)
    try:
        upgrade(engine)
        today = hall_day(datetime.now(UTC))
        print(f"[db] loading {cases_n:,} cases ...", flush=True)
        loaded = load_cases(engine, FieldCipher.generate(), cases_n, today)
        states = ", ".join(f"{s} {n:,}" for s, n in sorted(loaded.by_state.items()))
        print(f"[db] cases loaded in {loaded.seconds:.0f} s: {states}", flush=True)
        print(f"[db] loading {audit_n:,} audit records ...", flush=True)
        print(f"[db] audit records loaded in {load_audit(engine, audit_n, today):.0f} s")
    finally:
        engine.dispose()


# -- watching the GUI ------------------------------------------------------------------------


class _Paints(QObject):
    """Calls ``after`` once each paint of the watched widgets has been done."""

    def __init__(self, widgets: Sequence[QWidget], after: Callable[[], None]) -> None:
        super().__init__()
        self._after = after
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self._after)  # runs once this paint has returned
        return False


class Shown:
    """When rows last arrived in a view's model, and when its table was painted after."""

    def __init__(self, view: CaseQueueView) -> None:
        self.view = view
        self.rows_at = 0.0
        self.painted_at = 0.0
        view.model.rowsInserted.connect(self._rows)
        table = view.table
        self._paints = _Paints((table.viewport(), table.verticalScrollBar()), self._painted)

    def _rows(self, *_: object) -> None:
        self.rows_at = time.perf_counter()
        self.painted_at = 0.0

    def _painted(self) -> None:
        if self.rows_at and not self.painted_at:
            self.painted_at = time.perf_counter()

    def since(self, start: float) -> bool:
        """Rows arrived after ``start`` and have been painted, and no page is on its way."""
        return (
            self.rows_at > start and self.painted_at > self.rows_at and not self.view.model.fetching
        )


class Loop:
    """Turns the event loop until a condition holds, with a tick timer counting the gaps.

    :meth:`start` starts the ticks (each also checks the condition), :meth:`wait` turns
    the loop until the condition holds, :meth:`stop` returns the longest gap since start.
    """

    def __init__(self) -> None:
        self._loop = QEventLoop()
        self._until: Callable[[], bool] = lambda: True
        self._timed_out = False
        self.gaps = TickGaps(self._check)
        self._deadline = QTimer()
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self._give_up)

    def _check(self) -> None:
        if self._until():
            self._loop.quit()

    def _give_up(self) -> None:
        self._timed_out = True
        self._loop.quit()

    def start(self) -> None:
        self.gaps.start()

    def stop(self) -> float:
        self.gaps.stop()
        return self.gaps.max_gap_ms

    def wait(self, until: Callable[[], bool], what: str) -> None:
        """Turn the event loop (ticking: call :meth:`start` first) until ``until()``.

        Raises:
            TimeoutError: ``until`` did not hold within ``PHASE_TIMEOUT_S``.
        """
        self._until, self._timed_out = until, False
        if not until():
            self._deadline.start(int(PHASE_TIMEOUT_S * 1000))
            self._loop.exec()
            self._deadline.stop()
        self._until = lambda: False
        if self._timed_out:
            self.gaps.stop()
            raise TimeoutError(f"{what}: not done within {PHASE_TIMEOUT_S:.0f} s")

    def settle(self, until: Callable[[], bool], what: str) -> None:
        """Untimed: wait for ``until`` (between the timed phases)."""
        self.start()
        self.wait(until, what)
        self.stop()


# -- the phases ------------------------------------------------------------------------------


@dataclass
class Series:
    """One measure over the runs: times and each run's longest event-loop gap (ms)."""

    label: str
    times: list[float] = field(default_factory=list)
    gaps: list[float] = field(default_factory=list)
    target: float | None = TARGET_MS
    note: str = ""

    def add(self, ms: float, gap: float | None = None) -> None:
        self.times.append(ms)
        if gap is not None:
            self.gaps.append(gap)


@dataclass
class Scroll:
    """One pass of scrolling: each page's time, the whole, the longest gap, RSS samples."""

    pages: list[float] = field(default_factory=list)
    total_ms: float = 0.0
    max_gap_ms: float = 0.0
    rss_mib: list[tuple[int, float]] = field(default_factory=list)  # (rows loaded, MiB)


def rss_mib() -> float:
    return rss_kib() / 1024


def rows_bytes(view: CaseQueueView) -> int:
    """The size of the loaded rows' Python objects (each shared object counted once)."""
    seen: set[int] = set()
    total = 0
    for position in range(view.model.rowCount()):
        row = view.model.row_at(position)
        for value in (row, *(getattr(row, f.name) for f in dataclasses.fields(row))):
            if id(value) not in seen:
                seen.add(id(value))
                total += sys.getsizeof(value)
    return total


class Bench:
    """The supervisor's queue, opened and driven as a supervisor does."""

    def __init__(self, ctx: CounterContext, runner: TaskRunner, app: QApplication) -> None:
        self.ctx, self.runner, self.app = ctx, runner, app
        self.loop = Loop()
        self.language = Language.of(ctx.settings)

    def open_view(self) -> tuple[CaseQueueView, Shown, float, float, float]:
        """A new view: (view, its watcher, build ms, first rows ms, longest gap ms).

        The gaps count from the view shown (building it is GUI-thread work, timed apart).
        """
        start = time.perf_counter()
        view = CaseQueueView(self.ctx, SUPERVISOR, self.runner, language=self.language)
        shown = Shown(view)
        view.resize(1400, 800)
        view.show()
        built = time.perf_counter()
        self.loop.start()
        self.loop.wait(partial(shown.since, start), "first rows of a new view")
        gap = self.loop.stop()
        return view, shown, (built - start) * 1000, (shown.painted_at - start) * 1000, gap

    def close_view(self, view: CaseQueueView) -> None:
        view.stop()
        view.close()
        view.deleteLater()
        self.app.processEvents()

    def first_rows(self, runs: int, build: Series, first: Series) -> None:
        for _ in range(runs):
            view, _shown, built_ms, first_ms, gap = self.open_view()
            build.add(built_ms)
            first.add(first_ms, gap)
            self.close_view(view)

    def timed(self, shown: Shown, action: Callable[[], object], what: str) -> tuple[float, float]:
        """Do ``action``; (ms until rows arrived after it are painted, longest gap ms)."""
        self.loop.start()
        start = time.perf_counter()
        action()
        self.loop.wait(partial(shown.since, start), what)
        return (shown.painted_at - start) * 1000, self.loop.stop()

    def refreshes(self, view: CaseQueueView, shown: Shown, runs: int, into: Series) -> None:
        for _ in range(runs):
            into.add(*self.timed(shown, view.model.refresh, "rows after F5"))  # F5's slot

    def filters(
        self, view: CaseQueueView, shown: Shown, runs: int, state: Series, service: Series
    ) -> None:
        """Accepted, then a service on top (services in turn); back to open, all (untimed)."""
        model = view.model
        wanted_states = frozenset({CaseState.ACCEPTED})
        accepted = next(
            i for i in range(view.states.count()) if view.states.itemData(i) == wanted_states
        )
        choices = [i for i in (view.service.findData(s) for s, *_ in SERVICES) if i >= 0]
        service.note = ", ".join(view.service.itemData(i) for i in choices)
        for run in range(runs):
            chosen = choices[run % len(choices)]
            state.add(*self.timed(shown, partial(view.states.setCurrentIndex, accepted), "state"))
            service.add(*self.timed(shown, partial(view.service.setCurrentIndex, chosen), "svc"))
            wanted = view.service.itemData(chosen)
            rows = [model.row_at(r) for r in range(model.rowCount())]
            assert rows, f"no accepted case of {wanted}"
            assert all(r.state is CaseState.ACCEPTED and r.service_id == wanted for r in rows)
            view.service.setCurrentIndex(0)
            view.states.setCurrentIndex(0)
            self.loop.settle(partial(loaded, view), "back to the open queue")

    def scroll(self, view: CaseQueueView, shown: Shown, rows: int) -> Scroll:
        """Drag the scroll bar to its end whenever the last page is in, to ``rows`` rows."""
        model, bar = view.model, view.table.verticalScrollBar()
        found = Scroll(rss_mib=[(model.rowCount(), rss_mib())])
        sample_at = RSS_EVERY
        self.loop.start()
        began = time.perf_counter()
        while model.rowCount() < rows and not model.exhausted:
            start = time.perf_counter()
            bar.setValue(bar.maximum())  # the view calls fetchMore at the end of its range
            self.loop.wait(partial(shown.since, start), "the next page")
            found.pages.append((shown.painted_at - start) * 1000)
            if model.rowCount() >= sample_at:
                found.rss_mib.append((model.rowCount(), rss_mib()))
                sample_at += RSS_EVERY
        found.total_ms = (time.perf_counter() - began) * 1000
        found.max_gap_ms = self.loop.stop()
        if found.rss_mib[-1][0] != model.rowCount():
            found.rss_mib.append((model.rowCount(), rss_mib()))
        return found


def loaded(view: CaseQueueView) -> bool:
    return not view.model.fetching and view.model.rowCount() > 0


# -- the report ------------------------------------------------------------------------------


def spread(values: Sequence[float]) -> str:
    return (
        f"median {statistics.median(values):8.1f}  min {min(values):8.1f}  max {max(values):8.1f}"
    )


def verdict(value: float, target: float | None) -> str:
    if target is None:
        return ""
    return "ok" if value < target else "OVER"


def row(measure: str, values: Sequence[float], target: float | None, note: str = "") -> str:
    median = statistics.median(values)
    goal = "" if target is None else f"< {target:.0f} ms"
    return f"  {measure:<44}{spread(values)}  {goal:<9}{verdict(median, target):<6}{note}"


def report_scrolls(passes: Sequence[Scroll], target_rows: int, page_size: int) -> list[str]:
    lines = []
    pages = [ms for scroll in passes for ms in scroll.pages]
    first = passes[0]
    lines.append(
        row(
            f"scroll: one page ({len(pages)} pages)",
            pages,
            TARGET_MS,
            f"{len(first.pages)} pages of {page_size} rows per pass (first page not counted)",
        )
    )
    lines.append(
        row(f"scroll: {target_rows:,} rows, whole pass", [s.total_ms for s in passes], None)
    )
    lines.append(
        row("scroll: longest event-loop gap", [s.max_gap_ms for s in passes], GAP_TARGET_MS)
    )
    return lines


def report_memory(passes: Sequence[Scroll], rows_mib: float, after_drop: float) -> list[str]:
    lines = ["memory (RSS, MiB) while scrolling, rows loaded -> RSS:"]
    for number, scroll in enumerate(passes, start=1):
        samples = "  ".join(f"{n:>6,}:{mib:6.1f}" for n, mib in scroll.rss_mib)
        lines.append(f"  pass {number}: {samples}")
    first, last = passes[0].rss_mib, passes[-1].rss_mib
    growth = first[-1][1] - first[0][1]
    rows_n = max(1, first[-1][0] - first[0][0])
    lines.append(
        f"  pass 1 grew {growth:+.1f} MiB for {rows_n:,} rows = "
        f"{growth / rows_n * 10_000:+.1f} MiB per 10k rows; the rows' Python objects: "
        f"{rows_mib:.1f} MiB per 10k rows"
    )
    lines.append(
        f"  after F5 (rows dropped) {after_drop:.1f} MiB; pass {len(passes)} ended at "
        f"{last[-1][1]:.1f} MiB vs pass 1 {first[-1][1]:.1f} MiB "
        f"({last[-1][1] - first[-1][1]:+.1f} MiB)"
    )
    return lines


# -- main ------------------------------------------------------------------------------------


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg-url", default=os.environ.get("COUNTER_TEST_DATABASE_URL", ""))
    parser.add_argument("--cases", type=int, help="cases loaded (default 1,000,000)")
    parser.add_argument("--audit", type=int, help="audit records loaded (default: --cases)")
    parser.add_argument("--runs", type=int, help="runs per figure (default 5, --quick 3)")
    parser.add_argument("--rows", type=int, default=10_000, help="rows scrolled per pass")
    parser.add_argument("--quick", action="store_true", help="50,000 cases, 3 runs")
    parser.add_argument("--keep", metavar="NAME", help="load into database NAME and keep it")
    parser.add_argument("--drop", metavar="NAME", help="drop a kept database and stop")
    args = parser.parse_args(argv)
    if args.cases is None:
        args.cases = 50_000 if args.quick else 1_000_000
    if args.audit is None:
        args.audit = args.cases
    if args.runs is None:
        args.runs = 3 if args.quick else 5
    if not args.pg_url:
        parser.error("no PostgreSQL URL: --pg-url or COUNTER_TEST_DATABASE_URL")
    return args


def counts(url: str) -> str:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            n_cases = connection.execute(select(func.count()).select_from(cases)).scalar_one()
            n_audit = connection.execute(select(func.count()).select_from(audit_events))
            return f"{n_cases:,} cases, {n_audit.scalar_one():,} audit records"
    finally:
        engine.dispose()


def measure(url: str, args: argparse.Namespace) -> list[str]:
    """Every GUI figure and the verify rate, as printable lines."""
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="counter-bench-queue-") as folder:
        isolate(Path(folder))
        settings = load_settings()
        qInstallMessageHandler(quiet_offscreen_noise)
        app = create_application(settings)
        engine = make_engine(url)
        catalog = load_catalog()
        ctx = CounterContext(
            settings=settings,
            engine=engine,
            cipher=FieldCipher.generate(),
            exchange=DepartmentExchange({}, catalog),
            catalog=catalog,
            forms=load_forms(catalog),
            workstation="queue-bench",
        )
        runner = TaskRunner(parent=app)
        bench = Bench(ctx, runner, app)
        try:
            lines += gui_figures(bench, args)
            tick = time.perf_counter()
            verification = verify_audit(engine, SUPERVISOR, workstation=ctx.workstation)
            seconds = time.perf_counter() - tick
            assert verification.intact, verification.problem
            lines.append(
                f"  {'audit verify (app.audit.verify_audit)':<44}"
                f"{verification.checked / seconds:>11,.0f} records/s   {verification.checked:,}"
                f" records in {seconds:.1f} s, intact (target >= 100k/s)"
            )
        finally:
            runner.shutdown(wait_ms=10_000)
            ctx.close()
            engine.dispose()
            qInstallMessageHandler(None)
    return lines


def gui_figures(bench: Bench, args: argparse.Namespace) -> list[str]:
    runs = args.runs
    build = Series("build and show a new view (GUI thread)", target=None)
    first = Series("first rows: new view shown -> rows painted")
    cold_view, _, cold_build, cold_first, cold_gap = bench.open_view()
    bench.close_view(cold_view)
    bench.first_rows(runs, build, first)
    view, shown, *_ = bench.open_view()
    try:
        refresh = Series("first rows: F5 -> rows painted")
        bench.refreshes(view, shown, runs, refresh)
        state = Series("filter: state accepted -> rows painted")
        service = Series("filter: + a service -> rows painted")
        bench.filters(view, shown, runs, state, service)
        view.states.setCurrentIndex(view.states.count() - 1)  # all states: 1,000,000 rows
        bench.loop.settle(partial(loaded, view), "all states")
        passes = []
        for number in range(max(2, runs)):
            if number:  # F5: the loaded rows are dropped, the next pass starts afresh
                view.model.refresh()
                bench.loop.settle(partial(loaded, view), "F5 before the next pass")
                gc.collect()
                if number == 1:
                    after_drop = rss_mib()
            passes.append(bench.scroll(view, shown, args.rows))
        # after the last pass: the count itself allocates (a set of ids), not during the passes
        page_size = view.model.page_size
        rows_mib = rows_bytes(view) / 2**20 * 10_000 / max(1, view.model.rowCount())
    finally:
        bench.close_view(view)
    lines = [
        f"queue window, {args.runs} runs each (ms; gaps: longest wait between event-loop"
        f" ticks, tick {TICK_MS} ms):",
        f"  {'cold: the first view of the process':<44}build {cold_build:.1f}, first rows "
        f"{cold_first:.1f}, longest gap {cold_gap:.1f}",
        row(build.label, build.times, None),
    ]
    for series in (first, refresh, state, service):
        lines.append(row(series.label, series.times, series.target, series.note))
        lines.append(row("  longest event-loop gap meanwhile", series.gaps, GAP_TARGET_MS))
    lines += report_scrolls(passes, args.rows, page_size)
    lines += report_memory(passes, rows_mib, after_drop)
    return lines


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.drop:
        name = checked_name(args.pg_url, args.drop)
        _admin_sql(args.pg_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        print(f"dropped {name!r}")
        return 0
    print("machine:", machine(args.pg_url), flush=True)
    started = time.perf_counter()
    with bench_database(args.pg_url, args.keep, args.cases, args.audit) as url:
        held = counts(url)
        print(f"[db] {held}; measuring ...", flush=True)
        load_before = ", ".join(f"{n:.2f}" for n in os.getloadavg())
        lines = measure(url, args)
    load_after = ", ".join(f"{n:.2f}" for n in os.getloadavg())
    print()
    print(f"PostgreSQL, {held}; load average before {load_before}, after {load_after}")
    print("\n".join(lines))
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

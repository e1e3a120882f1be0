"""Benchmark: the case store at hall scale on PostgreSQL and SQLite (run by hand, not a test).

Usage::

    COUNTER_TEST_DATABASE_URL=postgresql+psycopg://counter:counter@127.0.0.1/counter_test \\
        .venv/bin/python benchmarks/queue_scale.py [--pg-cases N] [--sqlite-cases N] ...

It creates a scratch PostgreSQL database (``CREATE DATABASE`` through the URL from
``--pg-url`` or COUNTER_TEST_DATABASE_URL, dropped at the end) and a SQLite file in a
temporary directory, migrates both, bulk-loads 1,000,000 cases on PostgreSQL and 200,000
on SQLite (``queue_scale_data`` says how they are spread; ``queue_scale_load`` how they are
loaded) and prints one table:

(a) the supervisor's queue page through ``app.queue.case_queue`` (50 rows, newest first):
    the first page and pages deep into the result (keyset cursors at random positions),
    per state filter and overdue-only; median and p95 (target: median < 30 ms);
(b) finding a person's cases by resident ID (``find_by_applicant``, blind index): median
    (target < 10 ms);
(c) verifying the audit chain (1,000,000 records on PostgreSQL, 200,000 on SQLite, chained
    with the audit package's own ``seal``) with ``verify_log`` in a snapshot: records/s
    (target >= 100,000/s; ``audit_verify.py`` measures it alone, with peak RSS);
(d) submit throughput with 8 writer processes on PostgreSQL, each calling ``submit_case``.

Flags scale it down for a quick run (``--pg-cases 20000 --sqlite-cases 20000
--pg-audit 20000 --sqlite-audit 20000 --submits 20``).
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from queue_scale_data import resident_id
from queue_scale_load import analyze, load_audit, load_cases
from queue_scale_submit import run_writers
from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy.engine import make_url

from counterapp.app.queue import case_queue
from counterapp.cases import CaseState, hall_day
from counterapp.protection import FieldCipher
from counterapp.protection.cipher import new_key, new_key_id
from counterapp.store.audit_log import snapshot, verify_log
from counterapp.store.case_queue import QueueCursor, QueueNarrowing, QueueSort, _state_query
from counterapp.store.case_tables import cases
from counterapp.store.cases import find_by_applicant
from counterapp.store.engine import make_engine
from counterapp.store.migrate import upgrade
from counterapp.users import Actor, Role

SUPERVISOR = Actor("super01", Role.SUPERVISOR, "", "")
S = CaseState
SCENARIOS = (  # (label, states, overdue only)
    ("accepted", (S.ACCEPTED,), False),
    ("open (accepted+in review)", (S.ACCEPTED, S.IN_REVIEW), False),
    ("overdue (open)", (S.ACCEPTED, S.IN_REVIEW), True),
    ("returned", (S.RETURNED,), False),
    ("completed", (S.COMPLETED,), False),
)
Figure = tuple[str, str, str, str, str]  # backend, measure, result, target, note


def timed(call: Callable[[], object], times: int) -> list[float]:
    """Milliseconds per call, ``times`` calls."""
    found = []
    for _ in range(times):
        tick = time.perf_counter()
        call()
        found.append((time.perf_counter() - tick) * 1000)
    return found


def spread(ms: list[float]) -> str:
    p95 = statistics.quantiles(ms, n=20)[-1] if len(ms) > 1 else ms[0]
    return f"median {statistics.median(ms):7.2f} ms  p95 {p95:7.2f} ms"


def queue_figures(backend: str, engine: Engine, queries: int) -> list[Figure]:
    """(a): first and deep pages of each filter through the app layer."""
    figures: list[Figure] = []
    for label, states, overdue in SCENARIOS:
        figures += scenario_figures(backend, engine, label, states, overdue, queries)
    return figures


def scenario_figures(
    backend: str,
    engine: Engine,
    label: str,
    states: tuple[CaseState, ...],
    overdue: bool,
    queries: int,
) -> list[Figure]:
    """The first page ``queries`` times, then ``queries`` pages at random depths."""
    today = hall_day(datetime.now(UTC))
    query = select(cases.c.accepted_at, cases.c.id).where(cases.c.state.in_(states))
    if overdue:
        query = query.where(cases.c.due_date < today)
    with engine.connect() as connection:  # setup only: where the deep cursors are
        keys = connection.execute(
            query.order_by(cases.c.accepted_at.desc(), cases.c.id.desc())
        ).all()

    def page(after: QueueCursor | None = None) -> int:
        found = case_queue(
            engine, SUPERVISOR, states=states, today=today, overdue_only=overdue, after=after
        )
        return len(found.rows)

    first = timed(page, queries)
    figures = [(backend, f"queue {label}: first page", spread(first), "< 30 ms", "")]
    if len(keys) <= 51:
        return figures
    rng = random.Random(11)
    positions = iter([rng.randrange(50, len(keys) - 1) for _ in range(queries)])
    depths: list[int] = []

    def deep() -> None:
        at = next(positions)
        depths.append(at)
        rows = page(QueueCursor(_aware(keys[at][0]), keys[at][1]))
        assert rows == min(50, len(keys) - at - 1), (rows, at, len(keys))

    result = spread(timed(deep, queries))
    note = f"{len(keys):,} rows; cursors at rows {min(depths):,}..{max(depths):,}"
    figures.append((backend, f"queue {label}: deep page", result, "< 30 ms", note))
    return figures


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def show_plans(engine: Engine) -> None:
    """The plans of an overdue first page and a deep completed page."""
    today = hall_day(datetime.now(UTC))
    with engine.connect() as connection:
        newest = connection.execute(select(func.max(cases.c.id))).scalar_one()
        middle = connection.execute(
            select(cases.c.accepted_at, cases.c.id).where(cases.c.id == newest // 2)
        ).one()
        for state, overdue, after in (
            (S.ACCEPTED, True, None),
            (S.COMPLETED, False, QueueCursor(_aware(middle[0]), middle[1])),
        ):
            compiled = _state_query(
                state, today, overdue, after, 51, QueueNarrowing(), QueueSort.NEWEST
            ).compile(connection)
            params = compiled.construct_params()
            if engine.dialect.name == "postgresql":
                sql = "EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) " + str(compiled)
                plan = [row[0] for row in connection.exec_driver_sql(sql, params)]
            else:
                args = tuple(params[name] for name in compiled.positiontup or ())
                sql = "EXPLAIN QUERY PLAN " + str(compiled)
                plan = [row[-1] for row in connection.exec_driver_sql(sql, args)]
            print(f"  plan, {state.value}{' overdue' if overdue else ''}, after={after}:")
            print("\n".join(f"    {line}" for line in plan))


def run_backend(
    backend: str, url: str, n_cases: int, n_audit: int, args: argparse.Namespace
) -> list[Figure]:
    engine = make_engine(url)
    upgrade(engine)
    keys = (new_key_id(), new_key(), new_key())  # as FieldCipher.generate(), kept for writers
    cipher = FieldCipher({keys[0]: keys[1]}, keys[0], keys[2])
    today = hall_day(datetime.now(UTC))
    print(f"[{backend}] loading {n_cases:,} cases ...", flush=True)
    loaded = load_cases(engine, cipher, n_cases, today)
    states = ", ".join(f"{s} {n:,}" for s, n in sorted(loaded.by_state.items()))
    print(f"[{backend}] loaded in {loaded.seconds:.0f} s: {states}", flush=True)
    figures: list[Figure] = [
        (backend, "cases loaded", f"{n_cases:,} in {loaded.seconds:.0f} s", "", states)
    ]
    show_plans(engine)
    figures += queue_figures(backend, engine, args.queries)
    persons = loaded.sample_persons(args.queries)
    ids = iter(resident_id(person) for person in persons)

    def lookup() -> None:
        with engine.connect() as connection:
            assert find_by_applicant(connection, next(ids), cipher)

    figures.append(
        (backend, "find cases by resident ID", spread(timed(lookup, len(persons))), "< 10 ms", "")
    )
    print(f"[{backend}] loading {n_audit:,} audit records ...", flush=True)
    seconds = load_audit(engine, n_audit, today)
    figures.append((backend, "audit records loaded", f"{n_audit:,} in {seconds:.0f} s", "", ""))
    figures.append(verify_figure(backend, engine, "audit verify"))
    if backend == "postgresql" and args.writers:
        print(f"[{backend}] {args.writers} writers x {args.submits} submits ...", flush=True)
        stats = run_writers(url, keys, args.writers, args.submits)
        result = (
            f"{stats.per_second:7.1f} cases/s  latency median {stats.median_ms:.1f} ms"
            f"  p95 {stats.p95_ms:.1f} ms"
        )
        note = f"{stats.cases:,} cases in {stats.seconds:.1f} s"
        figures.append((backend, f"submit, {stats.writers} writer processes", result, "", note))
        analyze(engine)
        figures.append(verify_figure(backend, engine, "audit verify after submits"))
    engine.dispose()
    return figures


def verify_figure(backend: str, engine: Engine, label: str) -> Figure:
    """(c): verify the whole chain in a snapshot; it must be intact."""
    with snapshot(engine) as connection:
        tick = time.perf_counter()
        verification = verify_log(connection)
        seconds = time.perf_counter() - tick
    assert verification.intact, verification.problem
    rate = verification.checked / seconds
    note = f"{verification.checked:,} records in {seconds:.1f} s, intact"
    return (backend, label, f"{rate:,.0f} records/s", ">= 100k/s", note)


@contextmanager
def scratch_postgres(admin_url: str) -> Iterator[str]:
    """A new empty database on the server of ``admin_url``; dropped afterwards."""
    name = f"counter_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def machine(pg_url: str | None) -> str:
    load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
    text = f"cores {os.cpu_count()}, load average {load}; SQLite {sqlite3.sqlite_version}"
    if pg_url:
        engine = create_engine(pg_url)
        with engine.connect() as connection:
            text += "; " + connection.exec_driver_sql("SHOW server_version").scalar_one()
        engine.dispose()
    return text


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg-url", default=os.environ.get("COUNTER_TEST_DATABASE_URL", ""))
    parser.add_argument("--pg-cases", type=int, default=1_000_000)
    parser.add_argument("--sqlite-cases", type=int, default=200_000)
    parser.add_argument("--pg-audit", type=int, default=1_000_000)
    parser.add_argument("--sqlite-audit", type=int, default=200_000)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--submits", type=int, default=200, help="cases per writer")
    parser.add_argument("--queries", type=int, default=200, help="timed calls per figure")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    use_pg = bool(args.pg_url) and not args.skip_postgres
    if not args.pg_url and not args.skip_postgres:
        print("no PostgreSQL URL (--pg-url or COUNTER_TEST_DATABASE_URL): SQLite only")
    print("machine:", machine(args.pg_url if use_pg else None), flush=True)
    started = time.perf_counter()
    figures: list[Figure] = []
    if use_pg:
        with scratch_postgres(args.pg_url) as url:
            figures += run_backend("postgresql", url, args.pg_cases, args.pg_audit, args)
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory(prefix="counter-bench-") as folder:
            url = f"sqlite+pysqlite:///{Path(folder) / 'counter.sqlite3'}"
            figures += run_backend("sqlite", url, args.sqlite_cases, args.sqlite_audit, args)
    print()
    print(f"{'backend':<11}{'measure':<44}{'result':<58}{'target':<10}note")
    for backend, measure, result, target, note in figures:
        print(f"{backend:<11}{measure:<44}{result:<58}{target:<10}{note}")
    load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
    print(f"\ntotal {time.perf_counter() - started:.0f} s; load average now {load}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: verifying the audit chain on PostgreSQL (and SQLite), records/s and peak RSS.

Usage::

    COUNTER_TEST_DATABASE_URL=postgresql+psycopg://counter:counter@127.0.0.1/counter_test \\
        .venv/bin/python benchmarks/audit_verify.py [--sizes 100000,1000000] [--runs 3]

It creates a scratch PostgreSQL database (as ``queue_scale.py`` does, dropped at the end),
migrates it and appends records with ``queue_scale_load.load_audit`` until the chain holds
each of ``--sizes`` records in turn. At each size it verifies the whole chain ``--runs``
times with ``store.audit_log.verify_log`` in a snapshot (the code ``counterapp audit
verify`` runs), each run in a fresh child process so its peak RSS is its own, and prints
the median records/s and the RSS before and at the peak of the walk. ``--reference`` also
times the record-by-record path (``stream_records`` into ``verify_chain``, the code before
the fast path) for comparison. Target: >= 100,000 records/s on 1,000,000 records, peak RSS
the same at every size.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from queue_scale import machine, scratch_postgres
from queue_scale_load import load_audit

from counterapp.audit.chain import verify_chain
from counterapp.cases import hall_day
from counterapp.store import audit_log
from counterapp.store.engine import make_engine
from counterapp.store.migrate import upgrade

PATHS = ("verify_log", "reference")


def rss_kib() -> int:
    """This process's current resident set size (KiB)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") // 1024


def child(url: str, path: str) -> None:
    """One verify in this process; prints one JSON line of figures."""
    engine = make_engine(url)
    with audit_log.snapshot(engine) as connection:
        audit_log.read_head(connection)  # connected, driver loaded: the baseline
        before = rss_kib()
        tick = time.perf_counter()
        if path == "verify_log":
            verification = audit_log.verify_log(connection)
        else:
            head = audit_log.read_head(connection)
            with closing(audit_log.stream_records(connection)) as records:
                verification = verify_chain(records, head)
        seconds = time.perf_counter() - tick
    engine.dispose()
    assert verification.intact, verification.problem
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    figures = {"checked": verification.checked, "seconds": seconds, "before": before}
    print(json.dumps({**figures, "peak": peak}))


def measure(url: str, path: str, runs: int) -> tuple[float, int, int, int]:
    """Median records/s, record count, RSS before and largest peak RSS (KiB) of ``runs``."""
    found = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, __file__, "--child", url, "--path", path],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        found.append(json.loads(out.strip().splitlines()[-1]))
    rate = statistics.median(f["checked"] / f["seconds"] for f in found)
    return rate, found[0]["checked"], found[0]["before"], max(f["peak"] for f in found)


def run_sizes(label: str, url: str, sizes: list[int], args: argparse.Namespace) -> None:
    engine = make_engine(url)
    upgrade(engine)
    today = hall_day(datetime.now(UTC))
    loaded = 0
    for size in sizes:
        print(f"[{label}] loading to {size:,} records ...", flush=True)
        load_audit(engine, size - loaded, today)
        loaded = size
        for path in PATHS if args.reference else PATHS[:1]:
            rate, checked, before, peak = measure(url, path, args.runs)
            print(
                f"{label:<11}{path:<12}{checked:>10,} records  {rate:>9,.0f} records/s "
                f"(median of {args.runs})  RSS before {before / 1024:6.1f} MiB  "
                f"peak {peak / 1024:6.1f} MiB",
                flush=True,
            )
    engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg-url", default=os.environ.get("COUNTER_TEST_DATABASE_URL", ""))
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated, ascending")
    parser.add_argument("--sqlite-sizes", default="", help="also on SQLite (e.g. 200000)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reference", action="store_true", help="also the record-by-record path")
    parser.add_argument("--child", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--path", choices=PATHS, default=PATHS[0], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.path)
        return 0
    print("machine:", machine(args.pg_url or None), flush=True)
    if args.pg_url:
        with scratch_postgres(args.pg_url) as url:
            run_sizes("postgresql", url, [int(n) for n in args.sizes.split(",")], args)
    if args.sqlite_sizes:
        with tempfile.TemporaryDirectory(prefix="counter-bench-") as folder:
            url = f"sqlite+pysqlite:///{Path(folder) / 'counter.sqlite3'}"
            run_sizes("sqlite", url, [int(n) for n in args.sqlite_sizes.split(",")], args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

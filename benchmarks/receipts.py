"""Benchmark: rendering receipts with reportlab from the cached, registered CJK font.

Run by hand (not a test): ``.venv/bin/python benchmarks/receipts.py``. It prints

1. the one-time cost of finding, loading and registering the font;
2. the median (and 95th percentile) time per A4 acceptance receipt after a warm-up
   (target: median < 60 ms), and the same for the 80 mm roll and the one-time notification;
3. 1,000 A4 receipts in a row, each with its own case number, sampling the process RSS
   and the number of live Python objects every 100: memory must stay flat (targets from
   receipt 100 to 1,000: RSS growth under 2 MiB, fewer than 1,000 more live objects).
   (tracemalloc would make each render ~7 times slower; RSS and the object count are
   enough to see a leak of one document's fonts or canvas, ~50 KiB per receipt.)

Exits 1 when a target is missed.
"""

from __future__ import annotations

import dataclasses
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from counterapp.receipts import Layout, load_cjk_font, render_acceptance, render_notification
from counterapp.receipts.samples import sample_notification, sample_receipt

WARM_UP = 30
TIMED = 300
IN_A_ROW = 1_000
SAMPLE_EVERY = 100
TARGET_MEDIAN_MS = 60.0
TARGET_RSS_GROWTH = 2 << 20
TARGET_OBJECT_GROWTH = 1_000


def rss_bytes() -> int | None:
    """The resident set size from /proc (Linux); None elsewhere."""
    status = Path("/proc/self/status")
    if not status.exists():
        return None
    for line in status.read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return None


def timings_ms(render: Callable[[], object]) -> list[float]:
    for _ in range(WARM_UP):
        render()
    times = []
    for _ in range(TIMED):
        start = time.perf_counter()
        render()
        times.append((time.perf_counter() - start) * 1000)
    return times


def describe(times: list[float]) -> str:
    p95 = statistics.quantiles(times, n=20)[-1]
    return f"median {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms   n={len(times)}"


def main() -> int:
    start = time.perf_counter()
    font = load_cjk_font()
    print(
        f"font: {font.family} ({font.path}), found and registered in "
        f"{(time.perf_counter() - start) * 1000:.0f} ms"
    )

    receipt, notification = sample_receipt(), sample_notification()
    a4 = timings_ms(lambda: render_acceptance(receipt, font, Layout.A4))
    roll = timings_ms(lambda: render_acceptance(receipt, font, Layout.ROLL_80))
    note = timings_ms(lambda: render_notification(notification, font))
    size = len(render_acceptance(receipt, font).pdf)
    print(f"A4 receipt        {describe(a4)}   ({size // 1024} KiB)")
    print(f"80 mm roll        {describe(roll)}")
    print(f"notification A4   {describe(note)}")

    gc.collect()
    samples: list[tuple[int, int, int | None]] = []
    start = time.perf_counter()
    for n in range(1, IN_A_ROW + 1):
        number = f"330106001-20261127-{n:05d}"
        render_acceptance(dataclasses.replace(receipt, case_number=number), font)
        if n % SAMPLE_EVERY == 0:
            gc.collect()
            samples.append((n, len(gc.get_objects()), rss_bytes()))
    elapsed = time.perf_counter() - start
    print(
        f"{IN_A_ROW} A4 receipts in a row: {elapsed:.1f} s "
        f"({elapsed * 1000 / IN_A_ROW:.1f} ms each, sampling included)"
    )
    print("   after   live objects        RSS")
    for n, objects, rss in samples:
        rss_text = f"{rss / 2**20:7.1f} MiB" if rss is not None else "      n/a"
        print(f"   {n:5d}   {objects:12,d}   {rss_text}")
    object_growth = samples[-1][1] - samples[0][1]
    first_rss, last_rss = samples[0][2], samples[-1][2]
    rss_growth = last_rss - first_rss if first_rss is not None and last_rss is not None else 0
    print(
        f"growth from receipt {samples[0][0]} to {samples[-1][0]}: "
        f"{object_growth:+,d} objects, RSS {rss_growth / 2**20:+.1f} MiB"
    )

    median = statistics.median(a4)
    ok_speed = median < TARGET_MEDIAN_MS
    ok_memory = rss_growth < TARGET_RSS_GROWTH and object_growth < TARGET_OBJECT_GROWTH
    verdict = "PASS" if ok_speed else "FAIL"
    print(f"median A4 {median:.1f} ms < {TARGET_MEDIAN_MS:.0f} ms: {verdict}")
    verdict = "PASS" if ok_memory else "FAIL"
    print(f"flat memory over {IN_A_ROW} receipts: {verdict}")
    return 0 if ok_speed and ok_memory else 1


if __name__ == "__main__":
    sys.exit(main())

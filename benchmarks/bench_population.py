"""Time synthetic population generation: 10,000 people (median of runs) and 100,000.

The simulator generates its population at start-up, so this is how long ``counterapp sim``
keeps a demo or a test session waiting. Run with::

    .venv/bin/python benchmarks/bench_population.py [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import time

from counterapp.sim.population import generate_population


def time_generation(people: int, runs: int) -> list[float]:
    """Seconds per run of ``generate_population(people=people)``, default seed."""
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        pop = generate_population(people=people)
        timings.append(time.perf_counter() - start)
        if len(pop.people) != people:
            raise SystemExit(f"expected {people} people, got {len(pop.people)}")
    return timings


def main() -> None:
    """Print one row per population size: runs, median, fastest, slowest, people per second."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs (CI smoke test)")
    args = parser.parse_args()
    plan = [(10_000, 2 if args.quick else 5), (100_000, 1 if args.quick else 2)]
    print(
        f"{'people':>8}  {'runs':>4}  {'median s':>8}  {'min s':>6}  {'max s':>6}  {'people/s':>9}"
    )
    for people, runs in plan:
        timings = time_generation(people, runs)
        median = statistics.median(timings)
        print(
            f"{people:>8}  {runs:>4}  {median:>8.2f}  {min(timings):>6.2f}  "
            f"{max(timings):>6.2f}  {people / median:>9,.0f}"
        )


if __name__ == "__main__":
    main()

"""Benchmark: the concurrent lookup against the simulated departments over loopback.

Run by hand (not a test): ``.venv/bin/python benchmarks/lookup_fanout.py``. It prints

1. fan-out: six departments with added latencies of 50-800 ms; the concurrent lookup's
   wall time against the slowest department (target <= 1.15 x slowest + 50 ms) and
   against asking the same departments one after another;
2. reuse: 200 lookups in a row (every department 30 ms), the per-lookup overhead beyond
   that latency (target: median < 15 ms) and how many TCP connections were opened;
3. timeout: one department never answers; the lookup must cost no more than that
   department's own timeout (connect + read, here 1.0 s).
"""

from __future__ import annotations

import dataclasses
import statistics
import tempfile
import time
from pathlib import Path

from keyrings.alt.file import PlaintextKeyring

from counterapp.catalog import load_catalog
from counterapp.exchange.connector_loader import load_connectors
from counterapp.exchange.credentials import CredentialStore
from counterapp.exchange.lookup import DepartmentExchange
from counterapp.sim.connectors import write_connectors
from counterapp.sim.faults import Fault, FaultKind
from counterapp.sim.population import generate_population
from counterapp.sim.server import start_simulator

LATENCIES_MS = {
    "hukou": 50,
    "market": 120,
    "civil": 250,
    "hrss": 400,
    "fund": 600,
    "realestate": 800,
}
ITEMS = (
    "person.name",
    "business.list",
    "marriage.status",
    "social.insured_status",
    "housing_fund.balance",
    "realestate.property_count",
)


def main() -> None:
    catalog = load_catalog()
    population = generate_population(people=2000)
    adults = [p.id_number for p in population.people.values() if not p.deceased]
    work = Path(tempfile.mkdtemp(prefix="counter-bench-"))
    with start_simulator(population, state_dir=work / "sim", realestate_latency_ms=0) as sim:
        write_connectors(sim, work / "connectors")
        connectors = load_connectors(
            work / "connectors", known_items=frozenset(i.code for i in catalog)
        )
        backend = PlaintextKeyring()
        backend.file_path = str(work / "keyring.cfg")
        for entry in sim.credentials.entries():
            backend.set_password(f"counterapp/{entry.department}", entry.username, entry.secret)
        store = CredentialStore(connectors, backend=backend)

        def exchange(**kwargs: object) -> DepartmentExchange:
            return DepartmentExchange(connectors, catalog, store, **kwargs)  # type: ignore[arg-type]

        # 1. fan-out against sequential
        for dept, ms in LATENCIES_MS.items():
            sim.faults.set(dept, Fault(FaultKind.LATENCY, arg=ms))
        with exchange() as ex:
            ex.lookup(adults[0], ITEMS)  # warm up: connections, OAuth token
            concurrent, sequential = [], []
            for person in adults[1:11]:
                t = time.perf_counter()
                result = ex.lookup(person, ITEMS)
                concurrent.append((time.perf_counter() - t) * 1000)
                assert result.complete, result.outcomes
                t = time.perf_counter()
                for dept in LATENCIES_MS:
                    ex.lookup(person, ITEMS, departments=[dept])
                sequential.append((time.perf_counter() - t) * 1000)
        slowest = max(LATENCIES_MS.values())
        med_c, med_s = statistics.median(concurrent), statistics.median(sequential)
        print("1. fan-out, six departments, added latency 50-800 ms (10 lookups)")
        print(f"   concurrent wall, median   {med_c:8.1f} ms  (min {min(concurrent):.1f})")
        print(f"   slowest department        {slowest:8.1f} ms")
        print(
            f"   ratio to slowest          {med_c / slowest:8.3f}  (target <= 1.15 + 50 ms:"
            f" {1.15 * slowest + 50:.0f} ms)"
        )
        print(
            f"   one after another, median {med_s:8.1f} ms  -> concurrent is "
            f"{med_s / med_c:.2f}x faster"
        )

        # 2. 200 lookups in a row with connection reuse
        sim.faults.clear()
        for dept in LATENCIES_MS:
            sim.faults.set(dept, Fault(FaultKind.LATENCY, arg=30))
        with exchange() as ex:
            ex.lookup(adults[0], ITEMS)
            overheads = []
            for i in range(200):
                person = adults[(i * 7) % len(adults)]
                t = time.perf_counter()
                ex.lookup(person, ITEMS)
                overheads.append((time.perf_counter() - t) * 1000 - 30)
            opened = sum(client.connections_opened for client in ex.clients.values())
        print("2. 200 lookups in a row, every department 30 ms")
        print(
            f"   overhead beyond 30 ms: median {statistics.median(overheads):.1f} ms, "
            f"p90 {statistics.quantiles(overheads, n=10)[-1]:.1f} ms (target median < 15)"
        )
        print(f"   TCP connections opened for 201 lookups x 6 departments: {opened}")

        # 3. one department timing out costs its own timeout, no more
        sim.faults.clear()
        sim.faults.set("civil", Fault(FaultKind.TIMEOUT))
        civil = connectors["civil"]
        short = dataclasses.replace(
            civil, http=dataclasses.replace(civil.http, connect_timeout_s=0.5, read_timeout_s=0.5)
        )
        with DepartmentExchange({**connectors, "civil": short}, catalog, store) as ex:
            ex.lookup(adults[0], ("person.name",))
            walls = []
            for person in adults[1:6]:
                t = time.perf_counter()
                result = ex.lookup(person, ITEMS)
                walls.append((time.perf_counter() - t) * 1000)
                assert result.outcomes["civil"].status.code == "timeout"
        print("3. civil never answers (its timeout: connect 0.5 s + read 0.5 s = 1.0 s)")
        print(f"   lookup wall, median {statistics.median(walls):.1f} ms, max {max(walls):.1f} ms")
        sim.faults.clear()


if __name__ == "__main__":
    main()

"""``counterapp sim``: serve the simulated departments, write connectors, list people.

The lead's CLI calls :func:`add_arguments` on its ``sim`` sub-parser and :func:`run` with
the parsed arguments. Serving prints what it did and runs until Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import TextIO

from counterapp.sim import population as pop_module
from counterapp.sim.connectors import write_connectors
from counterapp.sim.departments import DEPARTMENT_IDS
from counterapp.sim.faults import Fault, FaultError, parse_spec
from counterapp.sim.keyring_store import store_credentials
from counterapp.sim.server import DEFAULT_BASE_PORT, Simulator, is_loopback, start_simulator
from counterapp.sim.tls import LOOPBACK_NAMES, ensure_tls_material

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``counterapp sim`` and its ``people`` sub-command."""
    parser.add_argument("--seed", type=int, default=pop_module.DEFAULT_SEED)
    parser.add_argument("--people", type=int, default=10_000, help="population size")
    parser.add_argument("--host", default="127.0.0.1", help="address to serve on")
    parser.add_argument(
        "--allow-non-loopback",
        action="store_true",
        help="permit a --host that is not a loopback address (demo networks only)",
    )
    parser.add_argument(
        "--base-port",
        type=int,
        default=DEFAULT_BASE_PORT,
        help="control on this port, departments on the next seven (0: ephemeral ports)",
    )
    parser.add_argument("--state-dir", type=Path, help="where the demo CA and certificates go")
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="DEPT=KIND[:ARG]",
        help="inject a fault from the start, e.g. hukou=latency:800 (repeatable)",
    )
    parser.add_argument(
        "--realestate-latency-ms",
        type=int,
        default=2000,
        help="maximum latency of the real-estate register (0: none)",
    )
    parser.add_argument("--write-connectors", type=Path, metavar="DIR")
    parser.add_argument(
        "--no-serve", action="store_true", help="with --write-connectors: write and exit"
    )
    parser.add_argument(
        "--no-keyring", action="store_true", help="do not store the demo secrets in the keyring"
    )
    commands = parser.add_subparsers(dest="sim_command", metavar="SUBCOMMAND")
    people = commands.add_parser("people", help="print sample people of the population")
    people.add_argument("--limit", type=int, default=10)
    people.add_argument("--json", action="store_true", help="one JSON array")
    # Let `counterapp sim people --seed N` work too, without overriding `sim --seed N`.
    people.add_argument("--seed", type=int, default=argparse.SUPPRESS)
    people.add_argument("--people", type=int, default=argparse.SUPPRESS)


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run ``counterapp sim`` with parsed arguments.

    Args:
        args: from a parser set up by :func:`add_arguments`.
        out: where to print (stdout when None).

    Returns:
        0 on a clean stop, 2 for bad input, 1 when the servers cannot start.
    """
    out = out or sys.stdout
    if getattr(args, "sim_command", None) == "people":
        return _people(args, out)
    try:
        faults = [parse_spec(spec) for spec in args.fault]
        for department, _ in faults:
            if department not in DEPARTMENT_IDS:
                raise FaultError(f"unknown department {department!r}")
    except FaultError as exc:
        print(f"counterapp sim: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not args.allow_non_loopback and not is_loopback(args.host):
        print(
            f"counterapp sim: {args.host} is not a loopback address; "
            "add --allow-non-loopback to serve a demo network",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    if args.no_serve:
        return _write_only(args, out)
    return _serve(args, faults, out)


def _people(args: argparse.Namespace, out: TextIO) -> int:
    population = pop_module.generate_population(seed=args.seed, people=args.people)
    chosen = [
        pop_module.describe(p, population) for p in pop_module.sample_people(population, args.limit)
    ]
    if args.json:
        print(json.dumps(chosen, ensure_ascii=False, indent=2), file=out)
        return EXIT_OK
    for person in chosen:
        tags = ", ".join(person["tags"])
        print(
            f"{person['id_number']}  {person['name']}  {person['gender_label']}  "
            f"{person['birth_date']}  {person['marital_status_label']}  [{tags}]",
            file=out,
        )
    return EXIT_OK


def _state_dir(args: argparse.Namespace) -> Path:
    if args.state_dir is not None:
        return Path(args.state_dir)
    from counterapp.config.loader import user_data_dir

    return user_data_dir() / "sim"


def _write_only(args: argparse.Namespace, out: TextIO) -> int:
    if args.write_connectors is None:
        print("counterapp sim: --no-serve needs --write-connectors DIR", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.base_port == 0:
        print("counterapp sim: --no-serve needs a fixed --base-port", file=sys.stderr)
        return EXIT_BAD_INPUT
    hosts = LOOPBACK_NAMES if is_loopback(args.host) else (*LOOPBACK_NAMES, args.host)
    tls = ensure_tls_material(_state_dir(args), hosts)
    ports = {dept: args.base_port + i for i, dept in enumerate(DEPARTMENT_IDS, start=1)}
    files = write_connectors(ports, args.write_connectors, tls, host=args.host)
    print(f"wrote {len(files)} connector files to {args.write_connectors}", file=out)
    return EXIT_OK


def _serve(args: argparse.Namespace, faults: list[tuple[str, Fault]], out: TextIO) -> int:
    started = time.perf_counter()
    population = pop_module.generate_population(seed=args.seed, people=args.people)
    took = time.perf_counter() - started
    print(
        f"population: {len(population.people)} people (seed {args.seed}) in {took:.2f} s", file=out
    )
    try:
        sim = start_simulator(
            population,
            host=args.host,
            base_port=args.base_port,
            state_dir=_state_dir(args),
            realestate_latency_ms=args.realestate_latency_ms,
            faults=faults,
            allow_non_loopback=args.allow_non_loopback,
        )
    except OSError as exc:
        print(f"counterapp sim: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    with sim, _stop_on_signal() as stop:
        # The handlers are in place before "serving" is printed: a supervisor that sends
        # SIGTERM as soon as it reads that line gets a clean stop, never a kill.
        _announce(sim, args, out)
        while not stop.wait(0.5):
            pass
        print("stopping", file=out, flush=True)
    return EXIT_OK


def _announce(sim: Simulator, args: argparse.Namespace, out: TextIO) -> None:
    for dept in DEPARTMENT_IDS:
        department = sim.departments[dept]
        print(f"  {dept:<10} {sim.url(dept):<28} {department.auth_summary}", file=out)
    print(f"  {'control':<10} {sim.control_url:<28} faults and stats (loopback only)", file=out)
    tls = sim.tls
    print(f"tls: CA {tls.ca_cert}", file=out)
    print(f"     client certificate {tls.client_cert}, key {tls.client_key}", file=out)
    for dept, fault in faults_text(sim):
        print(f"fault: {dept} {fault}", file=out)
    if args.no_keyring:
        print("keyring: not touched (--no-keyring)", file=out)
    else:
        outcome = store_credentials(sim.credentials)
        if outcome.problem:
            print(f"warning: demo secrets not stored in the keyring: {outcome.problem}", file=out)
        else:
            print(f"keyring: demo secrets stored in {', '.join(outcome.stored)}", file=out)
    if args.write_connectors is not None:
        files = write_connectors(sim, args.write_connectors)
        print(f"connectors: wrote {len(files)} files to {args.write_connectors}", file=out)
    print("serving; Ctrl-C to stop", file=out, flush=True)


def faults_text(sim: Simulator) -> list[tuple[str, str]]:
    """The active faults as (department, "kind arg count") for printing."""
    return [
        (active.department, f"{active.fault.kind.value} {active.fault.value or ''}".strip())
        for active in sim.faults.list()
    ]


@contextlib.contextmanager
def _stop_on_signal() -> Iterator[threading.Event]:
    """An event set by SIGINT/SIGTERM while the block runs (previous handlers restored)."""
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    if threading.current_thread() is not threading.main_thread():
        yield stop  # signals only reach the main thread; the caller's thread ends us
        return
    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

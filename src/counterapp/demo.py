"""The demo world: simulated departments in-process, their connectors and secrets.

``counterapp demo`` runs lookups on it through the app layer and prints every step;
``counterapp --demo`` (``make demo``) runs the workspace on it, or without a display the
scripted walkthrough (:mod:`counterapp.ui.demo_walkthrough`). The demo's
secrets live only in this process's memory (:class:`MemoryKeyring`): nothing is written to
the keyring or to a file.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import keyring.backend

from counterapp.catalog import Catalog
from counterapp.config import Settings
from counterapp.exchange.connector_loader import load_connectors
from counterapp.exchange.credentials import CredentialStore
from counterapp.sim.connectors import write_connectors
from counterapp.sim.model import Person, Population
from counterapp.sim.population import generate_population, sample_people
from counterapp.sim.server import Simulator, start_simulator

if TYPE_CHECKING:
    from counterapp.app.context import CounterContext

DEMO_USERS = (
    ("admin", "demo-admin-1"),
    ("clerk", "demo-clerk-1"),
    ("supervisor", "demo-super-1"),
)
"""(username, password) of the demo's administrator, clerk and supervisor."""
DEMO_SUPERVISOR_DISPLAY = "演示审核员"
DEMO_CLERK_DISPLAY = "演示办事员"
DEMO_CLERK_WINDOW = "07"


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that keeps secrets in this process only (the demo's throwaway secrets)."""

    priority = 0.1  # never chosen automatically; passed in explicitly

    def __init__(self) -> None:
        super().__init__()
        self._secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self._secrets.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(f"no secret for {service}")


@dataclass
class DemoWorld:
    """A running simulator with connectors written for it and its secrets in memory."""

    population: Population
    simulator: Simulator
    directory: Path
    connectors_dir: Path
    keyring: MemoryKeyring
    generation_s: float

    def stop(self) -> None:
        self.simulator.stop()

    def sample(self, limit: int) -> list[Person]:
        return sample_people(self.population, limit)


def start_demo_world(
    settings: Settings,
    catalog: Catalog,
    *,
    directory: Path | None = None,
    say: Callable[[str], None] = print,
    realestate_latency_ms: int = 1500,
) -> DemoWorld:
    """Generate the population, start the departments on free loopback ports, connect."""
    people = settings.get_int("sim.people")
    seed = settings.get_int("sim.seed")
    started = time.perf_counter()
    population = generate_population(seed=seed, people=people)
    generation_s = time.perf_counter() - started
    say(f"generated {people:,} synthetic people (seed {seed}) in {generation_s:.2f} s")

    base = Path(directory or tempfile.mkdtemp(prefix="counterapp-demo-"))
    simulator = start_simulator(
        population, base_port=0, state_dir=base / "sim", realestate_latency_ms=realestate_latency_ms
    )
    say(f"simulated departments on loopback (control server {simulator.control_url}):")
    for dept in simulator.ports:
        if dept != "control":
            say(f"  {dept:<11} {simulator.url(dept)}")
    connectors_dir = base / "connectors"
    write_connectors(simulator, connectors_dir)
    say(f"wrote connector files for them to {connectors_dir}")

    memory = MemoryKeyring()
    connectors = load_connectors(connectors_dir, known_items=frozenset(i.code for i in catalog))
    store = CredentialStore(connectors, backend=memory)
    for entry in simulator.credentials.entries():
        store.set(entry.department, entry.secret, username=entry.username)
    say("stored the demo secrets in an in-memory keyring (nothing written to disk)")
    return DemoWorld(population, simulator, base, connectors_dir, memory, generation_s)


@dataclass
class DemoCounter:
    """A running demo: the simulated departments and the counter opened on them."""

    world: DemoWorld
    ctx: CounterContext

    @property
    def directory(self) -> Path:
        return self.world.directory


def open_demo_counter(settings: Settings, world: DemoWorld) -> CounterContext:
    """The counter on the demo's SQLite file (in its directory) and in-memory keyring."""
    from counterapp.app.context import open_counter

    database = world.directory / "counter.sqlite3"
    return open_counter(
        settings.replaced({"database.url": f"sqlite+pysqlite:///{database}"}),
        keyring_backend=world.keyring,
        connectors_dir=world.connectors_dir,
        data_dir=world.directory,
        workstation_suffix=" (demo)",
    )


def create_demo_users(ctx: CounterContext) -> None:
    """The demo's administrator, clerk and supervisor (:data:`DEMO_USERS`) in a new demo
    database."""
    from counterapp.app.user_admin import add_user
    from counterapp.app.users import bootstrap_admin

    (admin_name, admin_password), (clerk_name, clerk_password), supervisor = DEMO_USERS
    admin = bootstrap_admin(ctx.engine, admin_name, admin_password)
    add_user(
        ctx.engine,
        admin,
        clerk_name,
        "clerk",
        DEMO_CLERK_DISPLAY,
        clerk_password,
        DEMO_CLERK_WINDOW,
    )
    add_user(ctx.engine, admin, supervisor[0], "supervisor", DEMO_SUPERVISOR_DISPLAY, supervisor[1])


def issue_demo_tickets(ctx: CounterContext) -> list[str]:
    """A few waiting tickets for the clerk's ticket panel (F9 calls them; docs/tickets.md)."""
    from counterapp.app.tickets import issue_ticket

    return [issue_ticket(ctx.engine, category).number for category in "AABAB"]


def demo_users_line() -> str:
    """The demo users as printed at start: ``demo users: admin / demo-admin-1, ...``."""
    return "demo users: " + ", ".join(f"{name} / {password}" for name, password in DEMO_USERS)


@contextmanager
def demo_counter(
    settings: Settings, catalog: Catalog, directory: Path, *, say: Callable[[str], None] = print
) -> Iterator[DemoCounter]:
    """Start the simulated departments and open the demo counter with its users (printed).

    Everything is closed and stopped when the ``with`` block ends, however it ends.
    """
    world = start_demo_world(settings, catalog, directory=directory, say=say)
    try:
        with open_demo_counter(settings, world) as ctx:
            create_demo_users(ctx)
            say(demo_users_line())
            say("demo tickets waiting: " + ", ".join(issue_demo_tickets(ctx)))
            yield DemoCounter(world, ctx)
    finally:
        world.stop()

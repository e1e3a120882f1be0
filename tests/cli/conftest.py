"""A running simulator, its connector files and a real (file) keyring for CLI tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyrings.alt.file import PlaintextKeyring

from counterapp.sim.connectors import write_connectors
from counterapp.sim.model import Population
from counterapp.sim.population import generate_population
from counterapp.sim.server import Simulator, start_simulator


@pytest.fixture(scope="module")
def population() -> Population:
    return generate_population(seed=11, people=300)


@pytest.fixture(scope="module")
def sim(population: Population, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    state = tmp_path_factory.mktemp("cli-sim")
    with start_simulator(population, state_dir=state, realestate_latency_ms=0) as running:
        yield running


@pytest.fixture(scope="module")
def connectors_dir(sim: Simulator, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("cli-connectors")
    write_connectors(sim, directory)
    return directory


@pytest.fixture
def file_keyring(tmp_path: Path) -> Iterator[PlaintextKeyring]:
    """A real keyring backend in a temporary file, made the process default."""
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def demo_secrets(sim: Simulator, file_keyring: PlaintextKeyring) -> PlaintextKeyring:
    for entry in sim.credentials.entries():
        file_keyring.set_password(f"counterapp/{entry.department}", entry.username, entry.secret)
    return file_keyring


@pytest.fixture
def adult(population: Population) -> str:
    return next(
        p.id_number
        for p in population.people.values()
        if not p.deceased and p.birth_date.year < 1990
    )


@pytest.fixture
def cli_users(isolated_config: Path, demo_secrets: PlaintextKeyring) -> dict[str, str]:
    """The default database with admin, clerk li and supervisor wang; user name → password."""
    from counterapp.app.storage import open_database
    from counterapp.app.user_admin import add_user
    from counterapp.app.users import bootstrap_admin
    from counterapp.config import load_settings

    passwords = {"admin": "admin-pass-1", "li": "clerk-pass-1", "wang": "supervisor-pass-1"}
    engine = open_database(load_settings())
    try:
        admin = bootstrap_admin(engine, "admin", passwords["admin"])
        add_user(engine, admin, "li", "clerk", "李明", passwords["li"], "07")
        add_user(engine, admin, "wang", "supervisor", "王芳", passwords["wang"], "00")
    finally:
        engine.dispose()
    return passwords

"""Shared fixtures for the exchange tests: a running simulator, its connectors, a keyring.

The simulator runs once per test session (a small population, no real-estate latency)
on ephemeral loopback ports; tests that inject faults clear them afterwards through the
``faults`` fixture, so they can share it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest
from keyrings.alt.file import PlaintextKeyring

from counterapp.catalog import load_catalog
from counterapp.exchange.connector import Connector, HttpSettings
from counterapp.exchange.connector_loader import load_connectors
from counterapp.exchange.credentials import CredentialStore
from counterapp.sim.connectors import write_connectors
from counterapp.sim.faults import FaultBoard
from counterapp.sim.keyring_store import store_credentials
from counterapp.sim.model import Population
from counterapp.sim.population import generate_population
from counterapp.sim.server import Simulator, start_simulator

SEED = 20240611
PEOPLE = 40


@pytest.fixture(scope="session")
def population() -> Population:
    return generate_population(SEED, PEOPLE)


@pytest.fixture(scope="session")
def sim(population: Population, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    state = tmp_path_factory.mktemp("sim-state")
    with start_simulator(population, state_dir=state, realestate_latency_ms=0) as running:
        yield running


@pytest.fixture(scope="session")
def known_items() -> frozenset[str]:
    return frozenset(item.code for item in load_catalog())


@pytest.fixture(scope="session")
def connectors(
    sim: Simulator, known_items: frozenset[str], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Connector]:
    """The simulator's connector files, written and loaded the way the app does."""
    directory = tmp_path_factory.mktemp("connectors")
    write_connectors(sim, directory)
    return load_connectors(directory, known_items=known_items)


@pytest.fixture
def faults(sim: Simulator) -> Iterator[FaultBoard]:
    """The simulator's fault board, cleared after the test."""
    sim.faults.clear()
    yield sim.faults
    sim.faults.clear()


@pytest.fixture
def file_keyring(tmp_path: Path) -> Iterator[PlaintextKeyring]:
    """A real keyring backend (plain-text file in tmp_path), made the default for the test."""
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring_pass.cfg")
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def credentials(
    sim: Simulator, connectors: dict[str, Connector], file_keyring: PlaintextKeyring
) -> CredentialStore:
    """A credential store over the file keyring holding the simulator's demo secrets."""
    outcome = store_credentials(sim.credentials, file_keyring)
    assert not outcome.problem, outcome.problem
    return CredentialStore(connectors)


@pytest.fixture
def person_id(population: Population) -> str:
    """A living person every department knows something about."""
    return next(pid for pid, person in population.people.items() if not person.deceased)


@pytest.fixture(scope="session")
def with_http() -> Callable[..., Connector]:
    """Make a connector copy with some ``[http]`` settings changed (e.g. short timeouts)."""

    def change(connector: Connector, **settings: object) -> Connector:
        http: HttpSettings = dataclasses.replace(connector.http, **settings)  # type: ignore[arg-type]
        return dataclasses.replace(connector, http=http)

    return change

"""App-layer tests: the store's two-backend fixtures, and a simulator with its exchange."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring

from counterapp.catalog import Catalog, load_catalog
from counterapp.exchange.connector_loader import load_connectors
from counterapp.exchange.credentials import CredentialStore
from counterapp.exchange.lookup import DepartmentExchange
from counterapp.sim.connectors import write_connectors
from counterapp.sim.model import Population
from counterapp.sim.population import generate_population
from counterapp.sim.server import Simulator, start_simulator
from store.conftest import audit_engine, audit_shared_engine, database_url, engine

__all__ = ["audit_engine", "audit_shared_engine", "database_url", "engine"]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Population, Simulator]]:
    population = generate_population(seed=3, people=200)
    with start_simulator(
        population, state_dir=tmp_path_factory.mktemp("sim"), realestate_latency_ms=0
    ) as sim:
        yield population, sim


@pytest.fixture
def exchange(world: tuple[Population, Simulator], tmp_path: Path) -> Iterator[DepartmentExchange]:
    catalog = load_catalog()
    write_connectors(world[1], tmp_path / "connectors")
    connectors = load_connectors(
        tmp_path / "connectors", known_items=frozenset(i.code for i in catalog)
    )
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")
    for entry in world[1].credentials.entries():
        backend.set_password(f"counterapp/{entry.department}", entry.username, entry.secret)
    with DepartmentExchange(connectors, catalog, CredentialStore(connectors, backend)) as ex:
        yield ex


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()

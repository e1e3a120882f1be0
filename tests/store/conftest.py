"""Every store test runs on SQLite and on PostgreSQL: the ``engine`` fixture is both."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from counterapp.store.engine import make_engine
from counterapp.store.migrate import upgrade
from helpers.audit_chain import audit_engine, audit_shared_engine
from helpers.databases import BACKENDS, fresh_database


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated, empty database on each backend."""
    engine = make_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


__all__ = ["audit_engine", "audit_shared_engine", "database_url", "engine"]

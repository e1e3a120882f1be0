"""One database per backend for a whole test module, with an empty audit chain per test.

Creating a database per test would dominate the run time of the audit tests. The
conftests of tests/store and tests/app register these fixtures; a test module that wants
them as its ``engine`` says so in one fixture returning ``audit_engine``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, delete, update

from counterapp.audit.record import GENESIS_HASH
from counterapp.store.audit_tables import audit_chain_head, audit_events
from counterapp.store.engine import make_engine
from counterapp.store.migrate import upgrade
from helpers.databases import BACKENDS, fresh_database


@pytest.fixture(scope="module", params=BACKENDS)
def audit_shared_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    with fresh_database(request.param, tmp_path_factory.mktemp("audit")) as url:
        engine = make_engine(url)
        upgrade(engine)
        yield engine
        engine.dispose()


@pytest.fixture
def audit_engine(audit_shared_engine: Engine) -> Engine:
    """The module's database with an empty audit chain."""
    empty = {"last_seq": 0, "last_hash": GENESIS_HASH, "anchor_seq": 0, "anchor_hash": GENESIS_HASH}
    with audit_shared_engine.begin() as connection:
        connection.execute(delete(audit_events))
        connection.execute(update(audit_chain_head).values(**empty))
    return audit_shared_engine

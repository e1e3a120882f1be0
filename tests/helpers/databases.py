"""Fresh databases for tests: a SQLite file, or a new PostgreSQL database per use.

PostgreSQL comes from COUNTER_TEST_DATABASE_URL (set by .ci/run; its role may CREATE
DATABASE). Without it the PostgreSQL half of a test skips locally and fails under CI=true.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy
from sqlalchemy.engine import make_url

from helpers.environment import need

BACKENDS = ("sqlite", "postgresql")


def postgres_admin_url() -> str:
    url = os.environ.get("COUNTER_TEST_DATABASE_URL", "")
    need(bool(url), "PostgreSQL (COUNTER_TEST_DATABASE_URL, set by .ci/run)")
    return url


@contextmanager
def fresh_database(backend: str, tmp_path: Path) -> Iterator[str]:
    """Yield the URL of an empty database of ``backend``; drop it afterwards."""
    if backend == "sqlite":
        yield f"sqlite+pysqlite:///{tmp_path / f'test-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    admin_url = postgres_admin_url()
    name = f"counter_t_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

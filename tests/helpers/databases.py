"""Fresh databases for tests: a SQLite file, or a new PostgreSQL database per use.

PostgreSQL comes from COUNTER_TEST_DATABASE_URL (set by .ci/run; its role may CREATE
DATABASE). Without it the PostgreSQL half of a test skips locally and fails under CI=true.
"""

from __future__ import annotations

import os
import time
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
        _drop(admin, name)
        admin.dispose()


def _drop(admin: sqlalchemy.Engine, name: str) -> None:
    """Drop a scratch database; a backend the role may not end (autovacuum) is waited out.

    ``WITH (FORCE)`` must terminate every other session on the database, which the test
    role may not do for a server process such as an autovacuum worker; such a worker leaves
    within moments, so retry for a few seconds, then leave the uniquely named database.
    """
    for attempt in range(20):
        try:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except sqlalchemy.exc.DBAPIError:
            time.sleep(0.25 * (1 + attempt % 4))

"""Open the database: the embedded SQLite file by default, or PostgreSQL by URL.

SQLite runs in WAL mode with a busy timeout and foreign keys on, and every transaction
begins IMMEDIATE, so concurrent writers (several processes on one workstation) queue
instead of failing with "database is locked" half-way through a case.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

from counterapp.config import Settings
from counterapp.config.loader import user_data_dir

SQLITE_FILE_NAME = "counter.sqlite3"
BUSY_TIMEOUT_MS = 30_000


def database_url(settings: Settings) -> str:
    """The configured URL, or the embedded SQLite file in the user data directory."""
    configured = settings.get_str("database.url")
    if configured:
        return configured
    return sqlite_url(user_data_dir() / SQLITE_FILE_NAME)


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create an engine for ``url``; creates the SQLite file's directory when needed."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "isolation_level": None},
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        # The driver's own transaction handling is off (isolation_level=None): begin
        # IMMEDIATE so a writer takes the write lock at the start, not mid-transaction.
        # A reader marked with read_only() begins DEFERRED: in WAL mode it sees one
        # consistent snapshot and never blocks the writers.
        if connection.get_execution_options().get(READ_ONLY_OPTION):
            connection.exec_driver_sql("BEGIN DEFERRED")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


READ_ONLY_OPTION = "counter_read_only"


def read_only(connection: Connection) -> Connection:
    """Mark a connection as a reader: one consistent snapshot that never blocks writers.

    On PostgreSQL that is a REPEATABLE READ transaction; on SQLite (WAL) a deferred one.
    """
    if connection.dialect.name == "postgresql":
        return connection.execution_options(isolation_level="REPEATABLE READ")
    return connection.execution_options(**{READ_ONLY_OPTION: True})

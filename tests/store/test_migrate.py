"""Migrations create the schema on both backends, idempotently, and back up SQLite first."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect

from counterapp.store.engine import make_engine, sqlite_url
from counterapp.store.migrate import schema_state, upgrade


def test_upgrade_reaches_head_and_is_idempotent(engine: Engine) -> None:
    state = schema_state(engine)
    assert state.up_to_date
    assert upgrade(engine) == state  # nothing to do the second time


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "nested" / "db.sqlite3"))
    try:
        upgrade(engine)
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert set(inspect(engine).get_table_names()) >= {"alembic_version"}
    finally:
        engine.dispose()


def test_a_sqlite_reader_does_not_block_a_writer(tmp_path: Path) -> None:
    from sqlalchemy import text

    from counterapp.store.engine import read_only

    engine = make_engine(sqlite_url(tmp_path / "db.sqlite3"))
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE t (x INTEGER)"))
            connection.execute(text("INSERT INTO t VALUES (1)"))
        with engine.connect() as plain:
            reader = read_only(plain)
            with reader.begin():
                assert reader.execute(text("SELECT count(*) FROM t")).scalar() == 1
                with engine.begin() as writer:  # would wait 30 s if the reader held the lock
                    writer.execute(text("INSERT INTO t VALUES (2)"))
                # the reader keeps its snapshot
                assert reader.execute(text("SELECT count(*) FROM t")).scalar() == 1
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM t")).scalar() == 2
    finally:
        engine.dispose()

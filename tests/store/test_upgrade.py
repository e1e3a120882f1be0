"""Opening an older database: backup first, migrations, a report; a newer one refused.

Each database starts the way a first release left it: migrated to the first revision
only, with users in it written the way that revision's schema allows.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url

from counterapp.errors import Language
from counterapp.store.engine import make_engine
from counterapp.store.migrate import schema_state, upgrade
from counterapp.store.upgrade import (
    KEEP_BACKUPS,
    BackupNotConfirmed,
    DatabaseNewerThanApp,
    prune_backups,
    upgrade_backups,
    upgrade_database,
    upgrade_plan,
)
from counterapp.store.users import list_users
from helpers.databases import fresh_database
from helpers.old_databases import (
    FIRST,
    FIRST_RELEASE_USERS,
    FUTURE,
    make_first_release_database,
)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    with fresh_database("sqlite", tmp_path) as url:
        yield url


@pytest.fixture
def postgres_url(tmp_path: Path) -> Iterator[str]:
    with fresh_database("postgresql", tmp_path) as url:
        yield url


def _file(url: str) -> Path:
    return Path(make_url(url).database or "")


def _revision_of_file(path: Path) -> str:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        connection.close()


def _usernames(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return sorted(user.username for user in list_users(connection))


def test_sqlite_from_the_first_revision_is_backed_up_then_migrated(sqlite_url: str) -> None:
    engine = make_first_release_database(sqlite_url)
    try:
        report = upgrade_database(engine)
        head = schema_state(engine).head

        assert (report.before, report.after) == (FIRST, head)
        assert report.applied[0] == "0002" and report.applied[-1] == head
        assert schema_state(engine).up_to_date
        assert "cases" in inspect(engine).get_table_names()
        assert _usernames(engine) == sorted(FIRST_RELEASE_USERS)

        # the backup sits beside the database, is a sound SQLite file at the old revision
        database = _file(sqlite_url)
        assert report.backup is not None and report.backup.parent == database.parent
        assert report.backup.name.startswith(f"{database.name}.backup-{FIRST}-")
        assert report.backup.suffix == ".db"
        assert _revision_of_file(report.backup) == FIRST
        backup = sqlite3.connect(f"file:{report.backup}?mode=ro", uri=True)
        try:
            names = backup.execute("SELECT username FROM users ORDER BY username").fetchall()
            assert [name for (name,) in names] == sorted(FIRST_RELEASE_USERS)
            tables = {row[0] for row in backup.execute("SELECT name FROM sqlite_master")}
            assert "cases" not in tables
            assert backup.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        finally:
            backup.close()
        # one self-contained file: nothing half-written, no -wal/-shm beside it
        assert sorted(p.name for p in database.parent.glob(f"{report.backup.name}*")) == [
            report.backup.name
        ]
        assert not list(database.parent.glob("*.partial"))

        # the report says what was done, in both languages
        line = report.describe()
        assert f"from revision {FIRST} to {head}" in line
        assert "0002" in line and str(report.backup) in line
        assert str(report.backup) in report.describe(Language.ZH_CN)
    finally:
        engine.dispose()


def test_an_up_to_date_or_new_database_needs_no_backup(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    try:
        created = upgrade_database(engine)
        assert created.before is None and created.backup is None and created.changed
        assert "created the database" in created.describe()
        again = upgrade_database(engine)
        assert not again.changed and again.backup is None
        assert "up to date" in again.describe()
        assert upgrade_backups(_file(sqlite_url)) == []
    finally:
        engine.dispose()


def test_only_the_newest_backups_are_kept(sqlite_url: str) -> None:
    database = _file(sqlite_url)
    engine = make_first_release_database(sqlite_url)
    engine.dispose()
    old = []
    for age in range(KEEP_BACKUPS + 2):
        path = database.with_name(f"{database.name}.backup-{FIRST}-2020010{age}T000000Z.db")
        path.write_bytes(b"old")
        os.utime(path, (1_600_000_000 + age, 1_600_000_000 + age))
        old.append(path)
    unrelated = database.with_name(f"{database.name}.copy-by-IT.db")
    unrelated.write_bytes(b"keep me")

    engine = make_engine(sqlite_url)
    try:
        report = upgrade_database(engine)
    finally:
        engine.dispose()
    kept = upgrade_backups(database)
    assert len(kept) == KEEP_BACKUPS and kept[-1] == report.backup
    assert kept[:-1] == old[-(KEEP_BACKUPS - 1) :]
    assert unrelated.exists()
    assert prune_backups(database, keep=1) == kept[:-1]


def test_postgresql_waits_for_a_confirmed_backup(postgres_url: str) -> None:
    engine = make_first_release_database(postgres_url)
    try:
        with pytest.raises(BackupNotConfirmed) as refused:
            upgrade_database(engine)
        message = str(refused.value)
        assert "pg_dump --format=custom" in message
        assert "counterapp db upgrade --confirm-backup" in message
        assert f"at revision {FIRST}" in message
        assert make_url(postgres_url).database in refused.value.dump_command
        assert "counter:counter@" not in message  # the password is never shown
        assert refused.value.reason_zh and "pg_dump" in refused.value.reason_zh
        assert schema_state(engine).current == FIRST  # nothing ran

        report = upgrade_database(engine, backup_confirmed=True)
        assert report.before == FIRST and report.backup is None
        assert "no automatic backup" in report.describe()
        assert schema_state(engine).up_to_date
        assert _usernames(engine) == sorted(FIRST_RELEASE_USERS)
    finally:
        engine.dispose()


def test_postgresql_new_database_is_created_without_asking(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    try:
        assert upgrade_database(engine).before is None
        assert schema_state(engine).up_to_date
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_database_newer_than_the_app_is_refused(backend: str, tmp_path: Path) -> None:
    with fresh_database(backend, tmp_path) as url:
        engine = make_engine(url)
        try:
            upgrade(engine)
            head = schema_state(engine).head
            with engine.begin() as connection:
                connection.execute(
                    text("UPDATE alembic_version SET version_num = :v"), {"v": FUTURE}
                )
            plan = upgrade_plan(engine)
            assert not plan.known and not plan.up_to_date and plan.current == FUTURE

            with pytest.raises(DatabaseNewerThanApp) as refused:
                upgrade_database(engine, backup_confirmed=True)
            assert refused.value.database_revision == FUTURE
            assert refused.value.app_head == head
            assert FUTURE in str(refused.value) and head in str(refused.value)
            assert "newer Counter" in str(refused.value)
            assert FUTURE in refused.value.reason_zh and head in refused.value.reason_zh
            assert schema_state(engine).current == FUTURE  # untouched
            if backend == "sqlite":
                assert upgrade_backups(_file(url)) == []
        finally:
            engine.dispose()


KILL_MID_MIGRATION = """
import os, signal, sys
from sqlalchemy import event
from counterapp.errors import Language
from counterapp.store.engine import make_engine
from counterapp.store.upgrade import upgrade_database

engine = make_engine(sys.argv[1])

@event.listens_for(engine, "before_cursor_execute")
def _die_in_the_middle(connection, cursor, statement, parameters, context, many):
    if "case_corrections" in statement:  # revision 0006: five migrations in
        print("killing", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)

upgrade_database(engine, backup_confirmed=True)
print("not killed", flush=True)
"""


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_process_killed_during_the_migration_loses_nothing(backend: str, tmp_path: Path) -> None:
    with fresh_database(backend, tmp_path) as url:
        make_first_release_database(url).dispose()
        killed = subprocess.run(
            [sys.executable, "-c", KILL_MID_MIGRATION, url],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert killed.returncode == -9, killed.stderr
        assert "killing" in killed.stdout

        if backend == "sqlite":  # the backup was complete before anything changed
            (backup,) = upgrade_backups(_file(url))
            assert _revision_of_file(backup) == FIRST
        engine = make_engine(url)
        try:
            # the migrations run in one transaction: the old database is there as it was
            assert schema_state(engine).current == FIRST
            assert "cases" not in inspect(engine).get_table_names()
            assert _usernames(engine) == sorted(FIRST_RELEASE_USERS)
            # and the next start upgrades it
            report = upgrade_database(engine, backup_confirmed=True)
            assert report.before == FIRST and schema_state(engine).up_to_date
            assert _usernames(engine) == sorted(FIRST_RELEASE_USERS)
        finally:
            engine.dispose()

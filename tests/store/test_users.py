"""The user repository on both backends: rows, constraints, atomic failure counting."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from counterapp.store import users as user_store
from counterapp.store.base import Base, import_all_tables
from counterapp.users import Role

NOW = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def _add(engine: Engine, username: str = "li", role: Role = Role.CLERK) -> None:
    with engine.begin() as connection:
        user_store.insert_user(
            connection,
            username=username,
            role=role,
            display_name="李明",
            window="07",
            password_hash="scrypt$16$8$1$AAAA$BBBB",
            now=NOW,
        )


def test_migration_matches_the_table_declaration(engine: Engine) -> None:
    import_all_tables()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert [d for d in differences if "users" in repr(d)] == []


def test_insert_and_read_back(engine: Engine) -> None:
    _add(engine)
    with engine.connect() as connection:
        record = user_store.get_user(connection, "li")
        assert user_store.get_user(connection, "wang") is None
        assert user_store.count_users(connection) == 1
    assert record is not None
    assert (record.username, record.role, record.display_name, record.window) == (
        "li",
        Role.CLERK,
        "李明",
        "07",
    )
    assert not record.disabled and record.failed_count == 0 and record.locked_until is None
    assert record.created_at == NOW and record.created_at.tzinfo is not None
    assert "scrypt" not in repr(record)  # the hash stays out of logs


def test_usernames_are_unique(engine: Engine) -> None:
    _add(engine)
    with pytest.raises(IntegrityError):
        _add(engine, role=Role.ADMIN)


def test_upper_case_usernames_cannot_be_stored(engine: Engine) -> None:
    """The domain lower-cases names; the database refuses any that slip past."""
    with pytest.raises(IntegrityError):
        _add(engine, "Li")


def test_unknown_role_cannot_be_stored(engine: Engine) -> None:
    with engine.connect() as connection, pytest.raises(IntegrityError):
        connection.exec_driver_sql(
            "INSERT INTO users (username, display_name, role, service_window, password_hash,"
            " disabled, failed_count, created_at, password_changed_at)"
            " VALUES ('zhao', '', 'root', '', 'x', false, 0, '2025-01-01', '2025-01-01')"
        )


def test_lock_state_round_trip_and_reset(engine: Engine) -> None:
    _add(engine)
    until = NOW + timedelta(minutes=15)
    with engine.begin() as connection:
        assert user_store.count_failure(connection, "li") == 1
        assert user_store.count_failure(connection, "li") == 2
        user_store.set_lock(connection, "li", failed_count=0, locked_until=until)
    with engine.begin() as connection:
        record = user_store.get_user(connection, "li")
        assert record is not None and record.locked_until == until
        user_store.record_sign_in(connection, "li", NOW + timedelta(minutes=20))
        record = user_store.get_user(connection, "li")
    assert record is not None
    assert record.locked_until is None and record.failed_count == 0
    assert record.last_login_at == NOW + timedelta(minutes=20)


def test_disable_and_enable_clears_the_lock(engine: Engine) -> None:
    _add(engine)
    with engine.begin() as connection:
        user_store.count_failure(connection, "li")
        user_store.set_disabled(connection, "li", True)
        record = user_store.get_user(connection, "li")
        assert record is not None and record.disabled and record.failed_count == 1
        user_store.set_disabled(connection, "li", False)
        record = user_store.get_user(connection, "li")
    assert record is not None and not record.disabled and record.failed_count == 0


def test_two_workstations_counting_at_once_both_count(engine: Engine) -> None:
    """A second transaction counts while the first still holds its update: no lost update."""
    _add(engine)
    counted: list[int] = []
    with engine.begin() as first:
        counted.append(user_store.count_failure(first, "li"))

        def second_workstation() -> None:
            with engine.begin() as second:  # waits for the first to commit
                counted.append(user_store.count_failure(second, "li"))

        other = threading.Thread(target=second_workstation)
        other.start()
    other.join()
    assert sorted(counted) == [1, 2]
    with engine.connect() as connection:
        record = user_store.get_user(connection, "li")
    assert record is not None and record.failed_count == 2

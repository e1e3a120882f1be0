"""Databases as older (or newer) releases of Counter left them, for the upgrade tests."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, text

from counterapp.store.engine import make_engine
from counterapp.store.migrate import schema_state, upgrade

FIRST = "0001"
FUTURE = "0999_from_a_newer_counter"
FIRST_RELEASE_USERS = ("wangfang", "lisi")


def make_first_release_database(url: str) -> Engine:
    """A database at the first revision with two users in it, as that release wrote them."""
    engine = make_engine(url)
    upgrade(engine, FIRST)
    now = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
    with engine.begin() as connection:
        for number, username in enumerate(FIRST_RELEASE_USERS, start=1):
            connection.execute(
                text(
                    "INSERT INTO users (id, username, display_name, role, service_window,"
                    " password_hash, disabled, failed_count, locked_until, created_at,"
                    " password_changed_at, last_login_at) VALUES (:id, :username, :name,"
                    " 'clerk', :window, :hash, false, 0, NULL, :now, :now, NULL)"
                ),
                {
                    "id": number,
                    "username": username,
                    "name": f"窗口{number}",
                    "window": f"A{number:02d}",
                    "hash": f"$argon2id$v=19$m=65536,t=3,p=4$first-release-{number}",
                    "now": now,
                },
            )
    return engine


def stamp_revision(engine: Engine, revision: str) -> None:
    """Write ``revision`` into alembic_version, as a newer Counter's upgrade would."""
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": revision})


def make_database_from_the_future(url: str) -> str:
    """Migrate ``url``'s database and stamp :data:`FUTURE` in it; return this build's head."""
    engine = make_engine(url)
    try:
        upgrade(engine)
        head = schema_state(engine).head
        stamp_revision(engine, FUTURE)
    finally:
        engine.dispose()
    return head

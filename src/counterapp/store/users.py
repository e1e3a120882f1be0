"""Reading and writing user rows, inside the caller's transaction.

Every function takes an open :class:`sqlalchemy.Connection`; the app layer decides the
transaction, so a failure count and its audit event commit (or roll back) together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Connection, func, select, update

from counterapp.store.user_tables import users_table as users
from counterapp.users.roles import Role


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class UserRecord:
    """One stored user. ``password_hash`` is kept out of ``repr`` (and so out of logs)."""

    username: str
    role: Role
    display_name: str
    window: str
    disabled: bool
    failed_count: int
    locked_until: datetime | None
    created_at: datetime
    password_changed_at: datetime
    last_login_at: datetime | None
    password_hash: str = field(repr=False)


def _record(row) -> UserRecord:  # type: ignore[no-untyped-def]
    return UserRecord(
        username=row.username,
        role=Role(row.role),
        display_name=row.display_name,
        window=row.service_window,
        disabled=bool(row.disabled),
        failed_count=row.failed_count,
        locked_until=as_utc(row.locked_until),
        created_at=as_utc(row.created_at),  # type: ignore[arg-type]
        password_changed_at=as_utc(row.password_changed_at),  # type: ignore[arg-type]
        last_login_at=as_utc(row.last_login_at),
        password_hash=row.password_hash,
    )


def get_user(
    connection: Connection, username: str, *, for_update: bool = False
) -> UserRecord | None:
    """The user named ``username`` (already normalized), or None.

    Args:
        for_update: lock the row until the transaction ends (PostgreSQL ``FOR UPDATE``;
            SQLite transactions here begin IMMEDIATE and hold the write lock anyway).
    """
    query = select(users).where(users.c.username == username)
    if for_update:
        query = query.with_for_update()
    row = connection.execute(query).first()
    return _record(row) if row is not None else None


def list_users(connection: Connection) -> list[UserRecord]:
    """Every user, by username."""
    rows = connection.execute(select(users).order_by(users.c.username))
    return [_record(row) for row in rows]


def count_users(connection: Connection) -> int:
    return int(connection.execute(select(func.count()).select_from(users)).scalar_one())


def insert_user(
    connection: Connection,
    *,
    username: str,
    role: Role,
    display_name: str,
    window: str,
    password_hash: str,
    now: datetime,
) -> None:
    """Add a user; a duplicate username raises the driver's IntegrityError."""
    connection.execute(
        users.insert().values(
            username=username,
            role=role.value,
            display_name=display_name,
            service_window=window,
            password_hash=password_hash,
            disabled=False,
            failed_count=0,
            locked_until=None,
            created_at=now,
            password_changed_at=now,
            last_login_at=None,
        )
    )


def count_failure(connection: Connection, username: str) -> int:
    """Add one failed sign-in in a single UPDATE and return the new count.

    ``failed_count = failed_count + 1`` is evaluated by the database, so two workstations
    failing at the same moment both count.
    """
    connection.execute(
        update(users)
        .where(users.c.username == username)
        .values(failed_count=users.c.failed_count + 1)
    )
    query = select(users.c.failed_count).where(users.c.username == username)
    return int(connection.execute(query).scalar_one())


def set_lock(
    connection: Connection, username: str, *, failed_count: int, locked_until: datetime | None
) -> None:
    """Store the lock-out state decided by the policy."""
    connection.execute(
        update(users)
        .where(users.c.username == username)
        .values(failed_count=failed_count, locked_until=locked_until)
    )


def record_sign_in(connection: Connection, username: str, now: datetime) -> None:
    """A successful sign-in: reset the counter, clear any lock, note the time."""
    connection.execute(
        update(users)
        .where(users.c.username == username)
        .values(failed_count=0, locked_until=None, last_login_at=now)
    )


def set_password_hash(
    connection: Connection, username: str, password_hash: str, now: datetime
) -> None:
    """Replace the password hash; clears any lock-out (a reset unlocks the account)."""
    connection.execute(
        update(users)
        .where(users.c.username == username)
        .values(
            password_hash=password_hash,
            password_changed_at=now,
            failed_count=0,
            locked_until=None,
        )
    )


def set_disabled(connection: Connection, username: str, disabled: bool) -> None:
    """Disable or enable the user; enabling also clears any lock-out."""
    values: dict[str, object] = {"disabled": disabled}
    if not disabled:
        values.update(failed_count=0, locked_until=None)
    connection.execute(update(users).where(users.c.username == username).values(**values))

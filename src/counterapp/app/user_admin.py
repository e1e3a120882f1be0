"""Account administration: add, change password, disable, enable, list.

Every action is checked here with :func:`~counterapp.users.require` — whatever a UI
shows, a clerk's call fails in this layer — and the acting admin is re-read from the
database in the same transaction (an admin disabled meanwhile can no longer act). Each
change appends an ADMIN_ACTION event naming the user and the action.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError

from counterapp.app.clock import utc_now
from counterapp.app.users import DEFAULT_HASHER, audit
from counterapp.audit.events import EventKind
from counterapp.store import users as user_store
from counterapp.users.accounts import (
    AccountRefused,
    SignInFailed,
    SignInFailure,
    UnknownUser,
    UserExists,
    normalize_username,
)
from counterapp.users.passwords import PasswordHasher, check_password_policy
from counterapp.users.roles import Actor, Permission, Role, require

MAX_DISPLAY_NAME = 100
MAX_WINDOW = 16


@dataclass(frozen=True)
class UserSummary:
    """What an admin sees of an account (never the password hash)."""

    username: str
    role: Role
    display_name: str
    window: str
    disabled: bool
    failed_count: int
    locked_until: datetime | None
    last_login_at: datetime | None
    created_at: datetime


def _summary(record: user_store.UserRecord) -> UserSummary:
    return UserSummary(
        username=record.username,
        role=record.role,
        display_name=record.display_name,
        window=record.window,
        disabled=record.disabled,
        failed_count=record.failed_count,
        locked_until=record.locked_until,
        last_login_at=record.last_login_at,
        created_at=record.created_at,
    )


def _confirm(connection: Connection, actor: Actor) -> None:
    current = user_store.get_user(connection, actor.username)
    if current is None or current.disabled or current.role is not actor.role:
        raise AccountRefused(
            f"{actor.username!r} is no longer an enabled {actor.role.value}; sign in again",
            f"{actor.username} 的账号已变更或停用，请重新登录",
        )


@contextmanager
def _acting(engine: Engine, actor: Actor, permission: Permission | None) -> Iterator[Connection]:
    """A write transaction for ``actor``, after the permission check."""
    if permission is not None:
        require(actor, permission)
    with engine.begin() as connection:
        _confirm(connection, actor)
        yield connection


def _existing(connection: Connection, name: str) -> user_store.UserRecord:
    record = user_store.get_user(connection, name, for_update=True)
    if record is None:
        raise UnknownUser(f"no user named {name!r}", f"没有用户 {name}")
    return record


def _text(value: str, limit: int, what: str) -> str:
    value = value.strip()
    if len(value) > limit:
        raise AccountRefused(
            f"the {what} is longer than {limit} characters", f"{what} 超过 {limit} 个字符"
        )
    return value


def add_user(
    engine: Engine,
    actor: Actor,
    username: str,
    role: Role | str,
    display_name: str,
    password: str,
    window: str = "",
    *,
    now: datetime | None = None,
    hasher: PasswordHasher = DEFAULT_HASHER,
    workstation: str = "",
) -> UserSummary:
    """Create an account (needs MANAGE_USERS).

    Raises:
        PermissionDenied, InvalidUsername, WeakPassword, UserExists, AccountRefused.
    """
    require(actor, Permission.MANAGE_USERS)
    name = normalize_username(username)
    role = Role(role)
    display = _text(display_name, MAX_DISPLAY_NAME, "display name")
    service_window = _text(window, MAX_WINDOW, "window")
    check_password_policy(password, username=name)
    password_hash = hasher.hash(password)
    moment = utc_now(now)
    exists = UserExists(f"a user named {name!r} exists already", f"用户 {name} 已存在")
    try:
        with _acting(engine, actor, Permission.MANAGE_USERS) as connection:
            if user_store.get_user(connection, name) is not None:
                raise exists
            user_store.insert_user(
                connection,
                username=name,
                role=role,
                display_name=display,
                window=service_window,
                password_hash=password_hash,
                now=moment,
            )
            audit(
                connection,
                EventKind.ADMIN_ACTION,
                actor.username,
                f"added user '{name}' as {role.value}",
                workstation=workstation,
            )
            record = _existing(connection, name)
    except IntegrityError:  # added by another workstation at the same moment
        raise exists from None
    return _summary(record)


def change_password(
    engine: Engine,
    actor: Actor,
    username: str,
    old: str | None,
    new: str,
    *,
    now: datetime | None = None,
    hasher: PasswordHasher = DEFAULT_HASHER,
    workstation: str = "",
) -> None:
    """Change one's own password (``old`` must be right), or anyone's as an admin.

    An admin resetting someone else's password passes ``old=None``; the reset also
    lifts a lock-out.

    Raises:
        PermissionDenied: someone else's password without MANAGE_USERS.
        SignInFailed: ``old`` is wrong for one's own password.
        InvalidUsername, UnknownUser, WeakPassword.
    """
    name = normalize_username(username)
    own = name == actor.username
    if not own:
        require(actor, Permission.MANAGE_USERS)
    check_password_policy(new, username=name)
    if own:
        with engine.connect() as connection:
            current = user_store.get_user(connection, name)
        if current is None or old is None or not hasher.verify(old, current.password_hash):
            raise SignInFailed(SignInFailure.WRONG_CREDENTIALS)
    password_hash = hasher.hash(new)
    moment = utc_now(now)
    with _acting(engine, actor, None if own else Permission.MANAGE_USERS) as connection:
        _existing(connection, name)
        user_store.set_password_hash(connection, name, password_hash, moment)
        action = "changed own password" if own else f"reset the password of '{name}'"
        audit(connection, EventKind.ADMIN_ACTION, actor.username, action, workstation=workstation)


def _set_disabled(
    engine: Engine, actor: Actor, username: str, disabled: bool, workstation: str
) -> bool:
    require(actor, Permission.MANAGE_USERS)
    name = normalize_username(username)
    if disabled and name == actor.username:
        raise AccountRefused(
            "you cannot disable your own account (another admin can)",
            "不能停用自己的账号（可由其他管理员操作）",
        )
    with _acting(engine, actor, Permission.MANAGE_USERS) as connection:
        if _existing(connection, name).disabled == disabled:
            return False
        user_store.set_disabled(connection, name, disabled)
        action = "disabled" if disabled else "enabled"
        audit(
            connection,
            EventKind.ADMIN_ACTION,
            actor.username,
            f"{action} user '{name}'",
            workstation=workstation,
        )
    return True


def disable_user(engine: Engine, actor: Actor, username: str, *, workstation: str = "") -> bool:
    """Disable an account (needs MANAGE_USERS); False if it was disabled already."""
    return _set_disabled(engine, actor, username, True, workstation)


def enable_user(engine: Engine, actor: Actor, username: str, *, workstation: str = "") -> bool:
    """Enable an account and lift any lock-out; False if it was enabled already."""
    return _set_disabled(engine, actor, username, False, workstation)


def list_users(engine: Engine, actor: Actor) -> list[UserSummary]:
    """Every account, by username (needs MANAGE_USERS; reading is not audited)."""
    require(actor, Permission.MANAGE_USERS)
    with engine.connect() as connection:
        _confirm(connection, actor)
        return [_summary(record) for record in user_store.list_users(connection)]


def reset_password(
    engine: Engine,
    actor: Actor,
    username: str,
    temporary: str,
    *,
    now: datetime | None = None,
    hasher: PasswordHasher = DEFAULT_HASHER,
    workstation: str = "",
) -> None:
    """Set a temporary password for someone else's account (needs MANAGE_USERS).

    The admin tells the person the temporary password, who then changes it with
    :func:`change_password`. The reset also lifts a lock-out. One's own password is
    changed with the old one instead (:func:`change_password`).

    Raises:
        PermissionDenied, InvalidUsername, UnknownUser, WeakPassword,
        AccountRefused: ``username`` is the admin's own account.
    """
    require(actor, Permission.MANAGE_USERS)
    if normalize_username(username) == actor.username:
        raise AccountRefused(
            "change your own password with your current one, not by a reset",
            "修改自己的密码须输入原密码，不能重置",
        )
    change_password(
        engine, actor, username, None, temporary, now=now, hasher=hasher, workstation=workstation
    )


def unlock_user(
    engine: Engine,
    actor: Actor,
    username: str,
    *,
    now: datetime | None = None,
    workstation: str = "",
) -> bool:
    """Lift a lock-out and forget the failed sign-ins (needs MANAGE_USERS).

    Returns:
        True when the account was locked or had failed sign-ins counted (audited);
        False when there was nothing to lift (no event).

    Raises:
        PermissionDenied, InvalidUsername, UnknownUser, AccountRefused.
    """
    require(actor, Permission.MANAGE_USERS)
    name = normalize_username(username)
    moment = utc_now(now)
    with _acting(engine, actor, Permission.MANAGE_USERS) as connection:
        record = _existing(connection, name)
        locked = record.locked_until is not None and record.locked_until > moment
        if not locked and record.failed_count == 0:
            return False
        user_store.set_lock(connection, name, failed_count=0, locked_until=None)
        what = "lifted the lock-out of" if locked else "cleared the failed sign-ins of"
        audit(
            connection,
            EventKind.ADMIN_ACTION,
            actor.username,
            f"{what} user '{name}'",
            workstation=workstation,
        )
    return True

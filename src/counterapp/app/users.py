"""Signing in and out, and the first admin: the use cases the CLI and the GUI share.

A failed sign-in is counted and audited in one transaction, so the lock-out counter and
the audit chain never disagree. The reason given to the person at the keyboard never says
whether a username exists. Account administration lives in ``app.user_admin``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, text

from counterapp.app.clock import utc_now
from counterapp.audit.events import AuditEvent, EventKind
from counterapp.config import Settings
from counterapp.store import users as user_store
from counterapp.store.audit_log import append_event
from counterapp.store.engine import is_sqlite
from counterapp.users.accounts import (
    AccountRefused,
    SignInFailed,
    SignInFailure,
    looks_like_username,
    normalize_username,
)
from counterapp.users.lockout import LockoutPolicy
from counterapp.users.passwords import PasswordHasher, check_password_policy
from counterapp.users.roles import Actor, Role

DEFAULT_HASHER = PasswordHasher()
DEFAULT_POLICY = LockoutPolicy()
UNKNOWN_NAME = "(not a username)"
"""The audit actor for a sign-in whose name is not even a valid username (it might be a
password typed into the wrong box, so it is not recorded)."""


def lockout_policy(settings: Settings) -> LockoutPolicy:
    """The policy from ``users.lockout_failures`` / ``users.lockout_minutes`` if declared."""

    def setting(key: str, default: int) -> int:
        value = settings.values.get(key, default)
        return value if isinstance(value, int) else default

    return LockoutPolicy(
        max_failures=setting("users.lockout_failures", DEFAULT_POLICY.max_failures),
        lock_minutes=setting("users.lockout_minutes", DEFAULT_POLICY.lock_minutes),
    )


def audit(
    connection: Connection,
    kind: EventKind,
    actor: str,
    detail: str,
    *,
    success: bool = True,
    workstation: str = "",
) -> None:
    """Append one event naming users and actions (never a password or a hash)."""
    event = AuditEvent(
        kind=kind, actor=actor, success=success, detail=detail, workstation=workstation
    )
    append_event(connection, event)


def _actor(record: user_store.UserRecord) -> Actor:
    return Actor(
        username=record.username,
        role=record.role,
        display_name=record.display_name,
        window=record.window,
    )


def sign_in(
    engine: Engine,
    username: str,
    password: str,
    *,
    workstation: str,
    now: datetime | None = None,
    hasher: PasswordHasher = DEFAULT_HASHER,
    policy: LockoutPolicy = DEFAULT_POLICY,
) -> Actor:
    """Check a username and password and return who is now acting.

    The slow password check runs outside the write transaction; the transaction then
    re-reads the row under a lock, counts a failure with a single UPDATE, applies the
    lock-out policy and appends LOGIN / LOGIN_FAILED / LOCKED_OUT events.

    Raises:
        SignInFailed: wrong username or password (never which), locked until HH:MM, or
            disabled (said only to someone who knows the password).
    """
    moment = utc_now(now)
    name = username.strip().lower()
    known = looks_like_username(name)
    record = None
    if known:
        with engine.connect() as connection:
            record = user_store.get_user(connection, name)
    if record is None:
        hasher.spend_time(password)
        password_ok = False
    else:
        password_ok = hasher.verify(password, record.password_hash)
    new_hash = None
    if record is not None and password_ok and hasher.needs_rehash(record.password_hash):
        new_hash = hasher.hash(password)

    failure: SignInFailed | None = None
    with engine.begin() as connection:
        current = user_store.get_user(connection, name, for_update=True) if known else None
        if current is not None and (
            record is None or current.password_hash != record.password_hash
        ):
            # changed since the first read: check against what is stored now
            password_ok = hasher.verify(password, current.password_hash)
            new_hash = None
        failure = _decide(
            connection,
            name if known else UNKNOWN_NAME,
            current,
            password_ok,
            moment=moment,
            policy=policy,
            workstation=workstation,
        )
        if failure is None and current is not None:
            user_store.record_sign_in(connection, name, moment)
            if new_hash is not None:
                user_store.set_password_hash(connection, name, new_hash, moment)
            audit(connection, EventKind.LOGIN, name, "signed in", workstation=workstation)
    if failure is not None or current is None:
        raise failure or SignInFailed(SignInFailure.WRONG_CREDENTIALS)
    return _actor(current)


def _decide(
    connection: Connection,
    name: str,
    current: user_store.UserRecord | None,
    password_ok: bool,
    *,
    moment: datetime,
    policy: LockoutPolicy,
    workstation: str,
) -> SignInFailed | None:
    """Apply the policy to one attempt; record the failure, return it (None: success)."""

    def failed(detail: str) -> None:
        audit(
            connection,
            EventKind.LOGIN_FAILED,
            name,
            detail,
            success=False,
            workstation=workstation,
        )

    if current is None:
        failed("unknown username")
        return SignInFailed(SignInFailure.WRONG_CREDENTIALS)
    if policy.is_locked(current.locked_until, moment):
        failed("account locked" + ("" if password_ok else "; wrong password"))
        return SignInFailed(SignInFailure.LOCKED, current.locked_until)
    if not password_ok:
        count = user_store.count_failure(connection, name)
        failed(f"wrong password ({count} of {policy.max_failures})")
        decision = policy.after_failure(count, moment)
        if not decision.locks:
            return SignInFailed(SignInFailure.WRONG_CREDENTIALS)
        user_store.set_lock(
            connection,
            name,
            failed_count=decision.failed_count,
            locked_until=decision.locked_until,
        )
        audit(
            connection,
            EventKind.LOCKED_OUT,
            name,
            f"locked for {policy.lock_minutes} minutes after {count} failed sign-ins",
            success=False,
            workstation=workstation,
        )
        return SignInFailed(SignInFailure.LOCKED, decision.locked_until)
    if current.disabled:
        failed("account disabled")
        return SignInFailed(SignInFailure.DISABLED)
    return None


def sign_out(engine: Engine, actor: Actor, *, workstation: str = "") -> None:
    """Record that ``actor`` signed out."""
    with engine.begin() as connection:
        audit(connection, EventKind.LOGOUT, actor.username, "signed out", workstation=workstation)


@dataclass(frozen=True)
class SignInDesk:
    """Where people sign in: a workstation's database, its name and the hall's policy.

    The one sign-in path for every face -- the sign-in dialog, the idle unlock and every
    command that acts as a user -- so the hall's lock-out settings
    (``users.lockout_failures`` / ``users.lockout_minutes``) apply to all of them.
    """

    engine: Engine
    workstation: str
    policy: LockoutPolicy = DEFAULT_POLICY

    @classmethod
    def of(cls, settings: Settings, engine: Engine, workstation: str) -> SignInDesk:
        """The desk of a workstation, with the lock-out policy its settings declare."""
        return cls(engine, workstation, lockout_policy(settings))

    def sign_in(self, username: str, password: str, *, now: datetime | None = None) -> Actor:
        """:func:`sign_in` here, under the hall's policy."""
        return sign_in(
            self.engine,
            username,
            password,
            workstation=self.workstation,
            policy=self.policy,
            now=now,
        )

    def sign_out(self, actor: Actor) -> None:
        """:func:`sign_out` here."""
        sign_out(self.engine, actor, workstation=self.workstation)


def bootstrap_admin(
    engine: Engine,
    username: str,
    password: str,
    *,
    display_name: str = "",
    now: datetime | None = None,
    hasher: PasswordHasher = DEFAULT_HASHER,
    workstation: str = "",
) -> Actor:
    """Create the first admin, only while the database has no users at all.

    Raises:
        InvalidUsername, WeakPassword: the name or password breaks the rules.
        AccountRefused: there are users already (an admin must add further accounts).
    """
    name = normalize_username(username)
    check_password_policy(password, username=name)
    password_hash = hasher.hash(password)
    moment = utc_now(now)
    with engine.begin() as connection:
        if not is_sqlite(engine):  # two first-starts at once: only one may win
            connection.execute(text("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE"))
        if user_store.count_users(connection) > 0:
            raise AccountRefused(
                "there are users already: only an empty database gets a first admin "
                "this way; ask an admin to add the account",
                "系统中已有用户：只有空数据库才能这样创建首个管理员，请联系管理员添加账号",
            )
        user_store.insert_user(
            connection,
            username=name,
            role=Role.ADMIN,
            display_name=display_name.strip(),
            window="",
            password_hash=password_hash,
            now=moment,
        )
        audit(
            connection,
            EventKind.ADMIN_ACTION,
            name,
            f"bootstrap: created the first admin '{name}'",
            workstation=workstation,
        )
    return Actor(username=name, role=Role.ADMIN, display_name=display_name.strip())


def has_users(engine: Engine) -> bool:
    """Whether any account exists (False on a fresh database: bootstrap an admin)."""
    with engine.connect() as connection:
        return user_store.count_users(connection) > 0

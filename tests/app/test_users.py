"""Signing in on both backends: lock-out with an injected clock, audit in one transaction."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from counterapp.app.user_admin import add_user, disable_user
from counterapp.app.users import bootstrap_admin, has_users, sign_in, sign_out
from counterapp.audit.record import AuditRecord
from counterapp.store import users as user_store
from counterapp.store.audit_log import snapshot, stream_records, verify_log
from counterapp.users import Actor, Role
from counterapp.users.accounts import AccountRefused, SignInFailed, SignInFailure
from counterapp.users.lockout import LockoutPolicy
from counterapp.users.passwords import PasswordHasher, ScryptParams

CHEAP = PasswordHasher(ScryptParams(n=2**4))
NOW = datetime(2025, 1, 6, 1, 0, tzinfo=UTC)
ADMIN_PASSWORD = "admin-pass-1"
CLERK_PASSWORD = "clerk-pass-1"


def events(engine: Engine) -> list[AuditRecord]:
    with engine.connect() as connection:
        return list(stream_records(connection))


def kinds(engine: Engine) -> list[str]:
    return [record.kind for record in events(engine)]


@pytest.fixture
def admin(engine: Engine) -> Actor:
    return bootstrap_admin(engine, "root", ADMIN_PASSWORD, hasher=CHEAP)


@pytest.fixture
def clerk(engine: Engine, admin: Actor) -> str:
    add_user(engine, admin, "li", Role.CLERK, "李明", CLERK_PASSWORD, "07", hasher=CHEAP)
    return "li"


def attempt(engine: Engine, password: str, *, at: datetime, name: str = "li") -> SignInFailed:
    with pytest.raises(SignInFailed) as failed:
        sign_in(engine, name, password, workstation="w07", now=at, hasher=CHEAP)
    return failed.value


def test_sign_in_returns_the_actor_and_audits_it(engine: Engine, clerk: str) -> None:
    actor = sign_in(engine, "LI ", CLERK_PASSWORD, workstation="w07", now=NOW, hasher=CHEAP)
    assert actor == Actor(username="li", role=Role.CLERK, display_name="李明", window="07")
    sign_out(engine, actor, workstation="w07")
    last_two = events(engine)[-2:]
    assert [(r.kind, r.actor, r.success, r.workstation) for r in last_two] == [
        ("login", "li", True, "w07"),
        ("logout", "li", True, "w07"),
    ]
    with engine.connect() as connection:
        record = user_store.get_user(connection, "li")
    assert record is not None and record.last_login_at == NOW


def test_wrong_password_and_unknown_user_look_the_same(engine: Engine, clerk: str) -> None:
    wrong = attempt(engine, "not-the-password", at=NOW)
    unknown = attempt(engine, "not-the-password", at=NOW, name="nobody")
    nonsense = attempt(engine, "whatever", at=NOW, name="clerk-pass-1 oops")
    for failure in (wrong, unknown, nonsense):
        assert failure.failure is SignInFailure.WRONG_CREDENTIALS
        assert (str(failure), failure.reason_zh) == (
            "wrong username or password",
            "用户名或密码错误",
        )
    failed = events(engine)[-3:]
    assert [(r.kind, r.actor, r.success) for r in failed] == [
        ("login_failed", "li", False),
        ("login_failed", "nobody", False),
        ("login_failed", "(not a username)", False),  # maybe a password: not recorded
    ]


def test_five_failures_lock_for_fifteen_minutes(engine: Engine, clerk: str) -> None:
    for minute in range(4):
        failure = attempt(engine, "wrong-guess", at=NOW + timedelta(minutes=minute))
        assert failure.failure is SignInFailure.WRONG_CREDENTIALS
    fifth = attempt(engine, "wrong-guess", at=NOW + timedelta(minutes=4))
    until = NOW + timedelta(minutes=19)
    assert fifth.failure is SignInFailure.LOCKED and fifth.locked_until == until
    assert f"locked until {until.astimezone():%H:%M}" in str(fifth)
    assert kinds(engine)[-2:] == ["login_failed", "locked_out"]

    during = attempt(engine, CLERK_PASSWORD, at=NOW + timedelta(minutes=18, seconds=59))
    assert during.failure is SignInFailure.LOCKED  # the right password does not help
    assert during.locked_until == until
    assert events(engine)[-1].detail == "account locked"

    actor = sign_in(engine, "li", CLERK_PASSWORD, workstation="w07", now=until, hasher=CHEAP)
    assert actor.username == "li"
    with engine.connect() as connection:
        record = user_store.get_user(connection, "li")
    assert record is not None and record.failed_count == 0 and record.locked_until is None


def test_a_success_resets_the_counter(engine: Engine, clerk: str) -> None:
    for _ in range(4):
        attempt(engine, "wrong-guess", at=NOW)
    sign_in(engine, "li", CLERK_PASSWORD, workstation="w07", now=NOW, hasher=CHEAP)
    for _ in range(4):
        assert attempt(engine, "wrong-guess", at=NOW).failure is SignInFailure.WRONG_CREDENTIALS
    assert "locked_out" not in kinds(engine)


def test_configured_policy_is_applied(engine: Engine, clerk: str) -> None:
    policy = LockoutPolicy(max_failures=2, lock_minutes=1)
    for expected in (SignInFailure.WRONG_CREDENTIALS, SignInFailure.LOCKED):
        with pytest.raises(SignInFailed) as failed:
            sign_in(
                engine, "li", "wrong-guess", workstation="", now=NOW, hasher=CHEAP, policy=policy
            )
        assert failed.value.failure is expected
    assert failed.value.locked_until == NOW + timedelta(minutes=1)


def test_concurrent_failures_all_count(engine: Engine, clerk: str) -> None:
    """Eight workstations fail at once: five count, the fifth locks, three meet the lock."""
    start = threading.Barrier(8)
    reasons: list[SignInFailure] = []

    def workstation(number: int) -> None:
        start.wait()
        try:
            sign_in(engine, "li", "wrong-guess", workstation=f"w{number}", now=NOW, hasher=CHEAP)
        except SignInFailed as failed:
            reasons.append(failed.failure)

    threads = [threading.Thread(target=workstation, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(reasons) == 8
    assert reasons.count(SignInFailure.LOCKED) == 4  # the locking one and three more
    assert kinds(engine).count("login_failed") == 8
    assert kinds(engine).count("locked_out") == 1
    with snapshot(engine) as connection:
        assert verify_log(connection).intact


def test_disabled_user_is_told_only_with_the_right_password(
    engine: Engine, admin: Actor, clerk: str
) -> None:
    disable_user(engine, admin, "li")
    assert attempt(engine, "wrong-guess", at=NOW).failure is SignInFailure.WRONG_CREDENTIALS
    disabled = attempt(engine, CLERK_PASSWORD, at=NOW)
    assert disabled.failure is SignInFailure.DISABLED
    assert events(engine)[-1].detail == "account disabled"


def test_weaker_hashes_are_upgraded_at_sign_in(engine: Engine, clerk: str) -> None:
    stronger = PasswordHasher(ScryptParams(n=2**5))
    sign_in(engine, "li", CLERK_PASSWORD, workstation="", now=NOW, hasher=stronger)
    with engine.connect() as connection:
        record = user_store.get_user(connection, "li")
    assert record is not None and record.password_hash.startswith("scrypt$32$")
    sign_in(engine, "li", CLERK_PASSWORD, workstation="", now=NOW, hasher=CHEAP)  # still fine


def test_bootstrap_only_on_an_empty_database(engine: Engine) -> None:
    assert not has_users(engine)
    admin = bootstrap_admin(engine, "Root", ADMIN_PASSWORD, display_name=" 张 ", hasher=CHEAP)
    assert admin == Actor(username="root", role=Role.ADMIN, display_name="张")
    assert has_users(engine)
    with pytest.raises(AccountRefused) as refused:
        bootstrap_admin(engine, "second", ADMIN_PASSWORD, hasher=CHEAP)
    assert "there are users already" in str(refused.value)
    [record] = events(engine)
    assert (record.kind, record.actor) == ("admin_action", "root")
    assert record.detail == "bootstrap: created the first admin 'root'"


def test_no_password_or_hash_reaches_the_audit_log(
    engine: Engine, admin: Actor, clerk: str
) -> None:
    attempt(engine, "secret-guess-99", at=NOW)
    attempt(engine, CLERK_PASSWORD, at=NOW, name="nobody")
    sign_in(engine, "li", CLERK_PASSWORD, workstation="", now=NOW, hasher=CHEAP)
    text = repr(events(engine))
    for secret in ("secret-guess-99", CLERK_PASSWORD, ADMIN_PASSWORD, "scrypt$"):
        assert secret not in text

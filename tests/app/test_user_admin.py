"""Account administration on both backends: permissions refused in the app layer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from counterapp.app.user_admin import (
    add_user,
    change_password,
    disable_user,
    enable_user,
    list_users,
)
from counterapp.app.users import bootstrap_admin, sign_in
from counterapp.store import users as user_store
from counterapp.store.audit_log import stream_records
from counterapp.users import Actor, PermissionDenied, Role
from counterapp.users.accounts import (
    AccountError,
    AccountRefused,
    InvalidUsername,
    SignInFailed,
    SignInFailure,
    UnknownUser,
    UserExists,
)
from counterapp.users.passwords import PasswordHasher, ScryptParams, WeakPassword

CHEAP = PasswordHasher(ScryptParams(n=2**4))
NOW = datetime(2025, 1, 6, 1, 0, tzinfo=UTC)
CLERK = Actor("li", Role.CLERK)
SUPERVISOR = Actor("wang", Role.SUPERVISOR)


@pytest.fixture
def admin(engine: Engine) -> Actor:
    root = bootstrap_admin(engine, "root", "admin-pass-1", hasher=CHEAP)
    add_user(engine, root, "li", "clerk", "李明", "clerk-pass-1", "07", hasher=CHEAP)
    add_user(engine, root, "wang", Role.SUPERVISOR, "王芳", "super-pass-1", hasher=CHEAP)
    return root


def state(engine: Engine) -> tuple[list[user_store.UserRecord], int]:
    """Everything an admin action could change: the user rows and the audit trail's length."""
    with engine.connect() as connection:
        return user_store.list_users(connection), len(list(stream_records(connection)))


def last_event(engine: Engine) -> tuple[str, str, str]:
    with engine.connect() as connection:
        record = list(stream_records(connection))[-1]
    return record.kind, record.actor, record.detail


ADMIN_ACTIONS: dict[str, Callable[[Engine, Actor], object]] = {
    "add_user": lambda e, a: add_user(e, a, "zhao", Role.ADMIN, "", "zhao-pass-1", hasher=CHEAP),
    "disable_user": lambda e, a: disable_user(e, a, "li"),
    "enable_user": lambda e, a: enable_user(e, a, "li"),
    "reset_password": lambda e, a: change_password(e, a, "root", None, "new-pass-12", hasher=CHEAP),
    "list_users": lambda e, a: list_users(e, a),
}


@pytest.mark.parametrize("actor", [CLERK, SUPERVISOR], ids=["clerk", "supervisor"])
def test_only_admins_administer(engine: Engine, admin: Actor, actor: Actor) -> None:
    """Every account action refuses a clerk and a supervisor in the app layer."""
    before = state(engine)
    for name, action in ADMIN_ACTIONS.items():
        with pytest.raises(PermissionDenied) as refused:
            action(engine, actor)
        assert str(refused.value) == (
            f"{actor.role.value} {actor.username!r} may not manage users (needs the admin role)"
        ), name
        assert "无权管理用户（需要管理员角色）" in refused.value.reason_zh, name
        assert state(engine) == before, name  # nothing changed, not even the audit trail


def test_add_user_records_who_added_whom(engine: Engine, admin: Actor) -> None:
    added = add_user(engine, admin, "Zhao", "supervisor", " 赵 ", "zhao-pass-1", "3", hasher=CHEAP)
    assert (added.username, added.role, added.display_name, added.window) == (
        "zhao",
        Role.SUPERVISOR,
        "赵",
        "3",
    )
    assert last_event(engine) == ("admin_action", "root", "added user 'zhao' as supervisor")
    assert (
        sign_in(engine, "zhao", "zhao-pass-1", workstation="", hasher=CHEAP).role is Role.SUPERVISOR
    )


REFUSED_ADDITIONS: list[tuple[str, str, type[AccountError] | type[WeakPassword]]] = [
    ("LI", "another-pass", UserExists),
    ("9lives", "another-pass", InvalidUsername),
    ("zhao", "1234567890", WeakPassword),
    ("zhao", "short", WeakPassword),
]


def test_add_user_refusals_change_nothing(engine: Engine, admin: Actor) -> None:
    before = state(engine)
    for username, password, error in REFUSED_ADDITIONS:
        with pytest.raises(error) as refused:
            add_user(engine, admin, username, Role.CLERK, "", password, hasher=CHEAP)
        assert refused.value.reason_zh, username
        assert state(engine) == before, username


def test_own_password_needs_the_old_one(engine: Engine, admin: Actor) -> None:
    clerk = sign_in(engine, "li", "clerk-pass-1", workstation="", hasher=CHEAP)
    with pytest.raises(SignInFailed) as refused:
        change_password(engine, clerk, "li", "wrong-old-1", "clerk-pass-2", hasher=CHEAP)
    assert refused.value.failure is SignInFailure.WRONG_CREDENTIALS
    change_password(engine, clerk, "li", "clerk-pass-1", "clerk-pass-2", hasher=CHEAP)
    assert last_event(engine) == ("admin_action", "li", "changed own password")
    with pytest.raises(SignInFailed):
        sign_in(engine, "li", "clerk-pass-1", workstation="", hasher=CHEAP)
    sign_in(engine, "li", "clerk-pass-2", workstation="", hasher=CHEAP)


def test_clerk_cannot_change_someone_elses_password(engine: Engine, admin: Actor) -> None:
    before = state(engine)
    with pytest.raises(PermissionDenied):
        change_password(engine, CLERK, "wang", "clerk-pass-1", "hijack-pass-1", hasher=CHEAP)
    assert state(engine) == before


def test_admin_reset_unlocks_the_account(engine: Engine, admin: Actor) -> None:
    for _ in range(5):
        with pytest.raises(SignInFailed):
            sign_in(engine, "li", "wrong-guess", workstation="", now=NOW, hasher=CHEAP)
    change_password(engine, admin, "li", None, "fresh-pass-1", hasher=CHEAP)
    assert last_event(engine) == ("admin_action", "root", "reset the password of 'li'")
    actor = sign_in(engine, "li", "fresh-pass-1", workstation="", now=NOW, hasher=CHEAP)
    assert actor.username == "li"


def test_disable_and_enable(engine: Engine, admin: Actor) -> None:
    assert disable_user(engine, admin, "li") is True
    assert last_event(engine) == ("admin_action", "root", "disabled user 'li'")
    assert disable_user(engine, admin, "li") is False  # no change, no event
    assert last_event(engine) == ("admin_action", "root", "disabled user 'li'")
    with pytest.raises(SignInFailed) as refused:
        sign_in(engine, "li", "clerk-pass-1", workstation="", hasher=CHEAP)
    assert refused.value.failure is SignInFailure.DISABLED
    assert enable_user(engine, admin, "li") is True
    assert last_event(engine) == ("admin_action", "root", "enabled user 'li'")
    sign_in(engine, "li", "clerk-pass-1", workstation="", hasher=CHEAP)


def test_enable_lifts_a_lock(engine: Engine, admin: Actor) -> None:
    for _ in range(5):
        with pytest.raises(SignInFailed):
            sign_in(engine, "li", "wrong-guess", workstation="", now=NOW, hasher=CHEAP)
    disable_user(engine, admin, "li")
    enable_user(engine, admin, "li")
    later = NOW + timedelta(minutes=1)
    sign_in(engine, "li", "clerk-pass-1", workstation="", now=later, hasher=CHEAP)


def test_admin_cannot_disable_themselves(engine: Engine, admin: Actor) -> None:
    with pytest.raises(AccountRefused) as refused:
        disable_user(engine, admin, "root")
    assert "your own account" in str(refused.value)


def test_unknown_user(engine: Engine, admin: Actor) -> None:
    with pytest.raises(UnknownUser) as refused:
        disable_user(engine, admin, "nobody")
    assert str(refused.value) == "no user named 'nobody'"


def test_a_disabled_admin_can_no_longer_act(engine: Engine, admin: Actor) -> None:
    second = Actor("zhao", Role.ADMIN)
    add_user(engine, admin, "zhao", Role.ADMIN, "", "zhao-pass-1", hasher=CHEAP)
    disable_user(engine, second, "root")
    before = state(engine)
    with pytest.raises(AccountRefused) as refused:
        add_user(engine, admin, "sun", Role.CLERK, "", "sun-pass-12", hasher=CHEAP)
    assert "sign in again" in str(refused.value)
    assert state(engine) == before


def test_list_users_shows_no_hashes(engine: Engine, admin: Actor) -> None:
    users = list_users(engine, admin)
    assert [(u.username, u.role) for u in users] == [
        ("li", Role.CLERK),
        ("root", Role.ADMIN),
        ("wang", Role.SUPERVISOR),
    ]
    assert "scrypt" not in repr(users)


def test_unlock_lifts_a_lock_out_and_is_audited(engine: Engine, admin: Actor) -> None:
    from counterapp.app.user_admin import unlock_user

    for _ in range(5):
        with pytest.raises(SignInFailed):
            sign_in(engine, "li", "wrong-guess", workstation="", now=NOW, hasher=CHEAP)
    with pytest.raises(SignInFailed) as locked:
        sign_in(engine, "li", "clerk-pass-1", workstation="", now=NOW, hasher=CHEAP)
    assert locked.value.failure is SignInFailure.LOCKED
    assert unlock_user(engine, admin, "LI", now=NOW, workstation="W01") is True
    assert last_event(engine) == ("admin_action", "root", "lifted the lock-out of user 'li'")
    assert unlock_user(engine, admin, "li", now=NOW) is False  # nothing left to lift, no event
    assert last_event(engine) == ("admin_action", "root", "lifted the lock-out of user 'li'")
    sign_in(engine, "li", "clerk-pass-1", workstation="", now=NOW, hasher=CHEAP)


def test_unlock_clears_failed_sign_ins_short_of_a_lock(engine: Engine, admin: Actor) -> None:
    from counterapp.app.user_admin import unlock_user

    for _ in range(2):
        with pytest.raises(SignInFailed):
            sign_in(engine, "li", "wrong-guess", workstation="", now=NOW, hasher=CHEAP)
    assert unlock_user(engine, admin, "li", now=NOW) is True
    assert last_event(engine)[2] == "cleared the failed sign-ins of user 'li'"
    assert [u.failed_count for u in list_users(engine, admin) if u.username == "li"] == [0]


def test_reset_password_sets_a_temporary_one(engine: Engine, admin: Actor) -> None:
    from counterapp.app.user_admin import reset_password

    reset_password(engine, admin, "li", "temp-pass-77", hasher=CHEAP, workstation="W01")
    assert last_event(engine) == ("admin_action", "root", "reset the password of 'li'")
    sign_in(engine, "li", "temp-pass-77", workstation="", hasher=CHEAP)
    before = state(engine)
    with pytest.raises(WeakPassword) as weak:
        reset_password(engine, admin, "li", "12345678901", hasher=CHEAP)
    assert "digits" in str(weak.value) and weak.value.reason_zh
    with pytest.raises(AccountRefused) as own:
        reset_password(engine, admin, "root", "root-pass-99", hasher=CHEAP)
    assert "your own password" in str(own.value)
    with pytest.raises(UnknownUser):
        reset_password(engine, admin, "nobody", "temp-pass-77", hasher=CHEAP)
    assert state(engine) == before


@pytest.mark.parametrize("actor", [CLERK, SUPERVISOR], ids=["clerk", "supervisor"])
def test_only_admins_unlock_or_reset(engine: Engine, admin: Actor, actor: Actor) -> None:
    from counterapp.app.user_admin import reset_password, unlock_user

    before = state(engine)
    with pytest.raises(PermissionDenied):
        unlock_user(engine, actor, "li")
    with pytest.raises(PermissionDenied):
        reset_password(engine, actor, "wang", "hijack-pass-1", hasher=CHEAP)
    assert state(engine) == before

"""Usernames and sign-in refusal messages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from counterapp.users.accounts import (
    InvalidUsername,
    SignInFailed,
    SignInFailure,
    looks_like_username,
    normalize_username,
)


@pytest.mark.parametrize(
    ("raw", "name"),
    [("li", "li"), ("Li", "li"), ("  wang.fang ", "wang.fang"), ("a_1-b", "a_1-b")],
)
def test_usernames_are_normalized_to_lower_case(raw: str, name: str) -> None:
    assert normalize_username(raw) == name
    assert looks_like_username(raw)


@pytest.mark.parametrize("raw", ["", "l", "1li", "_li", "li ming", "李明", "a" * 33, "li@hall"])
def test_invalid_usernames_are_refused_with_the_rule(raw: str) -> None:
    with pytest.raises(InvalidUsername) as refused:
        normalize_username(raw)
    assert "a letter first" in str(refused.value)
    assert "以字母开头" in refused.value.reason_zh
    assert not looks_like_username(raw)


def test_wrong_credentials_never_say_which() -> None:
    failed = SignInFailed(SignInFailure.WRONG_CREDENTIALS)
    assert str(failed) == "wrong username or password"
    assert failed.reason_zh == "用户名或密码错误"


def test_locked_says_until_when_in_local_time() -> None:
    until = datetime(2025, 1, 6, 1, 15, tzinfo=UTC)
    failed = SignInFailed(SignInFailure.LOCKED, until)
    clock = until.astimezone().strftime("%H:%M")
    assert str(failed).endswith(f"locked until {clock}")
    assert clock in failed.reason_zh
    assert failed.locked_until == until


def test_disabled_says_to_ask_an_admin() -> None:
    failed = SignInFailed(SignInFailure.DISABLED)
    assert "disabled" in str(failed) and "管理员" in failed.reason_zh

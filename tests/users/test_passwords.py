"""scrypt hashes: self-describing, salted, verifiable after the cost is raised."""

from __future__ import annotations

import pytest

from counterapp.users.passwords import (
    DEFAULT_PARAMS,
    MalformedHash,
    PasswordHasher,
    ScryptParams,
    WeakPassword,
    check_password_policy,
    parse_hash,
)

CHEAP = ScryptParams(n=2**4, r=8, p=1)


def test_default_cost_is_memory_hard() -> None:
    assert DEFAULT_PARAMS.n >= 2**14
    assert DEFAULT_PARAMS.r >= 8
    assert DEFAULT_PARAMS.p >= 1
    assert PasswordHasher().params == DEFAULT_PARAMS


def test_default_hash_round_trip() -> None:
    hasher = PasswordHasher()
    stored = hasher.hash("correct horse")
    assert stored.startswith(f"scrypt${DEFAULT_PARAMS.n}$8$1$")
    assert hasher.verify("correct horse", stored)
    assert not hasher.verify("correct horsE", stored)


def test_hash_describes_itself_and_is_salted() -> None:
    hasher = PasswordHasher(CHEAP)
    first, second = hasher.hash("pass-word-1"), hasher.hash("pass-word-1")
    assert first != second  # fresh salt each time
    parsed = parse_hash(first)
    assert parsed.params.n == 16 and parsed.params.r == 8 and parsed.params.p == 1
    assert len(parsed.salt) == 16 and len(parsed.digest) == 32
    assert "pass-word-1" not in first


def test_old_hashes_verify_after_the_cost_is_raised() -> None:
    old = PasswordHasher(CHEAP).hash("pass-word-1")
    stronger = PasswordHasher(ScryptParams(n=2**6))
    assert stronger.verify("pass-word-1", old)
    assert stronger.needs_rehash(old)
    assert not stronger.needs_rehash(stronger.hash("pass-word-1"))
    assert not PasswordHasher(CHEAP).needs_rehash(old)


@pytest.mark.parametrize(
    "stored",
    ["", "plain", "argon2$1$2$3$aa$bb", "scrypt$16$8$1$not base64!$AAAA", "scrypt$15$8$1$AA$AA"],
)
def test_malformed_hashes_never_match(stored: str) -> None:
    hasher = PasswordHasher(CHEAP)
    assert not hasher.verify("anything", stored)
    assert hasher.needs_rehash(stored)
    with pytest.raises(MalformedHash):
        parse_hash(stored)


def test_non_ascii_passwords_work() -> None:
    hasher = PasswordHasher(CHEAP)
    stored = hasher.hash("窗口密码abc123")
    assert hasher.verify("窗口密码abc123", stored)
    assert not hasher.verify("窗口密码abc124", stored)


def test_spend_time_verifies_against_nothing() -> None:
    PasswordHasher(CHEAP).spend_time("whatever")  # no error, no result


@pytest.mark.parametrize(
    ("password", "reason", "reason_zh"),
    [
        ("short1!", "at least 8 characters", "至少需要 8 个字符"),
        ("12345678901", "must not be all digits", "不能全部是数字"),
        ("x" * 257, "at most 256 characters", "不能超过"),
        ("LiMing.01", "must not be the username", "不能与用户名相同"),
    ],
)
def test_policy_refuses_with_a_clear_reason(password: str, reason: str, reason_zh: str) -> None:
    with pytest.raises(WeakPassword) as refused:
        check_password_policy(password, username="liming.01")
    assert reason in str(refused.value)
    assert reason_zh in refused.value.reason_zh


@pytest.mark.parametrize("password", ["abcdefgh", "1234567a", "窗口密码窗口密码", "pass word"])
def test_policy_accepts(password: str) -> None:
    check_password_policy(password, username="li")

"""The lock-out policy's decisions, with explicit times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from counterapp.users.lockout import FailureDecision, LockoutPolicy

NOW = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def test_defaults_are_five_failures_and_fifteen_minutes() -> None:
    policy = LockoutPolicy()
    assert (policy.max_failures, policy.lock_minutes) == (5, 15)


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_failures_below_the_limit_only_count(count: int) -> None:
    assert LockoutPolicy().after_failure(count, NOW) == FailureDecision(count, None)


def test_the_fifth_failure_locks_and_restarts_the_count() -> None:
    decision = LockoutPolicy().after_failure(5, NOW)
    assert decision.locks
    assert decision == FailureDecision(0, NOW + timedelta(minutes=15))


def test_lock_holds_until_its_end_and_not_after() -> None:
    policy = LockoutPolicy(max_failures=3, lock_minutes=10)
    until = policy.after_failure(3, NOW).locked_until
    assert policy.is_locked(until, NOW)
    assert policy.is_locked(until, NOW + timedelta(minutes=9, seconds=59))
    assert not policy.is_locked(until, NOW + timedelta(minutes=10))
    assert not policy.is_locked(None, NOW)


def test_nonsense_policies_are_refused() -> None:
    with pytest.raises(ValueError):
        LockoutPolicy(max_failures=0)
    with pytest.raises(ValueError):
        LockoutPolicy(lock_minutes=0)

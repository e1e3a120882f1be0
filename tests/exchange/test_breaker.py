"""The circuit breaker's states, with a clock the test moves by hand."""

from __future__ import annotations

import threading

import pytest

from counterapp.exchange.breaker import BreakerState, CircuitBreaker


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def _failing(breaker: CircuitBreaker, times: int) -> None:
    for _ in range(times):
        assert breaker.try_acquire()
        breaker.record_failure()


def test_opens_after_consecutive_failures(clock: FakeClock) -> None:
    breaker = CircuitBreaker(clock=clock)
    _failing(breaker, 4)
    assert breaker.state is BreakerState.CLOSED
    _failing(breaker, 1)
    assert breaker.state is BreakerState.OPEN
    assert not breaker.try_acquire()
    assert breaker.retry_after() == pytest.approx(30.0)


def test_a_success_resets_the_count(clock: FakeClock) -> None:
    breaker = CircuitBreaker(failure_threshold=3, clock=clock)
    _failing(breaker, 2)
    assert breaker.try_acquire()
    breaker.record_success()
    _failing(breaker, 2)
    assert breaker.state is BreakerState.CLOSED
    assert breaker.consecutive_failures == 2


def test_half_open_lets_exactly_one_probe_through(clock: FakeClock) -> None:
    breaker = CircuitBreaker(failure_threshold=1, cool_down_s=10, clock=clock)
    _failing(breaker, 1)
    clock.now += 9.9
    assert not breaker.try_acquire()
    assert breaker.retry_after() == pytest.approx(0.1)
    clock.now += 0.1
    assert breaker.state is BreakerState.HALF_OPEN
    assert breaker.try_acquire()
    assert not breaker.try_acquire()  # the probe is still out
    breaker.record_success()
    assert breaker.state is BreakerState.CLOSED
    assert breaker.try_acquire() and breaker.try_acquire()


def test_a_failed_probe_opens_it_again(clock: FakeClock) -> None:
    changes: list[BreakerState] = []
    breaker = CircuitBreaker(
        failure_threshold=2, cool_down_s=5, clock=clock, on_change=changes.append
    )
    _failing(breaker, 2)
    clock.now += 5
    assert breaker.try_acquire()
    breaker.record_failure()
    assert breaker.state is BreakerState.OPEN
    assert breaker.retry_after() == pytest.approx(5.0)
    assert changes == [BreakerState.OPEN, BreakerState.HALF_OPEN, BreakerState.OPEN]


def test_a_released_probe_lets_another_one_through(clock: FakeClock) -> None:
    breaker = CircuitBreaker(failure_threshold=1, cool_down_s=1, clock=clock)
    _failing(breaker, 1)
    clock.now += 1
    assert breaker.try_acquire()
    breaker.release()
    assert breaker.try_acquire()


def test_concurrent_failures_are_all_counted(clock: FakeClock) -> None:
    breaker = CircuitBreaker(failure_threshold=1000, clock=clock)

    def fail_many() -> None:
        for _ in range(100):
            breaker.record_failure()

    threads = [threading.Thread(target=fail_many) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert breaker.consecutive_failures == 800
    assert breaker.state is BreakerState.CLOSED


def test_rejects_nonsense_settings() -> None:
    with pytest.raises(ValueError, match="failure_threshold"):
        CircuitBreaker(failure_threshold=0)
    with pytest.raises(ValueError, match="cool_down_s"):
        CircuitBreaker(cool_down_s=-1)

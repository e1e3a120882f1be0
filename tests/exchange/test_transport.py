"""DepartmentClient against the running simulator: faults, deadlines, retries, breaker, pool."""

from __future__ import annotations

import dataclasses
import socket
import threading
import time
from collections.abc import Callable

import pytest

from counterapp.exchange.breaker import BreakerState, CircuitBreaker
from counterapp.exchange.connector import Connector, RequestSpec
from counterapp.exchange.credentials import CredentialStore
from counterapp.exchange.status import DepartmentStatus
from counterapp.exchange.transport import DepartmentClient, RawAnswer, RetryPolicy
from counterapp.sim.faults import Fault, FaultBoard, FaultKind
from counterapp.sim.model import Population
from counterapp.sim.server import Simulator

# The budget a deadline may be overshot by (scheduling, closing the socket).
SLACK_S = 0.5


@pytest.fixture
def hukou(connectors: dict[str, Connector], with_http: Callable[..., Connector]) -> Connector:
    """The household register with short timeouts, so fault tests stay fast."""
    return with_http(connectors["hukou"], read_timeout_s=0.5, deadline_s=1.0)


def _timed(
    client: DepartmentClient, request: RequestSpec | str, person: str
) -> tuple[RawAnswer, float]:
    started = time.monotonic()
    answer = client.fetch(request, {"id_number": person})
    return answer, time.monotonic() - started


def test_normal_answer_is_handed_on_as_bytes(
    hukou: Connector, credentials: CredentialStore, person_id: str
) -> None:
    with DepartmentClient(hukou, credentials) as client:
        answer = client.fetch("person", {"id_number": person_id})
    assert answer.status is None and answer.exchanged
    assert answer.http_status == 200
    assert person_id.encode() in answer.body
    assert answer.pages == (answer.body,)
    assert answer.content_type.startswith("application/json")
    assert answer.latency_ms > 0
    assert answer.attempts == 1


def test_unknown_person_is_not_found(hukou: Connector, credentials: CredentialStore) -> None:
    with DepartmentClient(hukou, credentials) as client:
        answer = client.fetch("person", {"id_number": "11010519491231002X"})
    assert answer.status is DepartmentStatus.NOT_FOUND
    assert answer.http_status == 404
    assert "HTTP 404" in answer.message and answer.message_zh


def test_latency_is_measured(
    hukou: Connector, credentials: CredentialStore, faults: FaultBoard, person_id: str
) -> None:
    faults.set("hukou", Fault(FaultKind.LATENCY, 300))
    with DepartmentClient(hukou, credentials) as client:
        answer = client.fetch("person", {"id_number": person_id})
    assert answer.exchanged
    assert 300 <= answer.latency_ms < 900


def test_silent_department_times_out_at_the_read_timeout(
    hukou: Connector, credentials: CredentialStore, faults: FaultBoard, person_id: str
) -> None:
    faults.set("hukou", Fault(FaultKind.TIMEOUT, 10_000))
    with DepartmentClient(hukou, credentials) as client:
        answer, took = _timed(client, "person", person_id)
    assert answer.status is DepartmentStatus.TIMEOUT
    assert "timed out after 0.5 s" in answer.message
    assert "等待" in answer.message_zh
    assert 0.5 <= took < hukou.http.deadline + SLACK_S


def test_slow_drip_ends_at_the_deadline(
    hukou: Connector, credentials: CredentialStore, faults: FaultBoard, person_id: str
) -> None:
    # 8 bytes every 100 ms: each read is inside the 0.5 s read timeout, the whole is not.
    faults.set("hukou", Fault(FaultKind.SLOW_DRIP, 100))
    with DepartmentClient(hukou, credentials) as client:
        answer, took = _timed(client, "person", person_id)
    assert answer.status is DepartmentStatus.TIMEOUT
    assert "still arriving" in answer.message
    assert hukou.http.deadline <= took < hukou.http.deadline + SLACK_S


def test_server_error_is_unavailable_and_not_retried(
    sim: Simulator,
    hukou: Connector,
    credentials: CredentialStore,
    faults: FaultBoard,
    person_id: str,
) -> None:
    faults.set("hukou", Fault(FaultKind.HTTP_500, 500))
    before = sim.stats["hukou"]
    with DepartmentClient(hukou, credentials) as client:
        answer = client.fetch("person", {"id_number": person_id})
    assert answer.status is DepartmentStatus.UNAVAILABLE
    assert answer.http_status == 500 and "HTTP 500" in answer.message
    assert sim.stats["hukou"] - before == 1


def test_get_is_retried_after_503(
    sim: Simulator,
    hukou: Connector,
    credentials: CredentialStore,
    faults: FaultBoard,
    person_id: str,
) -> None:
    faults.set("hukou", Fault(FaultKind.HTTP_500, 503, count=2))
    before = sim.stats["hukou"]
    with DepartmentClient(hukou, credentials) as client:
        answer = client.fetch("person", {"id_number": person_id})
    # Two 503s, then the answer; every retry is signed afresh (HMAC nonces are single-use).
    assert answer.exchanged, answer
    assert answer.attempts == 3
    assert sim.stats["hukou"] - before == 3
    assert answer.latency_ms >= 400  # backoff 0.1 s + 0.3 s


def test_retries_give_up_after_the_policy(
    hukou: Connector, credentials: CredentialStore, faults: FaultBoard, person_id: str
) -> None:
    faults.set("hukou", Fault(FaultKind.HTTP_500, 502))
    with DepartmentClient(hukou, credentials) as client:
        answer = client.fetch("person", {"id_number": person_id})
    assert answer.status is DepartmentStatus.UNAVAILABLE
    assert answer.attempts == 3


def test_post_is_not_retried(
    sim: Simulator,
    hukou: Connector,
    credentials: CredentialStore,
    faults: FaultBoard,
    person_id: str,
) -> None:
    post = dataclasses.replace(hukou.requests[0], method="POST")
    faults.set("hukou", Fault(FaultKind.HTTP_500, 503, count=2))
    before = sim.stats["hukou"]
    with DepartmentClient(hukou, credentials) as client:
        answer = client.fetch(post, {"id_number": person_id})
    assert answer.status is DepartmentStatus.UNAVAILABLE
    assert answer.attempts == 1
    assert sim.stats["hukou"] - before == 1


def test_dropped_connection_is_unavailable(
    hukou: Connector, credentials: CredentialStore, faults: FaultBoard, person_id: str
) -> None:
    faults.set("hukou", Fault(FaultKind.DROP))
    with DepartmentClient(hukou, credentials) as client:
        answer = client.fetch("person", {"id_number": person_id})
    assert answer.status is DepartmentStatus.UNAVAILABLE
    assert "closed the connection" in answer.message


@pytest.mark.parametrize(
    "kind", [FaultKind.MALFORMED, FaultKind.WRONG_ENCODING, FaultKind.BODY_ERROR]
)
def test_broken_bodies_are_handed_to_the_parser(
    kind: FaultKind,
    hukou: Connector,
    credentials: CredentialStore,
    faults: FaultBoard,
    person_id: str,
) -> None:
    faults.set("hukou", Fault(kind))
    with DepartmentClient(hukou, credentials) as client:
        answer = client.fetch("person", {"id_number": person_id})
    # What is wrong with these bodies is the parser's to say: the bytes must arrive.
    assert answer.exchanged and answer.http_status == 200
    assert answer.body and answer.pages == (answer.body,)


def test_oversized_answer_announced_by_content_length_is_refused(
    hukou: Connector, credentials: CredentialStore, faults: FaultBoard, person_id: str
) -> None:
    faults.set("hukou", Fault(FaultKind.OVERSIZED, 20))
    with DepartmentClient(hukou, credentials) as client:
        answer, took = _timed(client, "person", person_id)
    assert answer.status is DepartmentStatus.BAD_RESPONSE
    assert "larger than the limit of 2,000,000 bytes" in answer.message
    assert took < 0.5


def test_refused_connection_is_unavailable_after_retries(
    connectors: dict[str, Connector], with_http: Callable[..., Connector]
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    closed = with_http(connectors["market"], base_url=f"http://127.0.0.1:{port}")
    with DepartmentClient(closed) as client:
        answer = client.fetch(closed.requests[0], {"id_number": "x"})
    assert answer.status is DepartmentStatus.UNAVAILABLE
    assert f"cannot connect to 127.0.0.1:{port}" in answer.message
    assert answer.attempts == 3


def test_connections_are_reused(
    hukou: Connector, credentials: CredentialStore, population: Population
) -> None:
    people = list(population.people)[:6]
    with DepartmentClient(hukou, credentials) as client:
        for person in people:
            assert client.fetch("person", {"id_number": person}).status is not (
                DepartmentStatus.UNAVAILABLE
            )
        assert client.connections_opened == 1


def test_concurrent_lookups_share_the_pool(
    hukou: Connector, credentials: CredentialStore, population: Population
) -> None:
    people = list(population.people)[:8]
    results: list[object] = []
    with DepartmentClient(hukou, credentials) as client:
        threads = [
            threading.Thread(
                target=lambda p=p: results.append(client.fetch("person", {"id_number": p}))
            )
            for p in people
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert 1 <= client.connections_opened <= 8
    assert len(results) == 8
    assert all(getattr(r, "status", None) in (None, DepartmentStatus.NOT_FOUND) for r in results), (
        results
    )


def test_breaker_opens_fails_fast_and_probes_after_cool_down(
    sim: Simulator,
    hukou: Connector,
    credentials: CredentialStore,
    faults: FaultBoard,
    person_id: str,
) -> None:
    now = [1000.0]
    breaker = CircuitBreaker(failure_threshold=3, cool_down_s=30, clock=lambda: now[0])
    no_retry = RetryPolicy(backoff_s=())
    faults.set("hukou", Fault(FaultKind.HTTP_500, 503))
    with DepartmentClient(hukou, credentials, breaker=breaker, retry=no_retry) as client:
        for _ in range(3):
            assert client.fetch("person", {"id_number": person_id}).http_status == 503
        assert breaker.state is BreakerState.OPEN
        before = sim.stats["hukou"]
        answer, took = _timed(client, "person", person_id)
        assert answer.status is DepartmentStatus.UNAVAILABLE
        assert "circuit open" in answer.message and "retry after 30 s" in answer.message
        assert took < 0.05 and sim.stats["hukou"] == before  # nothing was sent

        now[0] += 30  # cool-down over: one probe, which fails, opens it again
        assert client.fetch("person", {"id_number": person_id}).http_status == 503
        assert sim.stats["hukou"] == before + 1
        assert breaker.state is BreakerState.OPEN

        faults.clear("hukou")
        now[0] += 30  # the next probe succeeds and closes it
        assert client.fetch("person", {"id_number": person_id}).exchanged
        assert breaker.state is BreakerState.CLOSED

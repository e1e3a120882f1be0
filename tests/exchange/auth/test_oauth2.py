"""OAuth2 client credentials against the simulated social-security server."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from counterapp.exchange.auth.oauth2 import OAuth2ClientCredentials
from counterapp.exchange.connector import Connector
from counterapp.exchange.credentials import CredentialStore
from counterapp.exchange.raw_answer import RawAnswer
from counterapp.exchange.status import DepartmentStatus
from counterapp.exchange.transport import DepartmentClient
from counterapp.sim.server import Simulator


@pytest.fixture
def token_ttl(sim: Simulator) -> Iterator[object]:
    """Lets a test change the lifetime of tokens the server issues; restored after."""
    hrss = sim.departments["hrss"]
    saved = hrss.token_ttl_s  # type: ignore[attr-defined]
    yield hrss
    hrss.token_ttl_s = saved  # type: ignore[attr-defined]


def _fetch(client: DepartmentClient, person: str) -> RawAnswer:
    return client.fetch("insured_person", {"id_number": person})


def _auth(client: DepartmentClient) -> OAuth2ClientCredentials:
    auth = client._authenticator()
    assert isinstance(auth, OAuth2ClientCredentials)
    return auth


def test_one_token_serves_many_concurrent_lookups(
    connectors: dict[str, Connector], credentials: CredentialStore, person_id: str
) -> None:
    results: list[RawAnswer] = []
    with DepartmentClient(connectors["hrss"], credentials) as client:
        threads = [
            threading.Thread(target=lambda: results.append(_fetch(client, person_id)))
            for _ in range(6)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert _auth(client).tokens_fetched == 1
    assert len(results) == 6
    assert all(r.status in (None, DepartmentStatus.NOT_FOUND) for r in results), results


def test_wrong_client_secret_is_auth_failed(
    connectors: dict[str, Connector], credentials: CredentialStore, person_id: str
) -> None:
    credentials.set("hrss", "demo-wrong-client-secret")
    with DepartmentClient(connectors["hrss"], credentials) as client:
        answer = _fetch(client, person_id)
    assert answer.status is DepartmentStatus.AUTH_FAILED
    assert "token endpoint refused the client credentials (HTTP 401: invalid_client)" in (
        answer.message
    )


def test_expired_token_is_refreshed_once(
    connectors: dict[str, Connector],
    credentials: CredentialStore,
    token_ttl: object,
    person_id: str,
) -> None:
    token_ttl.token_ttl_s = 1  # type: ignore[attr-defined]
    frozen = [0.0]  # our cache never sees time pass: only the server's 401 tells
    with DepartmentClient(connectors["hrss"], credentials, token_clock=lambda: frozen[0]) as client:
        assert _fetch(client, person_id).attempts == 1
        time.sleep(1.05)
        token_ttl.token_ttl_s = 600  # type: ignore[attr-defined]
        answer = _fetch(client, person_id)
        assert answer.status in (None, DepartmentStatus.NOT_FOUND), answer
        assert answer.attempts == 2
        assert _auth(client).tokens_fetched == 2


def test_token_refused_after_refresh_gives_up(
    connectors: dict[str, Connector],
    credentials: CredentialStore,
    token_ttl: object,
    person_id: str,
) -> None:
    token_ttl.token_ttl_s = 0  # every token is expired on arrival
    with DepartmentClient(connectors["hrss"], credentials) as client:
        answer = _fetch(client, person_id)
        assert answer.status is DepartmentStatus.AUTH_FAILED
        assert answer.http_status == 401
        assert answer.attempts == 2
        assert _auth(client).tokens_fetched == 2


def test_token_is_reused_until_shortly_before_expiry(
    connectors: dict[str, Connector],
    credentials: CredentialStore,
    token_ttl: object,
    person_id: str,
) -> None:
    token_ttl.token_ttl_s = 600  # type: ignore[attr-defined]
    now = [0.0]
    with DepartmentClient(connectors["hrss"], credentials, token_clock=lambda: now[0]) as client:
        _fetch(client, person_id)
        _fetch(client, person_id)
        assert _auth(client).tokens_fetched == 1
        now[0] += 569  # 600 s minus the 30 s margin: still good
        _fetch(client, person_id)
        assert _auth(client).tokens_fetched == 1
        now[0] += 2  # within the margin: refreshed before it can be refused
        answer = _fetch(client, person_id)
        assert _auth(client).tokens_fetched == 2
        assert answer.attempts == 1

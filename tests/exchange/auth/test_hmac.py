"""HMAC signing against the simulated household register (which verifies every request)."""

from __future__ import annotations

from counterapp.exchange.connector import Connector
from counterapp.exchange.credentials import CredentialStore
from counterapp.exchange.status import DepartmentStatus
from counterapp.exchange.transport import DepartmentClient


def test_right_secret_is_accepted(
    connectors: dict[str, Connector], credentials: CredentialStore, person_id: str
) -> None:
    with DepartmentClient(connectors["hukou"], credentials) as client:
        first = client.fetch("person", {"id_number": person_id})
        again = client.fetch("person", {"id_number": person_id})
    assert first.exchanged and again.exchanged  # a fresh nonce each time


def test_wrong_secret_is_auth_failed(
    connectors: dict[str, Connector], credentials: CredentialStore, person_id: str
) -> None:
    credentials.set("hukou", "demo-not-the-secret")
    with DepartmentClient(connectors["hukou"], credentials) as client:
        answer = client.fetch("person", {"id_number": person_id})
    assert answer.status is DepartmentStatus.AUTH_FAILED
    assert answer.http_status == 401
    assert "refused our credentials" in answer.message and answer.message_zh
    assert answer.attempts == 1  # repeating a refused signature would not help

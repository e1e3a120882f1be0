"""API-key headers against the simulated civil affairs, housing fund and real-estate APIs."""

from __future__ import annotations

import pytest

from counterapp.exchange.connector import Connector
from counterapp.exchange.credentials import CredentialStore
from counterapp.exchange.status import DepartmentStatus
from counterapp.exchange.transport import DepartmentClient


@pytest.mark.parametrize("department", ["civil", "fund", "realestate"])
def test_right_key_is_accepted(
    department: str,
    connectors: dict[str, Connector],
    credentials: CredentialStore,
    person_id: str,
) -> None:
    connector = connectors[department]
    with DepartmentClient(connector, credentials) as client:
        answer = client.fetch(connector.requests[0], {"id_number": person_id})
    assert answer.exchanged or answer.status is DepartmentStatus.NOT_FOUND, answer
    assert answer.http_status not in (401, 403)


@pytest.mark.parametrize("department", ["civil", "realestate"])
def test_wrong_key_is_auth_failed(
    department: str,
    connectors: dict[str, Connector],
    credentials: CredentialStore,
    person_id: str,
) -> None:
    connector = connectors[department]
    credentials.set(department, "demo-wrong-key-0000")
    with DepartmentClient(connector, credentials) as client:
        answer = client.fetch(connector.requests[0], {"id_number": person_id})
    assert answer.status is DepartmentStatus.AUTH_FAILED, answer
    assert answer.http_status in (401, 403)


def test_refusal_inside_http_200_is_left_to_the_parser(
    connectors: dict[str, Connector], credentials: CredentialStore, person_id: str
) -> None:
    # The housing fund answers a bad token with HTTP 200 and code 401 in its envelope: the
    # transport hands the body on; the envelope rules (auth_failed_when) read it.
    fund = connectors["fund"]
    credentials.set("fund", "demo-wrong-token-0000")
    with DepartmentClient(fund, credentials) as client:
        answer = client.fetch(fund.requests[0], {"id_number": person_id})
    assert answer.exchanged and answer.http_status == 200
    assert b"401" in answer.body

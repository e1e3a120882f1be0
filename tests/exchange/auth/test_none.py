"""Scheme ``none``: the public market registry needs no credentials (and no keyring)."""

from __future__ import annotations

from keyring.backends import fail

from counterapp.exchange.connector import Connector
from counterapp.exchange.credentials import CredentialStore
from counterapp.exchange.transport import DepartmentClient


def test_public_department_needs_no_keyring(
    connectors: dict[str, Connector], person_id: str
) -> None:
    market = connectors["market"]
    store = CredentialStore(connectors, fail.Keyring())
    with DepartmentClient(market, store) as client:
        answer = client.fetch(market.requests[0], {"id_number": person_id})
    assert answer.exchanged, answer

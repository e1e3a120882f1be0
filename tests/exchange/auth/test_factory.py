"""A secret that cannot be had is AUTH_FAILED with the command that fixes it, never a crash."""

from __future__ import annotations

from keyring.backends import fail

from counterapp.exchange.connector import Connector
from counterapp.exchange.credentials import CredentialStore
from counterapp.exchange.status import DepartmentStatus
from counterapp.exchange.transport import DepartmentClient


def test_missing_entry_says_what_to_run(
    connectors: dict[str, Connector], file_keyring: object, person_id: str
) -> None:
    with DepartmentClient(connectors["hukou"], CredentialStore(connectors)) as client:
        answer = client.fetch("person", {"id_number": person_id})
    assert answer.status is DepartmentStatus.AUTH_FAILED
    assert "no secret for hukou in the keyring" in answer.message
    assert "counterapp credentials set hukou" in answer.message
    assert "counterapp credentials set hukou" in answer.message_zh


def test_no_keyring_backend_is_auth_failed(
    connectors: dict[str, Connector], person_id: str
) -> None:
    store = CredentialStore(connectors, fail.Keyring())
    with DepartmentClient(connectors["civil"], store) as client:
        answer = client.fetch(connectors["civil"].requests[0], {"id_number": person_id})
    assert answer.status is DepartmentStatus.AUTH_FAILED
    assert "no usable keyring" in answer.message


def test_a_secret_set_later_is_picked_up(
    sim: object,
    connectors: dict[str, Connector],
    file_keyring: object,
    person_id: str,
) -> None:
    store = CredentialStore(connectors)
    with DepartmentClient(connectors["hukou"], store) as client:
        assert client.fetch("person", {"id_number": person_id}).status is (
            DepartmentStatus.AUTH_FAILED
        )
        store.set("hukou", sim.credentials.hukou_secret)  # type: ignore[attr-defined]
        assert client.fetch("person", {"id_number": person_id}).exchanged

"""Storing the demo secrets: into a working keyring, or a one-line reason why not."""

from __future__ import annotations

from pathlib import Path

import keyring.errors
from keyring.backends import fail, null
from keyrings.alt.file import PlaintextKeyring

from counterapp.exchange.credentials import CredentialStore
from counterapp.sim.connector_specs import SIM_CONNECTORS
from counterapp.sim.credentials import derive_credentials
from counterapp.sim.keyring_store import store_credentials


def _file_keyring(tmp_path: Path) -> PlaintextKeyring:
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")
    return backend


def test_stores_every_entry_in_a_usable_backend(tmp_path: Path) -> None:
    backend = _file_keyring(tmp_path)
    creds = derive_credentials(3)
    outcome = store_credentials(creds, backend)
    assert outcome.problem == ""
    assert outcome.backend == "keyrings.alt.file.PlaintextKeyring"
    assert outcome.stored == tuple(entry.keyring_service for entry in creds.entries())
    assert len(outcome.stored) == 5
    for entry in creds.entries():
        assert backend.get_password(entry.keyring_service, entry.username) == entry.secret


def test_the_client_reads_back_what_the_simulator_stored(tmp_path: Path) -> None:
    # The simulator writes through the same CredentialStore the app reads with.
    backend = _file_keyring(tmp_path)
    creds = derive_credentials(3)
    assert store_credentials(creds, backend).problem == ""
    store = CredentialStore({c.department_id: c for c in SIM_CONNECTORS}, backend)
    for connector in SIM_CONNECTORS:
        entry = creds.entry(connector.department_id)
        secret = store.get(connector)
        if entry is None:
            assert secret is None
        else:
            assert secret is not None and secret.value == entry.secret


def test_fail_and_null_backends_are_reported_not_raised() -> None:
    for backend in (fail.Keyring(), null.Keyring()):
        outcome = store_credentials(derive_credentials(3), backend)
        assert outcome.stored == ()
        assert "no usable keyring" in outcome.problem
        assert "\n" not in outcome.problem


class _RefusingKeyring(PlaintextKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        if service.endswith("/civil"):
            raise keyring.errors.PasswordSetError("locked")
        super().set_password(service, username, password)


def test_a_refusing_backend_is_reported_with_what_was_stored(tmp_path: Path) -> None:
    backend = _RefusingKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")
    outcome = store_credentials(derive_credentials(3), backend)
    assert outcome.stored == ("counterapp/hukou",)
    assert "civil" in outcome.problem and "locked" in outcome.problem
    assert "\n" not in outcome.problem

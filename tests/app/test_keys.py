"""`app.keys`: rotating keys needs ROTATE_KEYS and is audited; status needs nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from keyring.backends import fail
from keyrings.alt.file import PlaintextKeyring
from sqlalchemy import Engine

from counterapp.app.keys import key_status, rotate_keys
from counterapp.audit.record import AuditRecord
from counterapp.exchange.credentials import KeyringUnavailable
from counterapp.protection import open_cipher
from counterapp.store.audit_log import stream_records, verify_log
from counterapp.users import Actor, PermissionDenied, Role

ADMIN = Actor("admin1", Role.ADMIN)


@pytest.fixture
def keyring_backend(tmp_path: Path) -> PlaintextKeyring:
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")
    return backend


def _events(engine: Engine) -> list[AuditRecord]:
    with engine.connect() as connection:
        assert verify_log(connection).intact
        return [r for r in stream_records(connection) if r.kind == "key_rotated"]


def test_an_admin_rotates_and_the_rotation_is_audited(
    engine: Engine, keyring_backend: PlaintextKeyring
) -> None:
    old = open_cipher(engine, keyring_backend).current_key_id
    report = rotate_keys(engine, ADMIN, keyring_backend, workstation="window 07")
    [event] = _events(engine)
    assert event.actor == "admin1" and event.success and event.workstation == "window 07"
    assert event.detail == f"rotated 0 values from key {old} to {report.new_key_id}"
    states = {s.key_id: s for s in key_status(engine, keyring_backend)}
    assert not states[old].active and states[report.new_key_id].active


@pytest.mark.parametrize("role", [Role.CLERK, Role.SUPERVISOR])
def test_clerks_and_supervisors_are_refused_and_the_refusal_audited(
    engine: Engine, keyring_backend: PlaintextKeyring, role: Role
) -> None:
    first = open_cipher(engine, keyring_backend).current_key_id
    with pytest.raises(PermissionDenied, match="may not rotate encryption keys"):
        rotate_keys(engine, Actor("someone", role), keyring_backend)
    [event] = _events(engine)
    assert not event.success and event.actor == "someone"
    assert open_cipher(engine, keyring_backend).current_key_id == first


def test_a_failed_rotation_is_audited_as_failed(engine: Engine) -> None:
    with pytest.raises(KeyringUnavailable):
        rotate_keys(engine, ADMIN, fail.Keyring())
    [event] = _events(engine)
    assert not event.success and event.detail == "rotation failed: KeyringUnavailable"

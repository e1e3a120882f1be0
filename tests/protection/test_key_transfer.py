"""Key files: sealed under a passphrase, checked against the database on import."""

from __future__ import annotations

from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring
from sqlalchemy import Engine

from counterapp.protection import KeyMismatch, KeyMissing, open_cipher
from counterapp.protection.key_transfer import (
    KeyFileError,
    TransferKey,
    export_keys,
    import_keys,
    open_keys,
    seal_keys,
)

from .conftest import file_keyring

PASSPHRASE = "correct horse battery staple"


def test_seal_and_open_round_trip_and_refusals() -> None:
    keys = [TransferKey("0a1b2c3d", "enc", bytes(range(32)))]
    data = seal_keys(keys, PASSPHRASE)
    assert bytes(range(32)).hex() not in data.decode() and "0a1b2c3d" not in data.decode()
    assert open_keys(data, PASSPHRASE) == keys
    with pytest.raises(KeyFileError, match="wrong passphrase"):
        open_keys(data, PASSPHRASE + "!")
    with pytest.raises(KeyFileError, match="not a readable"):
        open_keys(b"{}", PASSPHRASE)
    with pytest.raises(KeyFileError, match="at least 12"):
        seal_keys(keys, "short")


def test_a_second_workstation_imports_and_then_opens_the_cipher(
    engine: Engine, keyring_backend: PlaintextKeyring, tmp_path: Path
) -> None:
    first = open_cipher(engine, keyring_backend)
    token = first.encrypt("李四", context="c")
    data = seal_keys(export_keys(engine, keyring_backend), PASSPHRASE)
    second = file_keyring(tmp_path / "second.cfg")
    with pytest.raises(KeyMissing):
        open_cipher(engine, second)
    report = import_keys(engine, open_keys(data, PASSPHRASE), second)
    assert set(report.imported) == {first.current_key_id, first.index_key_id}
    assert open_cipher(engine, second).decrypt(token, context="c") == "李四"
    again = import_keys(engine, open_keys(data, PASSPHRASE), second)
    assert again.imported == () and len(again.already_present) == 2


def test_a_key_file_of_another_database_is_refused(
    engine: Engine, keyring_backend: PlaintextKeyring, tmp_path: Path
) -> None:
    cipher = open_cipher(engine, keyring_backend)
    forged = [TransferKey(cipher.current_key_id, "enc", bytes(32))]
    with pytest.raises(KeyMismatch, match="another database"):
        import_keys(engine, forged, file_keyring(tmp_path / "second.cfg"))
    stranger = import_keys(engine, [TransferKey("ffffffff", "enc", bytes(32))], keyring_backend)
    assert stranger.not_recorded == ("ffffffff",)

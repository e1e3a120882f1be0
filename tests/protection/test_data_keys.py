"""Keys in the OS keyring, their registry in ``data_keys``: first run, reuse, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from keyring.backends import fail, null
from keyrings.alt.file import PlaintextKeyring
from sqlalchemy import Engine, select

from counterapp.exchange.credentials import KeyringUnavailable
from counterapp.protection import KeyMismatch, KeyMissing, open_cipher
from counterapp.protection.data_keys import SERVICE, KeyringKeys, create_key
from counterapp.store.base import Base, import_all_tables
from counterapp.store.data_key_tables import DataKey
from counterapp.store.migrate import alembic_config, schema_state, upgrade

from .conftest import file_keyring


def _rows(engine: Engine) -> list[tuple[str, str, object]]:
    with engine.connect() as connection:
        query = select(DataKey.key_id, DataKey.purpose, DataKey.retired_at)
        return [tuple(row) for row in connection.execute(query)]


def test_first_run_creates_both_keys_in_the_keyring_and_records_them(
    engine: Engine, keyring_backend: PlaintextKeyring
) -> None:
    cipher = open_cipher(engine, keyring_backend)
    rows = _rows(engine)
    assert sorted(purpose for _, purpose, _ in rows) == ["enc", "index"]
    assert all(retired is None for _, _, retired in rows)
    data_id = next(key_id for key_id, purpose, _ in rows if purpose == "enc")
    index_id = next(key_id for key_id, purpose, _ in rows if purpose == "index")
    assert cipher.current_key_id == data_id and cipher.index_key_id == index_id
    assert keyring_backend.get_password(SERVICE, data_id)
    assert keyring_backend.get_password(SERVICE, f"index-{index_id}")

    again = open_cipher(engine, keyring_backend)
    assert len(_rows(engine)) == 2
    token = cipher.encrypt("北京市朝阳区", context="cases.address")
    assert again.decrypt(token, context="cases.address") == "北京市朝阳区"
    assert again.blind_index("x", purpose="resident_id") == cipher.blind_index(
        "x", purpose="resident_id"
    )


def test_a_workstation_without_the_keys_gets_key_missing_naming_the_key(
    engine: Engine, keyring_backend: PlaintextKeyring, tmp_path: Path
) -> None:
    cipher = open_cipher(engine, keyring_backend)
    with pytest.raises(KeyMissing) as caught:
        open_cipher(engine, file_keyring(tmp_path / "other-workstation.cfg"))
    assert caught.value.key_id in {cipher.current_key_id, cipher.index_key_id}
    assert "keys import" in str(caught.value) and SERVICE in str(caught.value)
    assert len(_rows(engine)) == 2  # no second set of keys was made


def test_a_wrong_key_under_the_right_id_is_a_key_mismatch(
    engine: Engine, keyring_backend: PlaintextKeyring
) -> None:
    cipher = open_cipher(engine, keyring_backend)
    KeyringKeys(keyring_backend).put(cipher.current_key_id, bytes(32))
    with pytest.raises(KeyMismatch, match="check value"):
        open_cipher(engine, keyring_backend)
    keyring_backend.set_password(SERVICE, cipher.current_key_id, "not base64 !")
    with pytest.raises(KeyMismatch, match="not a Counter data key"):
        open_cipher(engine, keyring_backend)


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()], ids=["fail", "null"])
def test_a_headless_machine_gets_keyring_unavailable(engine: Engine, backend) -> None:
    with pytest.raises(KeyringUnavailable, match="no usable keyring"):
        open_cipher(engine, backend)
    assert _rows(engine) == []


def test_two_first_runs_racing_agree_on_one_key(
    engine: Engine, keyring_backend: PlaintextKeyring
) -> None:
    keys = KeyringKeys(keyring_backend)
    first = create_key(engine, keys, "enc")
    second = create_key(engine, keys, "enc")  # lost the race: the partial unique index
    assert first is not None and second is None
    assert [key_id for key_id, _, _ in _rows(engine)] == [first[0]]
    assert open_cipher(engine, keyring_backend).current_key_id == first[0]


def test_migration_0004_downgrades_and_upgrades(engine: Engine) -> None:
    command.downgrade(alembic_config(engine), "0003")
    assert schema_state(engine).current == "0003"
    upgrade(engine)
    assert schema_state(engine).up_to_date
    assert _rows(engine) == []


def test_the_migration_matches_the_table_model(engine: Engine) -> None:
    import_all_tables()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert [d for d in differences if "data_keys" in repr(d)] == []


def test_the_table_read_here_is_the_table_the_store_declares() -> None:
    """protection/ reads ``data_keys`` without importing store/: the columns must agree."""
    from counterapp.protection.data_keys import DATA_KEYS

    declared = DataKey.__table__.columns
    assert [c.name for c in DATA_KEYS.columns] == [c.name for c in declared]

"""Key rotation end to end on both backends, with a probe table of the test's own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from keyrings.alt.file import PlaintextKeyring
from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, select

from counterapp.protection import (
    FieldCipher,
    KeyMissing,
    ProtectionError,
    key_status,
    open_cipher,
    register_encrypted_column,
    rotate_keys,
    token_key_id,
)
from counterapp.protection.data_keys import SERVICE
from counterapp.protection.registry import unregister_encrypted_column
from counterapp.store.base import all_encrypted_columns

CONTEXT = "protection_probe.secret"
NAMES = ["张三", "欧阳𬌗", "北京市朝阳区建国路88号", "11010519491231002X", "", "a" * 70]


@pytest.fixture
def probe(engine: Engine) -> Iterator[Table]:
    """A table with one encrypted column, registered for rotation for this test only."""
    metadata = MetaData()
    table = Table(
        "protection_probe",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("secret", String(400), nullable=True),
    )
    metadata.create_all(engine)
    register_encrypted_column("protection_probe", "secret", CONTEXT)
    yield table
    unregister_encrypted_column("protection_probe", "secret")


def _write(engine: Engine, table: Table, cipher: FieldCipher, count: int) -> list[str | None]:
    plain = [None if i % 7 == 3 else NAMES[i % len(NAMES)] + str(i) for i in range(count)]
    with engine.begin() as connection:
        connection.execute(
            table.insert(),
            [
                {"id": i, "secret": None if p is None else cipher.encrypt(p, context=CONTEXT)}
                for i, p in enumerate(plain)
            ],
        )
    return plain


def _read(engine: Engine, table: Table) -> list[str | None]:
    with engine.connect() as connection:
        return [row.secret for row in connection.execute(select(table).order_by(table.c.id))]


def test_rotation_reencrypts_every_row_under_the_new_key(
    engine: Engine, keyring_backend: PlaintextKeyring, probe: Table
) -> None:
    old = open_cipher(engine, keyring_backend)
    plain = _write(engine, probe, old, 23)
    report = rotate_keys(engine, keyring_backend, columns=all_encrypted_columns(), batch_size=5)

    assert report.old_key_ids == (old.current_key_id,)
    assert report.new_key_id != old.current_key_id
    assert report.values_rotated == sum(p is not None for p in plain)
    assert report.describe() == (
        f"rotated {report.values_rotated} values from key {old.current_key_id} "
        f"to {report.new_key_id}"
    )
    new = open_cipher(engine, keyring_backend)
    assert new.current_key_id == report.new_key_id
    for expected, token in zip(plain, _read(engine, probe), strict=True):
        if expected is None:
            assert token is None
            continue
        assert token_key_id(token) == report.new_key_id
        assert new.decrypt(token, context=CONTEXT) == expected
    # The index key is not rotated: blind indexes stay valid.
    assert new.blind_index("x", purpose="resident_id") == old.blind_index(
        "x", purpose="resident_id"
    )
    # The old key is retired, still in the keyring, and protects no value any more.
    status = {
        s.key_id: s for s in key_status(engine, keyring_backend, columns=all_encrypted_columns())
    }
    assert status[old.current_key_id].retired_at is not None
    assert status[old.current_key_id].keyring == "present"
    assert status[old.current_key_id].values == 0
    assert status[report.new_key_id].active
    assert status[report.new_key_id].values == report.values_rotated
    assert keyring_backend.get_password(SERVICE, old.current_key_id)


class _Crash(Exception):
    pass


def test_a_rotation_stopped_half_way_leaves_every_row_readable(
    engine: Engine, keyring_backend: PlaintextKeyring, probe: Table
) -> None:
    old = open_cipher(engine, keyring_backend)
    plain = _write(engine, probe, old, 40)

    def crash_after_two_batches(done: int) -> None:
        if done >= 8:
            raise _Crash

    with pytest.raises(_Crash):
        rotate_keys(
            engine,
            keyring_backend,
            columns=all_encrypted_columns(),
            batch_size=4,
            after_batch=crash_after_two_batches,
        )

    middle = open_cipher(engine, keyring_backend)
    tokens = _read(engine, probe)
    key_ids = {token_key_id(t) for t in tokens if t is not None}
    assert key_ids == {old.current_key_id, middle.current_key_id}
    assert [None if t is None else middle.decrypt(t, context=CONTEXT) for t in tokens] == plain

    report = rotate_keys(
        engine, keyring_backend, columns=all_encrypted_columns(), batch_size=4
    )  # run again: it finishes
    assert set(report.old_key_ids) == {old.current_key_id, middle.current_key_id}
    final = open_cipher(engine, keyring_backend)
    tokens = _read(engine, probe)
    assert {token_key_id(t) for t in tokens if t is not None} == {report.new_key_id}
    assert [None if t is None else final.decrypt(t, context=CONTEXT) for t in tokens] == plain
    retired = [
        s
        for s in key_status(engine, keyring_backend, columns=all_encrypted_columns())
        if s.purpose == "enc"
    ]
    assert [s.active for s in retired] == [False, False, True]


def test_rotation_refuses_before_changing_anything_when_a_key_is_missing(
    engine: Engine, keyring_backend: PlaintextKeyring, probe: Table
) -> None:
    cipher = open_cipher(engine, keyring_backend)
    foreign = FieldCipher.generate()
    with engine.begin() as connection:
        connection.execute(
            probe.insert(), [{"id": 1, "secret": foreign.encrypt("x", context=CONTEXT)}]
        )
    with pytest.raises(ProtectionError, match="under no recorded key"):
        rotate_keys(engine, keyring_backend, columns=all_encrypted_columns())
    assert open_cipher(engine, keyring_backend).current_key_id == cipher.current_key_id


def test_rotation_on_another_workstation_without_a_retired_key_says_which(
    engine: Engine, keyring_backend: PlaintextKeyring, probe: Table
) -> None:
    first = open_cipher(engine, keyring_backend)
    _write(engine, probe, first, 3)
    rotate_keys(engine, keyring_backend, columns=all_encrypted_columns())
    with engine.begin() as connection:  # a stale workstation still writes under the old key
        connection.execute(
            probe.insert(), [{"id": 99, "secret": first.encrypt("late", context=CONTEXT)}]
        )
    keyring_backend.delete_password(SERVICE, first.current_key_id)
    with pytest.raises(KeyMissing) as caught:
        rotate_keys(engine, keyring_backend, columns=all_encrypted_columns())
    assert caught.value.key_id == first.current_key_id
    status = {
        s.key_id: s for s in key_status(engine, keyring_backend, columns=all_encrypted_columns())
    }
    assert status[first.current_key_id].keyring == "absent"
    assert status[first.current_key_id].values == 1


def test_an_empty_database_rotates_to_a_new_key(
    engine: Engine, keyring_backend: PlaintextKeyring
) -> None:
    first = open_cipher(engine, keyring_backend)
    report = rotate_keys(engine, keyring_backend, columns=all_encrypted_columns())
    assert report.values_rotated == 0
    assert open_cipher(engine, keyring_backend).current_key_id == report.new_key_id
    assert report.new_key_id != first.current_key_id

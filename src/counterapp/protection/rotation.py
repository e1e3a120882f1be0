"""Key rotation: a new data key, then every registered column re-encrypted under it.

Rotation works in batches, each its own transaction. Every token names its key, so a
rotation that stops half-way (a crash, a kill, a lost connection) leaves every value
readable: committed batches carry the new key id, the rest still the old one. Running
``keys rotate`` again makes another key and finishes the job.

Retired keys stay in the keyring: backups taken before the rotation still need them (see
docs/protection.md). :func:`key_status` counts the values each key still protects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

import keyring.backend
from sqlalchemy import Column, Connection, Engine, MetaData, Table, func, inspect, select

from counterapp.exchange.credentials import KeyringUnavailable
from counterapp.protection.cipher import TOKEN_VERSION, FieldCipher
from counterapp.protection.data_keys import (
    PURPOSE_DATA,
    KeyringKeys,
    create_key,
    load_checked,
    open_cipher,
    read_key_records,
)
from counterapp.protection.errors import KeyMismatch, KeyMissing, ProtectionError
from counterapp.protection.registry import EncryptedColumn

UNKNOWN = "(unknown)"


@dataclass(frozen=True)
class ColumnRotation:
    """How many values of one column were re-encrypted."""

    table: str
    column: str
    values: int


@dataclass(frozen=True)
class RotationReport:
    """What a rotation did (no values, no keys).

    Attributes:
        new_key_id: the key every value now carries.
        old_key_ids: the keys retired by this rotation or found on re-encrypted values.
        columns: per registered column, the values re-encrypted.
    """

    new_key_id: str
    old_key_ids: tuple[str, ...]
    columns: tuple[ColumnRotation, ...]

    @property
    def values_rotated(self) -> int:
        return sum(column.values for column in self.columns)

    def describe(self) -> str:
        """E.g. ``rotated 12 values from key 1a2b3c4d to 5e6f7a8b``."""
        olds = ", ".join(self.old_key_ids) or "(none)"
        noun = "keys" if len(self.old_key_ids) > 1 else "key"
        return f"rotated {self.values_rotated} values from {noun} {olds} to {self.new_key_id}"


@dataclass(frozen=True)
class KeyStatus:
    """One key as ``keys status`` shows it.

    Attributes:
        keyring: ``present``, ``absent``, ``wrong key`` or ``keyring unavailable``.
        values: registered values encrypted under this key (None for the index key).
    """

    key_id: str
    purpose: str
    created_at: datetime
    retired_at: datetime | None
    keyring: str
    values: int | None

    @property
    def active(self) -> bool:
        return self.retired_at is None


def rotate_keys(
    engine: Engine,
    keyring_backend: keyring.backend.KeyringBackend | None = None,
    *,
    columns: Sequence[EncryptedColumn],
    batch_size: int = 500,
    after_batch: Callable[[int], None] | None = None,
) -> RotationReport:
    """Make a new data key and re-encrypt every registered column under it.

    Args:
        engine: a migrated database.
        keyring_backend: the keyring holding the keys; the OS default when None.
        columns: every encrypted column of the schema (``store.base.all_encrypted_columns``:
            the store declares the tables; this package never imports it).
        batch_size: rows per transaction.
        after_batch: called with the running total after each committed batch (progress;
            tests raise from it to stop a rotation half-way).

    Raises:
        KeyMissing: some stored value is under a key this keyring lacks (checked before
            anything changes).
        ProtectionError: another rotation made a key at the same moment, or a value fails
            to decrypt (the batches committed so far stay valid).
    """
    if batch_size < 1:
        raise ProtectionError("batch_size must be at least 1")
    cipher = open_cipher(engine, keyring_backend)
    present = _present(engine, columns)
    usage = _usage(engine, present)
    if UNKNOWN in usage:
        raise ProtectionError(
            f"{usage[UNKNOWN]} stored values in registered columns are under no recorded "
            "key (not Counter tokens, or keys of another database): nothing was rotated"
        )
    for key_id in usage:
        if key_id not in cipher.key_ids:
            raise KeyMissing(key_id)
    retired = tuple(sorted(cipher.key_ids))
    created = create_key(engine, KeyringKeys(keyring_backend), PURPOSE_DATA, retire_active=True)
    if created is None:  # pragma: no cover - create_key raises when retiring
        raise ProtectionError("no new key was made")
    new_cipher = cipher.with_current(*created)
    done: list[ColumnRotation] = []
    total = 0
    for column in present:
        count = 0
        for batch in _reencrypt(engine, new_cipher, column, batch_size):
            count += batch
            total += batch
            if after_batch is not None:
                after_batch(total)
        done.append(ColumnRotation(column.table, column.column, count))
    old = tuple(k for k in retired if k in usage) or retired
    return RotationReport(new_cipher.current_key_id, old, tuple(done))


def key_status(
    engine: Engine,
    keyring_backend: keyring.backend.KeyringBackend | None = None,
    *,
    columns: Sequence[EncryptedColumn],
) -> list[KeyStatus]:
    """Every recorded key with its keyring state and the values it protects (in
    ``columns``, as for :func:`rotate_keys`). Never raises for keyring trouble: that shows
    in :attr:`KeyStatus.keyring`."""
    records = read_key_records(engine)
    usage = _usage(engine, _present(engine, columns))
    try:
        keys: KeyringKeys | None = KeyringKeys(keyring_backend)
    except KeyringUnavailable:
        keys = None
    result = []
    for record in records:
        state = "keyring unavailable"
        if keys is not None:
            try:
                state = "present" if load_checked(keys, record) is not None else "absent"
            except KeyMismatch:
                state = "wrong key"
            except KeyringUnavailable:
                state = "keyring unavailable"
        values = usage.get(record.key_id, 0) if record.purpose == PURPOSE_DATA else None
        result.append(
            KeyStatus(
                record.key_id,
                record.purpose,
                record.created_at,
                record.retired_at,
                state,
                values,
            )
        )
    return result


def _present(engine: Engine, columns: Sequence[EncryptedColumn]) -> list[EncryptedColumn]:
    """The ``columns`` whose tables exist in this database (others hold no values)."""
    if not columns:
        raise ProtectionError("no encrypted columns given: the table modules were not loaded")
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
    return [column for column in columns if column.table in tables]


def _reflect(connection: Connection, column: EncryptedColumn) -> tuple[Table, Column, Column]:
    table = Table(column.table, MetaData(), autoload_with=connection)
    keys = list(table.primary_key.columns)
    if len(keys) != 1:
        raise ProtectionError(f"{column.table} needs a single-column primary key for key rotation")
    return table, keys[0], table.columns[column.column]


def _reencrypt(
    engine: Engine, cipher: FieldCipher, column: EncryptedColumn, batch_size: int
) -> Iterator[int]:
    """Yield the number of values re-encrypted by each committed batch."""
    prefix = f"{TOKEN_VERSION}:{cipher.current_key_id}:%"
    with engine.connect() as connection:
        table, pk, values = _reflect(connection, column)
    last = None
    while True:
        with engine.begin() as connection:
            query = select(pk, values).where(values.is_not(None), values.not_like(prefix))
            if last is not None:
                query = query.where(pk > last)
            rows = connection.execute(query.order_by(pk).limit(batch_size)).all()
            changed = 0
            for key, token in rows:
                plain = cipher.decrypt(token, context=column.context)
                fresh = cipher.encrypt(plain, context=column.context)
                result = connection.execute(
                    table.update().where(pk == key, values == token).values({values: fresh})
                )
                changed += result.rowcount
        if not rows:
            return
        last = rows[-1][0]
        yield changed


def _usage(engine: Engine, columns: list[EncryptedColumn]) -> dict[str, int]:
    """Key id -> number of stored tokens under it, over every registered column."""
    records = read_key_records(engine)
    counts: dict[str, int] = {}
    with engine.connect() as connection:
        for column in columns:
            _table, _pk, values = _reflect(connection, column)
            total = connection.execute(select(func.count()).where(values.is_not(None))).scalar_one()
            known = 0
            for record in records:
                if record.purpose != PURPOSE_DATA:
                    continue
                pattern = f"{TOKEN_VERSION}:{record.key_id}:%"
                n = connection.execute(
                    select(func.count()).where(values.like(pattern))
                ).scalar_one()
                if n:
                    counts[record.key_id] = counts.get(record.key_id, 0) + n
                known += n
            if total > known:
                counts[UNKNOWN] = counts.get(UNKNOWN, 0) + total - known
    return counts

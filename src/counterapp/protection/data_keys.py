"""Data keys in the OS keyring, their registry in the ``data_keys`` table.

Keyring layout (service :data:`SERVICE`): a data key's user name is its key id, the index
key's is ``index-<key id>``; each secret is the base64 of 32 random bytes. The first
:func:`open_cipher` on an empty database creates both keys; later ones load them and check
each against the check value the database recorded.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import fail, null
from sqlalchemy import Connection, DateTime, Engine, String, column, select, table, update
from sqlalchemy.exc import IntegrityError

from counterapp.exchange.credentials import KeyringUnavailable
from counterapp.protection.cipher import (
    KEY_BYTES,
    FieldCipher,
    key_check_value,
    new_key,
    new_key_id,
)
from counterapp.protection.errors import KeyMismatch, KeyMissing

PURPOSE_DATA = "enc"
PURPOSE_INDEX = "index"

DATA_KEYS = table(
    "data_keys",
    column("key_id", String),
    column("purpose", String),
    column("created_at", DateTime(timezone=True)),
    column("retired_at", DateTime(timezone=True)),
    column("check_value", String),
)
"""The ``data_keys`` table as this module reads and writes it. Its declaration (types,
constraints, the one-active-key index) is ``store.data_key_tables.DataKey``, where Alembic
finds it; a test keeps the two column lists the same."""

SERVICE = "counterapp/data-keys"
INDEX_PREFIX = "index-"
_KEYRING_ERRORS = (keyring.errors.KeyringError, OSError, RuntimeError)

__all__ = ["SERVICE", "KeyRecord", "KeyringKeys", "KeyringUnavailable", "open_cipher"]


@dataclass(frozen=True)
class KeyRecord:
    """One row of ``data_keys``."""

    key_id: str
    purpose: str
    created_at: datetime
    retired_at: datetime | None
    check_value: str

    @property
    def keyring_user(self) -> str:
        """The keyring user name the secret is stored under."""
        return keyring_user(self.key_id, self.purpose)


def keyring_user(key_id: str, purpose: str) -> str:
    return f"{INDEX_PREFIX}{key_id}" if purpose == PURPOSE_INDEX else key_id


class KeyringKeys:
    """Read and write key secrets in a keyring backend.

    Args:
        backend: the keyring to use; ``keyring.get_keyring()`` when None.

    Raises:
        KeyringUnavailable: the backend is the headless fail (or null) backend.
    """

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self._backend = backend if backend is not None else keyring.get_keyring()
        if isinstance(self._backend, fail.Keyring | null.Keyring):
            raise KeyringUnavailable(
                f"no usable keyring on this machine ({type(self._backend).__module__}), so "
                "the data keys that protect personal data cannot be kept: install and "
                "unlock a Secret Service (e.g. gnome-keyring) or configure a keyring "
                "backend, then start Counter again"
            )

    def get(self, user: str) -> bytes | None:
        """The key stored under ``user``, or None when there is none.

        Raises:
            KeyringUnavailable: the keyring refused to answer.
            KeyMismatch: the entry is not the base64 of a 32-byte key.
        """
        try:
            value = self._backend.get_password(SERVICE, user)
        except _KEYRING_ERRORS as exc:
            raise _refused(exc) from None
        if value is None:
            return None
        try:
            key = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            key = b""
        if len(key) != KEY_BYTES:
            raise KeyMismatch(
                f"keyring entry {SERVICE!r} user {user!r} is not a Counter data key "
                f"(expected base64 of {KEY_BYTES} bytes)"
            )
        return key

    def put(self, user: str, key: bytes) -> None:
        """Store ``key`` under ``user``."""
        try:
            self._backend.set_password(SERVICE, user, base64.b64encode(key).decode("ascii"))
        except _KEYRING_ERRORS as exc:
            raise _refused(exc) from None

    def delete(self, user: str) -> None:
        """Remove the entry for ``user`` if there is one."""
        try:
            self._backend.delete_password(SERVICE, user)
        except keyring.errors.PasswordDeleteError:
            return
        except _KEYRING_ERRORS as exc:
            raise _refused(exc) from None


def open_cipher(
    engine: Engine, keyring_backend: keyring.backend.KeyringBackend | None = None
) -> FieldCipher:
    """The cipher for this database, creating its keys on first use.

    Args:
        engine: a migrated database (``data_keys`` exists).
        keyring_backend: the keyring holding the keys; the OS default when None.

    Returns:
        A cipher that encrypts under the active data key and can decrypt with every
        registered key present in the keyring (tokens under an absent one raise KeyMissing).

    Raises:
        KeyringUnavailable: no usable keyring.
        KeyMissing: the active data key or the index key is not in this keyring.
        KeyMismatch: a key in the keyring is not the one the database recorded.
    """
    keys = KeyringKeys(keyring_backend)
    records = read_key_records(engine)
    for purpose in (PURPOSE_DATA, PURPOSE_INDEX):
        if active_record(records, purpose) is None:
            create_key(engine, keys, purpose)
            records = read_key_records(engine)
    return cipher_from(records, keys)


def cipher_from(records: list[KeyRecord], keys: KeyringKeys) -> FieldCipher:
    """Build a cipher from the registry rows and the keyring (see :func:`open_cipher`)."""
    data: dict[str, bytes] = {}
    for record in records:
        if record.purpose == PURPOSE_DATA:
            key = load_checked(keys, record)
            if key is not None:
                data[record.key_id] = key
    current, index = active_record(records, PURPOSE_DATA), active_record(records, PURPOSE_INDEX)
    if current is None or index is None:
        raise KeyMissing("(none)", "the database records no active data or index key")
    index_key = load_checked(keys, index)
    for record, key in ((current, data.get(current.key_id)), (index, index_key)):
        if key is None:
            raise KeyMissing(record.key_id, _missing_message(record))
    assert index_key is not None
    return FieldCipher(data, current.key_id, index_key, index_key_id=index.key_id)


def load_checked(keys: KeyringKeys, record: KeyRecord) -> bytes | None:
    """The key for ``record`` from the keyring (None when absent), checked against it.

    Raises:
        KeyMismatch: the keyring holds another key under this id.
    """
    key = keys.get(record.keyring_user)
    if key is not None and key_check_value(key) != record.check_value:
        raise KeyMismatch(
            f"the keyring's key {record.keyring_user!r} is not the key this database was "
            "encrypted with (check value differs): this workstation holds keys of another "
            "database; import this database's keys (docs/protection.md)"
        )
    return key


def read_key_records(engine_or_connection: Engine | Connection) -> list[KeyRecord]:
    """Every ``data_keys`` row, oldest first."""
    keys = DATA_KEYS.c
    query = select(DATA_KEYS).order_by(keys.created_at, keys.key_id)
    if isinstance(engine_or_connection, Engine):
        with engine_or_connection.connect() as connection:
            rows = connection.execute(query).all()
    else:
        rows = engine_or_connection.execute(query).all()
    return [KeyRecord(*row) for row in rows]


def active_record(records: list[KeyRecord], purpose: str) -> KeyRecord | None:
    """The active (not retired) key of ``purpose``, if any."""
    return next((r for r in records if r.purpose == purpose and r.retired_at is None), None)


def create_key(
    engine: Engine, keys: KeyringKeys, purpose: str, *, retire_active: bool = False
) -> tuple[str, bytes] | None:
    """Make a key of ``purpose``, store it in the keyring, record it as the active one.

    Args:
        retire_active: retire the currently active key of ``purpose`` in the same
            transaction (rotation). When False and another process recorded an active
            key first, that one wins and None is returned.

    Returns:
        The new key id and key, or None when another process won the race.
    """
    key_id, key = new_key_id(), new_key()
    user = keyring_user(key_id, purpose)
    keys.put(user, key)  # before the row: a recorded key is never absent from its creator
    now = datetime.now(UTC)
    try:
        with engine.begin() as connection:
            if retire_active:
                connection.execute(
                    update(DATA_KEYS)
                    .where(DATA_KEYS.c.purpose == purpose, DATA_KEYS.c.retired_at.is_(None))
                    .values(retired_at=now)
                )
            connection.execute(
                DATA_KEYS.insert().values(
                    key_id=key_id,
                    purpose=purpose,
                    created_at=now,
                    retired_at=None,
                    check_value=key_check_value(key),
                )
            )
    except IntegrityError:
        keys.delete(user)
        if retire_active:
            raise
        return None
    return key_id, key


def _missing_message(record: KeyRecord) -> str:
    what = "index key" if record.purpose == PURPOSE_INDEX else "data key"
    return (
        f"{what} {record.key_id!r} (keyring service {SERVICE!r}, user "
        f"{record.keyring_user!r}) is recorded in the database but not in this "
        "workstation's keyring: import the keys written by `counterapp keys export --as "
        "ADMIN` on the workstation that created them (`counterapp keys import FILE`)"
    )


def _refused(exc: BaseException) -> KeyringUnavailable:
    return KeyringUnavailable(
        f"the keyring did not answer for {SERVICE!r}: {type(exc).__name__}: {exc}"
    )

"""Moving the data keys between workstations: a passphrase-protected key file.

On PostgreSQL every workstation must hold the same keys. An admin writes them with
``counterapp keys export FILE --as ADMIN``; IT carries the file and, separately, its
passphrase to each workstation and runs ``counterapp keys import FILE``. The file is JSON:
scrypt parameters and salt, and the AES-256-GCM sealed list of keys (id, purpose, key).
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass, field

import keyring.backend
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import Engine

from counterapp.protection.cipher import key_check_value
from counterapp.protection.data_keys import KeyringKeys, load_checked, read_key_records
from counterapp.protection.errors import KeyMismatch, KeyMissing, ProtectionError

FORMAT = "counterapp-keys/1"
MIN_PASSPHRASE = 12
_SCRYPT = {"n": 2**15, "r": 8, "p": 1}


class KeyFileError(ProtectionError):
    """A key file cannot be written or read (wrong passphrase, damaged, other format)."""


@dataclass(frozen=True)
class TransferKey:
    """One key in a key file (the key never shows in ``repr``)."""

    key_id: str
    purpose: str
    key: bytes = field(repr=False)


def seal_keys(keys: list[TransferKey], passphrase: str) -> bytes:
    """The key file's bytes for ``keys``, sealed under ``passphrase``.

    Raises:
        KeyFileError: the passphrase is shorter than :data:`MIN_PASSPHRASE` characters.
    """
    if len(passphrase) < MIN_PASSPHRASE:
        raise KeyFileError(f"the passphrase must have at least {MIN_PASSPHRASE} characters")
    salt, nonce = os.urandom(16), os.urandom(12)
    payload = json.dumps(
        [{"key_id": k.key_id, "purpose": k.purpose, "key": _b64(k.key)} for k in keys]
    ).encode()
    sealed = AESGCM(_derive(passphrase, salt, _SCRYPT)).encrypt(nonce, payload, FORMAT.encode())
    document = {
        "format": FORMAT,
        "kdf": {"name": "scrypt", **_SCRYPT, "salt": _b64(salt)},
        "nonce": _b64(nonce),
        "sealed": _b64(sealed),
    }
    return json.dumps(document, indent=2).encode() + b"\n"


def open_keys(data: bytes, passphrase: str) -> list[TransferKey]:
    """The keys in a key file.

    Raises:
        KeyFileError: not a Counter key file, damaged, or the passphrase is wrong.
    """
    try:
        document = json.loads(data)
        if document["format"] != FORMAT or document["kdf"]["name"] != "scrypt":
            raise KeyFileError(f"not a Counter key file (expected format {FORMAT})")
        kdf = document["kdf"]
        params = {"n": int(kdf["n"]), "r": int(kdf["r"]), "p": int(kdf["p"])}
        key = _derive(passphrase, base64.b64decode(kdf["salt"]), params)
        payload = AESGCM(key).decrypt(
            base64.b64decode(document["nonce"]),
            base64.b64decode(document["sealed"]),
            FORMAT.encode(),
        )
    except InvalidTag:
        raise KeyFileError("wrong passphrase, or the key file was altered") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise KeyFileError(f"not a readable Counter key file ({type(exc).__name__})") from None
    return [
        TransferKey(item["key_id"], item["purpose"], base64.b64decode(item["key"]))
        for item in json.loads(payload)
    ]


def _derive(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    return Scrypt(salt=salt, length=32, **params).derive(passphrase.encode("utf-8"))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass(frozen=True)
class ImportReport:
    """What ``keys import`` did, by key id."""

    imported: tuple[str, ...]
    already_present: tuple[str, ...]
    not_recorded: tuple[str, ...]


def export_keys(
    engine: Engine, keyring_backend: keyring.backend.KeyringBackend | None = None
) -> list[TransferKey]:
    """Every key the database records, read from this workstation's keyring.

    Raises:
        KeyMissing: a recorded key is not in this keyring (export from the workstation
            that holds them all).
        KeyMismatch, KeyringUnavailable: see :func:`~counterapp.protection.open_cipher`.
    """
    keys = KeyringKeys(keyring_backend)
    result = []
    for record in read_key_records(engine):
        key = load_checked(keys, record)
        if key is None:
            raise KeyMissing(record.key_id)
        result.append(TransferKey(record.key_id, record.purpose, key))
    return result


def import_keys(
    engine: Engine,
    transfer: list[TransferKey],
    keyring_backend: keyring.backend.KeyringBackend | None = None,
) -> ImportReport:
    """Store the keys of a key file in this workstation's keyring, each checked first.

    Only keys the database records are stored, and only when their check value matches.

    Raises:
        KeyMismatch: the file holds a key under a recorded id that is not this
            database's key (a key file of another database); nothing is stored.
    """
    records = {(r.key_id, r.purpose): r for r in read_key_records(engine)}
    keys = KeyringKeys(keyring_backend)
    wanted = []
    unknown = []
    for item in transfer:
        record = records.get((item.key_id, item.purpose))
        if record is None:
            unknown.append(item.key_id)
            continue
        if key_check_value(item.key) != record.check_value:
            raise KeyMismatch(
                f"the key file's key {item.key_id!r} is not this database's key: the file "
                "belongs to another database; nothing was imported"
            )
        wanted.append((record, item.key))
    imported, present = [], []
    for record, key in wanted:
        try:
            current = load_checked(keys, record)
        except KeyMismatch:
            current = None  # a wrong key under this id: replaced by the checked one
        if current == key:
            present.append(record.key_id)
            continue
        keys.put(record.keyring_user, key)
        imported.append(record.key_id)
    return ImportReport(tuple(imported), tuple(present), tuple(unknown))

"""Key rotation and key status: the use cases behind ``counterapp keys``.

Rotating needs :attr:`Permission.ROTATE_KEYS` (admins), checked here whatever a UI shows.
Every attempt is a KEY_ROTATED audit event: a refused or failed one with ``success=False``
and the reason, a completed one with "rotated N values from key k1 to k2". Events name keys
by id only, never a key or a value.
"""

from __future__ import annotations

from collections.abc import Callable

import keyring.backend
from sqlalchemy import Engine

from counterapp import protection
from counterapp.app.audited import record_event, require_audited
from counterapp.audit.events import EventKind
from counterapp.exchange.credentials import KeyringUnavailable
from counterapp.protection import KeyStatus, ProtectionError, RotationReport, key_transfer
from counterapp.protection.key_transfer import ImportReport
from counterapp.store.base import all_encrypted_columns
from counterapp.users import Actor, Permission


def rotate_keys(
    engine: Engine,
    actor: Actor,
    keyring_backend: keyring.backend.KeyringBackend | None = None,
    *,
    batch_size: int = 500,
    after_batch: Callable[[int], None] | None = None,
    workstation: str = "",
) -> RotationReport:
    """Make a new data key and re-encrypt every encrypted column under it.

    Args:
        engine: the migrated database.
        actor: who asks; needs ROTATE_KEYS.
        keyring_backend: the keyring; the OS default when None.
        batch_size: rows per transaction (a stopped rotation leaves every value readable).
        after_batch: progress callback with the running total of re-encrypted values.
        workstation: where the request came from, for the audit event.

    Raises:
        PermissionDenied: the actor may not rotate keys (audited as a failed rotation).
        KeyringUnavailable, KeyMissing, KeyMismatch, ProtectionError: the rotation could
            not start or finish (audited; committed batches stay readable).
    """
    rotated = EventKind.KEY_ROTATED
    require_audited(engine, actor, Permission.ROTATE_KEYS, rotated, workstation=workstation)
    try:
        report = protection.rotate_keys(
            engine,
            keyring_backend,
            columns=all_encrypted_columns(),
            batch_size=batch_size,
            after_batch=after_batch,
        )
    except (ProtectionError, KeyringUnavailable) as exc:
        failed = f"rotation failed: {type(exc).__name__}"
        record_event(engine, actor, rotated, failed, workstation=workstation, success=False)
        raise
    record_event(engine, actor, rotated, report.describe(), workstation=workstation)
    return report


def key_status(
    engine: Engine, keyring_backend: keyring.backend.KeyringBackend | None = None
) -> list[KeyStatus]:
    """Every recorded key: purpose, dates, whether this keyring holds it, values under it.

    Needs no permission: it shows key ids and counts, never a key or a value, and IT
    checks a workstation's keyring with it before anyone can sign in.
    """
    return protection.key_status(engine, keyring_backend, columns=all_encrypted_columns())


def export_keys(
    engine: Engine,
    actor: Actor,
    passphrase: str,
    keyring_backend: keyring.backend.KeyringBackend | None = None,
    *,
    workstation: str = "",
) -> bytes:
    """A passphrase-protected key file holding every key the database records.

    Needs ROTATE_KEYS (key administration); audited as an EXPORT naming the key ids.

    Raises:
        PermissionDenied: the actor may not administer keys (audited).
        KeyMissing, KeyMismatch, KeyringUnavailable: this keyring lacks a recorded key.
        KeyFileError: the passphrase is too short.
    """
    require_audited(
        engine,
        actor,
        Permission.ROTATE_KEYS,
        EventKind.EXPORT,
        action="key export",
        workstation=workstation,
    )
    keys = key_transfer.export_keys(engine, keyring_backend)
    data = key_transfer.seal_keys(keys, passphrase)
    ids = ", ".join(f"{k.key_id} ({k.purpose})" for k in keys)
    detail = f"exported data keys {ids}"
    record_event(engine, actor, EventKind.EXPORT, detail, workstation=workstation)
    return data


def import_keys(
    engine: Engine,
    data: bytes,
    passphrase: str,
    keyring_backend: keyring.backend.KeyringBackend | None = None,
) -> ImportReport:
    """Put the keys of a key file into this workstation's keyring.

    Needs no sign-in: it changes only this workstation's keyring, and only with keys
    whose check values the database already records (whoever has the file and its
    passphrase has the keys anyway).

    Raises:
        KeyFileError: wrong passphrase or not a key file.
        KeyMismatch: the file belongs to another database.
        KeyringUnavailable: no usable keyring.
    """
    return key_transfer.import_keys(
        engine, key_transfer.open_keys(data, passphrase), keyring_backend
    )

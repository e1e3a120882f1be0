"""Protection of personal data at rest: field encryption, blind indexes, key rotation.

Values of classification level >= 3 are stored as AES-256-GCM tokens (:class:`FieldCipher`);
a resident ID is found by its keyed hash (:meth:`FieldCipher.blind_index`). The keys live
in the OS keyring; the ``data_keys`` table records which keys exist. See docs/protection.md.
"""

from counterapp.protection.cipher import FieldCipher, is_token, token_key_id
from counterapp.protection.data_keys import KeyringUnavailable, open_cipher
from counterapp.protection.errors import (
    DecryptionFailed,
    KeyMismatch,
    KeyMissing,
    ProtectionError,
)
from counterapp.protection.registry import (
    EncryptedColumn,
    encrypted_columns,
    register_encrypted_column,
)
from counterapp.protection.rotation import KeyStatus, RotationReport, key_status, rotate_keys

__all__ = [
    "DecryptionFailed",
    "EncryptedColumn",
    "FieldCipher",
    "KeyMismatch",
    "KeyMissing",
    "KeyStatus",
    "KeyringUnavailable",
    "ProtectionError",
    "RotationReport",
    "encrypted_columns",
    "is_token",
    "key_status",
    "open_cipher",
    "register_encrypted_column",
    "rotate_keys",
    "token_key_id",
]

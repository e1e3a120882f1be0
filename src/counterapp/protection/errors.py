"""Typed errors of the at-rest protection: each message says what went wrong and what to do.

No message ever contains a plaintext value or a key.
"""

from __future__ import annotations


class ProtectionError(Exception):
    """Personal data cannot be encrypted, decrypted or indexed; the message says why."""


class DecryptionFailed(ProtectionError):
    """A stored token is malformed, was altered, or belongs to another column (context)."""


class KeyMissing(ProtectionError):
    """A token names a key this workstation does not hold.

    Attributes:
        key_id: the key the token (or the key registry) names.
    """

    def __init__(self, key_id: str, message: str | None = None) -> None:
        self.key_id = key_id
        super().__init__(
            message
            or (
                f"data key {key_id!r} is not in this workstation's keyring: import the keys "
                "from the workstation that created them (`counterapp keys import FILE`, "
                "the file written by `counterapp keys export --as ADMIN`), see "
                "docs/protection.md"
            )
        )


class KeyMismatch(ProtectionError):
    """The keyring holds a key under the right id, but it is not the key the database knows.

    Raised when a key's check value (an HMAC of a constant, kept in ``data_keys``) does not
    match, so a wrong key gives this error instead of garbage or failed decryptions.
    """

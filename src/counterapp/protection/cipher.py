"""Field-level encryption (AES-256-GCM) and blind indexes (HMAC-SHA256) for personal data.

A token looks like ``v1:<key_id>:<base64url(nonce | ciphertext | tag)>``. The key id
travels with every value, so rows written under different keys (before, during and after
a rotation) all stay readable. The *context* (e.g. ``"cases.applicant_name"``) and the key
id are the associated data: a token copied into another column, or relabelled with another
key id, fails authentication.

Plaintexts are padded to a multiple of :data:`PAD_BLOCK` bytes before encryption, so a
token reveals the length of a value only to that granularity (AES-GCM itself leaks the
exact length): a two-character name and a four-character name give tokens of one size.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from counterapp.protection.errors import DecryptionFailed, KeyMissing, ProtectionError

TOKEN_VERSION = "v1"
KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
PAD_BLOCK = 32
_PAD_MARK = b"\x80"
_KEY_CHECK_CONSTANT = b"counterapp key check v1"


def new_key() -> bytes:
    """32 fresh random bytes from the operating system's CSPRNG."""
    return os.urandom(KEY_BYTES)


def new_key_id() -> str:
    """A short random key id: 8 hex digits (no ``:``, ``%`` or ``_``, safe in LIKE patterns)."""
    return secrets.token_hex(4)


def key_check_value(key: bytes) -> str:
    """An HMAC of a constant under ``key``: tells a wrong key apart without revealing it."""
    return hmac.new(key, _KEY_CHECK_CONSTANT, hashlib.sha256).hexdigest()[:32]


def token_key_id(token: str) -> str:
    """The key id a token was encrypted under.

    Raises:
        DecryptionFailed: ``token`` is not a Counter token.
    """
    return _split(token)[0]


def is_token(value: str) -> bool:
    """True when ``value`` has the shape of a Counter token (it may still fail to decrypt)."""
    try:
        _split(value)
    except DecryptionFailed:
        return False
    return True


class FieldCipher:
    """Encrypts and decrypts column values and computes blind indexes.

    Holds its keys in memory only; :func:`counterapp.protection.open_cipher` builds one
    from the OS keyring, :meth:`generate` builds one with fresh keys for tests.

    Args:
        data_keys: key id -> 32-byte AES key, every key this cipher may decrypt with.
        current_key_id: the key new values are encrypted under (must be in ``data_keys``).
        index_key: the 32-byte HMAC key for :meth:`blind_index` (separate from data keys).
        index_key_id: the index key's id, for status reports.
    """

    def __init__(
        self,
        data_keys: Mapping[str, bytes],
        current_key_id: str,
        index_key: bytes,
        *,
        index_key_id: str = "",
    ) -> None:
        for key_id, key in data_keys.items():
            _check_key(key, f"data key {key_id!r}")
            if not key_id or ":" in key_id:
                raise ProtectionError(f"invalid key id {key_id!r}")
        _check_key(index_key, "the index key")
        if current_key_id not in data_keys:
            raise KeyMissing(current_key_id)
        self._keys = dict(data_keys)
        self._aead = {key_id: AESGCM(key) for key_id, key in data_keys.items()}
        self._current = current_key_id
        self._index_key = index_key
        self.index_key_id = index_key_id
        self.key_ids: Mapping[str, None] = MappingProxyType(dict.fromkeys(data_keys))

    @classmethod
    def generate(cls) -> FieldCipher:
        """A cipher with fresh random keys held in memory only (tests, demos)."""
        key_id = new_key_id()
        return cls({key_id: new_key()}, key_id, new_key(), index_key_id=new_key_id())

    @property
    def current_key_id(self) -> str:
        """The id of the key :meth:`encrypt` uses."""
        return self._current

    def __repr__(self) -> str:
        return f"FieldCipher(current={self._current!r}, keys={sorted(self.key_ids)!r})"

    def encrypt(self, plaintext: str, *, context: str) -> str:
        """Encrypt ``plaintext`` for the column named by ``context``.

        Args:
            plaintext: any text (every Unicode code point that UTF-8 can encode).
            context: the column it is stored in, e.g. ``"cases.applicant_name"``.

        Returns:
            A token ``v1:<key_id>:<base64url>``, different on every call (random nonce).
        """
        nonce = os.urandom(NONCE_BYTES)
        data = _pad(plaintext.encode("utf-8"))
        sealed = self._aead[self._current].encrypt(nonce, data, _aad(context, self._current))
        body = base64.urlsafe_b64encode(nonce + sealed).decode("ascii")
        return f"{TOKEN_VERSION}:{self._current}:{body}"

    def decrypt(self, token: str, *, context: str) -> str:
        """Decrypt a token written by :meth:`encrypt` for the same ``context``.

        Raises:
            KeyMissing: the token's key is not held by this cipher.
            DecryptionFailed: the token is malformed, altered, or from another context.
        """
        key_id, raw = _split(token)
        aead = self._aead.get(key_id)
        if aead is None:
            raise KeyMissing(key_id)
        try:
            data = aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], _aad(context, key_id))
        except InvalidTag:
            raise DecryptionFailed(
                f"a value under key {key_id!r} failed authentication for {context!r}: it was "
                "altered, or belongs to another column"
            ) from None
        try:
            return _unpad(data).decode("utf-8")
        except (ValueError, UnicodeDecodeError):  # authenticated, so only a foreign writer
            raise DecryptionFailed(f"a value for {context!r} has invalid padding") from None

    def blind_index(self, value: str, *, purpose: str) -> str:
        """A keyed hash of ``value`` for equality search without storing the plaintext.

        Deterministic for one index key; differs across purposes, so an index of resident
        IDs cannot be joined against an index of phone numbers. The value is normalised to
        Unicode NFC; any other normalisation (upper-case ``x``, spaces) is the caller's.

        Args:
            value: the value to index, e.g. a resident ID number.
            purpose: what the index is for, e.g. ``"resident_id"``.

        Returns:
            64 lowercase hex digits.
        """
        message = purpose.encode("utf-8") + b"\x00" + unicodedata.normalize("NFC", value).encode()
        return hmac.new(self._index_key, message, hashlib.sha256).hexdigest()

    def with_current(self, key_id: str, key: bytes) -> FieldCipher:
        """A cipher that also holds ``key`` and encrypts under it (used by rotation)."""
        keys = {**self._keys, key_id: key}
        return FieldCipher(keys, key_id, self._index_key, index_key_id=self.index_key_id)


def _check_key(key: bytes, what: str) -> None:
    if not isinstance(key, bytes) or len(key) != KEY_BYTES:
        raise ProtectionError(f"{what} must be {KEY_BYTES} bytes")


def _aad(context: str, key_id: str) -> bytes:
    return f"{TOKEN_VERSION}\x00{key_id}\x00{context}".encode()


def _pad(data: bytes) -> bytes:
    # ISO/IEC 7816-4: a 0x80 mark, then zeros up to the next multiple of PAD_BLOCK.
    data += _PAD_MARK
    return data + b"\x00" * (-len(data) % PAD_BLOCK)


def _unpad(data: bytes) -> bytes:
    stripped = data.rstrip(b"\x00")
    if not stripped.endswith(_PAD_MARK):
        raise ValueError("no padding mark")
    return stripped[:-1]


def _split(token: str) -> tuple[str, bytes]:
    parts = token.split(":") if isinstance(token, str) else []
    if len(parts) != 3 or parts[0] != TOKEN_VERSION or not parts[1]:
        raise DecryptionFailed("not a Counter token (expected v1:<key_id>:<data>)")
    try:
        body = parts[2].encode("ascii")
        raw = base64.b64decode(body, altchars=b"-_", validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raw = b""
    if not raw or base64.urlsafe_b64encode(raw) != body:  # canonical form only
        raise DecryptionFailed(f"a token under key {parts[1]!r} is not valid base64")
    if len(raw) < NONCE_BYTES + TAG_BYTES + PAD_BLOCK:
        raise DecryptionFailed(f"a token under key {parts[1]!r} is truncated")
    return parts[1], raw

"""Password hashing with scrypt (memory-hard), and the password policy.

A stored hash describes itself — ``scrypt$n$r$p$salt_b64$hash_b64`` — so the parameters
can be raised later while old hashes still verify (and :meth:`PasswordHasher.needs_rehash`
says when to upgrade one at the next successful sign-in). Comparison is constant-time.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass

from counterapp.errors import CounterError

SCHEME = "scrypt"
MIN_LENGTH = 8
MAX_LENGTH = 256


@dataclass(frozen=True)
class ScryptParams:
    """scrypt cost parameters; memory used is about ``128 * n * r * p`` bytes.

    Attributes:
        n: CPU/memory cost (a power of two).
        r: block size.
        p: parallelism.
        salt_bytes: length of the random salt.
        hash_bytes: length of the derived key.
    """

    n: int = 2**15
    r: int = 8
    p: int = 1
    salt_bytes: int = 16
    hash_bytes: int = 32

    def __post_init__(self) -> None:
        if self.n < 2 or self.n & (self.n - 1):
            raise ValueError(f"scrypt n must be a power of two above 1, not {self.n}")
        if self.r < 1 or self.p < 1:
            raise ValueError("scrypt r and p must be at least 1")

    @property
    def max_memory(self) -> int:
        """The ``maxmem`` to hand OpenSSL: the working set plus headroom."""
        return 128 * self.n * self.r * (self.p + 1) + 1024 * 1024

    def weaker_than(self, other: ScryptParams) -> bool:
        """Whether any cost parameter falls short of ``other``'s."""
        return (
            self.n < other.n
            or self.r < other.r
            or self.p < other.p
            or self.hash_bytes < other.hash_bytes
        )


DEFAULT_PARAMS = ScryptParams()
"""n=2**15, r=8, p=1: 32 MiB and roughly 0.1 s per hash on a workstation."""


class MalformedHash(ValueError):
    """A stored hash string is not ``scrypt$n$r$p$salt$hash``."""


@dataclass(frozen=True)
class ParsedHash:
    params: ScryptParams
    salt: bytes
    digest: bytes


def parse_hash(stored: str) -> ParsedHash:
    """Split a stored hash into its parameters, salt and digest.

    Raises:
        MalformedHash: the string is not a hash this module wrote.
    """
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        raise MalformedHash("not a scrypt$n$r$p$salt$hash string")
    try:
        n, r, p = (int(part) for part in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
        params = ScryptParams(n=n, r=r, p=p, salt_bytes=len(salt), hash_bytes=len(digest))
    except (ValueError, binascii.Error) as exc:
        raise MalformedHash(f"unreadable scrypt hash: {exc}") from None
    return ParsedHash(params, salt, digest)


def _derive(password: str, salt: bytes, params: ScryptParams) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=params.n,
        r=params.r,
        p=params.p,
        maxmem=params.max_memory,
        dklen=params.hash_bytes,
    )


class PasswordHasher:
    """Hashes new passwords with ``params``; verifies hashes made with any parameters.

    Args:
        params: the cost for new hashes. Keep the default in production; tests pass
            cheaper ones so the suite stays quick.
    """

    def __init__(self, params: ScryptParams = DEFAULT_PARAMS) -> None:
        self.params = params
        self._dummy: str | None = None

    def hash(self, password: str) -> str:
        """A new self-describing hash of ``password`` with a fresh random salt."""
        salt = os.urandom(self.params.salt_bytes)
        digest = _derive(password, salt, self.params)
        encode = base64.b64encode
        return "$".join(
            (
                SCHEME,
                str(self.params.n),
                str(self.params.r),
                str(self.params.p),
                encode(salt).decode("ascii"),
                encode(digest).decode("ascii"),
            )
        )

    def verify(self, password: str, stored: str) -> bool:
        """Whether ``password`` matches ``stored``; a malformed hash never matches."""
        try:
            parsed = parse_hash(stored)
        except MalformedHash:
            return False
        candidate = _derive(password, parsed.salt, parsed.params)
        return hmac.compare_digest(candidate, parsed.digest)

    def spend_time(self, password: str) -> None:
        """Do the work of one verification against nothing, for unknown usernames.

        Sign-in for a name that does not exist then takes as long as a wrong password,
        so timing does not reveal which usernames exist.
        """
        if self._dummy is None:
            self._dummy = self.hash("counterapp-dummy-password")
        self.verify(password, self._dummy)

    def needs_rehash(self, stored: str) -> bool:
        """Whether ``stored`` was made with weaker parameters than this hasher's."""
        try:
            return parse_hash(stored).params.weaker_than(self.params)
        except MalformedHash:
            return True


class WeakPassword(CounterError, ValueError):
    """A new password breaks the policy; ``str()`` and ``reason_zh`` say how."""


def check_password_policy(password: str, *, username: str = "") -> None:
    """Refuse a password that is too short, all digits, or the username itself.

    Raises:
        WeakPassword: naming the rule broken, in English and Chinese.
    """
    if len(password) < MIN_LENGTH:
        raise WeakPassword(
            f"the password must be at least {MIN_LENGTH} characters long",
            f"密码至少需要 {MIN_LENGTH} 个字符",
        )
    if len(password) > MAX_LENGTH:
        raise WeakPassword(
            f"the password must be at most {MAX_LENGTH} characters long",
            f"密码不能超过 {MAX_LENGTH} 个字符",
        )
    if password.isdigit():
        raise WeakPassword(
            "the password must not be all digits (add letters or symbols)",
            "密码不能全部是数字（请加入字母或符号）",
        )
    if username and password.casefold() == username.casefold():
        raise WeakPassword(
            "the password must not be the username",
            "密码不能与用户名相同",
        )

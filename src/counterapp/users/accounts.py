"""Usernames and the typed errors of account handling (pure, shown to the clerk)."""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum

from counterapp.errors import CounterError

USERNAME_PATTERN = re.compile(r"^[a-z][a-z0-9_.-]{1,31}$")


class AccountError(CounterError):
    """An account operation was refused; ``str()`` in English, ``reason_zh`` in Chinese."""


class InvalidUsername(AccountError):
    pass


class UnknownUser(AccountError):
    pass


class UserExists(AccountError):
    pass


class AccountRefused(AccountError):
    """An admin action that would break the hall, e.g. disabling the last admin."""


def normalize_username(raw: str) -> str:
    """The canonical (lower-case) username, checked against the pattern.

    Usernames are unique case-insensitively: ``Li`` and ``li`` are the same account.

    Raises:
        InvalidUsername: explaining the rule.
    """
    name = raw.strip().lower()
    if not USERNAME_PATTERN.fullmatch(name):
        raise InvalidUsername(
            f"invalid username {raw!r}: 2-32 characters, a letter first, then letters, "
            "digits, '_', '.' or '-'",
            f"用户名 {raw!r} 无效：2-32 个字符，以字母开头，只能包含字母、数字、_ . -",
        )
    return name


def looks_like_username(raw: str) -> bool:
    return bool(USERNAME_PATTERN.fullmatch(raw.strip().lower()))


class SignInFailure(StrEnum):
    """Why a sign-in was refused (never whether the username exists)."""

    WRONG_CREDENTIALS = "wrong_credentials"
    LOCKED = "locked"
    DISABLED = "disabled"


class SignInFailed(AccountError):
    """Sign-in refused.

    Attributes:
        failure: which of the :class:`SignInFailure` cases (``reason`` is the text).
        locked_until: when the lock ends (aware datetime), for ``LOCKED``.
    """

    def __init__(self, failure: SignInFailure, locked_until: datetime | None = None) -> None:
        self.failure = failure
        self.locked_until = locked_until
        if failure is SignInFailure.LOCKED and locked_until is not None:
            clock = f"{locked_until.astimezone():%H:%M}"
            super().__init__(
                f"too many failed sign-ins: the account is locked until {clock}",
                f"登录失败次数过多，账号已锁定至 {clock}",
            )
        elif failure is SignInFailure.DISABLED:
            super().__init__(
                "this account is disabled; ask an administrator",
                "该账号已停用，请联系管理员",
            )
        else:
            super().__init__("wrong username or password", "用户名或密码错误")

"""Auth scheme ``oauth2``: client-credentials tokens, fetched once and shared.

Many lookups run at the same time, so one token serves them all: it is cached until shortly
before it expires, fetched by one thread while the others wait, and dropped when the
department answers 401 to it (the transport then retries that request once).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests

from counterapp.exchange.auth.base import AuthError
from counterapp.exchange.status import DepartmentStatus

MAX_TOKEN_ANSWER_BYTES = 64 * 1024
# Refresh this long before expiry (at most 10 % of the lifetime, for short-lived tokens).
EXPIRY_MARGIN_S = 30.0
# How long a token call may take when the caller gives no time limit.
DEFAULT_TOKEN_TIMEOUT_S = 10.0
# The lifetime assumed when the token endpoint does not say (``expires_in`` is optional).
DEFAULT_LIFETIME_S = 300.0


@dataclass(frozen=True)
class _Token:
    value: str
    expires_at: float


class OAuth2ClientCredentials:
    """Gets, caches and attaches a bearer token.

    Args:
        token_url: the absolute token endpoint URL.
        client_id: the OAuth2 client id (``[auth].app_key``).
        client_secret: the client secret from the keyring.
        scope: the scope to ask for ("" for none).
        session: the department's session (its TLS settings apply to the token call too).
        connect_timeout_s: connect timeout for the token call.
        clock: monotonic seconds; tests pass a fake one to expire tokens.
    """

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        scope: str,
        session: requests.Session,
        *,
        connect_timeout_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._token_url = token_url
        self._form = {"grant_type": "client_credentials", "client_id": client_id}
        self._form |= {"client_secret": client_secret}
        if scope:
            self._form["scope"] = scope
        self._session = session
        self._connect_timeout_s = connect_timeout_s
        self._clock = clock
        self._token: _Token | None = None
        self._lock = threading.Lock()
        self.tokens_fetched = 0

    def __repr__(self) -> str:
        return f"OAuth2ClientCredentials({self._token_url!r}, {self._form['client_id']!r})"

    def prepare(self, request: requests.PreparedRequest, *, timeout: float | None = None) -> None:
        """Attach ``Authorization: Bearer`` with a valid token, fetching one if needed."""
        wait = DEFAULT_TOKEN_TIMEOUT_S if timeout is None else timeout
        request.headers["Authorization"] = f"Bearer {self._valid_token(wait)}"

    def on_unauthorized(self, request: requests.PreparedRequest) -> bool:
        """Drop the refused token (unless another thread already replaced it); retry once."""
        sent = request.headers.get("Authorization", "")
        with self._lock:
            if self._token is not None and sent == f"Bearer {self._token.value}":
                self._token = None
        return True

    def _valid_token(self, timeout: float) -> str:
        with self._lock:
            token = self._token
            if token is None or self._clock() >= token.expires_at:
                token = self._token = self._fetch(timeout)
            return token.value

    def _fetch(self, timeout: float) -> _Token:
        timeouts = (min(self._connect_timeout_s, timeout), max(timeout, 0.001))
        try:
            with self._session.post(
                self._token_url, data=self._form, timeout=timeouts, stream=True
            ) as answer:
                body = answer.raw.read(MAX_TOKEN_ANSWER_BYTES + 1, decode_content=True)
                status = answer.status_code
        except requests.Timeout:
            raise _error(
                DepartmentStatus.TIMEOUT,
                f"the token endpoint did not answer within {timeout:.1f} s",
                f"令牌服务 {timeout:.1f} 秒内未答复",
            ) from None
        except (requests.RequestException, OSError) as exc:
            raise _error(
                DepartmentStatus.UNAVAILABLE,
                f"the token endpoint cannot be reached: {type(exc).__name__}",
                "无法连接令牌服务",
            ) from None
        if status in (400, 401, 403):
            raise _error(
                DepartmentStatus.AUTH_FAILED,
                f"the token endpoint refused the client credentials (HTTP {status}{_why(body)})",
                f"令牌服务拒绝了客户端凭据（HTTP {status}）",
            )
        if status >= 500:
            raise _error(
                DepartmentStatus.UNAVAILABLE,
                f"the token endpoint failed (HTTP {status})",
                f"令牌服务故障（HTTP {status}）",
            )
        return self._read_token(status, body)

    def _read_token(self, status: int, body: bytes) -> _Token:
        answer: Any  # None for a too-long answer: indexing it fails below like a wrong shape
        try:
            answer = json.loads(body) if len(body) <= MAX_TOKEN_ANSWER_BYTES else None
            value = answer["access_token"]
            lifetime = float(answer.get("expires_in", DEFAULT_LIFETIME_S))
        except (ValueError, TypeError, KeyError):
            value, lifetime = None, -1.0
        if status != 200 or not isinstance(value, str) or not value or lifetime < 0:
            raise _error(
                DepartmentStatus.BAD_RESPONSE,
                f"the token endpoint gave no usable token (HTTP {status})",
                f"令牌服务未返回可用令牌（HTTP {status}）",
            )
        self.tokens_fetched += 1
        margin = min(EXPIRY_MARGIN_S, lifetime * 0.1)
        return _Token(value, self._clock() + lifetime - margin)


def _why(body: bytes) -> str:
    try:
        error = json.loads(body).get("error")
    except (ValueError, AttributeError):
        return ""
    return f": {error}" if isinstance(error, str) and error.isprintable() else ""


def _error(status: DepartmentStatus, message: str, message_zh: str) -> AuthError:
    return AuthError(status, message, message_zh)

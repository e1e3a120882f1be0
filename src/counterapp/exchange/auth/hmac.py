"""Auth scheme ``hmac``: every request signed with a shared secret (docs/connectors.md).

The signature covers method, path, query, a timestamp, a nonce and the body's hash, so each
attempt (a retry too) is signed afresh: the server refuses a nonce it has already seen.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import requests

from counterapp.exchange.auth.hmac_signing import signed_headers


class HmacAuth:
    """Signs each request with the app key and secret.

    Args:
        app_key: the public application key (``X-App-Key``).
        secret: the shared secret from the keyring.
    """

    def __init__(self, app_key: str, secret: str) -> None:
        self._app_key = app_key
        self._secret = secret

    def __repr__(self) -> str:
        return f"HmacAuth(app_key={self._app_key!r})"

    def prepare(self, request: requests.PreparedRequest, *, timeout: float | None = None) -> None:
        """Add the four signature headers with a fresh timestamp and nonce."""
        parts = urlsplit(request.path_url)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        if not isinstance(body, bytes):
            raise TypeError("HMAC signs the whole body: a streamed body cannot be signed")
        method = request.method or "GET"
        request.headers.update(
            signed_headers(method, parts.path, query, body, self._app_key, self._secret)
        )

    def on_unauthorized(self, request: requests.PreparedRequest) -> bool:
        """A refused signature means a wrong secret (or clock): repeating will not help."""
        return False

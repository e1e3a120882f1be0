"""Auth scheme ``api_key``: a static key sent in one header (``[auth].header``)."""

from __future__ import annotations

import requests


class ApiKeyAuth:
    """Sends the key from the keyring in the configured header.

    Args:
        header: the header name, e.g. ``X-Api-Key``.
        key: the API key (the keyring secret).
    """

    def __init__(self, header: str, key: str) -> None:
        self._header = header
        self._key = key

    def __repr__(self) -> str:
        return f"ApiKeyAuth(header={self._header!r})"

    def prepare(self, request: requests.PreparedRequest, *, timeout: float | None = None) -> None:
        """Put the key in its header."""
        request.headers[self._header] = self._key

    def on_unauthorized(self, request: requests.PreparedRequest) -> bool:
        """A refused static key stays refused."""
        return False

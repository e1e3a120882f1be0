"""What every auth scheme does to a request, and how a connector picks its scheme.

Each scheme lives in its own module (``none``, ``api_key``, ``hmac``, ``oauth2``,
``client_cert``) behind the small :class:`Authenticator` interface, so the transport never
knows which one it is using.
"""

from __future__ import annotations

from typing import Protocol

import requests

from counterapp.exchange.status import DepartmentStatus


class AuthError(Exception):
    """Authentication could not even be attempted or was refused before the real request.

    Attributes:
        status: what the department's state is (``AUTH_FAILED``, or ``TIMEOUT`` /
            ``UNAVAILABLE`` when a token endpoint could not be reached).
        message: English, for logs and the clerk.
        message_zh: the same in Chinese.
    """

    def __init__(self, status: DepartmentStatus, message: str, message_zh: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.message_zh = message_zh


class Authenticator(Protocol):
    """One auth scheme, ready to use for one department. Implementations are thread-safe."""

    def prepare(self, request: requests.PreparedRequest, *, timeout: float | None = None) -> None:
        """Add what the scheme needs to one attempt of a request (headers, signature).

        Called again for every attempt, so a signature is always fresh.

        Args:
            request: the request about to be sent; changed in place.
            timeout: seconds left for any call the scheme must make first (a token);
                None for the scheme's own default.

        Raises:
            AuthError: the scheme cannot authenticate this request.
        """
        ...

    def on_unauthorized(self, request: requests.PreparedRequest) -> bool:
        """The department answered 401/403 to ``request``.

        Returns:
            True when the scheme refreshed something and one more attempt may succeed
            (an OAuth2 token); False when repeating would not help.
        """
        ...

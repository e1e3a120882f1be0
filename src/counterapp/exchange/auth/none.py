"""Auth scheme ``none``: the department's data is public (e.g. the market registry)."""

from __future__ import annotations

import requests


class NoAuth:
    """Adds nothing to a request."""

    def prepare(self, request: requests.PreparedRequest, *, timeout: float | None = None) -> None:
        """Leave the request as it is."""

    def on_unauthorized(self, request: requests.PreparedRequest) -> bool:
        """Nothing to refresh: a 401 is final."""
        return False

"""Auth scheme ``client_cert``: mutual TLS, the client proves itself with a certificate.

The same TLS options (which CA to trust, which certificate to present) apply to every
https connector, so :func:`tls_options` serves the transport for all of them; the scheme
itself only insists that the certificate files are there before anything is sent.
"""

from __future__ import annotations

from pathlib import Path

import requests

from counterapp.exchange.auth.base import AuthError
from counterapp.exchange.connector import TlsSettings
from counterapp.exchange.status import DepartmentStatus


def tls_options(tls: TlsSettings) -> tuple[bool | str, str | tuple[str, str] | None]:
    """The ``verify`` and ``cert`` arguments for requests.

    Returns:
        ``verify``: False, True (system store) or the CA bundle path; ``cert``: None, the
        certificate path, or (certificate, key).
    """
    verify: bool | str = str(tls.ca_bundle) if tls.verify and tls.ca_bundle else tls.verify
    if tls.client_cert is None:
        return verify, None
    if tls.client_key is None:
        return verify, str(tls.client_cert)
    return verify, (str(tls.client_cert), str(tls.client_key))


class ClientCertAuth:
    """Checks that the client certificate and key exist; TLS does the rest.

    Args:
        tls: the connector's TLS settings (client_cert and client_key).
    """

    def __init__(self, tls: TlsSettings) -> None:
        self._files = tuple(p for p in (tls.client_cert, tls.client_key) if p is not None)

    def prepare(self, request: requests.PreparedRequest, *, timeout: float | None = None) -> None:
        """Refuse early, naming the file, when the certificate or key is missing."""
        for path in self._files:
            if not Path(path).is_file():
                raise AuthError(
                    DepartmentStatus.AUTH_FAILED,
                    f"the client certificate file {path} does not exist",
                    f"客户端证书文件 {path} 不存在",
                )

    def on_unauthorized(self, request: requests.PreparedRequest) -> bool:
        """A refused certificate stays refused."""
        return False

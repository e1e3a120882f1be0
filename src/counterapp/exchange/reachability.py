"""Can this workstation reach a department at all: name, TCP connection, TLS certificate.

What ``counterapp doctor`` asks before (and beside) the probe request: each step is
bounded by the connector's connect timeout, nothing is sent over the connection (no HTTP
request, so no department logs a request without a lookup reference), and every failure
is a value, never an exception. The TLS step uses the connector's own trust settings (its
CA bundle, its client certificate), so a handshake that fails here fails for the lookups
too; the server certificate is read even when it does not verify, to say *why* (expired
on a date, issued by another CA).
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from cryptography import x509

from counterapp.exchange.connector import Connector, TlsSettings


@dataclass(frozen=True)
class CertificateDates:
    """Whose certificate, and when it stops being valid."""

    subject: str
    not_after: datetime

    def days_left(self, now: datetime) -> int:
        """Whole days from ``now`` to the end of validity (negative once expired)."""
        return (self.not_after - now).days


@dataclass(frozen=True)
class TlsFacts:
    """What the TLS handshake showed.

    Attributes:
        version: the protocol agreed (e.g. ``TLSv1.3``), "" when the handshake failed.
        server_certificate: the server's certificate, when one could be read.
        verified: the certificate chain and host name were checked and accepted.
        error: why the handshake failed ("" when it did not).
    """

    version: str = ""
    server_certificate: CertificateDates | None = None
    verified: bool = False
    error: str = ""


@dataclass(frozen=True)
class Reachability:
    """One department's name, connection and (for https) TLS handshake.

    Attributes:
        host / port: where the connector's ``base_url`` points.
        addresses: what the name resolved to (empty when it did not).
        resolve_error: why the name did not resolve ("" when it did).
        connect_error: why no TCP connection was made ("" when one was).
        connect_ms: how long the connection took.
        tls: the handshake, for an https department (None for http or without a connection).
    """

    host: str
    port: int
    addresses: tuple[str, ...] = ()
    resolve_error: str = ""
    connect_error: str = ""
    connect_ms: float = 0.0
    tls: TlsFacts | None = None

    @property
    def connected(self) -> bool:
        return not self.resolve_error and not self.connect_error


def check_reachability(connector: Connector) -> Reachability:
    """Resolve, connect to and (https) shake hands with the department of ``connector``.

    Each step waits at most the connector's ``connect_timeout_s`` (TLS: connect plus read
    timeout); the whole check ends within about three times that.
    """
    parts = urlsplit(connector.http.base_url)
    host = parts.hostname or ""
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    timeout = connector.http.connect_timeout_s
    addresses, resolve_error = _resolve(host, port, timeout)
    if resolve_error:
        return Reachability(host, port, resolve_error=resolve_error)
    started = time.monotonic()
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except OSError as exc:
        return Reachability(host, port, addresses, connect_error=_os_reason(exc, timeout))
    connect_ms = (time.monotonic() - started) * 1000
    with sock:
        tls = None
        if https:
            sock.settimeout(timeout + connector.http.read_timeout_s)
            tls = _handshake(sock, host, connector.tls)
    if https and tls is not None and tls.error and tls.server_certificate is None:
        tls = _with_unverified_certificate(host, port, connector, tls)
    return Reachability(host, port, addresses, connect_ms=connect_ms, tls=tls)


def certificate_file_dates(path: Path) -> CertificateDates:
    """The validity end of the first certificate in a PEM file (a client certificate).

    Raises:
        OSError: the file cannot be read.
        ValueError: it holds no PEM certificate.
    """
    certificate = x509.load_pem_x509_certificate(path.read_bytes())
    return _dates(certificate)


def _resolve(host: str, port: int, timeout: float) -> tuple[tuple[str, ...], str]:
    """The addresses of ``host``, bounded by ``timeout`` (getaddrinfo itself has none)."""
    if not host:
        return (), "the base_url names no host"
    found: list[tuple[tuple[str, ...], str]] = []

    def lookup() -> None:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            found.append((tuple(dict.fromkeys(str(info[4][0]) for info in infos)), ""))
        except OSError as exc:
            found.append(((), f"the name {host} does not resolve ({_short(exc)})"))

    worker = threading.Thread(target=lookup, name=f"resolve-{host}", daemon=True)
    worker.start()
    worker.join(timeout)
    if not found:
        return (), f"resolving {host} took longer than {timeout:g} s"
    return found[0]


def _context(tls: TlsSettings, *, verify: bool) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(tls.ca_bundle) if tls.ca_bundle else None)
    if not verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    if tls.client_cert is not None:
        key = str(tls.client_key) if tls.client_key is not None else None
        context.load_cert_chain(str(tls.client_cert), key)
    return context


def _handshake(sock: socket.socket, host: str, tls: TlsSettings) -> TlsFacts:
    try:
        context = _context(tls, verify=tls.verify)
    except (OSError, ssl.SSLError) as exc:
        return TlsFacts(error=f"the TLS files cannot be used: {_short(exc)}")
    try:
        with context.wrap_socket(sock, server_hostname=host) as wrapped:
            der = wrapped.getpeercert(binary_form=True)
            return TlsFacts(
                version=wrapped.version() or "",
                server_certificate=_dates(x509.load_der_x509_certificate(der)) if der else None,
                verified=tls.verify,
            )
    except ssl.SSLCertVerificationError as exc:
        return TlsFacts(error=f"the server certificate is not accepted: {exc.verify_message}")
    except (OSError, ssl.SSLError, ValueError) as exc:
        return TlsFacts(error=f"the TLS handshake failed: {_short(exc)}")


def _with_unverified_certificate(
    host: str, port: int, connector: Connector, failed: TlsFacts
) -> TlsFacts:
    """``failed`` with the server's certificate read over an unverified handshake."""
    timeout = connector.http.connect_timeout_s + connector.http.read_timeout_s
    try:
        context = _context(connector.tls, verify=False)
        with (
            socket.create_connection((host, port), timeout=timeout) as sock,
            context.wrap_socket(sock, server_hostname=host) as wrapped,
        ):
            der = wrapped.getpeercert(binary_form=True)
    except (OSError, ssl.SSLError, ValueError):
        return failed
    if not der:
        return failed
    return TlsFacts(
        error=failed.error, server_certificate=_dates(x509.load_der_x509_certificate(der))
    )


def _dates(certificate: x509.Certificate) -> CertificateDates:
    return CertificateDates(
        subject=certificate.subject.rfc4514_string(),
        not_after=certificate.not_valid_after_utc.astimezone(UTC),
    )


def _os_reason(exc: OSError, timeout: float) -> str:
    if isinstance(exc, TimeoutError | socket.timeout):
        return f"no connection within {timeout:g} s"
    return _short(exc)


def _short(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return str(text).strip().split("\n")[0][:200]

"""A throwaway certificate authority for the simulated tax bureau's mutual TLS.

:func:`ensure_tls_material` writes a CA, a server certificate for the loopback names and a
client certificate into the state directory, and reuses them on the next start while they
are valid and belong together. Nothing here is fit for anything but the demo and tests.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import ssl
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
_VALID_DAYS = 825
_RENEW_BEFORE = dt.timedelta(days=7)


@dataclass(frozen=True)
class TlsPaths:
    """Where the PEM files are.

    Attributes:
        ca_cert: the CA certificate a client trusts (``[tls].ca_bundle``).
        ca_key: the CA's private key (stays in the state directory).
        server_cert: the tax server's certificate, for the loopback names.
        server_key: its key.
        client_cert: the certificate a client presents (``[tls].client_cert``).
        client_key: its key (``[tls].client_key``).
    """

    ca_cert: Path
    ca_key: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path

    @classmethod
    def in_directory(cls, directory: Path) -> TlsPaths:
        tls = directory / "tls"
        return cls(
            ca_cert=tls / "ca.pem",
            ca_key=tls / "ca.key",
            server_cert=tls / "server.pem",
            server_key=tls / "server.key",
            client_cert=tls / "client.pem",
            client_key=tls / "client.key",
        )


def ensure_tls_material(state_dir: Path, hosts: tuple[str, ...] = LOOPBACK_NAMES) -> TlsPaths:
    """Reuse the CA and certificates in ``state_dir/tls``, or make new ones.

    Args:
        state_dir: the simulator's state directory.
        hosts: names and IP addresses the server certificate must cover.

    Returns:
        The paths of the six PEM files.
    """
    paths = TlsPaths.in_directory(state_dir)
    if not _reusable(paths, hosts):
        _generate(paths, hosts)
    return paths


def server_context(paths: TlsPaths) -> ssl.SSLContext:
    """A server context that demands a client certificate signed by the simulator's CA.

    A client without one fails the TLS handshake: the server never sees its request.
    """
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=str(paths.ca_cert))
    context.load_cert_chain(str(paths.server_cert), str(paths.server_key))
    context.verify_mode = ssl.CERT_REQUIRED
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def _generate(paths: TlsPaths, hosts: tuple[str, ...]) -> None:
    paths.ca_cert.parent.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("Counter simulator demo CA (not for real use)")
    ca_cert = (
        _builder(ca_name, ca_name, ca_key.public_key(), now)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    _write_key(paths.ca_key, ca_key)
    _write_cert(paths.ca_cert, ca_cert)
    for cert_path, key_path, common_name, usage in (
        (paths.server_cert, paths.server_key, "localhost", ExtendedKeyUsageOID.SERVER_AUTH),
        (paths.client_cert, paths.client_key, "counter-demo", ExtendedKeyUsageOID.CLIENT_AUTH),
    ):
        key = ec.generate_private_key(ec.SECP256R1())
        builder = (
            _builder(_name(common_name), ca_name, key.public_key(), now)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(cert_sign=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
            )
        )
        if usage == ExtendedKeyUsageOID.SERVER_AUTH:
            builder = builder.add_extension(
                x509.SubjectAlternativeName(_alt_names(hosts)), critical=False
            )
        _write_key(key_path, key)
        _write_cert(cert_path, builder.sign(ca_key, hashes.SHA256()))


def _reusable(paths: TlsPaths, hosts: tuple[str, ...]) -> bool:
    try:
        ca = x509.load_pem_x509_certificate(paths.ca_cert.read_bytes())
        pairs = [
            (x509.load_pem_x509_certificate(cert.read_bytes()), key.read_bytes())
            for cert, key in (
                (paths.server_cert, paths.server_key),
                (paths.client_cert, paths.client_key),
            )
        ]
        ca_key = serialization.load_pem_private_key(paths.ca_key.read_bytes(), None)
    except (OSError, ValueError):
        return False
    if ca_key.public_key() != ca.public_key():
        return False
    deadline = dt.datetime.now(dt.UTC) + _RENEW_BEFORE
    for cert, key_pem in [(ca, None), *pairs]:
        if cert.not_valid_after_utc < deadline:
            return False
        try:
            cert.verify_directly_issued_by(ca)
        except (ValueError, TypeError, InvalidSignature):
            return False
        if key_pem is not None:
            try:
                key = serialization.load_pem_private_key(key_pem, None)
            except (ValueError, TypeError):
                return False
            if key.public_key() != cert.public_key():
                return False
    try:
        san = pairs[0][0].extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except x509.ExtensionNotFound:
        return False
    return set(_alt_names(hosts)) <= set(san.value)


def _alt_names(hosts: tuple[str, ...]) -> list[x509.GeneralName]:
    names: list[x509.GeneralName] = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    return names


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Counter simulator"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _builder(
    subject: x509.Name, issuer: x509.Name, public_key: ec.EllipticCurvePublicKey, now: dt.datetime
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=_VALID_DAYS))
    )


def _key_usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=not cert_sign,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _write_key(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)


def _write_cert(path: Path, cert: x509.Certificate) -> None:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))

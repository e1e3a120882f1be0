"""Mutual TLS against the simulated tax bureau (which demands a certificate from its CA)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from counterapp.exchange.connector import Connector
from counterapp.exchange.status import DepartmentStatus
from counterapp.exchange.transport import DepartmentClient


def _with_tls(connector: Connector, **changes: object) -> Connector:
    return dataclasses.replace(connector, tls=dataclasses.replace(connector.tls, **changes))


def _fetch(connector: Connector, person: str):
    with DepartmentClient(connector) as client:
        return client.fetch(connector.requests[0], {"id_number": person})


def _self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate the department's CA never signed."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "intruder")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "intruder.pem", directory / "intruder.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_right_certificate_is_accepted(connectors: dict[str, Connector], person_id: str) -> None:
    answer = _fetch(connectors["tax"], person_id)
    assert answer.status in (None, DepartmentStatus.NOT_FOUND), answer
    assert answer.http_status in (200, 404)


def test_missing_certificate_is_auth_failed(
    connectors: dict[str, Connector], person_id: str
) -> None:
    bare = _with_tls(connectors["tax"], client_cert=None, client_key=None)
    answer = _fetch(bare, person_id)
    assert answer.status is DepartmentStatus.AUTH_FAILED, answer
    assert "client certificate" in answer.message


def test_certificate_from_another_ca_is_auth_failed(
    connectors: dict[str, Connector], person_id: str, tmp_path: Path
) -> None:
    cert, key = _self_signed(tmp_path)
    intruder = _with_tls(connectors["tax"], client_cert=cert, client_key=key)
    answer = _fetch(intruder, person_id)
    assert answer.status is DepartmentStatus.AUTH_FAILED, answer
    assert str(cert) in answer.message


def test_missing_certificate_file_is_named(
    connectors: dict[str, Connector], person_id: str, tmp_path: Path
) -> None:
    gone = _with_tls(connectors["tax"], client_cert=tmp_path / "gone.pem")
    answer = _fetch(gone, person_id)
    assert answer.status is DepartmentStatus.AUTH_FAILED
    assert str(tmp_path / "gone.pem") in answer.message


def test_untrusted_server_is_auth_failed(
    connectors: dict[str, Connector], person_id: str, tmp_path: Path
) -> None:
    other_ca, _ = _self_signed(tmp_path)
    distrustful = _with_tls(connectors["tax"], ca_bundle=other_ca)
    answer = _fetch(distrustful, person_id)
    assert answer.status is DepartmentStatus.AUTH_FAILED
    assert "not trusted" in answer.message and str(other_ca) in answer.message

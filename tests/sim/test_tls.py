"""The throwaway CA: generated once, reused while valid, regenerated when broken."""

from __future__ import annotations

import ssl
import stat
from pathlib import Path

from cryptography import x509

from counterapp.sim.tls import ensure_tls_material, server_context


def test_generates_ca_server_and_client_certificates(tmp_path: Path) -> None:
    paths = ensure_tls_material(tmp_path)
    ca = x509.load_pem_x509_certificate(paths.ca_cert.read_bytes())
    server = x509.load_pem_x509_certificate(paths.server_cert.read_bytes())
    client = x509.load_pem_x509_certificate(paths.client_cert.read_bytes())
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    server.verify_directly_issued_by(ca)
    client.verify_directly_issued_by(ca)
    san = server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "localhost" in san.get_values_for_type(x509.DNSName)
    assert "127.0.0.1" in {str(ip) for ip in san.get_values_for_type(x509.IPAddress)}
    for key in (paths.ca_key, paths.server_key, paths.client_key):
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert isinstance(server_context(paths), ssl.SSLContext)


def test_reuses_valid_material(tmp_path: Path) -> None:
    first = ensure_tls_material(tmp_path)
    before = first.ca_cert.read_bytes(), first.client_cert.read_bytes()
    second = ensure_tls_material(tmp_path)
    assert (second.ca_cert.read_bytes(), second.client_cert.read_bytes()) == before


def test_regenerates_broken_or_mismatched_material(tmp_path: Path) -> None:
    paths = ensure_tls_material(tmp_path)
    ca_before = paths.ca_cert.read_bytes()
    paths.client_key.write_text("not a key")
    ensure_tls_material(tmp_path)
    assert paths.ca_cert.read_bytes() != ca_before

    other = ensure_tls_material(tmp_path / "other")
    paths.server_cert.write_bytes(other.server_cert.read_bytes())  # signed by another CA
    ca_before = paths.ca_cert.read_bytes()
    ensure_tls_material(tmp_path)
    assert paths.ca_cert.read_bytes() != ca_before


def test_a_new_host_name_regenerates_the_server_certificate(tmp_path: Path) -> None:
    paths = ensure_tls_material(tmp_path)
    before = paths.server_cert.read_bytes()
    ensure_tls_material(tmp_path, ("127.0.0.1", "localhost", "::1", "10.0.0.5"))
    assert paths.server_cert.read_bytes() != before

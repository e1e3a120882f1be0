"""`run_doctor` against the simulated departments, real databases, keyrings and files.

The simulator's tax bureau serves a server certificate that ends in ten days (signed by
the simulator's own CA, written before it starts), so its TLS check warns; one test takes
a department down, others store wrong or no credentials, point a connector's test identity
at nobody, or hand doctor a database at the first migration, a newer one, a locked keyring
or a keyring without the data keys.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import re
import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import keyring.backend
import keyring.errors
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from keyring.backends import fail
from keyrings.alt.file import PlaintextKeyring
from sqlalchemy import text

from counterapp.app.doctor import (
    CheckStatus,
    DoctorExit,
    DoctorOptions,
    DoctorReport,
    config_report,
    run_doctor,
)
from counterapp.config import ConfigError, Settings, load_settings
from counterapp.protection import open_cipher
from counterapp.sim.connectors import write_connectors
from counterapp.sim.model import Population
from counterapp.sim.population import generate_population
from counterapp.sim.server import Simulator, start_simulator
from counterapp.sim.tls import LOOPBACK_NAMES, TlsPaths, ensure_tls_material
from counterapp.standards import resident_id
from counterapp.store.engine import make_engine
from counterapp.store.migrate import upgrade
from helpers.databases import fresh_database
from helpers.environment import need

DEPARTMENTS = ("civil", "fund", "hrss", "hukou", "market", "realestate", "tax")
EXPIRES_IN_DAYS = 10


def _expiring_server_certificate(paths: TlsPaths, days: int) -> dt.datetime:
    """Replace the simulator's server certificate with one of its CA that ends in ``days``."""
    ca_cert = x509.load_pem_x509_certificate(paths.ca_cert.read_bytes())
    ca_key = serialization.load_pem_private_key(paths.ca_key.read_bytes(), None)
    assert isinstance(ca_key, ec.EllipticCurvePrivateKey)
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    not_after = now + dt.timedelta(days=days, hours=12)
    names: list[x509.GeneralName] = [x509.DNSName("localhost")]
    names += [x509.IPAddress(ipaddress.ip_address(h)) for h in LOOPBACK_NAMES if h != "localhost"]
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    paths.server_key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    paths.server_cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return not_after


@pytest.fixture(scope="module")
def population() -> Population:
    return generate_population(seed=3, people=200)


@pytest.fixture(scope="module")
def expiring(
    population: Population, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Simulator, dt.datetime]]:
    """The simulator, its tax bureau's server certificate ending in ten days."""
    state = tmp_path_factory.mktemp("doctor-sim")
    not_after = _expiring_server_certificate(ensure_tls_material(state), EXPIRES_IN_DAYS)
    with start_simulator(population, state_dir=state, realestate_latency_ms=0) as sim:
        assert sim.tls.server_cert.read_bytes() == (state / "tls" / "server.pem").read_bytes()
        yield sim, not_after


@dataclass
class Workstation:
    """A workstation's files: connectors, a file keyring with the secrets, a database."""

    directory: Path
    connectors: Path
    keyring: PlaintextKeyring
    database_url: str

    def settings(self, *overrides: str) -> Settings:
        return load_settings(
            overrides=[
                f"database.url={self.database_url}",
                "hall.code=330106001",
                *overrides,
            ]
        )

    def options(self, **changes: object) -> DoctorOptions:
        base: dict[str, object] = {
            "keyring_backend": self.keyring,
            "connectors_dir": self.connectors,
            "data_dir": self.directory,
            "operator": "it-doctor",
            "lpstat": str(self.directory / "no-lpstat"),
        }
        return DoctorOptions(**{**base, **changes})  # type: ignore[arg-type]

    def run(self, *overrides: str, **changes: object) -> DoctorReport:
        return run_doctor(self.settings(*overrides), self.options(**changes))

    def connector(self, department: str) -> Path:
        return self.connectors / f"{department}.toml"


def make_workstation(sim: Simulator, directory: Path, database_url: str = "") -> Workstation:
    connectors = directory / "connectors"
    write_connectors(sim, connectors)
    backend = PlaintextKeyring()
    backend.file_path = str(directory / "keyring.cfg")
    for entry in sim.credentials.entries():
        backend.set_password(f"counterapp/{entry.department}", entry.username, entry.secret)
    url = database_url or f"sqlite+pysqlite:///{directory / 'counter.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return Workstation(directory, connectors, backend, url)


@pytest.fixture
def workstation(expiring: tuple[Simulator, dt.datetime], tmp_path: Path) -> Workstation:
    return make_workstation(expiring[0], tmp_path)


def _statuses(report: DoctorReport, department: str) -> dict[str, CheckStatus]:
    prefix = f"departments.{department}."
    return {
        c.name.removeprefix(prefix): c.status for c in report.checks if c.name.startswith(prefix)
    }


def _everything_said(report: DoctorReport) -> str:
    return json.dumps(report.as_json(), ensure_ascii=False)


# -- departments -------------------------------------------------------------------------


def test_every_department_answers_and_the_expiring_certificate_warns(
    workstation: Workstation, expiring: tuple[Simulator, dt.datetime]
) -> None:
    report = workstation.run()

    for department in DEPARTMENTS:
        checks = _statuses(report, department)
        assert checks["connect"] is CheckStatus.OK, department
        assert checks["auth"] is CheckStatus.OK, report.check(f"departments.{department}.auth")
        assert checks["probe"] is CheckStatus.OK, report.check(f"departments.{department}.probe")
    tls = report.check("departments.tax.tls")
    assert tls.status is CheckStatus.WARN
    assert f"expires on {expiring[1]:%Y-%m-%d}, in {EXPIRES_IN_DAYS} days" in tls.detail
    assert "renew" in tls.advice
    assert "client certificate" in tls.detail and "valid until" in tls.detail
    assert "tls" not in _statuses(report, "hukou")  # plain http on loopback: no TLS check
    assert report.check("database").status is CheckStatus.OK
    assert report.check("database.migrations").status is CheckStatus.OK
    assert report.check("keyring").status is CheckStatus.OK
    assert report.check("keys").status is CheckStatus.OK
    assert report.count(CheckStatus.FAIL) == 0
    assert report.exit_code is DoctorExit.WARNINGS


def test_the_certificate_counts_as_expired_once_its_day_is_past(
    workstation: Workstation, expiring: tuple[Simulator, dt.datetime]
) -> None:
    report = workstation.run(now=expiring[1] + dt.timedelta(days=1))

    tls = report.check("departments.tax.tls")
    assert tls.status is CheckStatus.FAIL
    assert f"server certificate expired on {expiring[1]:%Y-%m-%d}" in tls.detail
    assert report.exit_code is DoctorExit.FAILURES


def test_a_department_that_is_down_fails_its_connection_only(
    population: Population, tmp_path: Path
) -> None:
    with start_simulator(population, state_dir=tmp_path / "sim", realestate_latency_ms=0) as sim:
        workstation = make_workstation(sim, tmp_path)
        port = sim.ports["civil"]
        sim.take_down("civil")
        report = workstation.run()

    connect = report.check("departments.civil.connect")
    assert connect.status is CheckStatus.FAIL
    assert f"cannot connect to 127.0.0.1:{port}" in connect.detail
    assert "down" in connect.advice and "civil.toml" in connect.advice
    assert report.check("departments.civil.probe").status is CheckStatus.SKIP
    assert report.check("departments.civil.auth").status is CheckStatus.SKIP
    for department in set(DEPARTMENTS) - {"civil"}:
        assert _statuses(report, department)["probe"] is CheckStatus.OK, department
    assert report.exit_code is DoctorExit.FAILURES


def test_wrong_and_missing_credentials_fail_auth_and_show_no_secret(
    workstation: Workstation, expiring: tuple[Simulator, dt.datetime]
) -> None:
    sim = expiring[0]
    wrong = "wrong-secret-0123456789abcdef"
    workstation.keyring.set_password("counterapp/hukou", "counter-demo", wrong)
    workstation.keyring.delete_password("counterapp/civil", "counter-demo")

    report = workstation.run()

    refused = report.check("departments.hukou.auth")
    assert refused.status is CheckStatus.FAIL
    assert "refused" in refused.detail
    assert "`counterapp credentials set hukou " in refused.advice
    missing = report.check("departments.civil.auth")
    assert missing.status is CheckStatus.FAIL
    assert "no secret in the keyring entry 'counterapp/civil'" in missing.detail
    assert "`counterapp credentials set civil " in missing.advice
    for department in ("hukou", "civil"):
        assert report.check(f"departments.{department}.probe").status is CheckStatus.SKIP
    assert report.check("departments.fund.auth").status is CheckStatus.OK
    said = _everything_said(report)
    assert wrong not in said
    assert not [e.department for e in sim.credentials.entries() if e.secret in said]


def test_a_probe_identity_the_department_does_not_know_fails_the_probe(
    workstation: Workstation, population: Population
) -> None:
    held = next(iter(population.people))
    stranger = next(
        candidate
        for n in range(1, 999)
        if (body := held[:14] + f"{(int(held[14:17]) + n) % 1000:03d}")
        and (candidate := body + resident_id.check_character(body)) not in population.people
        and resident_id.validate(candidate).ok
    )
    path = workstation.connector("market")
    source = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r'(\[probe\]\s*id_number = )"[^"]*"', rf'\1"{stranger}"', source),
        encoding="utf-8",
    )
    assert stranger in path.read_text(encoding="utf-8")

    report = workstation.run()

    probe = report.check("departments.market.probe")
    assert probe.status is CheckStatus.FAIL
    assert "no record for the test identity" in probe.detail
    assert "path or base_url" in probe.advice and "market.toml" in probe.advice
    assert report.check("departments.market.connect").status is CheckStatus.OK
    assert report.exit_code is DoctorExit.FAILURES


def test_a_connector_without_a_probe_identity_warns(workstation: Workstation) -> None:
    path = workstation.connector("fund")
    source = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"\n\[probe\]\n[^\n]*\n?", "\n", source), encoding="utf-8")

    report = workstation.run()

    probe = report.check("departments.fund.probe")
    assert probe.status is CheckStatus.WARN
    assert "[probe]" in probe.advice
    assert report.check("departments.fund.auth").status is CheckStatus.SKIP


def test_a_broken_connector_file_is_named_and_no_department_is_asked(
    workstation: Workstation, expiring: tuple[Simulator, dt.datetime]
) -> None:
    path = workstation.connector("hukou")
    path.write_text(path.read_text(encoding="utf-8") + "\nsurprise = 1\n", encoding="utf-8")
    before = expiring[0].stats.snapshot()

    report = workstation.run()

    connectors = report.check("connectors")
    assert connectors.status is CheckStatus.FAIL
    assert "hukou.toml" in connectors.detail and "surprise" in connectors.detail
    assert not [c for c in report.checks if c.name.startswith("departments.")]
    assert expiring[0].stats.snapshot() == before


# -- configuration and files -------------------------------------------------------------


def test_a_broken_configuration_is_one_fail_naming_file_and_key(tmp_path: Path) -> None:
    broken = tmp_path / "config.toml"
    broken.write_text('[hall]\nwindow = 7\n[nonsense]\nx = "y"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(extra_files=[broken])

    report = config_report(caught.value, "window-07")

    (config,) = report.checks
    assert config.name == "config" and config.status is CheckStatus.FAIL
    assert str(broken) in config.detail and "hall.window" in config.detail
    assert report.exit_code is DoctorExit.FAILURES
    assert report.as_json()["workstation"] == "window-07"


def test_the_demo_hall_code_warns(workstation: Workstation) -> None:
    settings = load_settings(overrides=[f"database.url={workstation.database_url}"])

    report = run_doctor(settings, workstation.options())

    config = report.check("config")
    assert config.status is CheckStatus.WARN
    assert "hall.code" in config.detail and "system config" in config.advice


def test_a_broken_catalog_site_file_fails(workstation: Workstation, tmp_path: Path) -> None:
    site = tmp_path / "site.toml"
    site.write_text("[[item]]\ncode = \n", encoding="utf-8")

    report = workstation.run(f"catalog.site_file={site}")

    assert report.check("catalog").status is CheckStatus.FAIL
    assert str(site) in report.check("catalog").detail
    assert report.check("forms").status is CheckStatus.SKIP
    assert report.check("connectors").status is CheckStatus.SKIP


# -- database ----------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_database_at_the_first_migration(
    backend: str, workstation: Workstation, tmp_path: Path
) -> None:
    with fresh_database(backend, tmp_path) as url:
        engine = make_engine(url)
        upgrade(engine, "0001")
        engine.dispose()

        report = workstation.run(f"database.url={url}")

    migrations = report.check("database.migrations")
    assert "at revision 0001" in migrations.detail and "0002" in migrations.detail
    if backend == "sqlite":
        assert migrations.status is CheckStatus.WARN
        assert "backs the file up" in migrations.advice
    else:
        assert migrations.status is CheckStatus.FAIL
        assert "pg_dump" in migrations.advice and "--confirm-backup" in migrations.advice
    assert report.check("database").status is CheckStatus.OK
    assert report.check("keys").status is CheckStatus.SKIP
    assert report.check("departments.hukou.probe").status is CheckStatus.SKIP
    assert "audited" in report.check("departments.hukou.probe").detail
    assert report.check("departments.hukou.connect").status is CheckStatus.OK


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_database_newer_than_this_version_fails(
    backend: str, workstation: Workstation, tmp_path: Path
) -> None:
    with fresh_database(backend, tmp_path) as url:
        engine = make_engine(url)
        upgrade(engine)
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '0099_future'"))
        engine.dispose()

        report = workstation.run(f"database.url={url}")

    migrations = report.check("database.migrations")
    assert migrations.status is CheckStatus.FAIL
    assert "0099_future" in migrations.detail and "newer Counter" in migrations.detail


def test_no_database_yet_warns_and_creates_nothing(workstation: Workstation) -> None:
    missing = workstation.directory / "later" / "counter.sqlite3"

    report = workstation.run(f"database.url=sqlite+pysqlite:///{missing}")

    assert report.check("database").status is CheckStatus.WARN
    assert "counterapp db upgrade" in report.check("database").advice
    assert not missing.parent.exists()


def test_an_unreachable_postgresql_fails_without_its_password(
    workstation: Workstation,
) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    url = f"postgresql+psycopg://counter:sekrit-pw@127.0.0.1:{port}/counter"

    report = workstation.run(f"database.url={url}")

    database = report.check("database")
    assert database.status is CheckStatus.FAIL
    assert f"127.0.0.1:{port}" in database.detail
    assert "sekrit-pw" not in _everything_said(report)
    assert report.check("database.migrations").status is CheckStatus.SKIP


# -- keyring and keys --------------------------------------------------------------------


def test_no_usable_keyring_fails_and_skips_what_needs_it(workstation: Workstation) -> None:
    report = workstation.run(keyring_backend=fail.Keyring())

    keyring_check = report.check("keyring")
    assert keyring_check.status is CheckStatus.FAIL
    assert "keyring.backends.fail" in keyring_check.detail
    assert "Secret Service" in keyring_check.advice
    assert report.check("keys").status is CheckStatus.SKIP
    assert report.check("departments.hukou.auth").status is CheckStatus.SKIP


class LockedKeyring(keyring.backend.KeyringBackend):
    """A Secret Service whose collection is locked: every read is refused."""

    priority = 0  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("the collection is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("the collection is locked")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringLocked("the collection is locked")


def test_a_locked_keyring_fails_with_how_to_unlock(workstation: Workstation) -> None:
    report = workstation.run(keyring_backend=LockedKeyring())

    keyring_check = report.check("keyring")
    assert keyring_check.status is CheckStatus.FAIL
    assert "KeyringLocked" in keyring_check.detail
    assert "unlock" in keyring_check.advice


def test_keys_missing_from_this_keyring_fail_with_how_to_import(
    workstation: Workstation,
) -> None:
    other = PlaintextKeyring()
    other.file_path = str(workstation.directory / "other-workstation.cfg")
    engine = make_engine(workstation.database_url)
    open_cipher(engine, other)  # another workstation made the keys
    engine.dispose()

    report = workstation.run()

    keys = report.check("keys")
    assert keys.status is CheckStatus.FAIL
    assert "absent in this keyring" in keys.detail
    assert "counterapp keys import" in keys.advice


def test_keys_present_are_ok(workstation: Workstation) -> None:
    engine = make_engine(workstation.database_url)
    open_cipher(engine, workstation.keyring)
    engine.dispose()

    keys = workstation.run().check("keys")

    assert keys.status is CheckStatus.OK
    assert "enc key" in keys.detail and "index key" in keys.detail


# -- font and printer --------------------------------------------------------------------


def test_a_configured_font_that_does_not_exist_fails(workstation: Workstation) -> None:
    font = workstation.run("receipts.font_path=/nowhere/font.ttc").check("font")

    assert font.status is CheckStatus.FAIL
    assert "/nowhere/font.ttc" in font.detail
    assert "fonts-wqy-microhei" in font.advice


@pytest.mark.font
def test_a_chinese_font_is_found(workstation: Workstation) -> None:
    need(bool(shutil.which("fc-list")) or Path("/usr/share/fonts").exists(), "a CJK font")
    font = workstation.run().check("font")

    need(font.status is CheckStatus.OK, "a CJK font")
    assert font.detail


def test_without_the_cups_client_the_printer_warns(workstation: Workstation) -> None:
    printer = workstation.run().check("printer")

    assert printer.status is CheckStatus.WARN
    assert "not installed" in printer.detail


def test_the_printer_queue_is_checked_in_cups(workstation: Workstation) -> None:
    from helpers.printing import QUEUE, cups_with_pdf_queue

    need(cups_with_pdf_queue(), "CUPS with the cups-pdf queue PDF")

    ready = workstation.run(f"printing.printer={QUEUE}", lpstat="lpstat").check("printer")
    unknown = workstation.run("printing.printer=NoSuchQueue", lpstat="lpstat").check("printer")

    assert ready.status is CheckStatus.OK, ready
    assert "accepting jobs" in ready.detail
    assert unknown.status is CheckStatus.FAIL
    assert "NoSuchQueue" in unknown.detail and QUEUE in unknown.detail


# -- the report --------------------------------------------------------------------------


def test_the_json_document_has_the_documented_shape(workstation: Workstation) -> None:
    document = workstation.run().as_json()

    assert set(document) == {
        "version",
        "counterapp",
        "workstation",
        "checked_at",
        "checks",
        "summary",
    }
    assert document["version"] == 1
    for check in document["checks"]:  # type: ignore[attr-defined]
        assert set(check) == {"name", "status", "detail", "advice"}
        assert check["status"] in {"ok", "warn", "fail", "skip"}
    summary = document["summary"]
    assert set(summary) == {"status", "exit_code", "ok", "warn", "fail", "skip"}  # type: ignore[arg-type]
    assert summary["ok"] + summary["warn"] + summary["fail"] + summary["skip"] == len(  # type: ignore[index]
        document["checks"]  # type: ignore[arg-type]
    )

"""The doctor's department checks: connector files, then each department, all at once.

Per department: ``departments.<id>.connect`` (the name resolves, a TCP connection opens),
``departments.<id>.tls`` (https only: the handshake with the connector's trust settings,
the server certificate and the client certificate not expired nor expiring within
:data:`EXPIRY_WARNING_DAYS`), ``departments.<id>.auth`` (the secret is in the keyring and
the department accepted it) and ``departments.<id>.probe`` (the department's own test
identity, the ``[probe]`` of its connector, answered with a record).

The probe is the guarded one (``app.guarded_lookup.probe_departments``): every request
carries its reference and the probe is audited, so it needs the database; when the
database cannot be used the probe is not sent. Name, connection and TLS checks send no
request. All departments are checked concurrently, each step bounded by its connector's
timeouts and the probe by ``lookup.total_deadline_s``.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import keyring.backend
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from counterapp.app.departments import connectors_dir, open_exchange
from counterapp.app.doctor_options import DoctorOptions
from counterapp.app.doctor_report import CheckResult, CheckStatus
from counterapp.app.guarded_lookup import ProbeOutcome, probe_departments
from counterapp.catalog import Catalog
from counterapp.config import Settings
from counterapp.exchange.connector import Connector
from counterapp.exchange.connector_loader import ConnectorError, default_connectors_dir
from counterapp.exchange.credentials import (
    CredentialError,
    CredentialStore,
    MissingCredential,
    credentials_set_command,
)
from counterapp.exchange.lookup import DepartmentExchange, DepartmentOutcome
from counterapp.exchange.reachability import (
    CertificateDates,
    Reachability,
    certificate_file_dates,
    check_reachability,
)
from counterapp.exchange.status import DepartmentStatus

EXPIRY_WARNING_DAYS = 30
"""A certificate that ends within this many days is a warning."""


def check_departments(
    settings: Settings,
    catalog: Catalog,
    options: DoctorOptions,
    *,
    backend: keyring.backend.KeyringBackend | None,
    engine: Engine | None,
    operator: str,
    workstation: str,
    now: datetime,
) -> list[CheckResult]:
    """``connectors`` and the four checks of every department (see the module docstring).

    Args:
        backend: the keyring when it answers (None: credentials are not checked).
        engine: the usable database the probe is audited in (None: no probe is sent).
        operator: who runs the probe (its audit record's actor).
        workstation: the workstation named in the probe's audit record.
        now: what certificate expiry is measured from.
    """
    directory = connectors_dir(settings, options.connectors_dir)
    try:
        exchange = open_exchange(
            settings,
            catalog,
            directory=options.connectors_dir,
            keyring_backend=backend,
            data_dir=options.data_dir,
        )
    except ConnectorError as exc:
        return [
            CheckResult(
                "connectors",
                CheckStatus.FAIL,
                "; ".join(str(p) for p in exc.problems),
                "fix the connector files named above (docs/connectors.md)",
            )
        ]
    with exchange:
        results = [_connectors_check(exchange, directory)]
        connectors = list(exchange.connectors.values())
        if not connectors:
            return results
        with ThreadPoolExecutor(
            max_workers=len(connectors) + 1, thread_name_prefix="doctor"
        ) as pool:
            reach = {c.department_id: pool.submit(check_reachability, c) for c in connectors}
            probes = pool.submit(_probe, exchange, engine, operator, workstation)
            reached = {dept: future.result() for dept, future in reach.items()}
            probed, probe_problem = probes.result()
        store = CredentialStore(exchange.connectors, backend) if backend is not None else None
        for connector in connectors:
            dept = connector.department_id
            results += _department(
                connector, reached[dept], probed.get(dept), probe_problem, store, now
            )
    return results


def _connectors_check(exchange: DepartmentExchange, directory: Path) -> CheckResult:
    count = len(exchange.connectors)
    if count == 0:
        return CheckResult(
            "connectors",
            CheckStatus.WARN,
            f"no connector files in {directory}: no department will be asked",
            "write one connector file per department (docs/connectors.md) and set "
            "departments.connectors_dir",
        )
    names = ", ".join(exchange.connectors)
    if directory.resolve() == default_connectors_dir().resolve():
        return CheckResult(
            "connectors",
            CheckStatus.WARN,
            f"{count} connectors ({names}) from the shipped demo set {directory}: they point "
            "at the simulated departments on this machine",
            "set departments.connectors_dir to the hall's connector files (docs/deploying.md)",
        )
    return CheckResult("connectors", CheckStatus.OK, f"{count} connectors ({names}) in {directory}")


def _probe(
    exchange: DepartmentExchange, engine: Engine | None, operator: str, workstation: str
) -> tuple[dict[str, ProbeOutcome], str]:
    """Each department's probe, or why none was sent."""
    if engine is None:
        return {}, "not sent: the probe is audited and the database is not usable"
    try:
        outcomes = probe_departments(exchange, engine, operator=operator, workstation=workstation)
    except SQLAlchemyError as exc:
        return {}, f"the probe could not be audited: {type(exc).__name__}"
    return {o.department: o for o in outcomes}, ""


def _department(
    connector: Connector,
    reach: Reachability,
    probe: ProbeOutcome | None,
    probe_problem: str,
    store: CredentialStore | None,
    now: datetime,
) -> list[CheckResult]:
    prefix = f"departments.{connector.department_id}"
    results = [_connect(prefix, connector, reach)]
    if connector.http.base_url.startswith("https:"):
        results.append(_tls(prefix, connector, reach, now))
    tls_failed = any(r.status is CheckStatus.FAIL for r in results[1:])
    unreachable = not reach.connected
    outcome = probe.outcome if probe is not None else None
    results.append(_auth(prefix, connector, store, outcome, unreachable or tls_failed))
    auth_failed = results[-1].status is CheckStatus.FAIL
    if unreachable or tls_failed or auth_failed:
        why = "unreachable" if unreachable else ("TLS fails" if tls_failed else "auth fails")
        results.append(CheckResult(f"{prefix}.probe", CheckStatus.SKIP, f"not judged: {why}"))
    else:
        results.append(_probe_check(prefix, connector, probe, probe_problem))
    return results


def _connect(prefix: str, connector: Connector, reach: Reachability) -> CheckResult:
    name = f"{prefix}.connect"
    where = f"{reach.host}:{reach.port}"
    if reach.resolve_error:
        return CheckResult(
            name,
            CheckStatus.FAIL,
            reach.resolve_error,
            f"check the host in http.base_url of {_file(connector)} and this workstation's DNS",
        )
    if reach.connect_error:
        return CheckResult(
            name,
            CheckStatus.FAIL,
            f"cannot connect to {where}: {reach.connect_error}",
            "the department's service is down or a firewall blocks this workstation: ask "
            f"the department, check the port in http.base_url of {_file(connector)}",
        )
    addresses = ", ".join(reach.addresses)
    return CheckResult(
        name, CheckStatus.OK, f"{where} ({addresses}) connected in {reach.connect_ms:.0f} ms"
    )


def _tls(prefix: str, connector: Connector, reach: Reachability, now: datetime) -> CheckResult:
    name = f"{prefix}.tls"
    if not reach.connected or reach.tls is None:
        return CheckResult(name, CheckStatus.SKIP, "not checked: no connection")
    tls = reach.tls
    server = tls.server_certificate
    if tls.error:
        dates = f"; its certificate ends {_date(server)}" if server is not None else ""
        return CheckResult(
            name,
            CheckStatus.FAIL,
            f"{tls.error}{dates}",
            "if the certificate expired, the department must renew it; if another CA signed "
            f"it, set tls.ca_bundle in {_file(connector)}; for a refused client certificate "
            "check tls.client_cert and tls.client_key",
        )
    findings: list[tuple[CheckStatus, str, str]] = []
    if server is not None:
        findings.append(
            _expiry("server certificate", server, now, "ask the department to renew it")
        )
    if connector.tls.client_cert is not None:
        try:
            client = certificate_file_dates(connector.tls.client_cert)
        except (OSError, ValueError) as exc:
            findings.append(
                (CheckStatus.FAIL, f"client certificate {connector.tls.client_cert}: {exc}", "")
            )
        else:
            findings.append(
                _expiry(
                    f"client certificate {connector.tls.client_cert}",
                    client,
                    now,
                    "request a new client certificate and replace the file",
                )
            )
    if not connector.tls.verify:
        findings.append(
            (
                CheckStatus.WARN,
                "the server certificate is not verified (tls.verify = false)",
                "set tls.verify = true and tls.ca_bundle to the department's CA",
            )
        )
    worst = max((f[0] for f in findings), key=_rank, default=CheckStatus.OK)
    detail = f"{tls.version}; " + "; ".join(f[1] for f in findings)
    advice = "; ".join(f[2] for f in findings if f[0] is not CheckStatus.OK and f[2])
    return CheckResult(name, worst, detail.rstrip("; "), advice)


def _expiry(
    what: str, dates: CertificateDates, now: datetime, renew: str
) -> tuple[CheckStatus, str, str]:
    days = dates.days_left(now)
    if dates.not_after <= now:
        return CheckStatus.FAIL, f"{what} expired on {_date(dates)}", renew
    if days < EXPIRY_WARNING_DAYS:
        return (
            CheckStatus.WARN,
            f"{what} expires on {_date(dates)}, in {days} days",
            renew + " before it expires",
        )
    return CheckStatus.OK, f"{what} valid until {_date(dates)} ({days} days)", ""


def _auth(
    prefix: str,
    connector: Connector,
    store: CredentialStore | None,
    outcome: DepartmentOutcome | None,
    unreachable: bool,
) -> CheckResult:
    name = f"{prefix}.auth"
    scheme = connector.auth.scheme.value
    entry = f"keyring entry {connector.auth.keyring_entry!r} (user {connector.auth.app_key!r})"
    if store is None:
        return CheckResult(name, CheckStatus.SKIP, "not checked: the keyring is not usable")
    try:
        store.get(connector)
    except MissingCredential:
        return CheckResult(
            name,
            CheckStatus.FAIL,
            f"{scheme}: no secret in the {entry}",
            f"store it: `{credentials_set_command(connector)}`",
        )
    except CredentialError as exc:
        return CheckResult(name, CheckStatus.FAIL, f"{scheme}: {exc}", "unlock the keyring")
    needs_secret = store.needs_secret(connector)
    stored = f"the secret is in the {entry}" if needs_secret else "no secret needed"
    status = outcome.status if outcome is not None else None
    if status is DepartmentStatus.AUTH_FAILED:
        message = outcome.message if outcome is not None else ""
        return CheckResult(
            name,
            CheckStatus.FAIL,
            f"{scheme}: the department refused this workstation ({message}); {stored}",
            f"the stored secret is wrong or revoked: get the current one and run "
            f"`{credentials_set_command(connector)}`"
            if store.needs_secret(connector)
            else f"check tls.client_cert / tls.client_key in {_file(connector)}",
        )
    if unreachable:
        return CheckResult(name, CheckStatus.SKIP, f"{scheme}: {stored}; not tried (no connection)")
    if status is None:
        return CheckResult(
            name, CheckStatus.SKIP, f"{scheme}: {stored}; not tried (no probe was sent)"
        )
    return CheckResult(name, CheckStatus.OK, f"{scheme}: {stored}; accepted")


def _probe_check(
    prefix: str, connector: Connector, probe: ProbeOutcome | None, problem: str
) -> CheckResult:
    name = f"{prefix}.probe"
    if connector.probe is None:
        return CheckResult(
            name,
            CheckStatus.WARN,
            "no test identity: doctor cannot check that the department answers",
            f"add [probe] id_number = the department's test person to {_file(connector)} "
            "(docs/connectors.md)",
        )
    if probe is None or probe.outcome is None:
        return CheckResult(name, CheckStatus.SKIP, problem or "not sent")
    outcome = probe.outcome
    took = f"{outcome.latency_ms:.0f} ms"
    if outcome.status is DepartmentStatus.OK:
        values = len(outcome.answer.values) if outcome.answer is not None else 0
        troubles = len(outcome.problems) + len(outcome.refused)
        if troubles:
            return CheckResult(
                name,
                CheckStatus.WARN,
                f"answered in {took}, but {troubles} of its values could not be used",
                f"check the field maps of {_file(connector)} against the department's "
                "answer (`counterapp lookup --probe --json`)",
            )
        return CheckResult(name, CheckStatus.OK, f"answered in {took} with {values} values")
    if outcome.status is DepartmentStatus.NOT_FOUND:
        return CheckResult(
            name,
            CheckStatus.FAIL,
            f"no record for the test identity ({took}): every applicant would look "
            "unknown to this department",
            f"the request path or base_url in {_file(connector)} is probably wrong, or the "
            "department removed its test person: check both with the department",
        )
    advice = {
        DepartmentStatus.TIMEOUT: "the department is slow or overloaded: ask it, or raise "
        "its timeouts in the connector",
        DepartmentStatus.UNAVAILABLE: "the department's system fails: ask the department",
        DepartmentStatus.BAD_RESPONSE: f"its answer does not fit {_file(connector)}: the "
        "department may have changed its interface; compare with docs/connectors.md",
    }.get(outcome.status, "ask the department")
    return CheckResult(
        name,
        CheckStatus.FAIL,
        f"{outcome.status.label_en} ({took}): {outcome.message}",
        advice,
    )


def _rank(status: CheckStatus) -> int:
    return {CheckStatus.FAIL: 2, CheckStatus.WARN: 1}.get(status, 0)


def _date(dates: CertificateDates) -> str:
    return dates.not_after.strftime("%Y-%m-%d")


def _file(connector: Connector) -> str:
    return str(connector.source) if connector.source else f"{connector.department_id}.toml"

"""`counterapp doctor`: everything a workstation needs, checked, with what to do about it.

:func:`run_doctor` checks, in this order: the configuration, the data catalog and the
service forms, the database (reachable, its migrations), the keyring, the encryption keys,
the connector files, every department (name and connection, TLS and its certificates,
credentials, a probe with the department's own test identity), the Chinese receipt font
and the printer. Each check gives one :class:`CheckResult`: OK, WARN or FAIL with a detail
line and the advice, or SKIP when a check it depends on already failed (the advice is on
that one). Every check is bounded in time; the departments are checked concurrently. No
result ever holds a secret: credentials are named by their keyring entry only.

The report's :attr:`DoctorReport.exit_code` is doctor's own (docs/doctor.md): 0 when
every check is OK (or skipped), 1 when some check warns, 2 when some check fails.
"""

from __future__ import annotations

import getpass
import socket
from datetime import UTC, datetime

from counterapp.app import doctor_departments, doctor_local
from counterapp.app.catalog import catalog_for
from counterapp.app.doctor_options import DoctorOptions
from counterapp.app.doctor_report import (
    SCHEMA_VERSION,
    CheckResult,
    CheckStatus,
    DoctorExit,
    DoctorReport,
)
from counterapp.app.storage import workstation_name
from counterapp.catalog import Catalog
from counterapp.config import ConfigError, Settings
from counterapp.declared_files import FileProblemsError
from counterapp.forms import load_forms

__all__ = [
    "SCHEMA_VERSION",
    "CheckResult",
    "CheckStatus",
    "DoctorExit",
    "DoctorOptions",
    "DoctorReport",
    "config_report",
    "run_doctor",
]


def run_doctor(settings: Settings, options: DoctorOptions | None = None) -> DoctorReport:
    """Check this workstation (see the module docstring for what and in which order).

    Never raises for what it finds: a broken file, an unreachable database or department,
    a locked keyring are results. Takes at most about the database's, the keyring's and
    the font's step timeouts plus the lookup deadline (``lookup.total_deadline_s``).
    """
    options = options or DoctorOptions()
    now = options.now or datetime.now(UTC)
    checks: list[CheckResult] = [check_config(settings)]
    catalog, files = _declared_files(settings)
    checks += files
    database = doctor_local.check_database(settings, options)
    checks += database.results
    try:
        backend, keyring_results = doctor_local.check_keyring(options)
        checks += keyring_results
        checks.append(doctor_local.check_keys(database, backend, options))
        if catalog is None:
            checks.append(
                CheckResult(
                    "connectors",
                    CheckStatus.SKIP,
                    "not loaded: the data catalog is broken",
                    "fix the catalog first (see the catalog check)",
                )
            )
        else:
            checks += doctor_departments.check_departments(
                settings,
                catalog,
                options,
                backend=backend,
                engine=database.engine if database.usable else None,
                operator=options.operator or _login(),
                workstation=f"{workstation_name(settings)} (doctor)",
                now=now,
            )
    finally:
        database.close()
    checks.append(doctor_local.check_font(settings, options))
    checks.append(doctor_local.check_printer(settings, options))
    return DoctorReport(workstation_name(settings), tuple(checks), checked_at=now)


def config_report(error: ConfigError, workstation: str = "") -> DoctorReport:
    """The report when the configuration itself cannot be loaded: one FAIL naming every
    problem (file, key, reason); nothing else is checked, since every other check reads it.
    """
    problems = "; ".join(str(p) for p in error.problems)
    return DoctorReport(
        workstation or _hostname(),
        (
            CheckResult(
                "config",
                CheckStatus.FAIL,
                f"the configuration cannot be used: {problems}; no other check was run",
                "fix the named file, variable or flag (docs/configuration.md), then run "
                "`counterapp config show` and `counterapp doctor` again",
            ),
        ),
    )


def check_config(settings: Settings) -> CheckResult:
    """The configuration loaded; which sources set it; WARN when the hall is the demo's."""
    sources = sorted({s for s in settings.sources.values()})
    where = ", ".join(sources) if sources else "defaults only (no config file found)"
    if settings.source_of("hall.code") == "default":
        return CheckResult(
            "config",
            CheckStatus.WARN,
            f"loaded from {where}; hall.code is still the shipped demo default "
            f"({settings.get_str('hall.code')})",
            "set hall.code, hall.name and hall.window in the system config file "
            "(docs/configuration.md); case numbers and receipts carry them",
        )
    return CheckResult("config", CheckStatus.OK, f"loaded from {where}")


def _declared_files(settings: Settings) -> tuple[Catalog | None, list[CheckResult]]:
    """The catalog and forms checks; the catalog when it loaded."""
    try:
        catalog = catalog_for(settings)
    except FileProblemsError as exc:
        return None, [
            CheckResult(
                "catalog",
                CheckStatus.FAIL,
                _one_line(str(exc)),
                "fix the catalog site file named above (catalog.site_file, docs/catalog.md)",
            ),
            CheckResult("forms", CheckStatus.SKIP, "not loaded: the data catalog is broken"),
        ]
    site = settings.get_str("catalog.site_file")
    results = [
        CheckResult(
            "catalog",
            CheckStatus.OK,
            f"{len(list(catalog))} items" + (f" (site file {site})" if site else ""),
        )
    ]
    try:
        forms = load_forms(catalog)
    except FileProblemsError as exc:
        results.append(
            CheckResult(
                "forms",
                CheckStatus.FAIL,
                _one_line(str(exc)),
                "fix the service form files named above (docs/forms.md)",
            )
        )
    else:
        results.append(CheckResult("forms", CheckStatus.OK, f"{len(forms)} service forms"))
    return catalog, results


def _one_line(text: str) -> str:
    return "; ".join(line.strip() for line in text.splitlines() if line.strip())


def _login() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "system"


def _hostname() -> str:
    return socket.gethostname()

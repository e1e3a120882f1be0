"""The doctor's checks of this machine: database, keyring, encryption keys, font, printer.

Each step that can hang (a database server that never answers, a keyring waiting for an
unlock prompt, a print system) runs through :func:`~counterapp.app.doctor_report.bounded`
with the run's step timeout. The database is only looked at, never created or migrated:
doctor reports what the next start would do.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import fail, null
from sqlalchemy import Engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError

from counterapp.app.doctor_options import DoctorOptions
from counterapp.app.doctor_report import CheckResult, CheckStatus, StepTimedOut, bounded
from counterapp.app.keys import key_status
from counterapp.app.storage import DATABASE_KEYRING_SERVICE, resolved_database_url
from counterapp.config import Settings
from counterapp.protection import KeyStatus
from counterapp.receipts import NoCjkFont
from counterapp.receipts.fonts import find_cjk_font
from counterapp.store.engine import make_engine
from counterapp.store.upgrade import UPGRADE_COMMAND, UpgradePlan, upgrade_plan

PG_CONNECT_TIMEOUT_S = 5
"""How long a PostgreSQL connection attempt may take (libpq ``connect_timeout``)."""
_PROBE_SERVICE = "counterapp/doctor"
"""A keyring entry that never exists: reading it shows the keyring answers, reveals nothing."""


@dataclass
class DatabaseCheck:
    """The database checks' results and, when it could be reached, its engine.

    Attributes:
        usable: reachable and at this version's schema (the keys and probes may use it).
    """

    results: list[CheckResult] = field(default_factory=list)
    engine: Engine | None = None
    usable: bool = False

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()


def check_database(settings: Settings, options: DoctorOptions) -> DatabaseCheck:
    """``database``: can it be reached; ``database.migrations``: is it at this version."""
    check = DatabaseCheck()
    try:
        url = make_url(
            bounded(
                lambda: resolved_database_url(settings, options.keyring_backend),
                options.step_timeout_s,
                "the keyring (database password)",
            )
        )
    except StepTimedOut as exc:
        check.results += [_database_fail(f"the database password could not be read: {exc}")]
        check.results.append(_migrations_skipped())
        return check
    except Exception as exc:  # an unparsable database.url
        check.results.append(
            CheckResult(
                "database",
                CheckStatus.FAIL,
                f"database.url cannot be used: {_short(exc)}",
                "fix database.url (docs/configuration.md)",
            )
        )
        check.results.append(_migrations_skipped())
        return check
    where = url.render_as_string(hide_password=True)
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "")
        if url.database and url.database != ":memory:" and not path.exists():
            check.results.append(
                CheckResult(
                    "database",
                    CheckStatus.WARN,
                    f"no database yet at {path}",
                    "it is created at the first start; `counterapp db upgrade` creates it now",
                )
            )
            check.results.append(_migrations_skipped("there is no database yet"))
            return check
    elif "connect_timeout" not in url.query and url.get_backend_name() == "postgresql":
        url = url.update_query_dict({"connect_timeout": str(PG_CONNECT_TIMEOUT_S)})
    engine = make_engine(url.render_as_string(hide_password=False))
    check.engine = engine
    try:
        server, state = bounded(lambda: _look_at(engine), options.step_timeout_s, "the database")
    except (SQLAlchemyError, OSError, StepTimedOut) as exc:
        check.results.append(
            _database_fail(
                f"cannot use {where}: {_without_password(_short(exc), url)}",
                "check database.url, that the server runs and lets this workstation in, "
                f"and the password in the keyring entry {DATABASE_KEYRING_SERVICE!r} "
                "(docs/deploying.md)",
            )
        )
        check.results.append(_migrations_skipped())
        return check
    check.results.append(CheckResult("database", CheckStatus.OK, f"{server} at {where}"))
    migrations = _migrations(state, sqlite=url.get_backend_name() == "sqlite")
    check.results.append(migrations)
    check.usable = migrations.status is CheckStatus.OK
    return check


def check_keyring(
    options: DoctorOptions,
) -> tuple[keyring.backend.KeyringBackend | None, list[CheckResult]]:
    """``keyring``: is there a usable keyring, and does it answer (is it unlocked)?

    Returns:
        The backend when it answers (None otherwise) and the check.
    """
    backend = options.keyring_backend or keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if isinstance(backend, fail.Keyring | null.Keyring):
        return None, [
            CheckResult(
                "keyring",
                CheckStatus.FAIL,
                f"no usable keyring on this machine ({name}): department secrets and the "
                "data keys cannot be read",
                "install and unlock a Secret Service (Debian: gnome-keyring), or configure "
                "a keyring backend (docs/deploying.md)",
            )
        ]
    try:
        bounded(
            lambda: backend.get_password(_PROBE_SERVICE, "doctor"),
            options.step_timeout_s,
            "the keyring",
        )
    except StepTimedOut as exc:
        return None, [
            CheckResult(
                "keyring",
                CheckStatus.FAIL,
                f"{name}: {exc} (it may be waiting for an unlock prompt)",
                "unlock the keyring in this user's session, then run doctor again",
            )
        ]
    except (keyring.errors.KeyringError, OSError, RuntimeError) as exc:
        return None, [
            CheckResult(
                "keyring",
                CheckStatus.FAIL,
                f"{name} refused to answer: {type(exc).__name__}: {_short(exc)}",
                "unlock the keyring (sign in to the desktop session, or "
                "`gnome-keyring-daemon --unlock`), then run doctor again",
            )
        ]
    return backend, [CheckResult("keyring", CheckStatus.OK, f"{name} answers")]


def check_keys(
    database: DatabaseCheck,
    backend: keyring.backend.KeyringBackend | None,
    options: DoctorOptions,
) -> CheckResult:
    """``keys``: the database's active data and index keys are in this keyring."""
    if database.engine is None or not database.usable:
        return CheckResult("keys", CheckStatus.SKIP, "not checked: the database is not usable")
    if backend is None:
        return CheckResult("keys", CheckStatus.SKIP, "not checked: the keyring is not usable")
    engine = database.engine
    try:
        states = bounded(lambda: key_status(engine, backend), options.step_timeout_s, "the keys")
    except (SQLAlchemyError, StepTimedOut) as exc:
        return CheckResult("keys", CheckStatus.FAIL, f"the key registry cannot be read: {exc}")
    if not states:
        return CheckResult(
            "keys",
            CheckStatus.OK,
            "no keys recorded yet: they are made when Counter first stores personal data",
        )
    broken = [s for s in states if s.active and s.keyring != "present"]
    if broken:
        return CheckResult(
            "keys",
            CheckStatus.FAIL,
            "; ".join(_key_line(s) for s in broken),
            "import this database's keys: `counterapp keys export --as ADMIN` on a "
            "workstation that has them, then `counterapp keys import FILE` here "
            "(docs/protection.md)",
        )
    lost = [s for s in states if not s.active and s.values and s.keyring != "present"]
    active = ", ".join(
        f"{s.purpose} key {s.key_id}" + (f" ({s.values} values)" if s.values is not None else "")
        for s in states
        if s.active
    )
    if lost:
        return CheckResult(
            "keys",
            CheckStatus.WARN,
            f"{active} present; but " + "; ".join(_key_line(s) for s in lost),
            "import the retired keys too (`counterapp keys import FILE`), or those values "
            "cannot be read on this workstation",
        )
    return CheckResult("keys", CheckStatus.OK, f"{active} present in the keyring")


def check_font(settings: Settings, options: DoctorOptions) -> CheckResult:
    """``font``: a Chinese TrueType font receipts can embed (``receipts.font_path``)."""
    configured = settings.get_str("receipts.font_path") or None
    try:
        font = bounded(lambda: find_cjk_font(configured), options.step_timeout_s, "the font")
    except NoCjkFont as exc:
        return CheckResult(
            "font",
            CheckStatus.FAIL,
            exc.reason.split(". To fix:")[0].split(". Fix the path")[0],
            "install a Chinese TrueType font (Debian: apt-get install fonts-wqy-microhei) "
            "or set receipts.font_path to a .ttf/.ttc with TrueType outlines",
        )
    except StepTimedOut as exc:
        return CheckResult("font", CheckStatus.FAIL, str(exc), "check fontconfig (fc-list)")
    return CheckResult("font", CheckStatus.OK, f"{font.family} ({font.path}, {font.source.value})")


def check_printer(settings: Settings, options: DoctorOptions) -> CheckResult:
    """``printer``: the receipt printer (``printing.printer``, else CUPS's default) is
    known to CUPS, enabled and accepting jobs."""
    lpstat = shutil.which(options.lpstat)
    if lpstat is None:
        if sys.platform == "win32":
            return CheckResult(
                "printer",
                CheckStatus.SKIP,
                "not checked on Windows (no CUPS)",
                "print a test receipt: `counterapp print CASE_NO --as USER`",
            )
        return CheckResult(
            "printer",
            CheckStatus.WARN,
            f"cannot check the printer: {options.lpstat} (CUPS client) is not installed",
            "install CUPS (Debian: apt-get install cups cups-client) and add the printer",
        )
    try:
        return _printer_state(lpstat, settings.get_str("printing.printer"), options)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return CheckResult(
            "printer", CheckStatus.FAIL, f"lpstat did not answer: {_short(exc)}", "check CUPS"
        )


def _look_at(engine: Engine) -> tuple[str, UpgradePlan]:
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
        version = connection.dialect.server_version_info or ()
    server = f"{engine.dialect.name} {'.'.join(str(v) for v in version)}".strip()
    return server, upgrade_plan(engine)


def _migrations(plan: UpgradePlan, *, sqlite: bool) -> CheckResult:
    name = "database.migrations"
    if plan.up_to_date:
        return CheckResult(name, CheckStatus.OK, f"at revision {plan.current} (this version's)")
    if not plan.known:
        return CheckResult(
            name,
            CheckStatus.FAIL,
            f"the database is at revision {plan.current}, which this version does not "
            f"know (it knows up to {plan.head}): a newer Counter upgraded it",
            "install that newer version here, or restore the backup made before that "
            "upgrade (docs/upgrading.md)",
        )
    if plan.current is None:
        return CheckResult(
            name,
            CheckStatus.WARN,
            f"empty database: no schema yet (this version's revision is {plan.head})",
            "the schema is made at the first start, or now by `counterapp db upgrade`",
        )
    pending = ", ".join(plan.pending)
    waiting = f"at revision {plan.current}; {len(plan.pending)} migrations to run ({pending})"
    if sqlite:
        return CheckResult(
            name,
            CheckStatus.WARN,
            waiting,
            "Counter backs the file up and migrates it at the next start; "
            "or run `counterapp db upgrade` now",
        )
    return CheckResult(
        name,
        CheckStatus.FAIL,
        waiting,
        f"back the database up (pg_dump), then run `{UPGRADE_COMMAND}` "
        "(docs/upgrading.md); until then Counter does not open it",
    )


def _printer_state(lpstat: str, configured: str, options: DoctorOptions) -> CheckResult:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [lpstat, *args],
            capture_output=True,
            text=True,
            timeout=options.step_timeout_s,
            env={**os.environ, "LC_ALL": "C", "LANG": "C"},
            check=False,
        )

    scheduler = run("-r")
    if scheduler.returncode != 0 or "not running" in scheduler.stdout + scheduler.stderr:
        return CheckResult(
            "printer",
            CheckStatus.FAIL,
            "the CUPS scheduler is not running: nothing can be printed",
            "start CUPS (`systemctl start cups`), then run doctor again",
        )
    name, how = configured, "printing.printer"
    if not name:
        default = run("-d").stdout
        name = default.split(":", 1)[1].strip() if "destination:" in default else ""
        how = "the system default"
    if not name:
        return CheckResult(
            "printer",
            CheckStatus.WARN,
            "no printer configured (printing.printer) and no system default printer",
            "set printing.printer, or a default printer (`lpoptions -d NAME`)",
        )
    printer = run("-p", name)
    if printer.returncode != 0 or not printer.stdout.strip():
        known = [
            line.split()[1] for line in run("-p").stdout.splitlines() if line.startswith("printer ")
        ]
        return CheckResult(
            "printer",
            CheckStatus.FAIL,
            f"CUPS has no printer {name!r} ({how}); it has: {', '.join(known) or 'none'}",
            "fix printing.printer, or add the queue (`lpadmin -p NAME -E -v URI`)",
        )
    first = printer.stdout.strip().splitlines()
    if " disabled" in first[0]:
        reason = " ".join(line.strip() for line in first[1:]) or "no reason given"
        return CheckResult(
            "printer",
            CheckStatus.FAIL,
            f"{name} ({how}) is stopped: {reason}",
            f"fix the printer, then `cupsenable {name}`",
        )
    accepting = run("-a", name).stdout
    if "not accepting" in accepting:
        return CheckResult(
            "printer",
            CheckStatus.FAIL,
            f"{name} ({how}) does not accept jobs",
            f"`cupsaccept {name}`",
        )
    state = first[0].split(".")[0].removeprefix("printer ").strip()
    return CheckResult("printer", CheckStatus.OK, f"{state}, accepting jobs ({how})")


def _key_line(state: KeyStatus) -> str:
    values = f", {state.values} values" if state.values else ""
    role = "active" if state.active else "retired"
    return f"{role} {state.purpose} key {state.key_id}{values}: {state.keyring} in this keyring"


def _database_fail(detail: str, advice: str = "") -> CheckResult:
    return CheckResult("database", CheckStatus.FAIL, detail, advice)


def _migrations_skipped(why: str = "the database cannot be reached") -> CheckResult:
    return CheckResult("database.migrations", CheckStatus.SKIP, f"not checked: {why}")


def _without_password(message: str, url: URL) -> str:
    return message.replace(url.password, "***") if url.password else message


def _short(exc: BaseException) -> str:
    original = getattr(exc, "orig", None)
    text_ = str(original if original is not None else exc) or type(exc).__name__
    return " ".join(text_.split())[:300]

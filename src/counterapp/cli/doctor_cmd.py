"""`counterapp doctor [--json]`: check everything this workstation needs (docs/doctor.md).

One line per check, ``OK``/``WARN``/``FAIL``/``SKIP``, the check's name and what was
found, and under a WARN or FAIL what to do. ``--json`` prints the same as one JSON
document for fleet monitoring (schema: docs/doctor.md).

Exit codes are doctor's own, not the shared table of README.md: 0 every check OK (or
skipped), 1 some check warns, 2 some check fails (a broken configuration included);
130 when stopped with Ctrl+C.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from counterapp.app.doctor import (
    CheckStatus,
    DoctorOptions,
    DoctorReport,
    config_report,
    run_doctor,
)
from counterapp.cli.runner import command
from counterapp.config import ConfigError, Settings

EPILOG = (
    "exit codes (doctor's own): 0 every check OK, 1 some check warns (WARN), "
    "2 some check fails (FAIL), also when the configuration cannot be loaded; "
    "130 stopped with Ctrl+C. See docs/doctor.md."
)


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "doctor",
        help="check config, departments, database, keyring, keys, font and printer",
        description="Check everything this workstation needs and say what to fix: the "
        "configuration, every department (name and connection, TLS and certificate "
        "expiry, credentials, a probe with its test identity), the database and its "
        "migrations, the keyring and the encryption keys, the Chinese receipt font and "
        "the printer.",
        epilog=EPILOG,
    )
    parser.add_argument("--json", action="store_true", help="one JSON document (docs/doctor.md)")
    parser.add_argument(
        "--connectors",
        type=Path,
        metavar="DIR",
        help="connector directory (default: departments.connectors_dir)",
    )
    parser.add_argument(
        "--step-timeout",
        type=float,
        default=DoctorOptions.step_timeout_s,
        metavar="S",
        help="the longest the database, keyring, font or printer check waits "
        "(default %(default)g s)",
    )
    parser.set_defaults(handler=command("doctor", run), config_error_handler=run_broken_config)


def run(args: argparse.Namespace, settings: Settings) -> int:
    options = DoctorOptions(connectors_dir=args.connectors, step_timeout_s=args.step_timeout)
    return show(args, run_doctor(settings, options))


def run_broken_config(args: argparse.Namespace, error: ConfigError) -> int:
    """What `counterapp` runs for doctor when the configuration cannot be loaded."""
    return show(args, config_report(error))


def show(args: argparse.Namespace, report: DoctorReport) -> int:
    """Print the report as text or JSON; its exit code."""
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        print(render_text(report))
    sys.stdout.flush()
    return int(report.exit_code)


def render_text(report: DoctorReport) -> str:
    """One line per check; the advice under a WARN or FAIL; the summary last."""
    width = max((len(c.name) for c in report.checks), default=0)
    lines = [f"counterapp doctor on {report.workstation}"]
    for check in report.checks:
        lines.append(f"{check.status.label:<4}  {check.name:<{width}}  {check.detail}")
        if check.advice and check.status in (CheckStatus.WARN, CheckStatus.FAIL):
            lines.append(f"{'':<4}  {'':<{width}}  -> {check.advice}")
    shown = [s for s in CheckStatus if report.count(s) or s is CheckStatus.OK]
    counts = ", ".join(f"{report.count(s)} {s.value}" for s in shown)
    lines.append(f"{report.status.label}: {counts} (exit code {int(report.exit_code)})")
    return "\n".join(lines)

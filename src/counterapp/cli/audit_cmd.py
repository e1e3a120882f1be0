"""`counterapp audit verify|export|purge`: check, hand over and thin the audit trail.

Who acts is named with ``--as`` and signs in first (password by prompt, or one line on
stdin with ``--password-stdin``). Exit codes (README.md, "Command line"): OK done / chain
intact, INTEGRITY the chain is broken (the first bad record is named), BAD_INPUT, REFUSED
(sign-in, permission, retention), CONFIG (the database cannot be opened).
Dates are days in this computer's time zone; ``--to`` includes its whole day.
"""

from __future__ import annotations

import argparse
import sys
import time as clock
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TextIO

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from counterapp.app import audit as audit_use_cases
from counterapp.app.storage import open_database
from counterapp.audit.chain import VerifyProgress
from counterapp.cli.acting import PasswordReader, acting_user, cli_workstation
from counterapp.cli.exit_codes import ExitCode
from counterapp.cli.runner import CommandFailed, UsageError, command
from counterapp.config import Settings
from counterapp.users import Actor

RETENTION_KEY = "audit.retention_days"

Run = Callable[[argparse.Namespace, Engine, Actor, Settings], int]


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("audit", help="verify, export or purge the audit trail")
    sub = parser.add_subparsers(dest="audit_command", required=True, metavar="ACTION")

    def action(name: str, help_text: str, run: Run) -> argparse.ArgumentParser:
        subcommand = sub.add_parser(name, help=help_text)
        subcommand.add_argument("--as", dest="acting", metavar="USERNAME", required=True)
        subcommand.add_argument(
            "--password-stdin", action="store_true", help="read the password from stdin"
        )
        subcommand.set_defaults(handler=_handler(name, run))
        return subcommand

    action("verify", "check the whole hash chain; name the first bad record", _verify)
    export = action("export", "write records to a file an auditor can check", _export)
    export.add_argument("--from", dest="start", required=True, type=_day, metavar="DATE")
    export.add_argument("--to", dest="end", required=True, type=_day, metavar="DATE")
    export.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    purge = action("purge", "remove records older than the retention period", _purge)
    purge.add_argument("--before", required=True, type=_day, metavar="DATE")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min).astimezone()


def _handler(name: str, run: Run) -> Callable[[argparse.Namespace, Settings], int]:
    def handle(args: argparse.Namespace, settings: Settings) -> int:
        try:
            engine = open_database(settings)
        except (SQLAlchemyError, OSError) as exc:
            raise CommandFailed(
                ExitCode.CONFIG,
                f"cannot open the database: {exc}",
                f"无法打开数据库：{exc}",
            ) from exc
        try:
            reader = PasswordReader.of(args)
            where = cli_workstation(settings)
            with acting_user(engine, settings, args.acting, reader, workstation=where) as actor:
                return run(args, engine, actor, settings)
        except OSError as exc:  # the export file cannot be written
            raise UsageError(str(exc), f"无法写入文件：{exc}") from exc
        finally:
            engine.dispose()

    return command(f"audit {name}", handle)


class TerminalProgress:
    """Shows a verify's progress on ``stream`` (stderr), fit for a person or for a log.

    On a terminal: one line rewritten in place (``\\r``), ``verifying audit chain: 412,000
    / 1,000,000 (41 %)``, ended with a newline by :meth:`close`. Elsewhere (a pipe, a log
    file, cron): no carriage returns; a plain line each time another tenth of the chain is
    done, and only once the check has run ``quiet_for`` seconds, so a short check prints
    nothing but its result.
    """

    def __init__(self, stream: TextIO, *, quiet_for: float = 1.0) -> None:
        self._stream = stream
        self._on_terminal = stream.isatty()
        self._quiet_until = clock.monotonic() + quiet_for
        self._tenths = 0
        self._shown = False

    def __call__(self, progress: VerifyProgress) -> None:
        if self._on_terminal:
            self._stream.write(f"\r{_progress_text(progress)}")
            self._stream.flush()
            self._shown = True
            return
        tenths = int(progress.fraction * 10)
        if tenths > self._tenths and clock.monotonic() >= self._quiet_until:
            self._stream.write(f"{_progress_text(progress)}\n")
            self._stream.flush()
        self._tenths = max(self._tenths, tenths)

    def close(self) -> None:
        """End the terminal line, so the result starts on a line of its own."""
        if self._shown:
            self._stream.write("\n")
            self._stream.flush()
            self._shown = False


def _progress_text(progress: VerifyProgress) -> str:
    percent = int(progress.fraction * 100)
    return f"verifying audit chain: {progress.checked:,} / {progress.total:,} ({percent} %)"


def _verify(args: argparse.Namespace, engine: Engine, actor: Actor, settings: Settings) -> int:
    progress = TerminalProgress(sys.stderr)
    try:
        result = audit_use_cases.verify_audit(
            engine, actor, workstation=cli_workstation(settings), progress=progress
        )
    finally:
        progress.close()
    if result.problem is not None:
        print(f"audit chain BROKEN at record {result.problem.seq} ({result.problem.kind}):")
        print(f"  {result.problem.message}")
        return ExitCode.INTEGRITY
    start = f"after anchor seq {result.anchor_seq}" if result.anchor_seq else "from genesis"
    print(f"audit chain intact: {result.checked} records {start} through seq {result.last_seq}")
    print(f"  last hash {result.last_hash}")
    return ExitCode.OK


def _export(args: argparse.Namespace, engine: Engine, actor: Actor, settings: Settings) -> int:
    if args.end < args.start:
        raise UsageError(
            f"--to {args.end} is before --from {args.start}",
            f"--to {args.end} 早于 --from {args.start}",
        )
    summary = audit_use_cases.export_audit(
        engine,
        actor,
        _local_midnight(args.start),
        _local_midnight(args.end + timedelta(days=1)),
        args.output,
        workstation=cli_workstation(settings),
    )
    header = summary.header
    print(f"wrote {header.count} records (seq {header.first_seq}..{header.last_seq})")
    print(f"  to {summary.path}; last hash {header.last_hash}")
    print(f"  check it with: python3 audit_check.py {summary.path}")
    return ExitCode.OK


def _purge(args: argparse.Namespace, engine: Engine, actor: Actor, settings: Settings) -> int:
    retention = settings.values.get(RETENTION_KEY, audit_use_cases.RETENTION_DAYS_DEFAULT)
    if not isinstance(retention, int):
        retention = audit_use_cases.RETENTION_DAYS_DEFAULT
    purge = audit_use_cases.purge_audit(
        engine,
        actor,
        _local_midnight(args.before),
        retention_days=retention,
        workstation=cli_workstation(settings),
    )
    print(f"purged {purge.purged} records; the chain now starts after seq {purge.anchor_seq}")
    print(f"  anchor hash {purge.anchor_hash} (vouched for by record {purge.event_seq})")
    return ExitCode.OK

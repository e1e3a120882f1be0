"""`counterapp audit verify|export|purge`: check, hand over and thin the audit trail.

Who acts is named with ``--as`` and signs in first (password by prompt, or one line on
stdin with ``--password-stdin``). Exit status: 0 done / chain intact, 1 the chain is broken
(the first bad record is named), 2 bad input, 3 refused (sign-in, permission, retention).
Dates are days in this computer's time zone; ``--to`` includes its whole day.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from counterapp.app import audit as audit_use_cases
from counterapp.app.storage import open_database, workstation_name
from counterapp.app.users import lockout_policy, sign_in, sign_out
from counterapp.config import Settings
from counterapp.users import Actor, PermissionDenied
from counterapp.users.accounts import SignInFailed

EXIT_OK, EXIT_BROKEN, EXIT_BAD_INPUT, EXIT_REFUSED = 0, 1, 2, 3
RETENTION_KEY = "audit.retention_days"

Run = Callable[[argparse.Namespace, Engine, Actor, Settings], int]


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("audit", help="verify, export or purge the audit trail")
    sub = parser.add_subparsers(dest="audit_command", required=True, metavar="ACTION")

    def action(name: str, help_text: str, run: Run) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help_text)
        command.add_argument("--as", dest="acting", metavar="USERNAME", required=True)
        command.add_argument(
            "--password-stdin", action="store_true", help="read the password from stdin"
        )
        command.set_defaults(handler=_handler(run))
        return command

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


def _handler(run: Run) -> Callable[[argparse.Namespace, Settings], int]:
    def handle(args: argparse.Namespace, settings: Settings) -> int:
        try:
            engine = open_database(settings)
        except (SQLAlchemyError, OSError) as exc:
            _complain(f"cannot open the database: {exc}")
            return EXIT_BAD_INPUT
        try:
            actor = _sign_in(args, engine, settings)
            try:
                return run(args, engine, actor, settings)
            finally:
                sign_out(engine, actor, workstation=workstation_name(settings))
        except (SignInFailed, PermissionDenied) as exc:
            _complain(str(exc), exc.reason_zh)
            return EXIT_REFUSED
        except audit_use_cases.RetentionRefused as exc:
            _complain(str(exc))
            return EXIT_REFUSED
        except audit_use_cases.ChainBroken as exc:
            _complain(str(exc))
            return EXIT_BROKEN
        except OSError as exc:
            _complain(str(exc))
            return EXIT_BAD_INPUT
        finally:
            engine.dispose()

    return handle


def _sign_in(args: argparse.Namespace, engine: Engine, settings: Settings) -> Actor:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(f"password for {args.acting}: ")
    return sign_in(
        engine,
        args.acting,
        password,
        workstation=workstation_name(settings),
        policy=lockout_policy(settings),
    )


def _complain(message: str, reason_zh: str = "") -> None:
    print(f"counterapp audit: {message}", file=sys.stderr)
    if reason_zh:
        print(f"  {reason_zh}", file=sys.stderr)


def _verify(args: argparse.Namespace, engine: Engine, actor: Actor, settings: Settings) -> int:
    result = audit_use_cases.verify_audit(engine, actor, workstation=workstation_name(settings))
    if result.problem is not None:
        print(f"audit chain BROKEN at record {result.problem.seq} ({result.problem.kind}):")
        print(f"  {result.problem.message}")
        return EXIT_BROKEN
    start = f"after anchor seq {result.anchor_seq}" if result.anchor_seq else "from genesis"
    print(f"audit chain intact: {result.checked} records {start} through seq {result.last_seq}")
    print(f"  last hash {result.last_hash}")
    return EXIT_OK


def _export(args: argparse.Namespace, engine: Engine, actor: Actor, settings: Settings) -> int:
    if args.end < args.start:
        _complain(f"--to {args.end} is before --from {args.start}")
        return EXIT_BAD_INPUT
    summary = audit_use_cases.export_audit(
        engine,
        actor,
        _local_midnight(args.start),
        _local_midnight(args.end + timedelta(days=1)),
        args.output,
        workstation=workstation_name(settings),
    )
    header = summary.header
    print(f"wrote {header.count} records (seq {header.first_seq}..{header.last_seq})")
    print(f"  to {summary.path}; last hash {header.last_hash}")
    print(f"  check it with: python3 audit_check.py {summary.path}")
    return EXIT_OK


def _purge(args: argparse.Namespace, engine: Engine, actor: Actor, settings: Settings) -> int:
    retention = settings.values.get(RETENTION_KEY, audit_use_cases.RETENTION_DAYS_DEFAULT)
    if not isinstance(retention, int):
        retention = audit_use_cases.RETENTION_DAYS_DEFAULT
    purge = audit_use_cases.purge_audit(
        engine,
        actor,
        _local_midnight(args.before),
        retention_days=retention,
        workstation=workstation_name(settings),
    )
    print(f"purged {purge.purged} records; the chain now starts after seq {purge.anchor_seq}")
    print(f"  anchor hash {purge.anchor_hash} (vouched for by record {purge.event_seq})")
    return EXIT_OK

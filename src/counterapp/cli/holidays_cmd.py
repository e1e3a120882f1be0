"""`counterapp holidays check|recompute`: the deployed holiday calendar (docs/holidays.md).

``check`` reads holiday files — those named, or the configured ``calendar.holiday_dir`` —
and shows what each year arranges, or every problem with its file, line and reason; it
needs no sign-in and writes nothing. ``recompute`` signs an admin in with ``--as`` (as
``counterapp audit`` does) and counts every open provisional due date again on the
calendar this workstation loaded; ``--dry-run`` shows the new dates without writing them.
Exit codes (README.md, "Command line"): OK; CONFIG (a holiday file is refused, the
database cannot be opened); REFUSED (sign-in, permission).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from counterapp.app.holidays import (
    HOLIDAY_DIR_KEY,
    Recomputation,
    holiday_dir,
    recompute_due_dates,
)
from counterapp.app.storage import open_database
from counterapp.cases import YearArrangement, last_calendar_year
from counterapp.cases.holiday_files import (
    differences_from_package,
    load_holiday_dir,
    load_holiday_files,
    weekday_name,
)
from counterapp.cli.acting import PasswordReader, acting_user, cli_workstation
from counterapp.cli.exit_codes import ExitCode
from counterapp.cli.runner import CommandFailed, command
from counterapp.config import Settings


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("holidays", help="the official holiday calendar's files")
    sub = parser.add_subparsers(dest="holidays_command", required=True, metavar="ACTION")
    check = sub.add_parser("check", help="check holiday files and show what they arrange")
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="FILE_OR_DIR",
        help=f"holiday files or directories (default: the setting {HOLIDAY_DIR_KEY})",
    )
    check.set_defaults(handler=command("holidays check", _check))
    recompute = sub.add_parser(
        "recompute", help="count open provisional due dates again on the calendar (admin)"
    )
    recompute.add_argument("--as", dest="acting", metavar="ADMIN", required=True)
    recompute.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin"
    )
    recompute.add_argument(
        "--dry-run", action="store_true", help="show the new due dates, write nothing"
    )
    recompute.set_defaults(handler=command("holidays recompute", _recompute))


def _check(args: argparse.Namespace, settings: Settings) -> int:
    paths: Sequence[Path] = args.paths
    if not paths:
        directory = holiday_dir(settings)
        if directory is None:
            print(
                f"no holiday directory is configured ({HOLIDAY_DIR_KEY}): working days come "
                f"from chinesecalendar alone, exact through {last_calendar_year()}"
            )
            return ExitCode.OK
        paths = [directory]
    files: list[Path] = []
    arrangements: list[YearArrangement] = []
    for path in paths:
        if path.is_dir():
            arrangements.extend(load_holiday_dir(path))
        else:
            files.append(path)
    arrangements.extend(load_holiday_files(files))
    for arrangement in sorted(arrangements, key=lambda a: a.year):
        _show(arrangement)
    years = {a.year for a in arrangements}
    through = last_calendar_year()
    while through + 1 in years:
        through += 1
    print(f"with these files due dates are exact through {through}")
    return ExitCode.OK


def _show(arrangement: YearArrangement) -> None:
    days_off = len(arrangement.days_off)
    print(
        f"{arrangement.year}  {arrangement.source}  sha256 {arrangement.digest}: "
        f"{len(arrangement.holidays)} holidays, {days_off} days off, "
        f"{len(arrangement.adjusted_working_days)} adjusted working days"
    )
    if arrangement.notice:
        print(f"  notice: {arrangement.notice}")
    for holiday in arrangement.holidays:
        first, last = holiday.days[0], holiday.days[-1]
        span = first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"
        count = len(holiday.days)
        print(f"  {holiday.name}: {span} ({count} day{'' if count == 1 else 's'})")
    for day in sorted(arrangement.adjusted_working_days):
        print(f"  adjusted working day 调休上班: {day.isoformat()} ({weekday_name(day)})")
    differences = differences_from_package(arrangement)
    if arrangement.year <= last_calendar_year():
        changed = ", ".join(day.isoformat() for day in differences) or "no day"
        print(f"  replaces chinesecalendar's {arrangement.year}; differs on: {changed}")


def _recompute(args: argparse.Namespace, settings: Settings) -> int:
    try:
        engine = open_database(settings)
    except (SQLAlchemyError, OSError) as exc:
        raise CommandFailed(
            ExitCode.CONFIG, f"cannot open the database: {exc}", f"无法打开数据库：{exc}"
        ) from exc
    try:
        where = cli_workstation(settings)
        reader = PasswordReader.of(args)
        with acting_user(engine, settings, args.acting, reader, workstation=where) as actor:
            result = recompute_due_dates(engine, actor, dry_run=args.dry_run, workstation=where)
    finally:
        engine.dispose()
    _report(result)
    return ExitCode.OK


def _report(result: Recomputation) -> None:
    print(f"calendar: {result.calendar}")
    for change in result.cases:
        after = change.after.day.isoformat()
        flag = "still provisional" if change.after.provisional else "exact"
        verb = "would be" if result.dry_run else "now"
        print(
            f"{change.case_number}  {change.state.value}  counted from "
            f"{change.clock_started.isoformat()}: due {change.before.isoformat()} (provisional)"
            f" -> {verb} {after} ({flag})"
        )
    print(result.summary())
    if result.exact and not result.dry_run:
        print(
            "tell the applicants their exact date: reprint each receipt with "
            "`counterapp receipt CASE_NO -o FILE.pdf --as CLERK`"
        )

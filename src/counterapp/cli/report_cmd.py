"""`counterapp report`: the hall's figures and queue as a workbook, or the dashboard as a PDF.

``counterapp report --from DAY --to DAY -o FILE.xlsx --as USER`` writes the period's figures,
department scorecard and queue (:func:`counterapp.app.reports.export_report`);
``-o FILE.pdf`` (or ``--pdf``) writes the dashboard of ``--to``'s day and its week instead
(:func:`~counterapp.app.reports.export_dashboard_pdf`; ``--from`` is not needed). Days are
the hall's (UTC+8), both included. Who acts signs in with ``--as`` (password by prompt, or one
line on stdin with ``--password-stdin``) and needs the supervisor or admin role. Headers are
in the configured language (``ui.language``).

Exit codes (README.md, "Command line"): OK written; BAD_INPUT (``--to`` before ``--from``, a
wrong extension, a folder that is missing or not writable: nothing is written, and the
password is not asked for); REFUSED (sign-in, permission: recorded in the audit trail);
CONFIG (the database cannot be opened, no Chinese font for the PDF).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from counterapp.app.catalog import catalog_for
from counterapp.app.reports import (
    ReportInputError,
    check_destination,
    check_period,
    export_dashboard_pdf,
    export_report,
    report_names,
)
from counterapp.app.storage import open_database
from counterapp.cli.acting import PasswordReader, acting_user, cli_workstation
from counterapp.cli.exit_codes import ExitCode
from counterapp.cli.runner import CommandFailed, UsageError, command
from counterapp.config import Settings
from counterapp.errors import Language
from counterapp.forms import load_forms

XLSX, PDF = ".xlsx", ".pdf"


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "report",
        help="the hall's figures and queue as .xlsx, or the dashboard as .pdf",
        description="Write the figures, the department scorecard and the queue of the days "
        "--from to --to as an Excel workbook, or (-o FILE.pdf, --pdf) the dashboard of "
        "--to's day as an A4 PDF. Needs the supervisor or admin role.",
    )
    parser.add_argument("--from", dest="first", type=_day, metavar="YYYY-MM-DD")
    parser.add_argument("--to", dest="last", required=True, type=_day, metavar="YYYY-MM-DD")
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    parser.add_argument(
        "--pdf", action="store_true", help="the dashboard PDF of --to's day (FILE.pdf)"
    )
    parser.add_argument("--as", dest="acting", required=True, metavar="USERNAME")
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin"
    )
    parser.set_defaults(handler=command("report", _handle))


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _handle(args: argparse.Namespace, settings: Settings) -> int:
    pdf = _wants_pdf(args)
    _check(args, pdf)  # before the password is asked for
    try:
        engine = open_database(settings)
    except (SQLAlchemyError, OSError) as exc:
        raise CommandFailed(
            ExitCode.CONFIG, f"cannot open the database: {exc}", f"无法打开数据库：{exc}"
        ) from exc
    language = Language.of(settings)
    catalog = catalog_for(settings)
    names = report_names(catalog, load_forms(catalog), language)
    where = cli_workstation(settings)
    try:
        reader = PasswordReader.of(args)
        with acting_user(engine, settings, args.acting, reader, workstation=where) as actor:
            if pdf:
                path = export_dashboard_pdf(
                    engine,
                    actor,
                    day=args.last,
                    destination=args.output,
                    language=language,
                    workstation=where,
                    hall_name=settings.get_str("hall.name"),
                    names=names,
                    font_path=settings.get_str("receipts.font_path") or None,
                )
                print(f"wrote the dashboard of {args.last} to {path}")
                return ExitCode.OK
            summary = export_report(
                engine,
                actor,
                first_day=args.first,
                last_day=args.last,
                destination=args.output,
                workstation=where,
                language=language,
                names=names,
            )
    except ReportInputError as exc:
        raise UsageError(exc.reason, exc.reason_zh) from exc
    except OSError as exc:  # the file cannot be written
        raise UsageError(f"cannot write {args.output}: {exc}", f"无法写入文件：{exc}") from exc
    finally:
        engine.dispose()
    print(
        f"wrote {summary.cases} cases and {summary.departments} departments "
        f"({args.first} to {args.last}) to {summary.path}"
    )
    return ExitCode.OK


def _wants_pdf(args: argparse.Namespace) -> bool:
    suffix = args.output.suffix.lower()
    if args.pdf and suffix != PDF:
        raise UsageError(
            f"--pdf writes a .pdf file, not {args.output.name!r}",
            f"--pdf 须输出 .pdf 文件，而不是“{args.output.name}”",
        )
    if not args.pdf and suffix not in (XLSX, PDF):
        raise UsageError(
            f"{args.output.name!r} must end in .xlsx (the workbook) or .pdf (the dashboard)",
            f"“{args.output.name}”须以 .xlsx（工作簿）或 .pdf（仪表板）结尾",
        )
    return args.pdf or suffix == PDF


def _check(args: argparse.Namespace, pdf: bool) -> None:
    try:
        if pdf:
            if args.first is not None:
                check_period(args.first, args.last)
            check_destination(args.output, PDF)
            return
        if args.first is None:
            raise UsageError(
                "--from is needed for a workbook (the dashboard PDF needs only --to)",
                "输出工作簿须给出 --from（仪表板 PDF 只需 --to）",
            )
        check_period(args.first, args.last)
        check_destination(args.output, XLSX)
    except ReportInputError as exc:
        raise UsageError(exc.reason, exc.reason_zh) from exc

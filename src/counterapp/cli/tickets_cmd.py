"""`counterapp tickets ...`: the hall's ticket dispenser and a window's calls (docs/tickets.md).

``issue`` stands in for the hall's ticket machine: it needs no sign-in (the machine has
none, and a ticket holds no personal data) and prints the new number, e.g. ``A001``.
``list`` shows a hall day's tickets (``--json`` for scripts), no sign-in either.
``call``, ``recall``, ``park``, ``transfer``, ``no-show`` and ``done`` act at a window for the
clerk signed in with ``--as``: the window is ``--window`` (default ``hall.window``), the
categories ``--category`` (repeatable; default ``hall.ticket_categories``), the ticket its
number (default: the one the window is serving). Exit codes (README.md, "Command line"):
OK; BAD_INPUT (a category, number or window that is not one); REFUSED (sign-in,
permission); NOT_FOUND (no such ticket; ``call`` when nobody waits); NOT_ACCEPTED (the
ticket's state does not allow the move, or it changed meanwhile); CONFIG (the database).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from counterapp.app.storage import open_database
from counterapp.app.tickets import (
    TicketNotFound,
    call_next,
    configured_categories,
    find_ticket,
    finish,
    issue_ticket,
    no_show,
    park,
    parse_categories,
    recall,
    tickets_of_day,
    transfer,
    window_ticket,
)
from counterapp.cases.deadlines import HALL_TIMEZONE, hall_day
from counterapp.cli.acting import PasswordReader, acting_user, cli_workstation
from counterapp.cli.exit_codes import ExitCode
from counterapp.cli.runner import CommandFailed, UsageError, command
from counterapp.config import Settings
from counterapp.errors import Language
from counterapp.tickets import Ticket
from counterapp.users import Actor

WindowAction = Callable[[argparse.Namespace, Engine, Actor, str, str], int]
"""A move at a window: (args, engine, clerk, window, workstation) → exit code."""


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("tickets", help="the hall's tickets: issue, call, move, list")
    sub = parser.add_subparsers(dest="tickets_command", required=True, metavar="ACTION")
    issue = sub.add_parser("issue", help="issue the next ticket of a category (the dispenser)")
    issue.add_argument("--category", required=True, help="one or two capital letters, e.g. A")
    issue.set_defaults(handler=command("tickets issue", _issue))

    listing = sub.add_parser("list", help="a hall day's tickets")
    listing.add_argument("--day", type=_day, help="the hall day (YYYY-MM-DD; default today)")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=command("tickets list", _list))

    call = _window_command(sub, "call", "call the next ticket for this window", _call)
    call.add_argument(
        "--category",
        action="append",
        dest="categories",
        metavar="CATEGORY",
        help="a category this window calls (repeatable; default hall.ticket_categories)",
    )
    for name, text, action in (
        ("recall", "call a ticket again, or call back a parked one", _recall),
        ("park", "park a ticket (the applicant fetches something)", _park),
        ("no-show", "mark a ticket a no-show (过号)", _no_show),
        ("done", "finish a ticket", _done),
        ("transfer", "send a ticket to another window or category", _transfer),
    ):
        moved = _window_command(sub, name, text, action)
        moved.add_argument(
            "number", nargs="?", help="the ticket, e.g. A001 (default: the window's current one)"
        )
        moved.add_argument("--day", type=_day, help="the ticket's hall day (default today)")
        if name == "done":
            moved.add_argument("--case", dest="case_number", help="the case accepted for it")
        if name == "transfer":
            moved.add_argument("--to-window", help="only this window calls it")
            moved.add_argument("--to-category", help="it waits in this category")


def _window_command(
    sub: argparse._SubParsersAction, name: str, text: str, action: WindowAction
) -> argparse.ArgumentParser:
    parser = sub.add_parser(name, help=text)
    parser.add_argument("--window", help="the service window (default hall.window)")
    parser.add_argument("--as", dest="acting", required=True, metavar="USERNAME")
    parser.add_argument("--password-stdin", action="store_true", help="password from stdin")

    def handle(args: argparse.Namespace, settings: Settings) -> int:
        window = (args.window or settings.get_str("hall.window")).strip()
        args.language = Language.of(settings)
        args.settings = settings
        engine = _database(settings)
        where = cli_workstation(settings)
        try:
            reader = PasswordReader.of(args)
            with acting_user(engine, settings, args.acting, reader, workstation=where) as actor:
                return action(args, engine, actor, window, where)
        finally:
            engine.dispose()

    parser.set_defaults(handler=command(f"tickets {name}", handle))
    return parser


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _database(settings: Settings) -> Engine:
    try:
        return open_database(settings)
    except (SQLAlchemyError, OSError) as exc:
        raise CommandFailed(
            ExitCode.CONFIG, f"cannot open the database: {exc}", f"无法打开数据库：{exc}"
        ) from exc


def _hall_time(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone(HALL_TIMEZONE).strftime("%H:%M:%S")


def _line(ticket: Ticket, language: Language) -> str:
    return ticket.label(language.chinese)


def _issue(args: argparse.Namespace, settings: Settings) -> int:
    engine = _database(settings)
    try:
        ticket = issue_ticket(engine, args.category)
    finally:
        engine.dispose()
    print(ticket.number)
    return ExitCode.OK


def _json(ticket: Ticket) -> dict[str, Any]:
    return {
        "number": ticket.number,
        "category": ticket.category,
        "hall_day": ticket.hall_day.isoformat(),
        "state": ticket.state.value,
        "issued_at": ticket.issued_at.isoformat(),
        "window": ticket.window,
        "called_by": ticket.called_by,
        "first_called_at": None
        if ticket.first_called_at is None
        else ticket.first_called_at.isoformat(),
        "calls": ticket.calls,
        "finished_at": None if ticket.finished_at is None else ticket.finished_at.isoformat(),
        "wait_seconds": ticket.wait_seconds,
        "service_seconds": ticket.service_seconds,
        "case_number": ticket.case_number,
        "priority": ticket.priority,
        "target_window": ticket.target_window,
    }


def _list(args: argparse.Namespace, settings: Settings) -> int:
    day = args.day or hall_day(datetime.now(UTC))
    engine = _database(settings)
    try:
        tickets = tickets_of_day(engine, day)
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps([_json(t) for t in tickets], ensure_ascii=False, indent=2))
        return ExitCode.OK
    if not tickets:
        print(f"no tickets on {day.isoformat()}")
        return ExitCode.OK
    print(
        f"{'number':<8} {'state':<9} {'issued':<8} {'window':<6} {'wait s':>6} "
        f"{'service s':>9} case"
    )
    for t in tickets:
        wait = "" if t.wait_seconds is None else str(t.wait_seconds)
        service = "" if t.service_seconds is None else str(t.service_seconds)
        print(
            f"{t.number:<8} {t.state.value:<9} {_hall_time(t.issued_at):<8} "
            f"{t.window or '':<6} {wait:>6} {service:>9} {t.case_number or ''}".rstrip()
        )
    return ExitCode.OK


def _call(args: argparse.Namespace, engine: Engine, actor: Actor, window: str, ws: str) -> int:
    if args.categories:
        categories = parse_categories(args.categories)
    else:
        categories = configured_categories(args.settings)
        if not categories:
            raise UsageError(
                "name the categories this window calls: --category A (or set "
                "hall.ticket_categories)",
                "请用 --category A 指定本窗口办理的取号类别（或设置 hall.ticket_categories）",
            )
    ticket = call_next(engine, actor, window, categories, workstation=ws)
    if ticket is None:
        raise CommandFailed(
            ExitCode.NOT_FOUND,
            f"nobody waits for {', '.join(categories)}",
            f"{'、'.join(categories)} 类暂无等候",
        )
    print(f"{ticket.number} -> window {window} (waited {ticket.wait_seconds} s)")
    return ExitCode.OK


def _ticket(args: argparse.Namespace, engine: Engine, window: str) -> Ticket:
    if args.number:
        return find_ticket(engine, args.number, args.day)
    current = window_ticket(engine, window)
    if current is None:
        raise TicketNotFound(f"being served at window {window}")
    return current


def _recall(args: argparse.Namespace, engine: Engine, actor: Actor, window: str, ws: str) -> int:
    ticket = recall(engine, actor, _ticket(args, engine, window), window=window, workstation=ws)
    print(f"{_line(ticket, args.language)}: call {ticket.calls}")
    return ExitCode.OK


def _park(args: argparse.Namespace, engine: Engine, actor: Actor, window: str, ws: str) -> int:
    ticket = park(engine, actor, _ticket(args, engine, window), workstation=ws)
    print(_line(ticket, args.language))
    return ExitCode.OK


def _no_show(args: argparse.Namespace, engine: Engine, actor: Actor, window: str, ws: str) -> int:
    ticket = no_show(engine, actor, _ticket(args, engine, window), workstation=ws)
    print(_line(ticket, args.language))
    return ExitCode.OK


def _done(args: argparse.Namespace, engine: Engine, actor: Actor, window: str, ws: str) -> int:
    ticket = finish(
        engine,
        actor,
        _ticket(args, engine, window),
        case_number=args.case_number,
        workstation=ws,
    )
    print(
        f"{_line(ticket, args.language)}: waited {ticket.wait_seconds} s, "
        f"served {ticket.service_seconds} s"
    )
    return ExitCode.OK


def _transfer(args: argparse.Namespace, engine: Engine, actor: Actor, window: str, ws: str) -> int:
    if not args.to_window and not args.to_category:
        raise UsageError(
            "say where to: --to-window 08 and/or --to-category B",
            "请用 --to-window 08 或 --to-category B 指定转往何处",
        )
    ticket = transfer(
        engine,
        actor,
        _ticket(args, engine, window),
        to_window=args.to_window,
        to_category=args.to_category,
        workstation=ws,
    )
    target = f"window {ticket.target_window}" if ticket.target_window else ""
    print(
        f"{ticket.number} waits for {target or 'category ' + ticket.category}"
        + (f" (category {ticket.category})" if target else "")
    )
    return ExitCode.OK

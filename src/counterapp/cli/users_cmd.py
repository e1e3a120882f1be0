"""`counterapp users add|passwd|disable|enable|list`: accounts, from the command line.

Who acts is named with ``--as`` and signs in with a password read by getpass, or from
stdin with ``--password-stdin`` (one line for the acting user's password, then one line
for the new password where the action needs one). On an empty database,
``users add NAME --role admin`` without ``--as`` creates the first admin. Exit codes
(README.md, "Command line"): REFUSED for a sign-in or a permission, BAD_INPUT for an invalid
username or password, NOT_FOUND for no such user.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Engine

from counterapp.app import user_admin
from counterapp.app.storage import open_database
from counterapp.app.users import bootstrap_admin, has_users
from counterapp.cli.acting import PasswordReader, acting_user, cli_workstation
from counterapp.cli.exit_codes import ExitCode
from counterapp.cli.runner import UsageError, command
from counterapp.config import Settings
from counterapp.users import Actor, Role


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("users", help="accounts: add, change passwords, disable, list")
    sub = parser.add_subparsers(dest="users_command", required=True, metavar="ACTION")

    def action(
        name: str, help_text: str, run: Action, *, acting_required: bool
    ) -> argparse.ArgumentParser:
        subcommand = sub.add_parser(name, help=help_text)
        subcommand.add_argument(
            "--as",
            dest="acting",
            metavar="USERNAME",
            required=acting_required,
            help="the admin (or, for passwd, the user) who is acting; signs in first",
        )
        subcommand.add_argument(
            "--password-stdin",
            action="store_true",
            help="read passwords from stdin, one per line, instead of prompting",
        )
        subcommand.set_defaults(handler=_handler(name, run))
        return subcommand

    add = action("add", "add an account", _add, acting_required=False)
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=[role.value for role in Role])
    add.add_argument("--name", default="", help="display name (e.g. 李明)")
    add.add_argument("--window", default="", help="service window number")
    passwd = action("passwd", "change a password", _passwd, acting_required=False)
    passwd.add_argument("username")
    for name, run, text in (("disable", _disable, "disable"), ("enable", _enable, "enable")):
        action(name, f"{text} an account", run, acting_required=True).add_argument("username")
    listing = action("list", "list the accounts", _list, acting_required=True)
    listing.add_argument("--json", action="store_true", help="machine-readable output")


Action = Callable[[argparse.Namespace, Engine, PasswordReader, Settings], int]
ActingRun = Callable[[argparse.Namespace, Engine, Actor, PasswordReader, str], int]


def _handler(name: str, run: Action) -> Callable[[argparse.Namespace, Settings], int]:
    def handle(args: argparse.Namespace, settings: Settings) -> int:
        reader = PasswordReader.of(args)
        engine = open_database(settings)
        try:
            return run(args, engine, reader, settings)
        finally:
            engine.dispose()

    return command(f"users {name}", handle)


def signed_in_as(run: ActingRun) -> Action:
    """Sign the ``--as`` user in, run, and sign out again."""

    def wrapped(
        args: argparse.Namespace, engine: Engine, reader: PasswordReader, settings: Settings
    ) -> int:
        where = cli_workstation(settings)
        with acting_user(engine, settings, args.acting, reader, workstation=where) as actor:
            return run(args, engine, actor, reader, where)

    return wrapped


def _add(
    args: argparse.Namespace, engine: Engine, reader: PasswordReader, settings: Settings
) -> int:
    if args.acting is not None:
        return signed_in_as(_add_as)(args, engine, reader, settings)
    if has_users(engine):
        raise UsageError(
            "name the acting admin with --as ADMIN_USERNAME",
            "请用 --as 管理员用户名 指明操作的管理员",
        )
    if args.role != Role.ADMIN:
        raise UsageError(
            "there are no users yet: the first account must be an admin (--role admin)",
            "尚无用户：第一个账户必须是管理员（--role admin）",
        )
    actor = bootstrap_admin(
        engine,
        args.username,
        reader.new(args.username),
        display_name=args.name,
        workstation=cli_workstation(settings),
    )
    print(f"created the first admin {actor.username!r}")
    return ExitCode.OK


def _add_as(
    args: argparse.Namespace, engine: Engine, actor: Actor, reader: PasswordReader, where: str
) -> int:
    summary = user_admin.add_user(
        engine,
        actor,
        args.username,
        args.role,
        args.name,
        reader.new(args.username),
        args.window,
        workstation=where,
    )
    print(f"added {summary.role.value} {summary.username!r}")
    return ExitCode.OK


def _passwd(
    args: argparse.Namespace, engine: Engine, reader: PasswordReader, settings: Settings
) -> int:
    if args.acting is None:
        args.acting = args.username  # one's own password: sign in as oneself
    return signed_in_as(_passwd_as)(args, engine, reader, settings)


def _passwd_as(
    args: argparse.Namespace, engine: Engine, actor: Actor, reader: PasswordReader, where: str
) -> int:
    own = actor.username == args.username.strip().lower()
    old = reader.last if own else None
    user_admin.change_password(
        engine, actor, args.username, old, reader.new(args.username), workstation=where
    )
    print(f"password changed for {args.username.strip().lower()!r}")
    return ExitCode.OK


@signed_in_as
def _disable(
    args: argparse.Namespace, engine: Engine, actor: Actor, _reader: PasswordReader, where: str
) -> int:
    changed = user_admin.disable_user(engine, actor, args.username, workstation=where)
    print(f"{args.username.strip().lower()!r}: {'disabled' if changed else 'already disabled'}")
    return ExitCode.OK


@signed_in_as
def _enable(
    args: argparse.Namespace, engine: Engine, actor: Actor, _reader: PasswordReader, where: str
) -> int:
    changed = user_admin.enable_user(engine, actor, args.username, workstation=where)
    print(f"{args.username.strip().lower()!r}: {'enabled' if changed else 'already enabled'}")
    return ExitCode.OK


@signed_in_as
def _list(
    args: argparse.Namespace, engine: Engine, actor: Actor, _reader: PasswordReader, where: str
) -> int:
    users = user_admin.list_users(engine, actor)
    if args.json:
        rows = [
            {
                "username": user.username,
                "role": user.role.value,
                "display_name": user.display_name,
                "window": user.window,
                "disabled": user.disabled,
                "locked_until": _iso(user.locked_until),
                "last_login_at": _iso(user.last_login_at),
                "created_at": _iso(user.created_at),
            }
            for user in users
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return ExitCode.OK
    for user in users:
        status = "disabled" if user.disabled else "enabled"
        if user.locked_until is not None and user.locked_until > datetime.now(UTC):
            status += f", locked until {user.locked_until.astimezone():%H:%M}"
        print(
            f"{user.username:<16} {user.role.value:<10} {user.window:<6} "
            f"{status:<28} {user.display_name}"
        )
    return ExitCode.OK


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None

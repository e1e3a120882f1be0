"""`counterapp users add|passwd|disable|enable|list`: accounts, from the command line.

Who acts is named with ``--as`` and signs in with a password read by getpass, or from
stdin with ``--password-stdin`` (one line for the acting user's password, then one line
for the new password where the action needs one). On an empty database,
``users add NAME --role admin`` without ``--as`` creates the first admin.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TextIO

from sqlalchemy import Engine

from counterapp.app import user_admin
from counterapp.app.storage import open_database, workstation_name
from counterapp.app.users import bootstrap_admin, has_users, lockout_policy, sign_in, sign_out
from counterapp.config import Settings
from counterapp.users import Actor, PermissionDenied, Role
from counterapp.users.accounts import AccountError, SignInFailed
from counterapp.users.passwords import WeakPassword

EXIT_OK, EXIT_REFUSED, EXIT_BAD_INPUT = 0, 1, 2


class UsageError(Exception):
    """The command line cannot be carried out as given."""


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("users", help="accounts: add, change passwords, disable, list")
    sub = parser.add_subparsers(dest="users_command", required=True, metavar="ACTION")

    def action(
        name: str, help_text: str, run: Action, *, acting_required: bool
    ) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help_text)
        command.add_argument(
            "--as",
            dest="acting",
            metavar="USERNAME",
            required=acting_required,
            help="the admin (or, for passwd, the user) who is acting; signs in first",
        )
        command.add_argument(
            "--password-stdin",
            action="store_true",
            help="read passwords from stdin, one per line, instead of prompting",
        )
        command.set_defaults(handler=_handler(run))
        return command

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


class PasswordReader:
    """Passwords from stdin lines (``--password-stdin``) or from getpass prompts."""

    def __init__(self, from_stdin: bool, stream: TextIO) -> None:
        self.from_stdin = from_stdin
        self.stream = stream
        self.last: str | None = None

    def _line(self, what: str) -> str:
        line = self.stream.readline()
        if not line:
            raise UsageError(f"expected {what} as a line on stdin")
        return line.rstrip("\r\n")

    def existing(self, username: str) -> str:
        """The acting user's password; kept as ``last`` (one's own old password)."""
        if self.from_stdin:
            self.last = self._line(f"the password of {username}")
        else:
            self.last = getpass.getpass(f"password for {username}: ")
        return self.last

    def new(self, username: str) -> str:
        """A new password for ``username`` (typed twice when prompting)."""
        if self.from_stdin:
            return self._line(f"the new password for {username}")
        password = getpass.getpass(f"new password for {username}: ")
        if getpass.getpass("again: ") != password:
            raise UsageError("the two passwords differ; nothing changed")
        return password


Action = Callable[[argparse.Namespace, Engine, PasswordReader, Settings], int]


def _handler(run: Action) -> Callable[[argparse.Namespace, Settings], int]:
    def handle(args: argparse.Namespace, settings: Settings) -> int:
        reader = PasswordReader(args.password_stdin, sys.stdin)
        engine = open_database(settings)
        try:
            return run(args, engine, reader, settings)
        except (SignInFailed, PermissionDenied) as exc:
            _complain(str(exc), exc.reason_zh)
            return EXIT_REFUSED
        except (AccountError, WeakPassword) as exc:
            _complain(str(exc), exc.reason_zh)
            return EXIT_BAD_INPUT
        except UsageError as exc:
            _complain(str(exc))
            return EXIT_BAD_INPUT
        finally:
            engine.dispose()

    return handle


def _complain(message: str, reason_zh: str = "") -> None:
    print(f"counterapp users: {message}", file=sys.stderr)
    if reason_zh:
        print(f"  {reason_zh}", file=sys.stderr)


def _workstation(settings: Settings) -> str:
    return f"{workstation_name(settings)} (cli)"


def _as_acting(
    args: argparse.Namespace, engine: Engine, reader: PasswordReader, settings: Settings
) -> Actor:
    if not has_users(engine):
        raise UsageError(
            "there are no users yet: create the first admin with "
            "`counterapp users add NAME --role admin` (without --as)"
        )
    password = reader.existing(args.acting)
    return sign_in(
        engine,
        args.acting,
        password,
        workstation=_workstation(settings),
        policy=lockout_policy(settings),
    )


ActingRun = Callable[[argparse.Namespace, Engine, Actor, PasswordReader, str], int]


def signed_in_as(run: ActingRun) -> Action:
    """Sign the ``--as`` user in, run, and sign out again."""

    def wrapped(
        args: argparse.Namespace, engine: Engine, reader: PasswordReader, settings: Settings
    ) -> int:
        actor = _as_acting(args, engine, reader, settings)
        workstation = _workstation(settings)
        try:
            return run(args, engine, actor, reader, workstation)
        finally:
            sign_out(engine, actor, workstation=workstation)

    return wrapped


def _add(
    args: argparse.Namespace, engine: Engine, reader: PasswordReader, settings: Settings
) -> int:
    if args.acting is not None:
        return signed_in_as(_add_as)(args, engine, reader, settings)
    if has_users(engine):
        raise UsageError("name the acting admin with --as ADMIN_USERNAME")
    if args.role != Role.ADMIN:
        raise UsageError(
            "there are no users yet: the first account must be an admin (--role admin)"
        )
    actor = bootstrap_admin(
        engine,
        args.username,
        reader.new(args.username),
        display_name=args.name,
        workstation=_workstation(settings),
    )
    print(f"created the first admin {actor.username!r}")
    return EXIT_OK


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
    return EXIT_OK


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
    return EXIT_OK


@signed_in_as
def _disable(
    args: argparse.Namespace, engine: Engine, actor: Actor, _reader: PasswordReader, where: str
) -> int:
    changed = user_admin.disable_user(engine, actor, args.username, workstation=where)
    print(f"{args.username.strip().lower()!r}: {'disabled' if changed else 'already disabled'}")
    return EXIT_OK


@signed_in_as
def _enable(
    args: argparse.Namespace, engine: Engine, actor: Actor, _reader: PasswordReader, where: str
) -> int:
    changed = user_admin.enable_user(engine, actor, args.username, workstation=where)
    print(f"{args.username.strip().lower()!r}: {'enabled' if changed else 'already enabled'}")
    return EXIT_OK


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
        return EXIT_OK
    for user in users:
        status = "disabled" if user.disabled else "enabled"
        if user.locked_until is not None and user.locked_until > datetime.now(UTC):
            status += f", locked until {user.locked_until.astimezone():%H:%M}"
        print(
            f"{user.username:<16} {user.role.value:<10} {user.window:<6} "
            f"{status:<28} {user.display_name}"
        )
    return EXIT_OK


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None

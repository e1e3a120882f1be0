"""The one way a command acts as a user: ``--as USERNAME``, a password, the hall's policy.

Every command that acts for someone (``users``, ``cases``, ``audit``, ``keys``, ``lookup
--as``, ``notify``/``receipt``, the Qt face's ``print``, the text demo) signs in here: the
password comes from a getpass prompt, or a line of stdin with ``--password-stdin``, and the
sign-in goes through :class:`SignInDesk`, so the hall's lock-out settings apply to every
face; the user is signed out when the command ends, however it ends.
"""

from __future__ import annotations

import argparse
import getpass
import io
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from sqlalchemy import Engine

from counterapp.app.context import CounterContext, open_counter
from counterapp.app.storage import workstation_name
from counterapp.app.users import SignInDesk, has_users
from counterapp.cli.exit_codes import ExitCode
from counterapp.cli.runner import CommandFailed, UsageError, command, exit_code_for
from counterapp.config import Settings
from counterapp.users import Actor

CounterAction = Callable[[argparse.Namespace, CounterContext, Actor], int]
"""A command run by a signed-in user at an open counter (``acting_command``)."""


class PasswordReader:
    """Passwords from stdin lines (``--password-stdin``) or from getpass prompts."""

    def __init__(self, from_stdin: bool, stream: TextIO) -> None:
        self.from_stdin = from_stdin
        self.stream = stream
        self.last: str | None = None

    @classmethod
    def of(cls, args: argparse.Namespace) -> PasswordReader:
        """The reader the command line asks for (its ``--password-stdin``)."""
        return cls(bool(getattr(args, "password_stdin", False)), sys.stdin)

    @classmethod
    def given(cls, *passwords: str) -> PasswordReader:
        """A reader of known passwords, in order (the demo's users)."""
        return cls(True, io.StringIO("".join(f"{p}\n" for p in passwords)))

    def line(self, what: str, what_zh: str) -> str:
        """The next line of stdin, for ``what`` (``what_zh`` in Chinese)."""
        line = self.stream.readline()
        if not line:
            raise UsageError(f"expected {what} as a line on stdin", f"标准输入应提供{what_zh}")
        return line.rstrip("\r\n")

    def existing(self, username: str) -> str:
        """The acting user's password; kept as ``last`` (one's own old password)."""
        if self.from_stdin:
            self.last = self.line(f"the password of {username}", f" {username} 的密码")
        else:
            self.last = getpass.getpass(f"password for {username}: ")
        return self.last

    def new(self, username: str) -> str:
        """A new password for ``username`` (typed twice when prompting)."""
        if self.from_stdin:
            return self.line(f"the new password for {username}", f" {username} 的新密码")
        password = getpass.getpass(f"new password for {username}: ")
        if getpass.getpass("again: ") != password:
            raise UsageError(
                "the two passwords differ; nothing changed", "两次输入的密码不一致，未作修改"
            )
        return password


def cli_workstation(settings: Settings) -> str:
    """The workstation name the command line signs in and audits under."""
    return f"{workstation_name(settings)} (cli)"


@contextmanager
def acting_user(
    engine: Engine,
    settings: Settings,
    username: str,
    reader: PasswordReader,
    *,
    workstation: str,
) -> Iterator[Actor]:
    """Sign ``username`` in (the hall's lock-out policy), yield them, sign them out.

    Raises:
        UsageError: there are no users yet (the first admin is made without ``--as``).
        SignInFailed: a wrong password, a locked or disabled account.
    """
    if not has_users(engine):
        raise UsageError(
            "there are no users yet: create the first admin with "
            "`counterapp users add NAME --role admin` (without --as)",
            "尚无用户：请先用 `counterapp users add 用户名 --role admin`（不带 --as）创建管理员",
        )
    desk = SignInDesk.of(settings, engine, workstation)
    actor = desk.sign_in(username, reader.existing(username))
    try:
        yield actor
    finally:
        desk.sign_out(actor)


def acting_command(
    parser: argparse.ArgumentParser, name: str, action: CounterAction
) -> argparse.ArgumentParser:
    """``action`` as command ``name``: the counter opened, the ``--as`` user signed in.

    Adds ``--as``, ``--password-stdin`` and ``--connectors`` to ``parser``; the shared
    errors become exit codes through :func:`counterapp.cli.runner.command`.
    """
    parser.add_argument("--as", dest="acting", required=True, metavar="USERNAME")
    parser.add_argument("--password-stdin", action="store_true", help="password from stdin")
    parser.add_argument("--connectors", type=Path, metavar="DIR", help="connector directory")

    def handle(args: argparse.Namespace, settings: Settings) -> int:
        ctx = _open_counter(settings, args.connectors)
        try:
            reader = PasswordReader.of(args)
            with acting_user(
                ctx.engine, settings, args.acting, reader, workstation=ctx.workstation
            ) as actor:
                return action(args, ctx, actor)
        finally:
            ctx.close()

    parser.set_defaults(handler=command(name, handle))
    return parser


def _open_counter(settings: Settings, connectors: Path | None) -> CounterContext:
    try:
        return open_counter(settings, connectors_dir=connectors, workstation_suffix=" (cli)")
    except Exception as exc:  # a broken file or keyring the runner knows: its own code
        if exit_code_for(exc) is not None:
            raise
        raise CommandFailed(
            ExitCode.CONFIG,
            f"cannot open the workstation: {exc}",
            f"无法打开本工作站：{exc}",
        ) from exc

"""The one way a `counterapp` command runs, fails and complains.

Every command's handler is wrapped by :func:`command`: it runs the handler, and when the
handler raises one of the shared errors, maps it to its :class:`ExitCode` and prints one
complaint line, ``counterapp COMMAND: reason``, in the configured language
(``ui.language``). A handler that stops for its own reason raises :class:`CommandFailed`
with the code and both texts. The codes and their meanings: README.md, "Command line".
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from functools import cache

from counterapp.cli.exit_codes import ExitCode
from counterapp.config import ConfigError, Settings
from counterapp.consent import ConsentError
from counterapp.declared_files import FileProblemsError
from counterapp.errors import CounterError, Language, error_text

Handler = Callable[[argparse.Namespace, Settings], int]


class CommandFailed(CounterError):
    """A command stops with ``code``; the runner prints the reason in the user's language.

    Args:
        code: the exit code (README.md, "Command line").
        reason: why, in English.
        reason_zh: the same in Chinese ("" when there is none).
    """

    def __init__(self, code: ExitCode, reason: str, reason_zh: str = "") -> None:
        super().__init__(reason, reason_zh)
        self.code = code


class UsageError(CommandFailed):
    """The command line cannot be carried out as given (exit code BAD_INPUT)."""

    def __init__(self, reason: str, reason_zh: str = "") -> None:
        super().__init__(ExitCode.BAD_INPUT, reason, reason_zh)


@cache
def exit_codes() -> tuple[tuple[type[BaseException], ExitCode], ...]:
    """The shared errors and their codes; the first entry the error is an instance of wins,
    so a subclass with its own code comes before its base.

    Imported when the first error is mapped, not with the runner: the workspace's start
    needs none of these use cases (reportlab for receipts; benchmarks/gui_startup.py).
    """
    from counterapp.app.audit import ChainBroken, RetentionRefused
    from counterapp.app.case_acceptance import CounterFlowStopped, FormIncomplete
    from counterapp.app.cases import CaseNotFound
    from counterapp.app.lookup import LookupInputError
    from counterapp.app.queue import QueueSearchInvalid
    from counterapp.app.receipts import NothingToCorrect
    from counterapp.app.reveal import RevealRefused
    from counterapp.app.review import CaseChangedMeanwhile, ReviewInputError
    from counterapp.app.tickets import TicketChangedMeanwhile, TicketNotFound, TicketNotServed
    from counterapp.cases import CalendarNotCovered, IllegalTransition, InvalidCaseNumber
    from counterapp.exchange.connector_loader import ConnectorError
    from counterapp.exchange.credentials import CredentialError
    from counterapp.protection import ProtectionError
    from counterapp.protection.key_transfer import KeyFileError
    from counterapp.receipts import NoCjkFont
    from counterapp.store.upgrade import DatabaseNotReady
    from counterapp.tickets import IllegalTicketMove, TicketInputError
    from counterapp.users import PermissionDenied
    from counterapp.users.accounts import AccountError, AccountRefused, SignInFailed, UnknownUser
    from counterapp.users.passwords import WeakPassword

    return (
        (FormIncomplete, ExitCode.BAD_INPUT),
        (CounterFlowStopped, ExitCode.NOT_ACCEPTED),
        (IllegalTransition, ExitCode.NOT_ACCEPTED),
        (IllegalTicketMove, ExitCode.NOT_ACCEPTED),
        (TicketChangedMeanwhile, ExitCode.NOT_ACCEPTED),
        (TicketNotServed, ExitCode.NOT_ACCEPTED),
        (CaseChangedMeanwhile, ExitCode.NOT_ACCEPTED),
        (NothingToCorrect, ExitCode.NOT_ACCEPTED),
        (ReviewInputError, ExitCode.BAD_INPUT),
        (QueueSearchInvalid, ExitCode.BAD_INPUT),
        (PermissionDenied, ExitCode.REFUSED),
        (SignInFailed, ExitCode.REFUSED),
        (AccountRefused, ExitCode.REFUSED),
        (ConsentError, ExitCode.REFUSED),
        (RevealRefused, ExitCode.REFUSED),
        (RetentionRefused, ExitCode.REFUSED),
        (KeyFileError, ExitCode.REFUSED),
        (CaseNotFound, ExitCode.NOT_FOUND),
        (TicketNotFound, ExitCode.NOT_FOUND),
        (UnknownUser, ExitCode.NOT_FOUND),
        (AccountError, ExitCode.BAD_INPUT),
        (WeakPassword, ExitCode.BAD_INPUT),
        (InvalidCaseNumber, ExitCode.BAD_INPUT),
        (LookupInputError, ExitCode.BAD_INPUT),
        (TicketInputError, ExitCode.BAD_INPUT),
        (ChainBroken, ExitCode.INTEGRITY),
        (ConfigError, ExitCode.CONFIG),
        (FileProblemsError, ExitCode.CONFIG),
        (ConnectorError, ExitCode.CONFIG),
        (CredentialError, ExitCode.CONFIG),
        (ProtectionError, ExitCode.CONFIG),
        (CalendarNotCovered, ExitCode.CONFIG),
        (NoCjkFont, ExitCode.CONFIG),
        (DatabaseNotReady, ExitCode.CONFIG),
    )


_CONFIG_PREFIX = ("the configuration cannot be used:", "配置无法使用：")


def exit_code_for(error: BaseException) -> ExitCode | None:
    """The exit code of a shared error (None: not one the runner knows)."""
    if isinstance(error, CommandFailed):
        return error.code
    for kind, code in exit_codes():
        if isinstance(error, kind):
            return code
    return ExitCode.FAILURE if isinstance(error, CounterError) else None


def complain(
    settings: Settings | Language, command: str, code: ExitCode, error: BaseException | str
) -> ExitCode:
    """Print ``counterapp COMMAND: reason`` to stderr in the user's language; return ``code``.

    Args:
        settings: the settings (their ``ui.language``), or the language itself.
        command: the command's name, e.g. ``users`` ("" for `counterapp` itself).
        code: what to return.
        error: the error (a :class:`CounterError` shows in the language) or the text.
    """
    from counterapp.exchange.connector_loader import ConnectorError  # jmespath, lxml: on error

    language = settings if isinstance(settings, Language) else Language.of(settings)
    text = error if isinstance(error, str) else error_text(error, language)
    if isinstance(error, ConfigError | FileProblemsError | ConnectorError):
        prefix = _CONFIG_PREFIX[language.chinese]
        text = prefix + "\n" + "\n".join(f"  {line}" for line in text.splitlines())
    where = f"counterapp {command}" if command else "counterapp"
    print(f"{where}: {text}", file=sys.stderr)
    return code


def command(name: str, handler: Handler) -> Handler:
    """``handler`` as a command: the shared errors become an exit code and one complaint."""

    def run(args: argparse.Namespace, settings: Settings) -> int:
        try:
            return int(handler(args, settings))
        except KeyboardInterrupt:
            return ExitCode.INTERRUPTED
        except Exception as exc:
            code = exit_code_for(exc)
            if code is None:
                raise
            return complain(settings, name, code, exc)

    run.__doc__ = handler.__doc__
    run.__wrapped__ = handler  # type: ignore[attr-defined]
    return run

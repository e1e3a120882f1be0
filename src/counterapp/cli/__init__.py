"""`counterapp ...`: the command-line face of the app layer.

Each command group lives in its own module with ``register(subparsers)``; a command's
handler takes the parsed arguments and the resolved settings and returns an
:class:`~counterapp.cli.exit_codes.ExitCode`, wrapped by :func:`counterapp.cli.runner.command`
so the shared errors end every command with the same code and one complaint line. The codes
are the same for every command (README.md, "Command line").
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from counterapp import __version__
from counterapp.cli.exit_codes import ExitCode
from counterapp.cli.runner import Handler, UsageError, command, complain
from counterapp.command_line import DEFAULT_DEMO_OUT
from counterapp.config import ConfigError, Settings, load_settings
from counterapp.config.loader import FlagValue
from counterapp.config.schema import SCHEMA_BY_KEY
from counterapp.errors import Language
from counterapp.logs import log_broken_config, log_end, start_logging

Registrar = Callable[[argparse._SubParsersAction], None]


def build_parser(
    extra: Sequence[Registrar] = (),
    default_handler: Handler | None = None,
    *,
    with_commands: bool = True,
) -> argparse.ArgumentParser:
    """The parser of every command; ``extra`` adds another face's commands (the Qt one).

    Args:
        extra: functions adding commands (``counterapp.ui.commands.register``).
        default_handler: what runs without a command (the workspace); help otherwise.
        with_commands: False: the top-level options alone, for an ``argv`` without a
            command (:func:`parse_arguments`); what it cannot parse raises
            :class:`NeedsCommands`.
    """
    parser = (argparse.ArgumentParser if with_commands else _OptionsOnly)(
        prog="counterapp",
        description="Counter: the one-stop service counter (一窗受理). "
        "Without a command, opens the desktop workspace.",
    )
    parser.add_argument("--version", action="version", version=f"counterapp {__version__}")
    parser.add_argument(
        "--config",
        action="append",
        default=[],
        metavar="FILE",
        help="extra TOML config file, read after the system and user files (repeatable)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        dest="overrides",
        help="override one configuration key, e.g. --set hall.window=07 (repeatable)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the workspace on simulated departments with a temporary demo database "
        "and demo users (printed at start); without a display, run the scripted walkthrough "
        "offscreen instead",
    )
    parser.add_argument(
        "--demo-out",
        type=Path,
        metavar="DIR",
        help="where --demo without a display writes the screenshot of every step and the "
        f"receipt (default: ./{DEFAULT_DEMO_OUT})",
    )
    parser.add_argument(
        "--exit-after-sign-in",
        action="store_true",
        help="start the workspace as usual, exit 0 once the sign-in window is painted "
        "(a check that an installation starts; offscreen when there is no display)",
    )
    parser.add_argument(
        "--log-level",
        type=str.upper,
        choices=SCHEMA_BY_KEY["logging.level"].choices,
        help="threshold of the log file for this run, overriding logging.level "
        "(docs/configuration.md, Logs)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    if with_commands:
        _register_commands(commands)
        for register in extra:
            register(commands)

    def show_help(args: argparse.Namespace, settings: Settings) -> int:
        parser.print_help(sys.stderr)
        return ExitCode.BAD_INPUT

    parser.set_defaults(handler=command("", default_handler or show_help))
    return parser


def _register_commands(commands: argparse._SubParsersAction) -> None:
    """Add every command of the CLI to ``commands``.

    The modules are imported here, not at the top: the workspace's start (no command)
    needs none of them (benchmarks/gui_startup.py).
    """
    from counterapp.cli import (
        audit_cmd,
        cases_cmd,
        catalog_cmd,
        config_cmd,
        counter_cmd,
        credentials_cmd,
        db_cmd,
        demo_cmd,
        doctor_cmd,
        holidays_cmd,
        keys_cmd,
        lookup_cmd,
        report_cmd,
        sim_cmd,
        tickets_cmd,
        users_cmd,
        validate_cmd,
    )

    for module in (
        demo_cmd,
        lookup_cmd,
        sim_cmd,
        credentials_cmd,
        db_cmd,
        users_cmd,
        keys_cmd,
        audit_cmd,
        cases_cmd,
        report_cmd,
        counter_cmd,
        validate_cmd,
        catalog_cmd,
        config_cmd,
        holidays_cmd,
        doctor_cmd,
        tickets_cmd,
    ):
        module.register(commands)


class NeedsCommands(Exception):
    """The top-level options alone cannot parse this ``argv`` (a command, help, a mistake)."""


class _OptionsOnly(argparse.ArgumentParser):
    """The parser of the top-level options that hands anything else to the full one."""

    def error(self, message: str) -> NoReturn:
        raise NeedsCommands(message)

    def print_help(self, file: object = None) -> None:
        raise NeedsCommands("help lists the commands")


def parse_arguments(
    argv: Sequence[str] | None,
    extra: Sequence[Registrar] = (),
    default_handler: Handler | None = None,
) -> argparse.Namespace:
    """``argv`` parsed; the commands' modules are imported only when it names a command.

    Without a command (the workspace's start), the top-level options alone parse it to
    the same namespace. Whatever they cannot parse (a command, ``--help``, a mistake)
    goes to the parser of every command, which runs it or says what is wrong.
    """
    if default_handler is not None:  # without one, no command shows the full help
        try:
            return build_parser(default_handler=default_handler, with_commands=False).parse_args(
                argv
            )
        except NeedsCommands:
            pass
    return build_parser(extra, default_handler).parse_args(argv)


def main(
    argv: Sequence[str] | None = None,
    *,
    extra: Sequence[Registrar] = (),
    default_handler: Handler | None = None,
    show_broken_config: Callable[[argparse.Namespace, ConfigError, Language], object] | None = None,
) -> int:
    """Run one command and return its exit code (see :func:`build_parser` for the options).

    Args:
        argv: the arguments (``sys.argv[1:]`` when None).
        extra: functions adding another face's commands.
        default_handler: what runs without a command (the workspace).
        show_broken_config: without a command, called after a broken configuration was
            complained about on stderr, with the language of the complaint: the workspace
            also shows it in a window (started from a menu, nobody reads stderr).
    """
    args = parse_arguments(argv, extra, default_handler)
    problem = _demo_problem(args)
    if problem:
        return complain(early_language(args), "", problem.code, problem)
    flags = [FlagValue("--log-level", "logging.level", args.log_level)] if args.log_level else []
    try:
        settings = load_settings(
            extra_files=[Path(p) for p in args.config], overrides=args.overrides, flags=flags
        )
    except ConfigError as exc:
        log_broken_config(exc, args.log_level, args.command or "")
        if (on_broken := getattr(args, "config_error_handler", None)) is not None:
            return int(on_broken(args, exc))  # doctor reports it as its own check
        refused = complain(early_language(args), "", ExitCode.CONFIG, exc)
        if show_broken_config is not None and not args.command:
            show_broken_config(args, exc, early_language(args, Language.ZH_CN))
        return refused
    start_logging(settings, args.command or "")
    if settings.get_str("calendar.holiday_dir"):  # docs/holidays.md; imported only when set
        from counterapp.app.holidays import install_holiday_calendar
        from counterapp.cases.holiday_files import HolidayFileError

        try:
            install_holiday_calendar(settings)
        except HolidayFileError as exc:
            return complain(settings, "", ExitCode.CONFIG, exc)
    try:
        code = int(args.handler(args, settings))
    except KeyboardInterrupt:
        code = ExitCode.INTERRUPTED
    log_end(args.command or "", code)
    return code


def early_language(args: argparse.Namespace, default: Language = Language.EN) -> Language:
    """The language before the settings are read: ``--set ui.language=...``, else
    ``default`` (English on a terminal)."""
    for override in reversed(args.overrides):
        key, sep, value = override.partition("=")
        if sep and key.strip() == "ui.language":
            return Language.parse(value.strip())
    return default


def _demo_problem(args: argparse.Namespace) -> UsageError | None:
    """Why ``--demo``/``--demo-out`` cannot be used as given (None: they can)."""
    if args.demo and args.command:
        return UsageError(
            f"--demo opens the demo workspace and takes no command (got `{args.command}`); "
            "run `counterapp --demo` alone, or the command without --demo",
            f"--demo 打开演示工作台，不能再带命令（收到 `{args.command}`）；"
            "请单独运行 `counterapp --demo`，或去掉 --demo 运行该命令",
        )
    if args.demo_out is not None and not args.demo:
        return UsageError("--demo-out only goes with --demo", "--demo-out 只能与 --demo 同用")
    return None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""`counterapp ...`: the command-line face of the app layer.

Each command group lives in its own module with ``register(subparsers)``; a command's
handler takes the parsed arguments and the resolved settings and returns the exit code:
0 success, 2 bad input (the reason is printed), 1 failure; commands document their other
codes (``lookup``: 3 partial result; ``audit``: 1 chain broken, 3 refused).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from counterapp import __version__
from counterapp.cli import (
    audit_cmd,
    cases_cmd,
    catalog_cmd,
    config_cmd,
    counter_cmd,
    credentials_cmd,
    db_cmd,
    demo_cmd,
    keys_cmd,
    lookup_cmd,
    sim_cmd,
    users_cmd,
    validate_cmd,
)
from counterapp.config import ConfigError, Settings, load_settings

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2

DEFAULT_DEMO_OUT = Path("counter-demo")
"""Where ``counterapp --demo`` without a display writes, under the current directory."""


Registrar = Callable[[argparse._SubParsersAction], None]
Handler = Callable[[argparse.Namespace, Settings], int]


def build_parser(
    extra: Sequence[Registrar] = (), default_handler: Handler | None = None
) -> argparse.ArgumentParser:
    """The parser of every command; ``extra`` adds another face's commands (the Qt one).

    Args:
        extra: functions adding commands (``counterapp.ui.commands.register``).
        default_handler: what runs without a command (the workspace); help otherwise.
    """
    parser = argparse.ArgumentParser(
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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
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
        counter_cmd,
        validate_cmd,
        catalog_cmd,
        config_cmd,
    ):
        module.register(commands)
    for register in extra:
        register(commands)

    def show_help(args: argparse.Namespace, settings: Settings) -> int:
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT

    parser.set_defaults(handler=default_handler or show_help)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    extra: Sequence[Registrar] = (),
    default_handler: Handler | None = None,
) -> int:
    """Run one command and return its exit code (see :func:`build_parser` for the options)."""
    parser = build_parser(extra, default_handler)
    args = parser.parse_args(argv)
    problem = _demo_problem(args)
    if problem:
        print(f"counterapp: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        settings = load_settings(
            extra_files=[Path(p) for p in args.config], overrides=args.overrides
        )
    except ConfigError as exc:
        print("counterapp: the configuration cannot be used:", file=sys.stderr)
        for config_problem in exc.problems:
            print(f"  {config_problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        return int(args.handler(args, settings))
    except KeyboardInterrupt:
        return 130


def _demo_problem(args: argparse.Namespace) -> str | None:
    """Why ``--demo``/``--demo-out`` cannot be used as given (None: they can)."""
    if args.demo and args.command:
        return (
            f"--demo opens the demo workspace and takes no command (got `{args.command}`); "
            "run `counterapp --demo` alone, or the command without --demo"
        )
    if args.demo_out is not None and not args.demo:
        return "--demo-out only goes with --demo"
    return None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""`counterapp config show|docs|paths`."""

from __future__ import annotations

import argparse

from counterapp.cli.exit_codes import ExitCode
from counterapp.cli.runner import command
from counterapp.config import Settings
from counterapp.config.loader import (
    system_config_path,
    user_config_path,
    user_data_dir,
    user_log_dir,
)
from counterapp.config.render import schema_markdown, settings_json, settings_table


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("config", help="show the configuration and where it comes from")
    sub = parser.add_subparsers(dest="config_command", required=True, metavar="ACTION")
    show = sub.add_parser("show", help="every key, its value and its source")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(handler=command("config show", _show))
    sub.add_parser("docs", help="print the configuration reference (Markdown)").set_defaults(
        handler=command("config docs", lambda args, settings: _print(schema_markdown(), end=""))
    )
    sub.add_parser("paths", help="where the config files, the data and the logs live").set_defaults(
        handler=command("config paths", _paths)
    )


def _print(text: str, end: str = "\n") -> int:
    print(text, end=end)
    return ExitCode.OK


def _show(args: argparse.Namespace, settings: Settings) -> int:
    return _print(settings_json(settings) if args.json else settings_table(settings))


def _paths(args: argparse.Namespace, settings: Settings) -> int:
    return _print(
        f"system config: {system_config_path()}\n"
        f"user config:   {user_config_path()}\n"
        f"data:          {user_data_dir()}\n"
        f"logs:          {user_log_dir()}"
    )

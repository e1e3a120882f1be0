"""`counterapp sim ...`: the simulated department backends (demo and tests only)."""

from __future__ import annotations

import argparse

from counterapp.config import Settings


def register(commands: argparse._SubParsersAction) -> None:
    from counterapp.sim import command

    parser = commands.add_parser(
        "sim", help="serve the simulated departments on loopback (demo and tests)"
    )
    command.add_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from counterapp.sim import command

    return command.run(args)

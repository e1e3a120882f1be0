"""`counterapp sim ...`: the simulated department backends (demo and tests only).

``counterapp.sim.command`` (outside the product) serves them and returns its own status;
the runner gives Ctrl+C and the shared errors the usual codes (README.md, "Command line").
"""

from __future__ import annotations

import argparse

from counterapp.cli.runner import command
from counterapp.config import Settings


def register(commands: argparse._SubParsersAction) -> None:
    from counterapp.sim import command as simulator

    parser = commands.add_parser(
        "sim", help="serve the simulated departments on loopback (demo and tests)"
    )
    simulator.add_arguments(parser)
    parser.set_defaults(handler=command("sim", run))


def run(args: argparse.Namespace, settings: Settings) -> int:
    from counterapp.sim import command as simulator

    return simulator.run(args)

"""The `counterapp` command: the command-line face composed with the Qt face.

This entry point is the one place that knows both faces: the CLI package registers the
commands over the app layer, and ``counterapp.ui.commands`` adds the workspace (no command)
and `print`, which need Qt; `print` runs as the CLI's other acting commands do (one
sign-in, one set of exit codes: README.md, "Command line").
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``counterapp`` with ``argv`` and return the exit code."""
    from counterapp.cli import main as cli_main
    from counterapp.ui import commands

    return cli_main(
        argv,
        extra=(_register_print,),
        default_handler=commands.run_workspace,
        show_broken_config=commands.show_broken_config,
    )


def _register_print(subcommands: argparse._SubParsersAction) -> None:
    """Add `print`: the Qt face's receipt printing as an acting command of the CLI."""
    from counterapp.app.context import CounterContext
    from counterapp.cli.acting import acting_command
    from counterapp.cli.exit_codes import ExitCode
    from counterapp.cli.runner import CommandFailed
    from counterapp.ui import commands
    from counterapp.users import Actor

    def print_receipt(args: argparse.Namespace, ctx: CounterContext, actor: Actor) -> int:
        from counterapp.ui.printing.errors import PrinterNotFound

        try:
            return commands.print_receipt(args, ctx, actor)
        except PrinterNotFound as exc:
            raise CommandFailed(ExitCode.NOT_FOUND, exc.reason, exc.reason_zh) from exc

    parser = subcommands.add_parser("print", help=commands.PRINT_HELP)
    commands.add_print_arguments(acting_command(parser, "print", print_receipt))


if __name__ == "__main__":
    sys.exit(main())

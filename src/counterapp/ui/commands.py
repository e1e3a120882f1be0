"""The Qt face's commands: `counterapp` without a command (the workspace) and `print`.

The entry point (``counterapp.__main__``) adds these to the command-line parser, so the CLI
package itself never imports Qt. Imports of Qt stay inside the handlers: other commands
start without loading it.
"""

from __future__ import annotations

import argparse
import sys

from counterapp.app.context import CounterContext
from counterapp.cli.counter_cmd import EXIT_OK, EXIT_REFUSED, acting_command, fail
from counterapp.config import Settings
from counterapp.receipts import Layout
from counterapp.ui.display import has_display
from counterapp.users import Actor


def register(commands: argparse._SubParsersAction) -> None:
    """Add `print`."""
    printing = acting_command(commands.add_parser("print", help="print a case's receipt"), _print)
    printing.add_argument("case_number", metavar="CASE_NO")
    printing.add_argument(
        "--printer", help="printer name (default: printing.printer or the system's)"
    )
    printing.add_argument(
        "--layout",
        choices=["auto", *[x.value for x in Layout]],
        default="auto",
        help="auto: the roll layout when the printer's paper is an 80 mm roll, else A4",
    )


def run_workspace(args: argparse.Namespace, settings: Settings) -> int:
    """Open the workspace: sign in, then the window with the case flow.

    With ``--demo``, the demo's instead (:func:`counterapp.ui.demo_app.run_demo`).
    """
    if getattr(args, "demo", False):
        from counterapp.ui.demo_app import run_demo

        return run_demo(args, settings)
    if not has_display():
        print(
            "counterapp: no display to open the workspace on "
            "(neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
            "Run it in a desktop session, or try `counterapp --demo` here "
            "(a scripted walkthrough, offscreen).",
            file=sys.stderr,
        )
        return 2
    from counterapp.app.context import open_counter
    from counterapp.ui.app import run_gui

    try:
        ctx = open_counter(settings)
    except Exception as exc:  # a broken file or an unusable keyring: say which
        print(f"counterapp: cannot open the workstation: {exc}", file=sys.stderr)
        return 1
    with ctx:
        return run_gui(settings, ctx)


def _print(args: argparse.Namespace, ctx: CounterContext, actor: Actor) -> int:
    from counterapp.ui.printing import PrintError, ensure_qt_app
    from counterapp.ui.printing.receipt_printing import print_case_receipt

    ensure_qt_app()
    try:
        done = print_case_receipt(
            ctx, actor, args.case_number, printer_name=args.printer, layout=args.layout
        )
    except PrintError as exc:
        return fail(EXIT_REFUSED, str(exc), exc.reason_zh)
    print(f"printed {done.pages} page(s) on {done.printer}")
    return EXIT_OK

"""The Qt face's commands: `counterapp` without a command (the workspace) and `print`.

The entry point (``counterapp.__main__``) adds these to the command-line parser, so the CLI
package itself never imports Qt. Imports of Qt stay inside the handlers: other commands
start without loading it.
"""

from __future__ import annotations

import argparse
import os
import sys

from counterapp.app.context import CounterContext
from counterapp.app.receipts import case_receipt
from counterapp.cli.counter_cmd import EXIT_OK, EXIT_REFUSED, acting_command, fail
from counterapp.config import Settings
from counterapp.receipts import Layout
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
    """Open the workspace: sign in, then the window with the case flow."""
    headless = not (
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    )
    if sys.platform.startswith("linux") and headless:
        print(
            "counterapp: no display to open the workspace on (DISPLAY is not set).\n"
            "Run it in a desktop session, or try `counterapp demo` here.",
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
    from counterapp.ui.printing import PrintError, ensure_qt_app, print_pdf

    printer = args.printer or ctx.settings.get_str("printing.printer") or None
    ensure_qt_app()
    try:
        layout = _layout_for(args.layout, printer)
        _, result = case_receipt(
            ctx, actor, args.case_number, layout=layout, destination=printer or "default"
        )
        done = print_pdf(result.pdf, printer_name=printer, job_name=f"受理回执 {args.case_number}")
    except PrintError as exc:
        return fail(EXIT_REFUSED, str(exc), exc.reason_zh)
    print(f"printed {done.pages} page(s) on {done.printer}")
    return EXIT_OK


def _layout_for(choice: str, printer_name: str | None) -> Layout:
    """The receipt layout for a printer: its default paper decides when ``choice`` is auto.

    Raises:
        PrinterNotFound / NoDefaultPrinter: no such printer (reported before rendering).
    """
    from counterapp.ui.printing import (
        NoDefaultPrinter,
        PrinterNotFound,
        available_printers,
        default_printer,
    )

    printers = available_printers()
    if printer_name is None:
        info = default_printer()
        if info is None:
            raise NoDefaultPrinter(tuple(p.name for p in printers))
    else:
        info = next((p for p in printers if p.name == printer_name), None)
        if info is None:
            raise PrinterNotFound(printer_name, tuple(p.name for p in printers))
    if choice != "auto":
        return Layout(choice)
    paper = info.default_paper_size
    return Layout.ROLL_80 if paper is not None and paper.is_roll_80mm else Layout.A4

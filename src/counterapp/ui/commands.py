"""The Qt face's commands: `counterapp` without a command (the workspace) and `print`.

The entry point (``counterapp.__main__``) adds these to the command-line parser: it wraps
:func:`print_receipt` as an acting command of the CLI (sign-in, exit codes), so neither
the CLI package imports Qt nor this module the CLI. Imports of Qt stay inside the
handlers: other commands start without loading it. Exit codes: README.md, "Command line".
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from counterapp.command_line import ExitCode
from counterapp.config import Settings
from counterapp.errors import Language
from counterapp.ui.display import has_display
from counterapp.users import Actor

if TYPE_CHECKING:  # the database code loads after the sign-in window painted
    from counterapp.app.context import CounterContext

PRINT_HELP = "print a case's receipt"


def add_print_arguments(printing: argparse.ArgumentParser) -> None:
    """The arguments of `print` besides the acting user's."""
    from counterapp.receipts import Layout  # reportlab: not loaded for the workspace's start

    printing.add_argument("case_number", metavar="CASE_NO")
    printing.add_argument(
        "--printer", help="printer name (default: printing.printer or the system's)"
    )
    printing.add_argument(
        "--layout",
        choices=["auto", *[x.value for x in Layout]],
        help="auto: the roll layout when the printer's paper is an 80 mm roll, else A4 "
        "(default: receipts.layout, auto unless configured)",
    )


def run_workspace(args: argparse.Namespace, settings: Settings) -> int:
    """Open the workspace: sign in, then the window with the case flow.

    With ``--demo``, the demo's instead (:func:`counterapp.ui.demo_app.run_demo`). The
    workstation opens off the GUI thread (:mod:`counterapp.ui.workstation_opening`: an
    upgrade is announced); one that cannot be opened shows why, then raises its error
    (the command runner names it).
    """
    if getattr(args, "demo", False):
        from counterapp.ui.demo_app import run_demo

        return run_demo(args, settings)
    smoke = getattr(args, "exit_after_sign_in", False)  # counterapp.ui.smoke_start
    if smoke:
        from counterapp.ui.smoke_start import use_offscreen_without_display

        use_offscreen_without_display()
    elif not has_display():
        print(
            "counterapp: no display to open the workspace on "
            "(neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
            "Run it in a desktop session, or try `counterapp --demo` here "
            "(a scripted walkthrough, offscreen).\n"
            "counterapp：没有可打开工作台的显示（未设置 DISPLAY 或 WAYLAND_DISPLAY），"
            "请在桌面会话中运行，或在此试用 `counterapp --demo`。",
            file=sys.stderr,
        )
        return ExitCode.BAD_INPUT
    from counterapp.ui.app import create_application, start_sign_in

    app = create_application(settings)
    if smoke:
        from counterapp.ui.smoke_start import answer_message_boxes

        answer_message_boxes(app)
    # The sign-in window paints first, then the workstation opens (imported only now: the
    # database, the keys, the departments) while the clerk types; a sign-in asked for
    # meanwhile is checked once it has opened (benchmarks/gui_startup.py).
    signin = start_sign_in(settings)
    if signin.until_painted() and smoke:
        from counterapp.ui.smoke_start import say_painted

        say_painted()
    from counterapp.ui.workstation_opening import upgrade_notice, wait_for_workstation

    try:
        opened = wait_for_workstation(settings)  # backup and migrations off the GUI thread
    except BaseException:
        signin.close()
        raise
    with opened.ctx as ctx:
        signin.attach(ctx)
        if signin.login.isHidden():  # the sign-in was cancelled while it opened
            signin.close()
            return ExitCode.OK
        upgrade_notice(opened.upgrade, Language.of(settings), signin.login)
        if smoke:
            from counterapp.ui.smoke_start import leave_once_painted

            leave_once_painted(signin)
            signin.login.update()  # painted before it opened: once more, now it is open
        return signin.exec()


def show_broken_config(args: argparse.Namespace, error: BaseException, language: Language) -> None:
    """The workspace refuses to start on a broken configuration: say why in a window too.

    A clerk who starts Counter from the desktop menu sees no terminal, so the reason
    (file, key, what is wrong: already on stderr) also shows in a message box, in
    ``language`` and in the other one (the file choosing the language is what could not
    be read). Nothing shows without a display (a terminal start: stderr said it all);
    with ``--exit-after-sign-in`` it draws offscreen and the box is answered at once.
    """
    smoke = getattr(args, "exit_after_sign_in", False)
    if smoke:
        from counterapp.ui.smoke_start import use_offscreen_without_display

        use_offscreen_without_display()
    elif not has_display():
        return
    from PySide6.QtCore import QCoreApplication

    from counterapp.ui.app import create_application
    from counterapp.ui.workstation_opening import refusal_box

    app = create_application(language)
    if smoke:
        from counterapp.ui.smoke_start import answer_message_boxes

        answer_message_boxes(app)
    box = refusal_box(error, language, both_languages=True)
    box.setObjectName("brokenConfig")
    intro = QCoreApplication.translate(
        "WorkstationOpening",
        "The configuration cannot be used. Correct what is named below and start Counter "
        "again (IT: `counterapp config show` prints every value and where it came from).",
    )
    box.setText(f"{intro}\n\n{box.text()}")
    box.exec()


def print_receipt(args: argparse.Namespace, ctx: CounterContext, actor: Actor) -> int:
    """`print`: the case's receipt on the printer; a print error is raised (its reason)."""
    from counterapp.ui.printing import ensure_qt_app
    from counterapp.ui.printing.receipt_printing import print_case_receipt

    ensure_qt_app()
    done = print_case_receipt(
        ctx, actor, args.case_number, printer_name=args.printer, layout=args.layout
    )
    print(f"printed {done.pages} page(s) on {done.printer}")
    return ExitCode.OK

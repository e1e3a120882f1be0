"""`counterapp --demo` (`make demo`): the app on simulated departments, or its walkthrough.

With a display it starts the simulated departments in-process on loopback, opens a demo
counter on a SQLite database in a fresh temporary directory with the demo users (printed),
and runs the real app: sign-in, then the workspace. Without one it runs the scripted
walkthrough (:mod:`counterapp.ui.demo_walkthrough`) offscreen and writes a screenshot of
every step and the receipt PDF to ``--demo-out`` (``./counter-demo``).

The demo's data keys live only in the demo's in-memory keyring, so its database cannot be
opened again by a later run: every run gets a new temporary directory, removed at exit
(also after an error or Ctrl+C).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from counterapp.command_line import DEFAULT_DEMO_OUT, ExitCode
from counterapp.config import Settings
from counterapp.ui.display import has_display

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from counterapp.demo import DemoCounter

Say = Callable[[str], None]

DATA_DIR_LINE = "demo data directory (temporary, removed at exit): {path}"
"""How the demo names its temporary directory (a test reads the path back)."""


def run_demo(args: argparse.Namespace, settings: Settings) -> int:
    """``counterapp --demo``: the app with a display, the offscreen walkthrough without.

    The population's size is ``sim.people`` (``--set sim.people=N``).

    Returns:
        OK done (or the app's exit code); FAILURE the demo could not start or the
        walkthrough failed; BAD_INPUT the output folder cannot be created (README.md,
        "Command line").
    """
    if has_display():
        return _run_app(settings)
    out_dir = Path(args.demo_out or DEFAULT_DEMO_OUT).resolve()
    return _run_walkthrough(settings, out_dir)


@contextmanager
def temporary_data_dir(say: Say = print) -> Iterator[Path]:
    """A fresh temporary directory for one demo run, named at start and removed at exit."""
    directory = Path(tempfile.mkdtemp(prefix="counterapp-demo-"))
    say(DATA_DIR_LINE.format(path=directory))
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@contextmanager
def open_demo(settings: Settings, *, say: Say = print) -> Iterator[DemoCounter]:
    """Start the simulated departments and open the demo counter with its users, in a
    temporary directory; everything is stopped, closed and deleted at the end."""
    from counterapp.app.catalog import catalog_for
    from counterapp.demo import DEMO_USERS, demo_counter

    try:
        with (
            temporary_data_dir(say) as directory,
            demo_counter(settings, catalog_for(settings), directory, say=say) as demo,
        ):
            say(f"sign in as {DEMO_USERS[1][0]} to take a case at window {demo.ctx.window}")
            yield demo
    finally:
        say("stopped the simulated departments")


def _run_app(settings: Settings) -> int:
    """The demo with a display: sign-in, then the workspace, until the window closes."""
    from counterapp.demo import DEMO_USERS
    from counterapp.ui.app import start_sign_in

    print("== Counter demo: the workspace on simulated departments")
    with ExitStack() as stack:
        try:
            demo = stack.enter_context(open_demo(settings))
        except Exception as exc:  # a port, a file, the database: say what
            print(f"counterapp: the demo could not start: {exc}", file=sys.stderr)
            return ExitCode.FAILURE
        signin = start_sign_in(settings, demo.ctx)
        signin.always_show_applicant_screen = True  # the clerk's sign-in opens both windows
        name, password = DEMO_USERS[2]
        supervisor = signin.desk.sign_in(name, password) if signin.desk else None
        if supervisor is not None:
            signin.open_workspace(supervisor)  # the supervisor's view beside the counter
        print(
            "the sign-in window and the supervisor's view are open; the clerk's sign-in "
            "opens the workspace and the applicant's screen (Ctrl+Shift+A hides it); "
            "close the windows (Ctrl+Q) to end the demo"
        )
        interrupted = _close_on_ctrl_c(signin.app)
        try:
            code = signin.exec()
        finally:
            interrupted.restore()
        if interrupted.happened:
            raise KeyboardInterrupt  # the CLI's exit code for Ctrl+C, after the cleanup
        return code


def _run_walkthrough(settings: Settings, out_dir: Path) -> int:
    """The demo without a display: the scripted walkthrough offscreen into ``out_dir``."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"counterapp: cannot create the demo folder {out_dir}: {exc}", file=sys.stderr)
        return ExitCode.BAD_INPUT
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before the QApplication is made
    from counterapp.ui.demo_walkthrough import WalkthroughError, run_walkthrough

    print("== Counter demo: no display here: a scripted walkthrough of the real widgets, offscreen")
    with temporary_data_dir() as directory:
        try:
            paths = run_walkthrough(
                settings, out_dir, people=settings.get_int("sim.people"), data_dir=directory
            )
        except WalkthroughError as exc:
            print(f"counterapp: the demo walkthrough failed: {exc}", file=sys.stderr)
            print(f"counterapp: what it wrote before that is in {out_dir}", file=sys.stderr)
            return ExitCode.FAILURE
    print(f"wrote {len(paths)} files to {out_dir}: " + ", ".join(p.name for p in paths))
    return ExitCode.OK


class _CtrlC:
    """Ctrl+C while the event loop runs: close every window, then quit (see _close_on_ctrl_c)."""

    def __init__(self) -> None:
        self.happened = False
        self.restore: Callable[[], None] = lambda: None


def _close_on_ctrl_c(app: QApplication) -> _CtrlC:
    """Make Ctrl+C close the windows (a workspace signs out) and end the event loop.

    Python runs its signal handlers only between bytecodes, which Qt's event loop does not
    give it; a timer wakes the interpreter a few times a second so Ctrl+C is noticed.
    Outside the main thread (where signals cannot be handled) nothing changes.
    """
    from PySide6.QtCore import QTimer

    state = _CtrlC()
    if threading.current_thread() is not threading.main_thread():
        return state

    def on_sigint(signum: int, frame: object) -> None:
        state.happened = True
        app.closeAllWindows()
        app.quit()

    previous = signal.signal(signal.SIGINT, on_sigint)
    tick = QTimer()
    tick.timeout.connect(lambda: None)
    tick.start(200)

    def restore() -> None:
        tick.stop()
        signal.signal(signal.SIGINT, previous)

    state.restore = restore
    return state

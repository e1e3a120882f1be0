"""Benchmark: time from launching ``counterapp`` to the sign-in window on screen.

Run by hand (not a test): ``.venv/bin/python benchmarks/gui_startup.py [--runs N] [--xvfb]
[--command PROGRAM]``.

Each run launches the real entry point (``counterapp.__main__.main([])``: no command,
so the workspace, which opens with the sign-in dialog) in a fresh Python process, offscreen,
with its own config files, data directory and file keyring in a temporary directory.
(The workspace refuses to start offscreen, as nobody would see it: the probe answers
``counterapp.ui.display.has_display`` with True.) With ``--xvfb`` the same series runs
again on a virtual X server started for it, through Qt's xcb platform as on a desktop. A
probe in the child wraps :class:`~counterapp.ui.login_dialog.LoginDialog`'s ``showEvent``
and ``paintEvent`` (class-level, so it does not depend on how ``run_gui`` builds the
dialog): once the dialog has been painted and the event loop has turned once more, and
the workstation has opened (the dialog got its sign-in desk: the window paints first and
the database opens behind it, :meth:`~counterapp.ui.login_dialog.LoginDialog.set_desk`),
the child prints ``time.monotonic()`` and leaves at once with ``os._exit(0)``. The parent
reads ``time.monotonic()`` just before ``Popen`` (CLOCK_MONOTONIC is system-wide on
Linux) and reports the difference. It prints

1. first start: a new data directory and an empty keyring each run (the database is
   created and migrated, the data keys are created), median, min and max over ``--runs``;
2. warm start: the data directory and keyring of an earlier start, again and again;

taken in turns, and for both, how much of it came before the dialog's first ``showEvent``
and when the workstation was ready (a sign-in could be checked).
One untimed launch first warms the OS file cache, so the first timed run is not a cold
disk. No targets: the figures go in a note.

With ``--command dist/counterapp/counterapp`` (``make bundle``) the same series launches that
program instead, as IT would: ``PROGRAM --exit-after-sign-in``
(:mod:`counterapp.ui.smoke_start`). A frozen bundle cannot take the probe, so the times
are when the program's lines arrive on its stdout: "sign-in window painted" (the event-loop
turn after the window's first paint) and "sign-in window shown" (the workstation has
opened too, then it exits); the interpreter and showEvent milestones are not reported.
The bundle holds no file keyring: it uses the session's Secret Service, so run it as

    HOME=$(mktemp -d) dbus-run-session -- sh -c 'echo pw | gnome-keyring-daemon --unlock \\
        --components=secrets >/dev/null && .venv/bin/python benchmarks/gui_startup.py \\
        --command dist/counterapp/counterapp'

(a new HOME: gnome-keyring makes a login keyring unlocked by ``pw`` there).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import PySide6
from PySide6.QtCore import qVersion

PROBE = """
import time

_started = time.monotonic()
import os, sys
from PySide6.QtCore import QTimer
import counterapp.ui.display
from counterapp.ui.login_dialog import LoginDialog

# offscreen counts as "no display" for the workspace; the benchmark draws there anyway
counterapp.ui.display.has_display = lambda *args, **kwargs: True

_shown = []
_painted = []
_ready = []
_show, _paint = LoginDialog.showEvent, LoginDialog.paintEvent
_set_desk = getattr(LoginDialog, "set_desk", None)  # None: the desk came with the dialog


def _report():
    if not _ready:
        return  # set_desk reports
    sys.stdout.write(f"{_started!r} {_shown[0]!r} {_painted[0]!r} {_ready[0]!r}\\n")
    sys.stdout.flush()
    os._exit(0)


def _flushed():
    _painted.append(time.monotonic())
    if _set_desk is None:
        _ready.append(_painted[0])
    _report()


def set_desk(self, desk):
    _set_desk(self, desk)
    _ready.append(time.monotonic())
    if _painted:
        _report()


def showEvent(self, event):
    if not _shown:
        _shown.append(time.monotonic())
    _show(self, event)


def paintEvent(self, event):
    _paint(self, event)
    if _shown and len(_shown) == 1:
        _shown.append(None)
        QTimer.singleShot(0, _flushed)  # after this frame is flushed


LoginDialog.showEvent = showEvent
LoginDialog.paintEvent = paintEvent
if _set_desk is not None:
    LoginDialog.set_desk = set_desk
from counterapp.__main__ import main

sys.exit(main([]))
"""
"""Runs in the child: the real entry point, with the sign-in dialog's events wrapped."""

TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Launch:
    """One launch, in seconds from just before ``Popen``.

    Attributes:
        python_s: the child's interpreter is up (the probe's first line runs).
        shown_s: the sign-in dialog's first ``showEvent``.
        painted_s: the dialog was painted and the event loop turned once more.
        ready_s: the workstation has opened (database, keys, departments): a sign-in
            can be checked (the same as ``painted_s`` where it opened before the window).
    """

    python_s: float
    shown_s: float
    painted_s: float
    ready_s: float


def child_env(home: Path, display: str | None) -> dict[str, str]:
    """The environment of a child whose every file lives under ``home``.

    Args:
        home: the child's home, config, data and keyring directory.
        display: an X display to draw on (Qt's xcb platform); offscreen when None.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTERAPP_")}
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    if display is None:
        env["QT_QPA_PLATFORM"] = "offscreen"
    else:
        env["DISPLAY"] = display
    env.update(
        COUNTERAPP_DATA_DIR=str(home / "data"),
        COUNTERAPP_USER_CONFIG=str(home / "user.toml"),
        COUNTERAPP_SYSTEM_CONFIG=str(home / "system.toml"),
        PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
        XDG_DATA_HOME=str(home / "xdg-data"),
        XDG_CONFIG_HOME=str(home / "xdg-config"),
        XDG_CACHE_HOME=str(home / "xdg-cache"),
        HOME=str(home),
    )
    return env


@contextmanager
def xvfb() -> Iterator[str]:
    """A virtual X server for the ``with`` block; yields its display name (``:N``)."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def launch_source(home: Path, display: str | None = None) -> Launch:
    """Start the app once with its files under ``home``; the times to the sign-in window.

    Raises:
        RuntimeError: the child exited without reporting (its stderr is in the message).
    """
    start, child = _start([sys.executable, "-c", PROBE], child_env(home, display), home)
    out, err = _finish(child, "no sign-in window")
    fields = out.split()
    if child.returncode != 0 or len(fields) != 4:
        raise RuntimeError(f"the child exited with {child.returncode}, printed {out!r}:\n{err}")
    python, shown, painted, ready = (float(f) - start for f in fields)
    return Launch(python, shown, painted, ready)


PAINTED_LINE = "sign-in window painted"
"""The start of what ``--exit-after-sign-in`` prints once the window has been painted."""
READY_LINE = "sign-in window shown"
"""... and once the workstation has opened too, just before it exits."""


def launch_program(home: Path, program: Path, display: str | None = None) -> Launch:
    """Start ``program --exit-after-sign-in`` once with its files under ``home``.

    ``painted_s`` and ``ready_s`` are when its lines saying so are read from its stdout
    (``python_s`` and ``shown_s`` are set to ``painted_s``: not measured).

    Raises:
        RuntimeError: the program exited without those lines, or with an error.
    """
    env = child_env(home, display)
    env.pop("PYTHON_KEYRING_BACKEND")  # the bundle has the system's keyrings only
    if "DBUS_SESSION_BUS_ADDRESS" not in env:
        raise RuntimeError("no D-Bus session for the Secret Service: see the module's docstring")
    start, child = _start([str(program), "--exit-after-sign-in"], env, home)
    seen: dict[str, float] = {}
    assert child.stdout is not None
    for line in child.stdout:
        for mark in (PAINTED_LINE, READY_LINE):
            if line.startswith(mark):
                seen[mark] = time.monotonic() - start
        if READY_LINE in seen:
            break
    _, err = _finish(child, f"{program} did not exit")
    if len(seen) != 2 or child.returncode != 0:
        raise RuntimeError(f"{program} exited with {child.returncode}, saw {seen}:\n{err}")
    painted = seen[PAINTED_LINE]
    return Launch(painted, painted, painted, seen[READY_LINE])


def _start(argv: list[str], env: dict[str, str], home: Path) -> tuple[float, subprocess.Popen]:
    """``time.monotonic()`` just before the child starts, and the child (output piped)."""
    start = time.monotonic()
    child = subprocess.Popen(
        argv, env=env, cwd=home, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    return start, child


def _finish(child: subprocess.Popen, what: str) -> tuple[str, str]:
    """The rest of the child's stdout and stderr once it exits; killed after ``TIMEOUT_S``.

    Raises:
        RuntimeError: ``what`` within the time (with the child's stderr).
    """
    try:
        return child.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        child.kill()
        _, err = child.communicate()
        raise RuntimeError(f"{what} within {TIMEOUT_S:.0f} s:\n{err}") from None


def summary(label: str, launches: list[Launch]) -> str:
    """One line: median, min and max to the painted window; medians of the milestones."""
    painted = [x.painted_s * 1000 for x in launches]
    shown = statistics.median(x.shown_s * 1000 for x in launches)
    python = statistics.median(x.python_s * 1000 for x in launches)
    ready = statistics.median(x.ready_s * 1000 for x in launches)
    return (
        f"{label:<12} median {statistics.median(painted):6.0f} ms  min {min(painted):6.0f}"
        f"  max {max(painted):6.0f}  n={len(launches)}   (medians: interpreter up {python:.0f},"
        f" showEvent {shown:.0f}, workstation open {ready:.0f})"
    )


def environment() -> str:
    load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
    return (
        f"Python {platform.python_version()}, PySide6 {PySide6.__version__} (Qt {qVersion()}), "
        f"{platform.platform()}, cores {os.cpu_count()}, load average {load}; "
        "SQLite database, keyrings.alt PlaintextKeyring (a --command: the Secret Service)"
    )


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed launches of each kind")
    parser.add_argument(
        "--xvfb",
        action="store_true",
        help="also launch on a virtual X server (Qt's xcb platform, as on a desktop)",
    )
    parser.add_argument(
        "--command",
        type=Path,
        metavar="PROGRAM",
        help="launch this program with --exit-after-sign-in instead of the source tree's "
        "entry point (the bundle: dist/counterapp/counterapp after `make bundle`)",
    )
    return parser.parse_args(argv)


def series(
    root: Path, runs: int, display: str | None, program: Path | None = None
) -> tuple[list[Launch], list[Launch]]:
    """``runs`` first starts (each in a new directory under ``root``) and ``runs`` warm
    starts, taken in turns so a change of the machine's load touches both alike.

    One untimed launch comes first (the OS file cache); its directory, migrated and with
    its keys, is the one the warm starts use. ``program``: launched instead of the source
    tree's entry point (:func:`launch_program`).
    """

    def launch(home: Path, display: str | None) -> Launch:
        return (
            launch_source(home, display)
            if program is None
            else launch_program(home, program, display)
        )

    warm_home = root / "warm"
    warm_home.mkdir()
    launch(warm_home, display)
    first: list[Launch] = []
    warm: list[Launch] = []
    for run in range(runs):
        home = root / f"first-{run}"
        home.mkdir()
        first.append(launch(home, display))
        if not any((home / "data").iterdir()):
            raise RuntimeError("the first start created no database")
        warm.append(launch(warm_home, display))
    return first, warm


def report(
    platform_name: str, first: list[Launch], warm: list[Launch], program: Path | None
) -> None:
    what = "sign-in dialog painted" if program is None else f"{program} --exit-after-sign-in"
    print(f"launch -> {what}, {platform_name} (fresh process each time):")
    print("  " + summary("first start", first))
    print("  " + summary("warm start", warm))
    if program is not None:
        print("  (a program, not the source tree: interpreter up and showEvent not measured)")
    first_median = statistics.median(x.ready_s for x in first)
    warm_median = statistics.median(x.ready_s for x in warm)
    print(
        f"  first minus warm (creating and migrating the database, creating the data keys): "
        f"{(first_median - warm_median) * 1000:.0f} ms "
        "(difference of the medians of workstation open)",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    print("environment:", environment(), flush=True)
    with tempfile.TemporaryDirectory(prefix="counter-bench-startup-") as folder:
        (Path(folder) / "offscreen").mkdir()
        program = None if args.command is None else args.command.resolve()
        report("offscreen", *series(Path(folder) / "offscreen", args.runs, None, program), program)
        if args.xvfb:
            (Path(folder) / "xvfb").mkdir()
            with xvfb() as display:
                first, warm = series(Path(folder) / "xvfb", args.runs, display, program)
                report(f"xcb on Xvfb {display}", first, warm, program)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`counterapp` without a command: the clerk's desktop workspace."""

from __future__ import annotations

import argparse
import os
import sys

from counterapp.config import Settings


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Open the workspace: sign in, then the window (the counter flow pages are growing in)."""
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

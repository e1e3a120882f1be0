"""`counterapp` without a command: the desktop workspace."""

from __future__ import annotations

import argparse
import sys

from counterapp.config import Settings


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Open the clerk's workspace (arrives with the workspace issue; until then, say so)."""
    print(
        "counterapp: the desktop workspace is not part of this build yet.\n"
        "Try `counterapp demo` (simulated departments and a lookup) or `counterapp --help`.",
        file=sys.stderr,
    )
    return 2

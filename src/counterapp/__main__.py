"""The `counterapp` command: the command-line face composed with the Qt face.

This entry point is the one place that knows both faces: the CLI package registers the
commands over the app layer, and ``counterapp.ui.commands`` adds the workspace (no command)
and `print`, which need Qt.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``counterapp`` with ``argv`` and return the exit code."""
    from counterapp.cli import main as cli_main
    from counterapp.ui import commands

    return cli_main(argv, extra=(commands.register,), default_handler=commands.run_workspace)


if __name__ == "__main__":
    sys.exit(main())

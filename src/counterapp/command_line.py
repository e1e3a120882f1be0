"""What both faces of the `counterapp` command share: its exit codes and the demo's folder.

The CLI package (``counterapp.cli``) and the Qt face (``counterapp.ui``) both end a
`counterapp` run, and the Qt face may not import the CLI, so the codes live here, below
both (``counterapp.cli.exit_codes`` re-exports them). Their meanings are tabled in
README.md, "Command line".
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path

DEFAULT_DEMO_OUT = Path("counter-demo")
"""Where ``counterapp --demo`` without a display writes, under the current directory."""


class ExitCode(IntEnum):
    """What a command's exit status means, the same for every command (README.md)."""

    OK = 0
    """Done."""
    FAILURE = 1
    """Something that should have worked did not (an unexpected error; the reason is printed)."""
    BAD_INPUT = 2
    """Usage or invalid input: a wrong option, an invalid ID number, case number, password."""
    PARTIAL = 3
    """Some departments did not answer: the result is partial."""
    REFUSED = 4
    """Refused for who asks: permission, sign-in, lock-out, consent, a wrong passphrase."""
    CONFIG = 5
    """The workstation's set-up cannot be used: configuration, connector, form or catalog
    files broken, the database not at the latest migration, encryption keys missing."""
    NOT_FOUND = 6
    """No such case, user, department or printer."""
    INTEGRITY = 7
    """The audit chain is broken (a record deleted, altered or reordered)."""
    NOT_ACCEPTED = 8
    """The case's rules stop it: the applicant is not eligible, materials are missing, or
    its state does not allow the transition."""
    INTERRUPTED = 130
    """Stopped with Ctrl+C."""


__all__ = ["DEFAULT_DEMO_OUT", "ExitCode"]

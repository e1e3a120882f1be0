"""The exit codes of every `counterapp` command; their meanings are tabled in README.md.

:class:`ExitCode` lives in :mod:`counterapp.command_line`, below both faces, so the Qt face
ends a run with the same codes without importing the CLI; this is its CLI-side name.
"""

from __future__ import annotations

from counterapp.command_line import ExitCode

__all__ = ["ExitCode"]

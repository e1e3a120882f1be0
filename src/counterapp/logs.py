"""The application log: rotating files in the user log directory, set up once at start.

`counterapp` (every command and the workspace) calls :func:`configure_logging` once, right
after the settings are resolved, with ``logging.level`` (``--log-level`` overrides it). The
file is ``counterapp.log`` in the platform's user log directory (``COUNTERAPP_LOG_DIR``
replaces it); it rotates at :data:`MAX_BYTES` and keeps :data:`BACKUP_COUNT` old files.

Counter's own loggers (``counterapp.*``) write at the configured level; other libraries'
(urllib3, SQLAlchemy, ...) only from WARNING, since their debug output names request URLs and
SQL parameters, which carry personal data. Counter's own log calls name departments, case
numbers, catalog item codes, statuses and counts, never a person's values (tests/cli/
test_log_privacy.py greps a full flow's log for them).
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from counterapp import __version__
from counterapp.command_line import ExitCode
from counterapp.config import ConfigError, Settings
from counterapp.config.loader import user_log_dir
from counterapp.config.schema import SCHEMA_BY_KEY

LOG_FILE_NAME = "counterapp.log"
MAX_BYTES = 5 * 1024 * 1024
"""A log file is rotated when it would grow past 5 MiB."""
BACKUP_COUNT = 5
"""Rotated files kept (counterapp.log.1 … counterapp.log.5): at most 30 MiB in all."""
LOG_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
APP_LOGGER = "counterapp"
OTHER_LIBRARIES_LEVEL = logging.WARNING
"""The threshold of every logger outside ``counterapp``: their debug output is not ours to vet."""

log = logging.getLogger(__name__)

_handler: logging.Handler | None = None
"""The file handler this module installed last (replaced by the next configuration)."""


class ValueFreeFormatter(logging.Formatter):
    """Log lines with tracebacks that name each exception's type and frames, not its message.

    An exception's message can quote what failed to parse (``invalid literal for int():
    '张三'``), so the file keeps where and what kind of error, never the values in it; the
    frames are file, line and function, without the source line.
    """

    def format(self, record: logging.LogRecord) -> str:
        # Another handler (pytest's, a console) may have cached its own traceback text.
        cached, record.exc_text = record.exc_text, None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatException(self, ei: Any) -> str:
        error: BaseException | None = ei[1]
        if error is None:
            return ""
        chain: list[BaseException] = []
        while error is not None and error not in chain:
            chain.append(error)
            error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
        lines: list[str] = []
        for depth, item in enumerate(reversed(chain)):
            if depth:
                lines.append("\nwhich led to:\n")
            lines.append("Traceback (most recent call last):\n")
            lines.extend(
                f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}\n'
                for frame in traceback.extract_tb(item.__traceback__)
            )
            lines.append(f"{type(item).__module__}.{type(item).__qualname__} (message not logged)")
        return "".join(lines).rstrip("\n")


@dataclass(frozen=True)
class LogSetup:
    """What :func:`configure_logging` did.

    Attributes:
        level: the threshold of Counter's own loggers (``DEBUG`` ... ``ERROR``).
        path: the log file, or None when it could not be opened.
        problem: why there is no log file ("" when there is one).
    """

    level: str
    path: Path | None
    problem: str = ""


def configure_logging(level: str, directory: Path) -> LogSetup:
    """Send the log to ``directory/counterapp.log``, rotating, at ``level``.

    Calling it again replaces the file handler installed before (tests run many commands in
    one process). A directory that cannot be created or written is not fatal: the app runs
    without a log file and the returned setup says why.

    Args:
        level: ``DEBUG``, ``INFO``, ``WARNING`` or ``ERROR`` (``logging.level``).
        directory: where the files go (:func:`counterapp.config.loader.user_log_dir`).
    """
    global _handler
    threshold = logging.getLevelName(level.upper())
    if not isinstance(threshold, int):
        raise ValueError(f"unknown log level {level!r}")
    root = logging.getLogger()
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
        _handler = None
    logging.getLogger(APP_LOGGER).setLevel(threshold)
    root.setLevel(max(threshold, OTHER_LIBRARIES_LEVEL))
    path = directory / LOG_FILE_NAME
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError as exc:
        return LogSetup(level.upper(), None, f"{path}: {exc.strerror or exc}")
    handler.setFormatter(ValueFreeFormatter(LOG_FORMAT))
    root.addHandler(handler)
    _handler = handler
    return LogSetup(level.upper(), path)


def log_start(command: str, setup: LogSetup) -> None:
    """One line saying which command started (its name only: arguments can be ID numbers)."""
    log.info(
        "counterapp %s started: %s (log level %s)",
        __version__,
        f"command `{command}`" if command else "the workspace",
        setup.level,
    )


def log_end(command: str, code: int) -> None:
    """One line with the exit code the command ended with."""
    log.info("%s ended with exit code %d", f"`{command}`" if command else "the workspace", code)


def start_logging(settings: Settings, command: str) -> LogSetup:
    """Configure the log from the settings (``logging.level``) and say the command started.

    A log file that cannot be opened is reported once on stderr; the command runs on.
    """
    setup = configure_logging(settings.get_str("logging.level"), user_log_dir())
    if setup.path is None:
        print(f"counterapp: running without a log file: {setup.problem}", file=sys.stderr)
    log_start(command, setup)
    return setup


def log_broken_config(error: ConfigError, level: str | None, command: str) -> None:
    """Write why the configuration was refused to the log (at ``--log-level`` or the default).

    The workspace started from a desktop entry has no terminal: the log is where IT finds the
    file, key and reason.
    """
    default = SCHEMA_BY_KEY["logging.level"].default
    setup = configure_logging(level or str(default), user_log_dir())
    log_start(command, setup)
    log.error("the configuration cannot be used:\n%s", error)
    log_end(command, ExitCode.CONFIG)

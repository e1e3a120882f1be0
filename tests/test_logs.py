"""The application log: one rotating file, Counter's level, other libraries from WARNING."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from counterapp.__main__ import main
from counterapp.command_line import ExitCode
from counterapp.logs import BACKUP_COUNT, LOG_FILE_NAME, MAX_BYTES, configure_logging


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """Leave the loggers' levels as they were (the handler is replaced by the next setup)."""
    app, root = logging.getLogger("counterapp"), logging.getLogger()
    levels = app.level, root.level
    yield
    app.setLevel(levels[0])
    root.setLevel(levels[1])


def _flush() -> None:
    for handler in logging.getLogger().handlers:
        handler.flush()


@pytest.mark.usefixtures("restore_logging")
@pytest.mark.parametrize(
    ("level", "written", "not_written"),
    [
        ("DEBUG", ["app debug", "app info", "lib warning"], ["lib debug", "lib info"]),
        ("INFO", ["app info", "app warning", "lib warning"], ["app debug", "lib info"]),
        ("ERROR", ["app error", "lib error"], ["app warning", "lib warning"]),
    ],
)
def test_the_level_is_counters_and_other_libraries_log_from_warning(
    tmp_path: Path, level: str, written: list[str], not_written: list[str]
) -> None:
    setup = configure_logging(level, tmp_path / "logs")
    assert setup.path == tmp_path / "logs" / LOG_FILE_NAME
    app, lib = logging.getLogger("counterapp.exchange.transport"), logging.getLogger("urllib3")
    for logger, prefix in ((app, "app"), (lib, "lib")):
        logger.debug("%s debug", prefix)
        logger.info("%s info", prefix)
        logger.warning("%s warning", prefix)
        logger.error("%s error", prefix)
    _flush()
    text = setup.path.read_text(encoding="utf-8")
    for line in written:
        assert line in text
    for line in not_written:
        assert line not in text
    assert " ERROR counterapp.exchange.transport: app error" in text


@pytest.mark.usefixtures("restore_logging")
def test_the_file_rotates_and_keeps_a_bounded_number(tmp_path: Path) -> None:
    setup = configure_logging("INFO", tmp_path)
    assert setup.path is not None
    log = logging.getLogger("counterapp.test")
    chunk = "x" * 10_000
    for index in range((BACKUP_COUNT + 2) * MAX_BYTES // len(chunk)):
        log.info("%d %s", index, chunk)
    _flush()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == [LOG_FILE_NAME, *[f"{LOG_FILE_NAME}.{n}" for n in range(1, BACKUP_COUNT + 1)]]
    assert all((tmp_path / name).stat().st_size <= MAX_BYTES for name in files)


@pytest.mark.usefixtures("restore_logging")
def test_tracebacks_name_the_error_not_its_message(tmp_path: Path) -> None:
    setup = configure_logging("INFO", tmp_path)
    assert setup.path is not None
    try:
        try:
            int("张三")
        except ValueError as exc:
            raise RuntimeError("while reading 11010519491231002X") from exc
    except RuntimeError:
        logging.getLogger("counterapp.exchange.mapping").exception("reading an answer failed")
    _flush()
    text = setup.path.read_text(encoding="utf-8")
    assert "reading an answer failed" in text
    assert "builtins.ValueError (message not logged)" in text
    assert "builtins.RuntimeError (message not logged)" in text
    assert "test_tracebacks_name_the_error_not_its_message" in text  # the frames are there
    assert "张三" not in text and "11010519491231002X" not in text


@pytest.mark.usefixtures("restore_logging")
def test_a_new_setup_replaces_the_previous_file(tmp_path: Path) -> None:
    first = configure_logging("INFO", tmp_path / "one").path
    second = configure_logging("INFO", tmp_path / "two").path
    assert first is not None and second is not None
    logging.getLogger("counterapp.test").info("after the second setup")
    _flush()
    assert "after the second setup" not in first.read_text(encoding="utf-8")
    assert "after the second setup" in second.read_text(encoding="utf-8")


@pytest.mark.usefixtures("restore_logging")
def test_every_command_logs_its_start_and_end_at_the_flag_s_level(
    isolated_config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log_file = isolated_config / "log" / LOG_FILE_NAME
    assert main(["--log-level", "debug", "validate", "id", "11010519491231002X"]) == 0
    assert main(["--log-level", "WARNING", "config", "paths"]) == 0
    capsys.readouterr()
    text = log_file.read_text(encoding="utf-8")
    assert "started: command `validate` (log level DEBUG)" in text
    assert "`validate` ended with exit code 0" in text
    assert "11010519491231002X" not in text  # the arguments are not logged
    assert "`config`" not in text  # WARNING: no start line


def test_an_unknown_log_level_flag_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--log-level", "loud", "config", "show"])
    assert stopped.value.code == ExitCode.BAD_INPUT
    assert "--log-level: invalid choice: 'LOUD'" in capsys.readouterr().err


@pytest.mark.usefixtures("restore_logging")
def test_a_log_directory_that_cannot_be_made_does_not_stop_the_command(
    isolated_config: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = isolated_config / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("COUNTERAPP_LOG_DIR", str(blocker / "log"))
    assert main(["config", "paths"]) == ExitCode.OK
    out, err = capsys.readouterr()
    assert f"logs:          {blocker / 'log'}" in out
    assert err.startswith(f"counterapp: running without a log file: {blocker / 'log'}")

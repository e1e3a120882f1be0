"""`counterapp db upgrade|current` on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from counterapp.cli import main
from counterapp.cli.exit_codes import ExitCode
from helpers.databases import BACKENDS, fresh_database


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with fresh_database(request.param, tmp_path) as url:
        yield url


def test_upgrade_then_current(capsys: pytest.CaptureFixture[str], database_url: str) -> None:
    flags = ["--set", f"database.url={database_url}"]
    assert main([*flags, "db", "current"]) == ExitCode.CONFIG == 5
    assert "empty (run `counterapp db upgrade`)" in capsys.readouterr().out
    assert main([*flags, "db", "upgrade"]) == 0
    out = capsys.readouterr().out
    assert "at revision" in out
    assert "counter:counter@" not in out  # the password is never printed
    assert main([*flags, "db", "current"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_default_is_sqlite_in_the_data_directory(
    capsys: pytest.CaptureFixture[str], isolated_config: Path
) -> None:
    assert main(["db", "upgrade"]) == 0
    assert (isolated_config / "data" / "counter.sqlite3").is_file()
    assert "counter.sqlite3" in capsys.readouterr().out


def test_unreachable_server_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql+psycopg://nobody:pw@127.0.0.1:1/none"
    assert main(["--set", f"database.url={url}", "db", "upgrade"]) == ExitCode.FAILURE
    err = capsys.readouterr().err
    assert err.startswith("counterapp db upgrade: ")
    assert "127.0.0.1:1" in err and "pw@" not in err

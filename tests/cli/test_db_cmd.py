"""`counterapp db upgrade|current` on SQLite and PostgreSQL, and older and newer databases."""

from __future__ import annotations

import io
import os
import shlex
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring
from sqlalchemy.engine import make_url

from counterapp.cli import main
from counterapp.cli.exit_codes import ExitCode
from counterapp.exchange.credentials import mask
from counterapp.store.engine import make_engine
from counterapp.store.migrate import schema_state
from counterapp.store.users import list_users
from helpers.databases import BACKENDS, fresh_database
from helpers.old_databases import (
    FIRST,
    FIRST_RELEASE_USERS,
    FUTURE,
    make_database_from_the_future,
    make_first_release_database,
)


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


def _flags(url: str) -> list[str]:
    return ["--set", f"database.url={url}", "--set", "ui.language=en"]


def test_upgrade_of_a_first_release_sqlite_file_names_the_backup(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with fresh_database("sqlite", tmp_path) as url:
        make_first_release_database(url).dispose()
        assert main([*_flags(url), "db", "current"]) == ExitCode.CONFIG
        assert f"{FIRST} (head is " in capsys.readouterr().out

        assert main([*_flags(url), "db", "upgrade"]) == ExitCode.OK
        out = capsys.readouterr().out
        assert f"upgraded the database from revision {FIRST} to " in out
        backup = Path(out.rsplit("backup before the upgrade: ", 1)[1].strip())
        assert backup.is_file() and backup.name.startswith(f"{Path(url).name}.backup-{FIRST}-")

        assert main([*_flags(url), "db", "current"]) == ExitCode.OK
        assert "up to date" in capsys.readouterr().out


def test_postgresql_upgrade_waits_for_the_backup_the_instruction_names(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with fresh_database("postgresql", tmp_path) as url:
        make_first_release_database(url).dispose()
        assert main([*_flags(url), "db", "upgrade"]) == ExitCode.CONFIG
        err = capsys.readouterr().err
        assert err.startswith("counterapp db upgrade: ")
        assert "counterapp db upgrade --confirm-backup" in err
        assert "counter:counter@" not in err
        dump_line = next(line.strip() for line in err.splitlines() if "pg_dump" in line)
        assert "***" not in dump_line  # a command to run as it is
        assert main([*_flags(url), "db", "current"]) == ExitCode.CONFIG  # nothing ran
        assert f"{FIRST} (head is " in capsys.readouterr().out

        # the administrator runs the command as shown (the password from the environment)
        password = make_url(url).password or ""
        environment = {**os.environ, "PGPASSWORD": password}
        subprocess.run(shlex.split(dump_line), cwd=tmp_path, env=environment, check=True)
        (dump,) = tmp_path.glob("*.dump")
        listing = subprocess.run(
            ["pg_restore", "--list", str(dump)], capture_output=True, text=True, check=True
        ).stdout
        assert "TABLE public users" in listing and "alembic_version" in listing

        assert main([*_flags(url), "db", "upgrade", "--confirm-backup"]) == ExitCode.OK
        out = capsys.readouterr().out
        assert f"upgraded the database from revision {FIRST} to " in out
        assert "no automatic backup" in out
        assert main([*_flags(url), "db", "current"]) == ExitCode.OK
        assert "up to date" in capsys.readouterr().out

        # rolling back (docs/upgrading.md): the dump restored into an empty database is the
        # first release's, with its users
        with fresh_database("postgresql", tmp_path) as restored:
            target = make_url(restored).set(drivername="postgresql")
            subprocess.run(
                ["pg_restore", "--no-owner", f"--dbname={target.render_as_string(False)}", dump],
                check=True,
            )
            engine = make_engine(restored)
            try:
                assert schema_state(engine).current == FIRST
                with engine.connect() as connection:
                    assert sorted(u.username for u in list_users(connection)) == sorted(
                        FIRST_RELEASE_USERS
                    )
            finally:
                engine.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_database_newer_than_this_version_is_refused_by_every_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, backend: str
) -> None:
    with fresh_database(backend, tmp_path) as url:
        head = make_database_from_the_future(url)
        for command in (
            ["db", "upgrade", "--confirm-backup"],
            ["db", "current"],
            ["keys", "status"],
        ):
            assert main([*_flags(url), *command]) == ExitCode.CONFIG, command
            err = capsys.readouterr().err
            assert f"revision {FUTURE}" in err and f"up to {head}" in err, command
            assert "newer Counter" in err

        # in Chinese, the default language, too
        assert main(["--set", f"database.url={url}", "db", "upgrade"]) == ExitCode.CONFIG
        err = capsys.readouterr().err
        assert f"修订版 {FUTURE}" in err and head in err


def test_the_database_password_lives_in_the_keyring(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    file_keyring: PlaintextKeyring,
) -> None:
    """IT writes the URL without the password and stores the password with `db password`."""
    with fresh_database("postgresql", tmp_path) as url:
        with_password = make_url(url)
        without = url.replace(f":{with_password.password}@", "@", 1)
        assert make_url(without).password is None
        flags = ["--set", f"database.url={without}", "--set", "ui.language=en"]
        assert main([*flags, "db", "current"]) == ExitCode.FAILURE  # refused: no password
        capsys.readouterr()

        monkeypatch.setattr("sys.stdin", io.StringIO(f"{with_password.password}\n"))
        assert main([*flags, "db", "password", "set"]) == ExitCode.OK
        out = capsys.readouterr().out
        # masked: no more than the first and last two characters, and none of a short one
        assert (
            out == f"stored: counterapp/database (user counter): {mask(with_password.password)}\n"
        )
        assert file_keyring.get_password("counterapp/database", "counter") == (
            with_password.password
        )
        assert main([*flags, "db", "current"]) == ExitCode.CONFIG  # reached: it is empty
        assert "empty (run `counterapp db upgrade`)" in capsys.readouterr().out

        assert main([*flags, "db", "password", "show"]) == ExitCode.OK
        assert "counterapp/database (user counter): " in capsys.readouterr().out
        assert main([*flags, "db", "password", "delete"]) == ExitCode.OK
        assert capsys.readouterr().out == "counterapp/database: deleted\n"
        assert main([*flags, "db", "password", "show"]) == ExitCode.OK
        assert "nothing stored; run `counterapp db password set`" in capsys.readouterr().out
        assert main([*flags, "db", "password", "delete"]) == ExitCode.OK
        assert "nothing stored" in capsys.readouterr().out

        monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
        assert main([*flags, "db", "password", "set"]) == ExitCode.BAD_INPUT
        assert "empty password, nothing stored" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("sqlite+pysqlite:///{tmp}/counter.sqlite3", "a SQLite file: it has no password"),
        ("postgresql+psycopg://counter:pw@db.hall.example/counter", "holds a password itself"),
        ("postgresql+psycopg://db.hall.example/counter", "names no user"),
    ],
)
def test_a_database_that_takes_no_keyring_password_is_refused(
    url: str,
    why: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    file_keyring: PlaintextKeyring,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-password\n"))
    flags = ["--set", f"database.url={url.format(tmp=tmp_path)}", "--set", "ui.language=en"]
    assert main([*flags, "db", "password", "set"]) == ExitCode.BAD_INPUT
    assert why in capsys.readouterr().err
    assert file_keyring.get_password("counterapp/database", "counter") is None
    assert sys_stdin_unread()


def sys_stdin_unread() -> bool:
    """Refused before the prompt: the password line was not even read."""
    import sys

    return sys.stdin.read() == "s3cret-password\n"

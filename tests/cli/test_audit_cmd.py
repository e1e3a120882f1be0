"""`counterapp audit verify|export|purge` end to end on SQLite and PostgreSQL.

The module is driven through its own ``register`` (the lead wires it into the main parser),
with a real database, real accounts signing in, and the standalone checker run on the
export in a separate interpreter without site-packages.
"""

from __future__ import annotations

import argparse
import io
import os
import pty
import re
import select
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from counterapp.app import user_admin
from counterapp.app.users import bootstrap_admin
from counterapp.audit.chain import VerifyProgress
from counterapp.cli import audit_cmd
from counterapp.cli.exit_codes import ExitCode
from counterapp.config import Settings, load_settings
from counterapp.store.engine import make_engine
from counterapp.store.migrate import upgrade
from counterapp.users import Role
from counterapp.users.passwords import PasswordHasher, ScryptParams
from helpers.databases import BACKENDS, fresh_database

PASSWORD = "correct horse battery"
CHEAP = PasswordHasher(ScryptParams(n=2**4, r=8, p=1))
CHECKER = Path(__file__).resolve().parents[2] / "packaging" / "audit_check.py"


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated database with an admin and a clerk who can sign in."""
    engine = make_engine(database_url)
    upgrade(engine)
    admin = bootstrap_admin(engine, "admin", PASSWORD, hasher=CHEAP)
    user_admin.add_user(engine, admin, "clerk", Role.CLERK, "", PASSWORD, hasher=CHEAP)
    yield engine
    engine.dispose()


@pytest.fixture
def settings(database_url: str, engine: Engine) -> Settings:
    return load_settings(overrides=[f"database.url={database_url}", "ui.language=en"])


def run(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, *argv: str, user: str = "admin"
) -> int:
    parser = argparse.ArgumentParser(prog="counterapp")
    audit_cmd.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["audit", *argv, "--as", user, "--password-stdin"])
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    return args.handler(args, settings)


def test_verify_exits_ok_when_intact_and_integrity_naming_the_bad_record(
    settings: Settings,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(settings, monkeypatch, "verify") == ExitCode.OK
    assert "audit chain intact" in capsys.readouterr().out
    with engine.begin() as connection:
        connection.execute(text("UPDATE audit_events SET actor = 'nobody' WHERE seq = 2"))
    assert run(settings, monkeypatch, "verify") == ExitCode.INTEGRITY == 7
    out = capsys.readouterr().out
    assert "BROKEN at record 2 (altered)" in out
    assert "record 2 was altered: its content no longer matches its hash" in out


def test_verify_off_a_terminal_prints_no_progress_for_a_short_check(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(settings, monkeypatch, "verify") == ExitCode.OK
    captured = capsys.readouterr()
    assert "\r" not in captured.err and "verifying audit chain" not in captured.err
    lines = captured.out.splitlines()
    assert lines[0].startswith("audit chain intact: ") and lines[1].startswith("  last hash ")


def test_progress_off_a_terminal_is_a_line_per_tenth_without_carriage_returns() -> None:
    log = io.StringIO()  # a pipe or a log file: not a terminal
    progress = audit_cmd.TerminalProgress(log, quiet_for=0)
    for checked in range(0, 1_000_001, 2_500):
        progress(VerifyProgress(checked, 1_000_000))
    progress.close()
    lines = log.getvalue().splitlines()
    assert "\r" not in log.getvalue() and len(lines) == 10
    assert lines[3] == "verifying audit chain: 400,000 / 1,000,000 (40 %)"
    assert lines[-1] == "verifying audit chain: 1,000,000 / 1,000,000 (100 %)"


def test_verify_on_a_terminal_updates_one_progress_line(
    database_url: str, engine: Engine, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "COUNTERAPP_DATA_DIR": str(tmp_path / "data"),
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
    }
    command = [
        *(sys.executable, "-m", "counterapp"),
        *("--set", f"database.url={database_url}", "--set", "ui.language=en"),
        *("audit", "verify", "--as", "admin", "--password-stdin"),
    ]
    terminal, their_end = pty.openpty()
    process = subprocess.Popen(
        command,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=their_end,
        text=True,
    )
    os.close(their_end)
    out, _ = process.communicate(PASSWORD + "\n", timeout=60)
    err = _read_all(terminal)
    assert process.returncode == ExitCode.OK, err
    assert out.startswith("audit chain intact: ")
    first = re.search(r"\rverifying audit chain: 0 / (\d+) \(0 %\)", err)
    assert first is not None, err
    total = first.group(1)
    assert f"\rverifying audit chain: {total} / {total} (100 %)" in err
    assert err.count("\n") == 1  # one line, rewritten in place, ended once


def _read_all(terminal: int) -> str:
    """Everything the child wrote to its terminal (read after it exited)."""
    chunks = []
    while select.select([terminal], [], [], 1.0)[0]:
        try:
            chunk = os.read(terminal, 4096)
        except OSError:  # EIO: the other end is closed and everything was read
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(terminal)
    return b"".join(chunks).decode().replace("\r\n", "\n")


def test_a_clerk_is_refused(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(settings, monkeypatch, "verify", user="clerk") == ExitCode.REFUSED == 4
    err = capsys.readouterr().err
    assert err.startswith("counterapp audit verify: ")
    assert "verify the audit trail" in err


def test_a_wrong_password_is_refused_in_chinese_by_default(
    database_url: str,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = load_settings(overrides=[f"database.url={database_url}"])  # ui.language zh_CN
    parser = argparse.ArgumentParser(prog="counterapp")
    audit_cmd.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["audit", "verify", "--as", "admin", "--password-stdin"])
    monkeypatch.setattr(sys, "stdin", io.StringIO("not the password\n"))
    assert args.handler(args, settings) == ExitCode.REFUSED
    err = capsys.readouterr().err
    assert err.startswith("counterapp audit verify: ")
    assert any("\u4e00" <= c <= "\u9fff" for c in err), err  # the reason, in Chinese


def test_export_writes_a_file_the_standalone_checker_accepts(
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    target = tmp_path / "audit.jsonl"
    argv = ["export", "--from", "2020-01-01", "--to", "2099-12-31", "-o", str(target)]
    assert run(settings, monkeypatch, *argv) == 0
    assert "wrote" in capsys.readouterr().out
    checked = subprocess.run(
        [sys.executable, "-I", "-S", str(CHECKER), str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.startswith("OK: ")


def test_export_with_the_range_reversed_is_bad_input(
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    argv = ["export", "--from", "2025-02-01", "--to", "2025-01-01", "-o", str(tmp_path / "x")]
    assert run(settings, monkeypatch, *argv) == ExitCode.BAD_INPUT
    assert "--to 2025-01-01 is before --from 2025-02-01" in capsys.readouterr().err


def test_purge_refuses_a_recent_cutoff(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(settings, monkeypatch, "purge", "--before", "2099-01-01") == ExitCode.REFUSED
    assert "records are kept 183 days" in capsys.readouterr().err
    assert run(settings, monkeypatch, "purge", "--before", "2020-01-01") == 0
    assert "purged 0 records" in capsys.readouterr().out
    assert run(settings, monkeypatch, "verify") == 0

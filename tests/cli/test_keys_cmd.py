"""`counterapp keys rotate|status|export|import` on SQLite and PostgreSQL, real keyrings."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from keyrings.alt.file import PlaintextKeyring
from sqlalchemy import Column, Engine, Integer, MetaData, String, Table

from counterapp.app import user_admin
from counterapp.app.users import bootstrap_admin
from counterapp.cli import keys_cmd
from counterapp.cli.exit_codes import ExitCode
from counterapp.config import load_settings
from counterapp.protection import open_cipher, register_encrypted_column
from counterapp.protection.registry import unregister_encrypted_column
from counterapp.users import Role
from store.conftest import database_url, engine

__all__ = ["database_url", "engine"]
PASSWORD = "counter-admin-pw"
PASSPHRASE = "a long key file passphrase"


class Keys:
    """Runs `keys ...` the way `counterapp` does, with stdin lines for the passwords."""

    def __init__(self, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
        self.url, self.monkeypatch = url, monkeypatch
        parser = argparse.ArgumentParser(prog="counterapp")
        keys_cmd.register(parser.add_subparsers(dest="command"))
        self.parser = parser

    def __call__(self, *argv: str, stdin: str = "") -> int:
        args = self.parser.parse_args(["keys", *argv])
        self.monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        settings = load_settings(overrides=[f"database.url={self.url}", "ui.language=en"])
        return args.handler(args, settings)


@pytest.fixture
def keys(database_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Keys:
    admin = bootstrap_admin(engine, "root", PASSWORD)
    user_admin.add_user(engine, admin, "clerk1", Role.CLERK, "", PASSWORD)
    return Keys(database_url, monkeypatch)


@pytest.fixture
def probe(engine: Engine, file_keyring: PlaintextKeyring):
    table = Table(
        "keys_cmd_probe",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("secret", String(200)),
    )
    table.metadata.create_all(engine)
    register_encrypted_column("keys_cmd_probe", "secret", "keys_cmd_probe.secret")
    cipher = open_cipher(engine)
    with engine.begin() as connection:
        connection.execute(
            table.insert(),
            [
                {"id": i, "secret": cipher.encrypt(f"张{i}", context="keys_cmd_probe.secret")}
                for i in range(3)
            ],
        )
    yield table
    unregister_encrypted_column("keys_cmd_probe", "secret")


def test_status_rotate_and_status_again(
    keys: Keys, probe: Table, capsys: pytest.CaptureFixture[str]
) -> None:
    assert keys("status") == 0
    out = capsys.readouterr().out
    assert "active" in out and "present" in out and "3 values" in out
    assert keys("rotate", "--as", "root", "--password-stdin", stdin=f"{PASSWORD}\n") == 0
    out = capsys.readouterr().out
    assert "keys_cmd_probe.secret: 3 values re-encrypted" in out
    assert "rotated 3 values from key" in out
    assert keys("status", "--json") == 0
    assert '"retired_at": null' in capsys.readouterr().out


def test_a_clerk_and_a_wrong_password_are_refused(
    keys: Keys, file_keyring: PlaintextKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    clerk = keys("rotate", "--as", "clerk1", "--password-stdin", stdin=f"{PASSWORD}\n")
    assert clerk == ExitCode.REFUSED == 4
    assert "may not rotate encryption keys" in capsys.readouterr().err
    wrong = keys("rotate", "--as", "root", "--password-stdin", stdin="wrong-password\n")
    assert wrong == ExitCode.REFUSED
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.startswith("counterapp keys rotate: ")


def test_export_then_import_on_another_workstation(
    keys: Keys,
    probe: Table,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    key_file = tmp_path / "keys.json"
    stdin = f"{PASSWORD}\n{PASSPHRASE}\n"
    assert keys("export", str(key_file), "--as", "root", "--password-stdin", stdin=stdin) == 0
    assert "张" not in key_file.read_text() and "wrote the keys" in capsys.readouterr().out

    other = PlaintextKeyring()
    other.file_path = str(tmp_path / "other-workstation.cfg")
    keyring.set_keyring(other)  # the file_keyring fixture restores the default afterwards
    assert keys("status") == ExitCode.CONFIG == 5  # a key this keyring lacks
    assert "absent" in capsys.readouterr().out
    wrong = keys("import", str(key_file), "--password-stdin", stdin="wrong passphrase!!\n")
    assert wrong == ExitCode.REFUSED == 4
    assert "wrong passphrase" in capsys.readouterr().err
    assert keys("import", str(key_file), "--password-stdin", stdin=f"{PASSPHRASE}\n") == 0
    assert "imported: " in capsys.readouterr().out
    assert keys("status") == 0
    assert keys("import", str(key_file), "--password-stdin", stdin=f"{PASSPHRASE}\n") == 0
    assert "already present" in capsys.readouterr().out


def test_a_headless_machine_is_told_what_to_do(
    keys: Keys, file_keyring: PlaintextKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring.set_keyring(fail.Keyring())
    headless = keys("rotate", "--as", "root", "--password-stdin", stdin=f"{PASSWORD}\n")
    assert headless == ExitCode.CONFIG == 5
    err = capsys.readouterr().err
    assert "no usable keyring" in err and "Traceback" not in err
    assert keys("status") == 0  # nothing recorded yet, nothing to complain about

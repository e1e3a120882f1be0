"""`counterapp credentials set|show|delete` against a real keyring backend (a file)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring

from counterapp.cli import main
from counterapp.cli.exit_codes import ExitCode

EN = ("--set", "ui.language=en")

SECRET = "s3cret-value-for-civil-affairs"


def test_set_show_delete_round_trip(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    connectors_dir: Path,
    file_keyring: PlaintextKeyring,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(SECRET + "\n"))
    assert main(["credentials", "--connectors", str(connectors_dir), "set", "civil"]) == 0
    assert file_keyring.get_password("counterapp/civil", "counter-demo") == SECRET
    capsys.readouterr()

    assert main(["credentials", "--connectors", str(connectors_dir), "show"]) == 0
    shown = capsys.readouterr().out
    assert SECRET not in shown
    assert "counterapp/civil (user counter-demo): s3…rs" in shown
    assert "no secret needed" in shown  # market: public data; tax: client certificate
    assert "counterapp credentials set hukou" in shown  # not stored yet: says how to fix

    assert main(["credentials", "--connectors", str(connectors_dir), "delete", "civil"]) == 0
    assert "deleted" in capsys.readouterr().out
    assert file_keyring.get_password("counterapp/civil", "counter-demo") is None
    assert main(["credentials", "--connectors", str(connectors_dir), "delete", "civil"]) == 0
    assert "nothing stored" in capsys.readouterr().out


def test_unknown_department_and_empty_secret_are_refused(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    connectors_dir: Path,
    file_keyring: PlaintextKeyring,
) -> None:
    show = ["credentials", "--connectors", str(connectors_dir), "show", "taxx"]
    assert main([*EN, *show]) == ExitCode.NOT_FOUND == 6
    err = capsys.readouterr().err
    assert err.startswith("counterapp credentials show: no connector for department 'taxx'")
    assert main(show) == ExitCode.NOT_FOUND
    assert "没有部门“taxx”的连接器" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    put = ["credentials", "--connectors", str(connectors_dir), "set", "hukou"]
    assert main([*EN, *put]) == ExitCode.BAD_INPUT
    assert "empty secret" in capsys.readouterr().err


def test_no_usable_keyring_is_a_clear_message(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, connectors_dir: Path
) -> None:
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        monkeypatch.setattr("sys.stdin", io.StringIO(SECRET + "\n"))
        code = main([*EN, "credentials", "--connectors", str(connectors_dir), "set", "civil"])
    finally:
        keyring.set_keyring(previous)
    assert code == ExitCode.CONFIG == 5
    assert "no usable keyring" in capsys.readouterr().err


def test_the_hint_names_the_directory_and_runs_as_printed(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    connectors_dir: Path,
    file_keyring: PlaintextKeyring,
) -> None:
    assert main(["credentials", "--connectors", str(connectors_dir), "show", "hukou"]) == 0
    shown = capsys.readouterr().out
    hint = f"counterapp credentials set hukou --connectors {connectors_dir.absolute()}"
    assert hint in shown
    # the printed command works as it stands (the flag after the action)
    monkeypatch.setattr("sys.stdin", io.StringIO(SECRET + "\n"))
    assert main(hint.split()[1:]) == 0
    assert file_keyring.get_password("counterapp/hukou", "counter-demo") == SECRET

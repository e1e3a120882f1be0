"""What IT sees of the configuration: `config show`, `config paths`, and a refused start.

Every kind of broken source stops a command and the workspace alike before anything opens:
exit code 5 (CONFIG), one line per problem naming the file (or variable or flag), the key
and the reason on stderr, nothing on stdout, and the same lines in the log file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from counterapp.__main__ import main
from counterapp.command_line import ExitCode

PASSWORD = "s3cret-Pw-9"
URL_WITH_PASSWORD = f"postgresql+psycopg://clerk:{PASSWORD}@db.hall.example/counter"


def _log_text(isolated_config: Path) -> str:
    log_file = isolated_config / "log" / "counterapp.log"
    return log_file.read_text(encoding="utf-8") if log_file.exists() else ""


def test_show_prints_the_merged_result_and_every_source(
    isolated_config: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (isolated_config / "system.toml").write_text(
        '[hall]\ncode = "330106009"\nwindow = "03"\n', encoding="utf-8"
    )
    (isolated_config / "user.toml").write_text('[hall]\nwindow = "04"\n', encoding="utf-8")
    monkeypatch.setenv("COUNTERAPP_UI_IDLE_LOCK_MINUTES", "9")
    code = main(
        ["--set", "receipts.layout=roll", "--log-level", "warning", "config", "show", "--json"]
    )
    out, err = capsys.readouterr()
    assert code == ExitCode.OK, err
    shown = json.loads(out)
    assert shown["hall.code"] == {
        "value": "330106009",
        "source": str(isolated_config / "system.toml"),
    }
    assert shown["hall.window"] == {"value": "04", "source": str(isolated_config / "user.toml")}
    assert shown["ui.idle_lock_minutes"] == {
        "value": 9,
        "source": "COUNTERAPP_UI_IDLE_LOCK_MINUTES",
    }
    assert shown["receipts.layout"] == {"value": "roll", "source": "--set receipts.layout"}
    assert shown["logging.level"] == {"value": "WARNING", "source": "--log-level"}
    assert shown["hall.name"]["source"] == "default"


@pytest.mark.parametrize("where", ["file", "env", "set"])
def test_a_password_in_the_database_url_is_never_shown(
    where: str,
    isolated_config: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    args: list[str] = []
    if where == "file":
        (isolated_config / "user.toml").write_text(
            f'[database]\nurl = "{URL_WITH_PASSWORD}"\n', encoding="utf-8"
        )
    elif where == "env":
        monkeypatch.setenv("COUNTERAPP_DATABASE_URL", URL_WITH_PASSWORD)
    else:
        args = ["--set", f"database.url={URL_WITH_PASSWORD}"]
    assert main([*args, "config", "show"]) == ExitCode.OK
    table, _ = capsys.readouterr()
    assert main([*args, "config", "show", "--json"]) == ExitCode.OK
    data, _ = capsys.readouterr()
    for output in (table, data):
        assert PASSWORD not in output
        assert "postgresql+psycopg://clerk:***@db.hall.example/counter" in output
    assert PASSWORD not in _log_text(isolated_config)


def test_a_url_without_a_password_is_shown_as_it_is(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = "postgresql+psycopg://clerk@db.hall.example/counter"
    assert main(["--set", f"database.url={url}", "config", "show", "--json"]) == ExitCode.OK
    assert json.loads(capsys.readouterr().out)["database.url"]["value"] == url


def test_paths_names_the_files_the_data_and_the_logs(
    isolated_config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config", "paths"]) == ExitCode.OK
    out = capsys.readouterr().out
    assert f"system config: {isolated_config / 'system.toml'}" in out
    assert f"logs:          {isolated_config / 'log'}" in out


# Each kind of broken source: how to break it, and what the complaint must say.
BROKEN = {
    "toml syntax": (
        {"user.toml": '[hall]\nwindow = "07"\ncode = \n'},
        [],
        ["{user}: -: not valid TOML", "line 3"],
    ),
    "unknown key": (
        {"system.toml": '[hall]\nwindw = "07"\n'},
        [],
        ["{system}: hall.windw: unknown key; known keys in [hall]: hall.code"],
    ),
    "wrong type": (
        {"user.toml": '[ui]\nidle_lock_minutes = "five"\n'},
        [],
        ["{user}: ui.idle_lock_minutes: expected integer, got str 'five'"],
    ),
    "out of range": (
        {"user.toml": "[ui]\nidle_lock_minutes = 0\n"},
        [],
        ["{user}: ui.idle_lock_minutes: must be at least 1, got 0"],
    ),
    "invalid choice": (
        {"user.toml": '[receipts]\nlayout = "a5"\n'},
        [],
        ["{user}: receipts.layout: must be one of auto, a4, roll, got 'a5'"],
    ),
    "unreadable file": (
        {"user.toml/": ""},
        [],
        ["{user}: -: cannot be read: "],
    ),
    "missing --config file": (
        {},
        ["--config", "{root}/nope.toml"],
        ["{root}/nope.toml: -: file does not exist"],
    ),
    "bad env value": (
        {"env:COUNTERAPP_LOGGING_LEVEL": "LOUD"},
        [],
        ["COUNTERAPP_LOGGING_LEVEL: logging.level: must be one of DEBUG, INFO, WARNING, ERROR"],
    ),
    "unknown env variable": (
        {"env:COUNTERAPP_HALL_WINDW": "07"},
        [],
        ["COUNTERAPP_HALL_WINDW: COUNTERAPP_HALL_WINDW: unknown environment variable"],
    ),
    "bad --set": (
        {},
        ["--set", "ui.idle_lock_minutes=many"],
        ["--set ui.idle_lock_minutes: ui.idle_lock_minutes: expected integer, got 'many'"],
    ),
    "unknown --set key": (
        {},
        ["--set", "hall.windw=07"],
        ["--set hall.windw: hall.windw: unknown key"],
    ),
}


def _break(
    root: Path, kind: str, environ: dict[str, str] | pytest.MonkeyPatch
) -> tuple[list[str], list[str]]:
    """Break the configuration under ``root`` as ``kind`` says; the extra argv and the lines."""
    sources, argv, expected = BROKEN[kind]
    for name, text in sources.items():
        if name.startswith("env:"):
            if isinstance(environ, dict):
                environ[name[4:]] = text
            else:
                environ.setenv(name[4:], text)
        elif name.endswith("/"):
            (root / name.rstrip("/")).mkdir()
        else:
            (root / name).write_text(text, encoding="utf-8")
    names = {"user": root / "user.toml", "system": root / "system.toml", "root": root}
    return [a.format(**names) for a in argv], [e.format(**names) for e in expected]


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_a_command_refuses_to_start_on_a_broken_config(
    kind: str,
    isolated_config: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv, expected = _break(isolated_config, kind, monkeypatch)
    code = main([*argv, "--set", "ui.language=en", "config", "show"])
    out, err = capsys.readouterr()
    assert code == ExitCode.CONFIG == 5
    assert out == ""
    assert err.startswith("counterapp: the configuration cannot be used:\n")
    for line in expected:
        assert line in err
        assert line in _log_text(isolated_config)


@pytest.mark.parametrize("kind", ["toml syntax", "invalid choice", "bad env value", "bad --set"])
def test_the_workspace_refuses_to_open_on_a_broken_config(
    kind: str, isolated_config: Path, tmp_path: Path
) -> None:
    """`counterapp` alone, as a desktop entry starts it, with a display it could open on.

    The reason goes to stderr and into a message box as well (nobody reads a desktop
    entry's stderr), in Chinese and English: the file choosing the language is broken.
    ``--exit-after-sign-in`` answers the box (its title and text to stderr); without it
    the box would wait for a click.
    """
    environ = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "DISPLAY": os.environ.get("DISPLAY", ":0"),
    }
    argv, expected = _break(isolated_config, kind, environ)
    done = subprocess.run(
        [sys.executable, "-m", "counterapp", *argv, "--exit-after-sign-in"],
        env=environ,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,  # a workspace that opened would wait for a sign-in until killed here
        check=False,
    )
    assert done.returncode == ExitCode.CONFIG, done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith("counterapp: ")
    for line in expected:
        assert line in done.stderr
        assert line in _log_text(isolated_config)
    assert "the workspace ended with exit code 5" in _log_text(isolated_config)
    complaint, box = done.stderr.split("\n一窗受理无法启动: ", 1)
    assert box.startswith("配置无法使用。")  # in Chinese, the configured language unknown
    for line in expected:
        assert line in complaint
        assert line in box

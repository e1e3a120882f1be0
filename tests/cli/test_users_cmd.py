"""`counterapp users ...` on both backends, passwords fed through stdin or getpass."""

from __future__ import annotations

import argparse
import io
import json
from collections.abc import Callable

import pytest

from counterapp.cli import users_cmd
from counterapp.cli.exit_codes import ExitCode
from counterapp.config import load_settings
from store.conftest import database_url

__all__ = ["database_url"]  # the two-backend fixture, shared with tests/store


@pytest.fixture
def users(database_url: str, monkeypatch: pytest.MonkeyPatch):  # -> Callable[..., int]
    def run(*argv: str, stdin: str = "", language: str = "en") -> int:
        settings = load_settings(
            overrides=[f"database.url={database_url}", f"ui.language={language}"]
        )
        parser = argparse.ArgumentParser(prog="counterapp")
        users_cmd.register(parser.add_subparsers())
        args = parser.parse_args(["users", *argv])
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        return args.handler(args, settings)

    return run


def lines(*passwords: str) -> str:
    return "".join(f"{password}\n" for password in passwords)


AS_ROOT = ("--as", "root", "--password-stdin")


def test_accounts_round_trip(users: Callable[..., int], capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        users("add", "root", "--role", "admin", "--password-stdin", stdin=lines("admin-pass-1"))
        == 0
    )
    assert "created the first admin 'root'" in capsys.readouterr().out
    add = ("add", "Li", "--role", "clerk", "--name", "李明", "--window", "07", *AS_ROOT)
    assert users(*add, stdin=lines("admin-pass-1", "clerk-pass-1")) == 0
    assert "added clerk 'li'" in capsys.readouterr().out

    assert users("list", "--json", *AS_ROOT, stdin=lines("admin-pass-1")) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(u["username"], u["role"], u["display_name"], u["window"]) for u in listed] == [
        ("li", "clerk", "李明", "07"),
        ("root", "admin", "", ""),
    ]
    assert "password" not in json.dumps(listed)

    # one's own password: sign in as oneself (old password), then the new one
    passwd = ("passwd", "li", "--password-stdin")
    assert users(*passwd, stdin=lines("clerk-pass-1", "clerk-pass-2")) == 0
    assert "password changed for 'li'" in capsys.readouterr().out
    # an admin resets it
    assert users("passwd", "li", *AS_ROOT, stdin=lines("admin-pass-1", "clerk-pass-3")) == 0
    capsys.readouterr()

    assert users("disable", "li", *AS_ROOT, stdin=lines("admin-pass-1")) == 0
    assert "'li': disabled" in capsys.readouterr().out
    assert users("list", *AS_ROOT, stdin=lines("admin-pass-1")) == 0
    table = capsys.readouterr().out
    assert "li" in table and "disabled" in table and "李明" in table
    assert users(*passwd, stdin=lines("clerk-pass-3", "clerk-pass-4")) == ExitCode.REFUSED == 4
    err = capsys.readouterr().err
    assert err.startswith("counterapp users passwd: ") and "disabled" in err
    assert users("enable", "li", *AS_ROOT, stdin=lines("admin-pass-1")) == 0
    assert "'li': enabled" in capsys.readouterr().out
    assert users(*passwd, stdin=lines("clerk-pass-3", "clerk-pass-4")) == 0


def test_refusals_say_why(users: Callable[..., int], capsys: pytest.CaptureFixture[str]) -> None:
    bad = ExitCode.BAD_INPUT
    assert users("add", "li", "--role", "clerk", "--password-stdin", stdin=lines("x")) == bad
    assert "the first account must be an admin" in capsys.readouterr().err
    assert users("list", *AS_ROOT, stdin=lines("admin-pass-1")) == bad
    assert "without --as" in capsys.readouterr().err
    digits = ("add", "root", "--role", "admin", "--password-stdin")
    assert users(*digits, stdin=lines("12345678")) == bad
    assert "must not be all digits" in capsys.readouterr().err
    assert users(*digits, stdin=lines("12345678"), language="zh_CN") == bad
    assert "不能全部是数字" in capsys.readouterr().err

    users("add", "root", "--role", "admin", "--password-stdin", stdin=lines("admin-pass-1"))
    users("add", "li", "--role", "clerk", *AS_ROOT, stdin=lines("admin-pass-1", "clerk-pass-1"))
    capsys.readouterr()
    assert users("add", "wang", "--role", "admin", "--password-stdin", stdin=lines("p")) == bad
    assert "--as ADMIN_USERNAME" in capsys.readouterr().err
    assert users("list", *AS_ROOT, stdin=lines("wrong-pass-1")) == ExitCode.REFUSED == 4
    err = capsys.readouterr().err
    assert err.startswith("counterapp users list: ") and "wrong username or password" in err
    as_clerk = ("--as", "li", "--password-stdin")
    assert users("disable", "root", *as_clerk, stdin=lines("clerk-pass-1")) == ExitCode.REFUSED
    err = capsys.readouterr().err
    assert "clerk 'li' may not manage users (needs the admin role)" in err
    refused = users("disable", "root", *as_clerk, stdin=lines("clerk-pass-1"), language="zh_CN")
    assert refused == ExitCode.REFUSED
    assert "办事员 li 无权管理用户" in capsys.readouterr().err
    again = ("add", "li", "--role", "clerk", *AS_ROOT)
    assert users(*again, stdin=lines("admin-pass-1", "other-pass-1")) == bad
    assert "exists already" in capsys.readouterr().err
    nobody = users("disable", "nobody", *AS_ROOT, stdin=lines("admin-pass-1"))
    assert nobody == ExitCode.NOT_FOUND == 6
    assert "no user named 'nobody'" in capsys.readouterr().err
    assert users("add", "wang", "--role", "clerk", *AS_ROOT, stdin=lines("admin-pass-1")) == bad
    assert "expected the new password for wang as a line on stdin" in capsys.readouterr().err


def test_prompted_passwords_must_match(
    users: Callable[..., int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    answers = iter(["admin-pass-1", "admin-pass-2"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert users("add", "root", "--role", "admin") == ExitCode.BAD_INPUT
    assert "the two passwords differ" in capsys.readouterr().err
    answers = iter(["admin-pass-1", "admin-pass-1", "admin-pass-1"])
    assert users("add", "root", "--role", "admin") == 0
    assert users("list", "--as", "root") == 0
    assert "root" in capsys.readouterr().out

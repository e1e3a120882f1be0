"""`counterapp tickets ...` end to end on both backends: the dispenser prints numbers with no
sign-in, a clerk calls, recalls, parks, transfers, marks a no-show and finishes at a
window; the list shows it all; bad input and refusals end with their exit codes."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import pytest

from counterapp.__main__ import main
from counterapp.app.storage import open_database
from counterapp.app.user_admin import add_user
from counterapp.app.users import bootstrap_admin
from counterapp.cli.exit_codes import ExitCode
from counterapp.config import load_settings
from store.conftest import database_url  # noqa: F401 - the two-backend fixture

PASSWORDS = {"admin": "admin-pass-1", "li": "clerk-pass-1", "wang": "clerk-pass-2"}


@pytest.fixture(autouse=True)
def hall(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:  # noqa: F811
    """The hall's database with an admin and the clerks li (window 07) and wang (08)."""
    monkeypatch.setenv("COUNTERAPP_DATABASE_URL", database_url)
    monkeypatch.setenv("COUNTERAPP_UI_LANGUAGE", "en")
    engine = open_database(load_settings())
    try:
        admin = bootstrap_admin(engine, "admin", PASSWORDS["admin"])
        add_user(engine, admin, "li", "clerk", "李明", PASSWORDS["li"], "07")
        add_user(engine, admin, "wang", "clerk", "王芳", PASSWORDS["wang"], "08")
    finally:
        engine.dispose()
    yield


def run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    user: str | None = None,
) -> tuple[int, str, str]:
    argv = ["tickets", *args]
    if user:
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORDS[user] + "\n"))
        argv += ["--as", user, "--password-stdin"]
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_a_morning_at_two_windows(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    issued = [run(capsys, monkeypatch, "issue", "--category", c) for c in "AABA"]
    assert [(code, out) for code, out, _ in issued] == [
        (0, "A001\n"),
        (0, "A002\n"),
        (0, "B001\n"),
        (0, "A003\n"),
    ]
    code, out, err = run(
        capsys, monkeypatch, "call", "--window", "07", "--category", "A", user="li"
    )
    assert code == ExitCode.OK, err
    assert out.startswith("A001 -> window 07 (waited ")
    code, out, err = run(capsys, monkeypatch, "recall", "--window", "07", user="li")
    assert (code, out) == (ExitCode.OK, "A001 (called, window 07): call 2\n"), err
    code, out, err = run(capsys, monkeypatch, "park", "--window", "07", user="li")
    assert (code, out) == (ExitCode.OK, "A001 (parked, window 07)\n"), err
    # window 08 serves B by its setting; A001 goes there when it is transferred
    code, out, err = run(
        capsys, monkeypatch, "call", "--window", "08", "--category", "B", user="wang"
    )
    assert code == ExitCode.OK and out.startswith("B001 -> window 08"), err
    code, out, err = run(
        capsys, monkeypatch, "transfer", "A001", "--window", "07", "--to-window", "08", user="li"
    )
    assert (code, out) == (ExitCode.OK, "A001 waits for window 08 (category A)\n"), err
    code, out, err = run(
        capsys, monkeypatch, "call", "--window", "08", "--category", "B", user="wang"
    )
    assert code == ExitCode.OK and out.startswith("A001 -> window 08"), err
    code, out, err = run(
        capsys,
        monkeypatch,
        "done",
        "--window",
        "08",
        "--case",
        "330106001-20260316-00001",
        user="wang",
    )
    assert code == ExitCode.OK and out.startswith("A001 (done, window 08): waited "), err
    code, out, err = run(
        capsys, monkeypatch, "call", "--window", "07", "--category", "A", user="li"
    )
    assert code == ExitCode.OK and out.startswith("A002 -> window 07"), err
    code, out, err = run(capsys, monkeypatch, "no-show", "--window", "07", user="li")
    assert (code, out) == (ExitCode.OK, "A002 (no-show, window 07)\n"), err

    code, out, err = run(capsys, monkeypatch, "list", "--json")
    assert code == ExitCode.OK, err
    listed = {t["number"]: t for t in json.loads(out)}
    assert {n: t["state"] for n, t in listed.items()} == {
        "A001": "done",
        "A002": "no_show",
        "B001": "done",  # finished when window 08 called A001
        "A003": "waiting",
    }
    assert listed["A001"]["window"] == "08" and listed["A001"]["calls"] == 3
    assert listed["A001"]["case_number"] == "330106001-20260316-00001"
    assert listed["A001"]["wait_seconds"] is not None
    assert listed["A001"]["service_seconds"] is not None
    code, out, err = run(capsys, monkeypatch, "list")
    assert code == ExitCode.OK, err
    lines = out.splitlines()
    assert lines[0].split() == [
        "number",
        "state",
        "issued",
        "window",
        "wait",
        "s",
        "service",
        "s",
        "case",
    ]
    assert lines[1].startswith("A001     done      ")
    assert lines[1].endswith("330106001-20260316-00001")
    assert lines[4].startswith("A003     waiting   ")


def test_nobody_waiting_and_the_configured_categories(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(capsys, monkeypatch, "call", "--window", "07", user="li")
    assert code == ExitCode.NOT_FOUND
    assert "nobody waits for A, B" in err  # hall.ticket_categories' default
    monkeypatch.setenv("COUNTERAPP_HALL_TICKET_CATEGORIES", "a,b")
    code, _, err = run(capsys, monkeypatch, "call", "--window", "07", user="li")
    assert code == ExitCode.BAD_INPUT
    assert "setting hall.ticket_categories: ticket category 'a' must be" in err


def test_bad_input_and_refusals(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(capsys, monkeypatch, "issue", "--category", "a1")
    assert (code, out) == (ExitCode.BAD_INPUT, "")
    assert "counterapp tickets issue: ticket category 'a1' must be one or two capital" in err
    run(capsys, monkeypatch, "issue", "--category", "A")
    code, out, err = run(capsys, monkeypatch, "call", "--category", "A", user="admin")
    assert code == ExitCode.REFUSED and "may not create cases" in err
    code, out, err = run(capsys, monkeypatch, "park", "A001", user="li")
    assert code == ExitCode.NOT_ACCEPTED
    assert "ticket A001 is waiting; it cannot be parked" in err
    code, out, err = run(capsys, monkeypatch, "park", "A009", user="li")
    assert code == ExitCode.NOT_FOUND and "there is no ticket A009" in err
    code, out, err = run(capsys, monkeypatch, "park", "--window", "07", user="li")
    assert code == ExitCode.NOT_FOUND and "being served at window 07" in err
    code, out, err = run(capsys, monkeypatch, "transfer", "A001", user="li")
    assert code == ExitCode.BAD_INPUT and "--to-window" in err


def test_messages_in_chinese(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COUNTERAPP_UI_LANGUAGE", "zh_CN")
    run(capsys, monkeypatch, "issue", "--category", "A")
    code, _, err = run(capsys, monkeypatch, "done", "A001", user="li")
    assert code == ExitCode.NOT_ACCEPTED
    assert "A001 号当前为等候中，不能办结（可以叫号）" in err

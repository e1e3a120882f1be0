"""`counterapp cases show|find|transition` on both backends, signed in with --as."""

from __future__ import annotations

import argparse
import io
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from keyrings.alt.file import PlaintextKeyring

from counterapp.app.cases import submit_case
from counterapp.app.user_admin import add_user
from counterapp.app.users import bootstrap_admin
from counterapp.cases import Case
from counterapp.cli import cases_cmd
from counterapp.cli.exit_codes import ExitCode
from counterapp.config import load_settings
from counterapp.protection import open_cipher
from counterapp.store.engine import make_engine
from counterapp.store.migrate import upgrade
from counterapp.users import Actor, Role
from helpers.case_factory import HALL, person_name, resident_id, sample_consent, sample_draft
from store.conftest import database_url

__all__ = ["database_url"]

PASSWORD = "counter-pass-1"
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
CLERK = Actor("li", Role.CLERK, window="07")


@pytest.fixture
def submitted(database_url: str, file_keyring: PlaintextKeyring) -> Iterator[Case]:
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        root = bootstrap_admin(engine, "root", PASSWORD)
        add_user(engine, root, "li", Role.CLERK, "李", PASSWORD, "07")
        add_user(engine, root, "zhao", Role.SUPERVISOR, "赵", PASSWORD)
        cipher = open_cipher(engine, file_keyring)
        yield submit_case(
            engine,
            cipher,
            CLERK,
            sample_draft(3),
            sample_consent(3, at=NOW, recorded_by="li"),
            hall_code=HALL,
            promised_days=5,
            now=NOW,
        )
    finally:
        engine.dispose()


@pytest.fixture
def cases(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Callable[..., int]:
    def run(*argv: str, user: str = "li", language: str = "en") -> int:
        settings = load_settings(
            overrides=[f"database.url={database_url}", f"ui.language={language}"]
        )
        parser = argparse.ArgumentParser(prog="counterapp")
        cases_cmd.register(parser.add_subparsers())
        args = parser.parse_args(["cases", *argv, "--as", user, "--password-stdin"])
        monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n"))
        return args.handler(args, settings)

    return run


def test_show_masks_personal_values(
    submitted: Case, cases: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cases("show", submitted.number) == 0
    out = capsys.readouterr().out
    assert submitted.number in out and "已受理" in out and "2026-03-09" in out
    assert resident_id(3) not in out and person_name(3) not in out
    assert resident_id(3)[:3] in out  # masked, not dropped
    assert cases("show", submitted.number, "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["state"], shown["visits"], len(shown["fields"])) == ("accepted", 1, 6)


def test_find_by_applicant(
    submitted: Case, cases: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cases("find", "--applicant", resident_id(3), "--json") == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["number"] == submitted.number
    assert cases("find", "--applicant", resident_id(4)) == 0
    assert "没有办件" in capsys.readouterr().out


def test_transition_checks_permission_and_legality(
    submitted: Case, cases: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    number = submitted.number
    skip_review = ("transition", number, "completed", "--reason", "直接办结")
    assert cases(*skip_review, user="zhao") == ExitCode.NOT_ACCEPTED == 8
    err = capsys.readouterr().err
    assert err.startswith("counterapp cases transition: ")
    assert "cannot be completed before review" in err
    assert cases(*skip_review, user="zhao", language="zh_CN") == ExitCode.NOT_ACCEPTED
    assert "未经审核" in capsys.readouterr().err
    assert cases("transition", number, "in_review", user="li") == ExitCode.REFUSED == 4
    assert "may not" in capsys.readouterr().err
    assert cases("transition", number, "in_review", "--reason", "审核", user="zhao") == 0
    assert "in review / 审核中" in capsys.readouterr().out
    missing = f"{HALL}-20260302-00099"
    assert cases("transition", missing, "in_review", user="zhao") == ExitCode.NOT_FOUND == 6
    assert "no case" in capsys.readouterr().err
    assert cases("show", "not-a-number") == ExitCode.BAD_INPUT

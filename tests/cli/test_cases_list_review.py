"""`counterapp cases list|review|notice`: the supervisor's queue and review from a terminal.

Real accounts sign in with ``--as`` on both backends; cases are submitted through the app
layer as a clerk's window does; the correction notice is read back from its PDF.
"""

from __future__ import annotations

import argparse
import io
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring
from pypdf import PdfReader

from counterapp.app.cases import submit_case
from counterapp.app.context import open_counter
from counterapp.app.receipts import case_receipt
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
from receipts.conftest import decode_qr
from store.conftest import database_url

__all__ = ["database_url", "decode_qr"]

PASSWORD = "counter-pass-1"
MONDAY = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
LI = Actor("li", Role.CLERK, window="07")
WANG = Actor("wang", Role.CLERK, window="03")


@pytest.fixture
def hall(database_url: str, file_keyring: PlaintextKeyring) -> Iterator[list[Case]]:
    """Six accepted cases: li took four at window 07 on Monday, wang two at 03 on Tuesday."""
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        root = bootstrap_admin(engine, "root", PASSWORD)
        add_user(engine, root, "li", Role.CLERK, "李", PASSWORD, "07")
        add_user(engine, root, "wang", Role.CLERK, "王", PASSWORD, "03")
        add_user(engine, root, "zhao", Role.SUPERVISOR, "赵主任", PASSWORD)
        add_user(engine, root, "qian", Role.SUPERVISOR, "钱", PASSWORD)
        cipher = open_cipher(engine, file_keyring)
        made = []
        for n in range(1, 7):
            clerk = LI if n <= 4 else WANG
            at = MONDAY + timedelta(days=0 if n <= 4 else 1, minutes=n)
            made.append(
                submit_case(
                    engine,
                    cipher,
                    clerk,
                    sample_draft(n, retrieved_at=at - timedelta(minutes=1)),
                    sample_consent(n, at=at, recorded_by=clerk.username),
                    hall_code=HALL,
                    promised_days=5,
                    now=at,
                )
            )
        yield made
    finally:
        engine.dispose()


@pytest.fixture
def cases(
    database_url: str, monkeypatch: pytest.MonkeyPatch, connectors_dir: Path
) -> Callable[..., int]:
    def run(*argv: str, user: str = "zhao", language: str = "en") -> int:
        settings = load_settings(
            overrides=[
                f"database.url={database_url}",
                f"ui.language={language}",
                f"departments.connectors_dir={connectors_dir}",
            ]
        )
        parser = argparse.ArgumentParser(prog="counterapp")
        cases_cmd.register(parser.add_subparsers())
        args = parser.parse_args(["cases", *argv, "--as", user, "--password-stdin"])
        monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n"))
        return args.handler(args, settings)

    return run


def listed(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return [row["number"] for row in json.loads(capsys.readouterr().out)]


def test_the_queue_filters_pages_and_finds(
    hall: list[Case], cases: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    newest_first = [case.number for case in reversed(hall)]
    assert cases("list", "--json") == 0
    assert listed(capsys) == newest_first
    assert cases("list", "--clerk", "LI", "--json") == 0  # user names are case-blind
    assert listed(capsys) == newest_first[2:]
    assert cases("list", "--window", "03", "--sort", "oldest", "--json") == 0
    assert listed(capsys) == [hall[4].number, hall[5].number]
    assert cases("list", "--from", "2026-03-03", "--to", "2026-03-03", "--json") == 0
    assert listed(capsys) == newest_first[:2]
    # the first three, newest first, and a note that more are there
    assert cases("list", "--limit", "3") == 0
    out = capsys.readouterr().out
    assert [line.split()[0] for line in out.splitlines()[:3]] == newest_first[:3]
    assert "first 3 shown" in out
    assert cases("list", "--search", resident_id(2), "--json") == 0
    assert listed(capsys) == [hall[1].number]
    assert cases("list", "--search", hall[3].number) == 0
    out = capsys.readouterr().out
    assert hall[3].number in out and "clerk li" in out and "window 07" in out
    assert person_name(4) not in out and resident_id(4) not in out
    assert cases("list", "--state", "completed") == 0
    assert "no cases match" in capsys.readouterr().out


def test_the_queue_refuses_a_clerk_and_bad_searches(
    hall: list[Case], cases: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cases("list", user="li") == ExitCode.REFUSED
    assert capsys.readouterr().err.startswith("counterapp cases list: ")
    assert cases("list", "--search", "330106196001011234") == ExitCode.BAD_INPUT
    assert "not a valid resident ID" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cases("list", "--limit", "-1")
    assert "not a count" in capsys.readouterr().err


def test_review_from_start_to_approval(
    hall: list[Case], cases: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    number = hall[0].number
    assert cases("review", number, "start") == 0
    assert "in review / 审核中" in capsys.readouterr().out
    assert cases("review", number, "approve", "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["state"], shown["version"]) == ("completed", 3)
    assert cases("list", "--state", "completed", "--json") == 0
    assert listed(capsys) == [number]


def test_return_for_correction_writes_the_one_time_notice(
    hall: list[Case],
    cases: Callable[..., int],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    number = hall[1].number
    notice = tmp_path / "notice.pdf"
    missing = ("--missing", "房屋租赁合同 | 需有出租人签字", "--missing", "户口簿首页")
    assert cases("review", number, "return", *missing, "--notice", str(notice)) == 0
    out = capsys.readouterr().out
    assert f"{number}: returned for correction" in out.lower()
    assert "correction notice" in out and str(notice) in out
    text = "".join(page.extract_text() for page in PdfReader(notice).pages)
    assert "一次性告知书" in text and number in text
    assert "房屋租赁合同" in text and "需有出租人签字" in text and "户口簿首页" in text
    assert person_name(2) not in text and resident_id(2) not in text  # masked
    assert "赵主任" in text  # who returned it
    again = tmp_path / "again.pdf"
    assert cases("notice", number, "-o", str(again)) == 0
    capsys.readouterr()
    assert "房屋租赁合同" in "".join(p.extract_text() for p in PdfReader(again).pages)
    assert cases("notice", hall[2].number, "-o", str(again)) == ExitCode.NOT_ACCEPTED
    assert "never returned for correction" in capsys.readouterr().err


def test_review_refusals_say_why(
    hall: list[Case],
    cases: Callable[..., int],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    number = hall[2].number
    assert cases("review", number, "approve", user="li") == ExitCode.REFUSED
    assert "may not" in capsys.readouterr().err
    assert cases("review", number, "reject") == ExitCode.BAD_INPUT  # no reason
    assert capsys.readouterr().err.startswith("counterapp cases review: ")
    assert cases("review", number, "return") == ExitCode.BAD_INPUT  # nothing missing
    assert "at least one missing item" in capsys.readouterr().err
    assert cases("review", number, "reassign", "--to", "li") == ExitCode.BAD_INPUT
    assert "may not review" in capsys.readouterr().err
    notice = str(tmp_path / "n.pdf")
    assert cases("review", number, "approve", "--notice", notice) == ExitCode.BAD_INPUT
    assert cases("review", number, "reassign", "--to", "qian") == 0
    assert "review: qian" in capsys.readouterr().out
    assert cases("review", number, "reject", "--reason", "不符合条件") == 0
    assert f"{number}: rejected / " in capsys.readouterr().out
    assert cases("review", number, "approve") == ExitCode.NOT_ACCEPTED  # closed


def test_two_supervisors_on_one_case_one_wins(
    hall: list[Case], cases: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    number = hall[3].number
    assert cases("show", number, "--json") == 0
    seen = str(json.loads(capsys.readouterr().out)["version"])
    assert cases("review", number, "start", "--seen-version", seen, user="qian") == 0
    capsys.readouterr()
    # zhao decided on the version he saw before qian acted: refused, nothing written
    stale = ("review", number, "reject", "--reason", "材料不全", "--seen-version", seen)
    assert cases(*stale) == ExitCode.NOT_ACCEPTED
    err = capsys.readouterr().err
    assert "was changed by qian" in err and "nothing was saved" in err
    assert cases("show", number, "--json") == 0
    assert json.loads(capsys.readouterr().out)["state"] == "in_review"


def test_the_data_use_record_from_the_receipts_qr_code(
    hall: list[Case],
    cases: Callable[..., int],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    database_url: str,
    connectors_dir: Path,
    decode_qr: Callable[[bytes], list[str]],
) -> None:
    case = hall[0]
    settings = load_settings(
        overrides=[f"database.url={database_url}", f"departments.connectors_dir={connectors_dir}"]
    )
    with open_counter(settings) as ctx:
        _, receipt = case_receipt(ctx, Actor("li", Role.CLERK, "李", "07"), case.number)
    (scanned,) = decode_qr(receipt.pdf)  # what the hall's scanner types in
    assert scanned.endswith(case.number) and scanned != case.number
    record = tmp_path / "data-use.pdf"
    assert cases("data-use", scanned, "-o", str(record)) == 0
    assert f"{case.number}: data-use record" in capsys.readouterr().out
    text = "".join(page.extract_text() for page in PdfReader(record).pages)
    assert "个人信息使用记录" in text and case.number in text
    supplied = [f for f in case.fields if f.source.department]
    assert len(supplied) == 5 and "部门数据（5 项）" in text  # 4 as given, 1 corrected
    assert "已按申请人所述更正" in text and "另有 1 项由窗口" in text  # and 1 typed
    assert "公安" in text  # the supplying department, by name
    assert "刷证确认" in text or "纸质签字" in text or "屏幕签名" in text  # the consent
    for f in case.fields:  # which items, never their values
        assert len(f.value) < 4 or f.value not in text, f.field_id
    assert person_name(1) not in text and resident_id(1) not in text
    assert cases("data-use", "https://elsewhere.example/x", "-o", str(record)) == 2
    assert "case number" in capsys.readouterr().err

"""`counterapp holidays check|recompute` and the reprinted receipt, end to end.

The workstation is the CLI's own: settings from the isolated config, the default SQLite
database, a file keyring, the simulator's connector files. A case accepted on Mon 28 Dec
2026 with 30 working days is provisionally due Mon 8 Feb 2027 (tests/app/test_holidays.py
counts it); with the 2027 file deployed an admin's recompute makes it Tue 16 Feb 2027, and
the receipt printed again by `counterapp receipt` shows that date, no longer provisional.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring
from pypdf import PdfReader

from counterapp.__main__ import main
from counterapp.app.cases import submit_case
from counterapp.app.storage import open_database
from counterapp.app.user_admin import add_user
from counterapp.app.users import bootstrap_admin
from counterapp.cases import use_arrangements
from counterapp.cli.exit_codes import ExitCode
from counterapp.config import load_settings
from counterapp.protection import open_cipher
from helpers.case_factory import CLERK, HALL, calendar_ending, sample_consent, sample_draft
from helpers.holidays import YEAR_2027

PASSWORDS = {"admin": "admin-pass-1", "li": "clerk-pass-1"}


@pytest.fixture(autouse=True)
def package_ends_2026(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    calendar_ending(monkeypatch, 2026)
    yield
    use_arrangements(())


@pytest.fixture
def holiday_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "holidays"
    directory.mkdir()
    (directory / "2027.toml").write_text(YEAR_2027, encoding="utf-8")
    return directory


@pytest.fixture
def provisional_case(demo_secrets: PlaintextKeyring) -> str:
    """The admin, the clerk li and one provisional case in the CLI's database."""
    engine = open_database(load_settings())
    try:
        admin = bootstrap_admin(engine, "admin", PASSWORDS["admin"])
        add_user(engine, admin, "li", "clerk", "李明", PASSWORDS["li"], "07")
        moment = datetime(2026, 12, 28, 2, 0, tzinfo=UTC)
        case = submit_case(
            engine,
            open_cipher(engine),
            CLERK,
            sample_draft(2),
            sample_consent(2, at=moment),
            hall_code=HALL,
            promised_days=30,
            now=moment,
        )
    finally:
        engine.dispose()
    assert (case.due_date, case.due_date_provisional) == (date(2027, 2, 8), True)
    return case.number


def run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    user: str | None = None,
) -> tuple[int, str, str]:
    argv = list(args)
    if user:
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORDS[user] + "\n"))
        argv += ["--as", user, "--password-stdin"]
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages).replace(" ", "")


def test_check_shows_what_a_file_arranges(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, holiday_dir: Path
) -> None:
    code, out, err = run(capsys, monkeypatch, "holidays", "check", str(holiday_dir))
    assert code == ExitCode.OK, err
    assert f"2027  {holiday_dir / '2027.toml'}  sha256 " in out
    assert "春节: 2027-02-05 – 2027-02-13 (9 days)" in out
    assert "adjusted working day 调休上班: 2027-02-14 (Sunday)" in out
    assert "with these files due dates are exact through 2027" in out


def test_a_broken_file_is_refused_by_check_and_at_start(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, holiday_dir: Path
) -> None:
    path = holiday_dir / "2027.toml"
    path.write_text(YEAR_2027.replace('"2027-02-09"', '"2027-02-30"'), encoding="utf-8")
    code, out, err = run(capsys, monkeypatch, "--set", "ui.language=en", "holidays", "check",
                         str(path))  # fmt: skip
    assert code == ExitCode.CONFIG and not out
    assert f"{path}: line 12: 春节: 2027-02-30 is not a real date" in err

    # Deployed, it stops every command: no due date is counted on a calendar half read.
    setting = f"calendar.holiday_dir={holiday_dir}"
    code, out, err = run(capsys, monkeypatch, "--set", setting, "config", "show")
    assert code == ExitCode.CONFIG and not out
    assert f"{path}: line 12: 春节: 2027-02-30 is not a real date" in err


def test_recompute_then_the_reprinted_receipt_shows_the_exact_date(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    holiday_dir: Path,
    provisional_case: str,
    connectors_dir: Path,
    tmp_path: Path,
) -> None:
    number = provisional_case
    before = tmp_path / "before.pdf"
    connectors = ["--connectors", str(connectors_dir)]
    code, _, err = run(capsys, monkeypatch, "receipt", number, "-o", str(before), *connectors,
                       user="li")  # fmt: skip
    assert code == ExitCode.OK, err
    assert "2027年02月08日（预计）*" in pdf_text(before)

    setting = ["--set", f"calendar.holiday_dir={holiday_dir}"]
    code, out, err = run(capsys, monkeypatch, *setting, "holidays", "recompute", user="li")
    assert code == ExitCode.REFUSED and not out
    assert "办事员 li 无权按节假日安排重新计算暂定的承诺办结日（需要管理员角色）" in err

    code, out, err = run(capsys, monkeypatch, *setting, "holidays", "recompute", "--dry-run",
                         user="admin")  # fmt: skip
    assert code == ExitCode.OK, err
    assert "-> would be 2027-02-16 (exact)" in out

    code, out, err = run(capsys, monkeypatch, *setting, "holidays", "recompute", user="admin")
    assert code == ExitCode.OK, err
    assert f"{number}  accepted  counted from 2026-12-28: due 2027-02-08 (provisional)" in out
    assert "-> now 2027-02-16 (exact)" in out
    assert "1 open cases with a provisional due date: 1 exact now, 0 still provisional" in out
    assert "counterapp receipt CASE_NO" in out

    reprint = tmp_path / "reprint.pdf"
    code, _, err = run(capsys, monkeypatch, *setting, "receipt", number, "-o", str(reprint),
                       *connectors, user="li")  # fmt: skip
    assert code == ExitCode.OK, err
    text = pdf_text(reprint)
    assert number in text and "2027年02月16日" in text
    assert "预计" not in text and "2027年02月08日" not in text

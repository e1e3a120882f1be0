"""`counterapp report` end to end on a real database file (SQLite) and on PostgreSQL.

The command runs through the real `counterapp` parser (``counterapp.cli.main``), with real
accounts signing in, on the data set of ``reports/report_hall.py``. Its period (16–18 March
2026) lies wholly before the machine's clock, so the whole Wednesday counts: G (Wednesday
19:00) is in it too.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import Engine, select

from counterapp.app import user_admin
from counterapp.app.users import bootstrap_admin
from counterapp.cli import main
from counterapp.cli.exit_codes import ExitCode
from counterapp.store.audit_tables import audit_events
from counterapp.store.engine import make_engine
from counterapp.store.migrate import upgrade
from counterapp.users import Role
from counterapp.users.passwords import PasswordHasher, ScryptParams
from helpers.databases import BACKENDS, fresh_database
from reports.report_hall import build_hall, cjk_font

PASSWORD = "correct horse battery"
CHEAP = PasswordHasher(ScryptParams(n=2**4, r=8, p=1))


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """The data set, an admin, a supervisor and a clerk who can sign in."""
    engine = make_engine(database_url)
    upgrade(engine)
    admin = bootstrap_admin(engine, "admin", PASSWORD, hasher=CHEAP)
    user_admin.add_user(engine, admin, "lead", Role.SUPERVISOR, "", PASSWORD, hasher=CHEAP)
    user_admin.add_user(engine, admin, "clerk", Role.CLERK, "", PASSWORD, hasher=CHEAP)
    build_hall(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def run(
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    *argv: str,
    user: str = "lead",
    language: str = "en",
) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    return main(
        [
            "--set",
            f"database.url={database_url}",
            "--set",
            f"ui.language={language}",
            "--set",
            "hall.name=西湖区政务服务中心",
            "report",
            *argv,
            "--as",
            user,
            "--password-stdin",
        ]
    )


def exports(engine: Engine) -> list[tuple[str, bool, str]]:
    query = (
        select(audit_events.c.actor, audit_events.c.success, audit_events.c.detail)
        .where(audit_events.c.kind == "export")
        .order_by(audit_events.c.seq)
    )
    with engine.connect() as connection:
        return [(row.actor, row.success, row.detail) for row in connection.execute(query)]


def test_report_writes_the_workbook(
    database_url: str,
    engine: Engine,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = out / "march.xlsx"
    code = run(
        database_url,
        monkeypatch,
        "--from",
        "2026-03-16",
        "--to",
        "2026-03-18",
        "-o",
        str(target),
        language="zh_CN",
    )
    assert code == ExitCode.OK, capsys.readouterr().err
    # A, B, F, C, D, E and G (the whole Wednesday); civil and hukou answered.
    assert f"wrote 7 cases and 2 departments (2026-03-16 to 2026-03-18) to {target}" in (
        capsys.readouterr().out
    )
    book = load_workbook(target)
    assert book.sheetnames == ["Figures", "Departments", "Queue"]
    queue = list(book["Queue"].iter_rows(values_only=True))
    assert queue[0][:4] == ("办件编号", "事项", "事项编码", "状态")
    assert len(queue) == 8
    assert [row[3] for row in queue[1:]] == [
        "已办结",
        "已办结",
        "已受理",
        "已办结",
        "已受理",
        "不予受理",
        "已受理",
    ]
    figures = {row[0]: row for row in book["Figures"].iter_rows(values_only=True)}
    assert figures["受理件数"][1] == 7
    assert figures["一次办结件数"][1:] == (3, 0.75, None)
    assert exports(engine)[-1] == (
        "lead",
        True,
        "report export 2026-03-16..2026-03-18 (7 cases, 2 departments) to march.xlsx",
    )


def test_report_writes_the_dashboard_pdf(
    database_url: str,
    engine: Engine,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    cjk_font()
    target = out / "dashboard.pdf"
    code = run(database_url, monkeypatch, "--to", "2026-03-18", "-o", str(target), "--pdf")
    assert code == ExitCode.OK, capsys.readouterr().err
    assert f"wrote the dashboard of 2026-03-18 to {target}" in capsys.readouterr().out
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "西湖区政务服务中心 · Hall dashboard" in text
    assert "Department scorecard (this week)" in text
    assert exports(engine)[-1] == ("lead", True, "dashboard pdf of 2026-03-18 to dashboard.pdf")


@pytest.mark.parametrize(
    ("argv", "english", "chinese"),
    [
        (
            ["--from", "2026-03-18", "--to", "2026-03-16", "-o", "{out}/r.xlsx"],
            "the period ends (2026-03-16) before it starts (2026-03-18)",
            "统计期间的结束日（2026-03-16）早于开始日（2026-03-18）",
        ),
        (
            ["--from", "2026-03-16", "--to", "2026-03-18", "-o", "{out}/r.csv"],
            "'r.csv' must end in .xlsx (the workbook) or .pdf (the dashboard)",
            "“r.csv”须以 .xlsx（工作簿）或 .pdf（仪表板）结尾",
        ),
        (
            ["--to", "2026-03-18", "-o", "{out}/r.xlsx", "--pdf"],
            "--pdf writes a .pdf file, not 'r.xlsx'",
            "--pdf 须输出 .pdf 文件",
        ),
        (
            ["--to", "2026-03-18", "-o", "{out}/r.xlsx"],
            "--from is needed for a workbook",
            "输出工作簿须给出 --from",
        ),
        (
            ["--from", "2026-03-16", "--to", "2026-03-18", "-o", "{out}/nowhere/r.xlsx"],
            "/nowhere does not exist",
            "/nowhere 不存在",
        ),
    ],
)
def test_bad_input_is_named_and_nothing_is_written(
    database_url: str,
    engine: Engine,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    english: str,
    chinese: str,
) -> None:
    before = exports(engine)
    args = [a.format(out=out) for a in argv]
    assert run(database_url, monkeypatch, *args) == ExitCode.BAD_INPUT == 2
    err = capsys.readouterr().err
    assert err.startswith("counterapp report: ") and english in err
    assert run(database_url, monkeypatch, *args, language="zh_CN") == ExitCode.BAD_INPUT
    assert chinese in capsys.readouterr().err
    assert list(out.iterdir()) == []
    assert exports(engine) == before  # refused before signing in: nothing to audit
    assert sys.stdin.read() == PASSWORD + "\n"  # the password was not even asked for


def test_a_file_that_cannot_be_written_is_bad_input(
    database_url: str,
    engine: Engine,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The file is written beside its destination first: a folder in that place stops the
    # write (for root too) before anything is renamed; the old file stays as it was.
    target = out / "r.xlsx"
    target.write_bytes(b"last month")
    (out / "r.xlsx.partial").mkdir()
    args = ["--from", "2026-03-16", "--to", "2026-03-18", "-o", str(target)]
    assert run(database_url, monkeypatch, *args) == ExitCode.BAD_INPUT
    assert f"cannot write {target}" in capsys.readouterr().err
    assert target.read_bytes() == b"last month"
    assert sorted(p.name for p in out.iterdir()) == ["r.xlsx", "r.xlsx.partial"]
    if os.geteuid() == 0:  # root may write into any folder: the mode check is moot
        return
    locked = out / "locked"
    locked.mkdir(mode=0o500)
    try:
        args = ["--from", "2026-03-16", "--to", "2026-03-18", "-o", str(locked / "r.xlsx")]
        assert run(database_url, monkeypatch, *args) == ExitCode.BAD_INPUT
        assert "is not writable" in capsys.readouterr().err
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_a_clerk_is_refused(
    database_url: str,
    engine: Engine,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["--from", "2026-03-16", "--to", "2026-03-18", "-o", str(out / "r.xlsx")]
    assert run(database_url, monkeypatch, *args, user="clerk") == ExitCode.REFUSED == 4
    assert "(needs the supervisor or admin role)" in capsys.readouterr().err
    assert list(out.iterdir()) == []
    actor, success, detail = exports(engine)[-1]
    assert (actor, success) == ("clerk", False)
    assert "lacks permission view_reports" in detail


def test_a_date_that_is_no_date_is_a_usage_error(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        run(database_url, monkeypatch, "--from", "16.3.2026", "--to", "2026-03-18", "-o", "x")
    assert stopped.value.code == ExitCode.BAD_INPUT
    assert "not a date (YYYY-MM-DD): '16.3.2026'" in capsys.readouterr().err

"""`receipts.layout` decides the paper of a printed receipt unless `print --layout` says.

The CUPS PDF queue's default paper is A4, so ``auto`` prints A4 on it; the setting ``roll``
prints the 80 mm slip, and a ``--layout`` flag wins over the setting. The audit trail names
the layout each print used.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from counterapp.__main__ import main
from counterapp.cli.exit_codes import ExitCode
from helpers.environment import need
from helpers.printing import cups_with_pdf_queue


def _run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], password: str, *args: str
) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    code = main([*args, "--as", "li", "--password-stdin"])
    out, err = capsys.readouterr()
    assert code == ExitCode.OK, err
    return out


def _printed_layouts(number: str) -> list[str]:
    from counterapp.app.storage import open_database
    from counterapp.config import load_settings
    from counterapp.store import audit_log

    engine = open_database(load_settings())
    try:
        with audit_log.snapshot(engine) as connection:
            return [
                record.detail
                for record in audit_log.stream_records(connection)
                if record.kind == "print" and record.case_number == number
            ]
    finally:
        engine.dispose()


def test_the_setting_chooses_the_paper_and_the_flag_overrides_it(
    cli_users: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    connectors_dir: Path,
    adult: str,
) -> None:
    need(cups_with_pdf_queue(), "CUPS with the PDF queue")
    connectors = ("--connectors", str(connectors_dir))
    number = _run(
        monkeypatch,
        capsys,
        cli_users["li"],
        *("cases", "new", "--service", "realestate-record-inquiry", "--applicant", adult),
        *("--consent", "id_card_reader", "--set", "inquiry_scope=本人名下全部不动产"),
        *("--set", "purpose=办理贷款", *connectors),
    ).strip()
    printing = ("print", number, "--printer", "PDF", *connectors)
    _run(monkeypatch, capsys, cli_users["li"], *printing)
    _run(monkeypatch, capsys, cli_users["li"], "--set", "receipts.layout=roll", *printing)
    _run(
        monkeypatch,
        capsys,
        cli_users["li"],
        "--set",
        "receipts.layout=roll",
        *printing,
        "--layout",
        "a4",
    )
    details = _printed_layouts(number)
    assert [("(a4)" in d, "(roll)" in d) for d in details] == [
        (True, False),
        (False, True),
        (True, False),
    ], details

"""The counter flow headless: `cases new`, `notify`, `receipt`, `print`, end to end.

Real parts throughout: the simulator over loopback, the default SQLite database in the
test's data directory, a file keyring holding the departments' secrets and the data keys,
reportlab PDFs read back with pdftotext, and the CUPS PDF queue.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring

from counterapp.__main__ import main
from counterapp.cli.exit_codes import ExitCode
from counterapp.sim.model import Population
from counterapp.sim.population import current_spouse, marital_status
from helpers.environment import need

PASSWORD = "clerk-pass-1"


@pytest.fixture
def clerk(isolated_config: Path, demo_secrets: PlaintextKeyring) -> str:
    from counterapp.app.storage import open_database
    from counterapp.app.user_admin import add_user
    from counterapp.app.users import bootstrap_admin
    from counterapp.config import load_settings

    engine = open_database(load_settings())
    try:
        admin = bootstrap_admin(engine, "admin", "admin-pass-1")
        add_user(engine, admin, "li", "clerk", "李明", PASSWORD, "07")
    finally:
        engine.dispose()
    return "li"


def _run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code = main([*args, "--as", "li", "--password-stdin"])
    out, err = capsys.readouterr()
    return code, out, err


def _text(pdf: Path) -> str:
    need(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _adult(population: Population, predicate=lambda p: True) -> str:
    return next(
        p.id_number
        for p in population.people.values()
        if not p.deceased and p.birth_date < date(1995, 1, 1) and predicate(p)
    )


@pytest.mark.usefixtures("clerk")
def test_new_case_with_receipt_then_receipt_again(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    connectors_dir: Path,
    population: Population,
    tmp_path: Path,
) -> None:
    applicant = _adult(population)
    receipt = tmp_path / "receipt.pdf"
    code, out, err = _run(
        capsys,
        monkeypatch,
        "cases",
        "new",
        "--service",
        "realestate-record-inquiry",
        "--applicant",
        applicant,
        "--consent",
        "id_card_reader",
        "--set",
        "inquiry_scope=本人名下全部不动产",
        "--set",
        "purpose=办理贷款",
        "--receipt",
        str(receipt),
        "--connectors",
        str(connectors_dir),
    )
    assert code == 0, err
    number = out.strip()
    assert number.startswith("330106001-")
    text = _text(receipt)
    person = population.people[applicant]
    assert number in text and "不动产登记资料查询" in text
    assert person.name not in text and applicant not in text  # masked on paper
    assert applicant[:6] in text and applicant[-4:] in text
    assert "自然资源" in text  # the data-use notice names the department asked

    again = tmp_path / "roll.pdf"
    code, out, err = _run(
        capsys,
        monkeypatch,
        "receipt",
        number,
        "-o",
        str(again),
        "--layout",
        "roll",
        "--connectors",
        str(connectors_dir),
    )
    assert code == 0, err
    assert number in _text(again)


@pytest.mark.usefixtures("clerk")
def test_a_missing_typed_field_is_named(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    connectors_dir: Path,
    population: Population,
) -> None:
    code, out, err = _run(
        capsys,
        monkeypatch,
        "cases",
        "new",
        "--service",
        "realestate-record-inquiry",
        "--applicant",
        _adult(population),
        "--consent",
        "id_card_reader",
        "--set",
        "inquiry_scope=本人名下全部不动产",
        "--connectors",
        str(connectors_dir),
    )
    assert code == ExitCode.BAD_INPUT and out == ""
    assert err.startswith("counterapp cases new: ")
    assert "查询目的" in err  # the missing field, in the default language (ui.language)


@pytest.mark.usefixtures("clerk")
def test_an_ineligible_marriage_is_explained_and_not_saved(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    connectors_dir: Path,
    population: Population,
) -> None:
    married = _adult(population, lambda p: marital_status(population, p.id_number) in {"21", "22"})
    spouse = current_spouse(population, married)
    assert spouse is not None
    code, out, err = _run(
        capsys,
        monkeypatch,
        "cases",
        "new",
        "--service",
        "marriage-registration",
        "--applicant",
        married,
        "--applicant",
        spouse,
        "--consent",
        "signed_paper",
        "--connectors",
        str(connectors_dir),
    )
    assert code == ExitCode.NOT_ACCEPTED == 8 and out == ""
    assert err.startswith("counterapp cases new: ")
    assert "已婚" in err
    assert population.people[married].name not in err and married not in err


@pytest.mark.usefixtures("clerk")
def test_notify_lists_every_missing_material(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    connectors_dir: Path,
    population: Population,
    tmp_path: Path,
) -> None:
    notice = tmp_path / "notice.pdf"
    code, _out, err = _run(
        capsys,
        monkeypatch,
        "notify",
        "--service",
        "realestate-record-inquiry",
        "--applicant",
        _adult(population),
        "--consent",
        "id_card_reader",
        "--set",
        "inquiry_scope=本人名下全部不动产",
        "--set",
        "purpose=办理贷款",
        "-o",
        str(notice),
        "--connectors",
        str(connectors_dir),
    )
    assert code == 0, err
    text = _text(notice)
    assert "一次性告知" in text
    assert "居民身份证" in text and "查询申请书" in text


@pytest.mark.usefixtures("clerk")
def test_print_to_the_cups_queue_and_to_a_printer_that_does_not_exist(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    connectors_dir: Path,
    population: Population,
) -> None:
    from helpers.printing import cups_with_pdf_queue

    code, out, err = _run(
        capsys,
        monkeypatch,
        "cases",
        "new",
        "--service",
        "realestate-record-inquiry",
        "--applicant",
        _adult(population),
        "--consent",
        "id_card_reader",
        "--set",
        "inquiry_scope=本人名下全部不动产",
        "--set",
        "purpose=办理贷款",
        "--connectors",
        str(connectors_dir),
    )
    assert code == 0, err
    number = out.strip()
    code, out, err = _run(
        capsys,
        monkeypatch,
        "print",
        number,
        "--printer",
        "no-such-printer",
        "--connectors",
        str(connectors_dir),
    )
    assert code == ExitCode.NOT_FOUND == 6
    assert err.startswith("counterapp print: ")
    assert "no-such-printer" in err
    need(cups_with_pdf_queue(), "CUPS with the PDF queue")
    code, out, err = _run(
        capsys,
        monkeypatch,
        "print",
        number,
        "--printer",
        "PDF",
        "--connectors",
        str(connectors_dir),
    )
    assert code == 0, err
    assert "printed 1 page(s) on PDF" in out

"""A full clerk flow at DEBUG leaves its events in the log and no applicant's personal data.

The counter flow headless, as `counterapp` runs it (tests/cli/test_counter_cmd.py): a case
accepted with its receipt, the receipt again on the roll, a refused marriage of two people, a
one-time notification, and a supervisor's diagnosing lookup with the values revealed, all
against the simulator over loopback (in this process, so its access log goes to the same
file). The log file is then searched for the names, former names, ID numbers, mobile numbers
and addresses of every person the flow touched; it must also show the flow's steps, so that
a log that lost its lines cannot pass.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from counterapp.__main__ import main
from counterapp.cli.exit_codes import ExitCode
from counterapp.sim.model import Person, Population
from counterapp.sim.population import current_spouse, marital_status


def _counterapp(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    passwords: dict[str, str],
    *args: str,
    user: str = "li",
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(passwords[user] + "\n"))
    code = main(["--log-level", "DEBUG", *args, "--as", user, "--password-stdin"])
    out, err = capsys.readouterr()
    return code, out, err


def _adults(population: Population, count: int, predicate=lambda p: True) -> list[Person]:
    found = [
        p
        for p in population.people.values()
        if not p.deceased and p.birth_date < date(1995, 1, 1) and predicate(p)
    ]
    return found[:count]


def _personal_values(people: list[Person]) -> set[str]:
    values: set[str] = set()
    for p in people:
        values |= {p.id_number, p.name, p.mobile, p.residence_address, p.hukou_address}
        values |= {v for v in (p.former_name, p.stale_mobile, p.stale_residence_address) if v}
    return values


def test_a_full_flow_at_debug_logs_its_steps_and_no_personal_data(
    cli_users: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    connectors_dir: Path,
    population: Population,
    isolated_config: Path,
    tmp_path: Path,
) -> None:
    connectors = ("--connectors", str(connectors_dir))
    applicant, other = _adults(population, 2)
    married = _adults(
        population, 1, lambda p: marital_status(population, p.id_number) in {"21", "22"}
    )[0]
    spouse_id = current_spouse(population, married.id_number)
    assert spouse_id is not None
    spouse = population.people[spouse_id]

    code, out, err = _counterapp(
        monkeypatch,
        capsys,
        cli_users,
        *("cases", "new", "--service", "realestate-record-inquiry"),
        *("--applicant", applicant.id_number, "--consent", "id_card_reader"),
        *("--set", "inquiry_scope=本人名下全部不动产", "--set", "purpose=办理贷款"),
        *("--receipt", str(tmp_path / "receipt.pdf"), *connectors),
    )
    assert code == ExitCode.OK, err
    number = out.strip()
    code, _, err = _counterapp(
        monkeypatch,
        capsys,
        cli_users,
        *("receipt", number, "-o", str(tmp_path / "roll.pdf"), "--layout", "roll", *connectors),
    )
    assert code == ExitCode.OK, err
    code, _, err = _counterapp(
        monkeypatch,
        capsys,
        cli_users,
        *("cases", "new", "--service", "marriage-registration", "--consent", "signed_paper"),
        *("--applicant", married.id_number, "--applicant", spouse.id_number, *connectors),
    )
    assert code == ExitCode.NOT_ACCEPTED, err
    code, _, err = _counterapp(
        monkeypatch,
        capsys,
        cli_users,
        *("notify", "--service", "realestate-record-inquiry", "--consent", "id_card_reader"),
        *("--applicant", other.id_number, "--set", "inquiry_scope=本人名下全部不动产"),
        *("--set", "purpose=办理贷款", "-o", str(tmp_path / "notice.pdf"), *connectors),
    )
    assert code == ExitCode.OK, err
    code, out, err = _counterapp(
        monkeypatch,
        capsys,
        cli_users,
        *("lookup", applicant.id_number, "--service", "marriage-registration", "--reveal"),
        *("--reason", "窗口核对", *connectors),
        user="wang",  # a diagnosing lookup with the values revealed is the supervisor's
    )
    assert code == ExitCode.OK, err
    assert applicant.name in out  # revealed on the screen: the values were really there

    log_dir = isolated_config / "log"
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(log_dir.iterdir()))

    # The flow is in the log: each command, its audit events, the department calls.
    for step in (
        "started: command `cases` (log level DEBUG)",
        "`cases` ended with exit code 0",
        "`cases` ended with exit code 8",
        "`receipt` ended with exit code 0",
        "`notify` ended with exit code 0",
        "`lookup` ended with exit code 0",
        f"case_created by li case {number}",
        "consent_recorded by li",
        "lookup by li",
        "reveal by wang",
        f"export by li case {number}",
        "DEBUG counterapp.exchange.transport: realestate ",
        "DEBUG counterapp.sim.handler: 127.0.0.1",
    ):
        assert step in text, f"the log lacks {step!r}"

    # ... and nothing of the people it was about.
    people = [applicant, other, married, spouse]
    leaked = sorted(v for v in _personal_values(people) if v in text)
    assert leaked == [], f"personal data in the log: {leaked}"

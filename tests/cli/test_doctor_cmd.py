"""`counterapp doctor`: the text and JSON a fleet sees, and doctor's own exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring

from counterapp.cli import main
from counterapp.sim.server import Simulator
from counterapp.store.engine import make_engine
from counterapp.store.migrate import upgrade
from helpers.environment import need


def _database(tmp_path: Path) -> str:
    url = f"sqlite+pysqlite:///{tmp_path / 'counter.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


def _doctor(
    capsys: pytest.CaptureFixture[str],
    connectors: Path,
    url: str,
    *options: str,
    as_json: bool = True,
) -> tuple[int, str]:
    """Run `counterapp [options] doctor --connectors DIR [--json]`; its code and stdout."""
    argv = ["--set", f"database.url={url}", "--set", "hall.code=330106001", *options]
    argv += ["doctor", "--connectors", str(connectors), *(["--json"] if as_json else [])]
    code = main(argv)
    return code, capsys.readouterr().out


def test_json_names_every_department_check_and_matches_the_exit_code(
    sim: Simulator,
    connectors_dir: Path,
    demo_secrets: PlaintextKeyring,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out = _doctor(capsys, connectors_dir, _database(tmp_path))

    document = json.loads(out)
    assert document["version"] == 1
    assert document["workstation"]
    checks = {c["name"]: c for c in document["checks"]}
    for department in ("civil", "fund", "hrss", "hukou", "market", "realestate", "tax"):
        for part in ("connect", "auth", "probe"):
            assert checks[f"departments.{department}.{part}"]["status"] == "ok", department
    assert checks["departments.tax.tls"]["status"] == "ok"
    assert document["summary"]["exit_code"] == code
    assert code == {"ok": 0, "warn": 1, "fail": 2}[document["summary"]["status"]]
    said = json.dumps(document)
    assert not [e.department for e in sim.credentials.entries() if e.secret in said]


def test_text_is_one_line_per_check_with_advice_under_a_failure(
    connectors_dir: Path,
    file_keyring: PlaintextKeyring,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out = _doctor(capsys, connectors_dir, _database(tmp_path), as_json=False)

    lines = out.splitlines()
    assert lines[0].startswith("counterapp doctor on ")
    hukou = next(line for line in lines if " departments.hukou.auth " in line)
    assert hukou.startswith("FAIL ")
    advice = lines[lines.index(hukou) + 1]
    assert advice.lstrip().startswith("-> store it: `counterapp credentials set hukou")
    assert lines[-1].startswith("FAIL: ") and lines[-1].endswith("(exit code 2)")
    assert code == 2


def test_a_broken_config_file_is_reported_as_json_with_exit_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "hall.toml"
    broken.write_text("[hall]\nwindow = 7\n", encoding="utf-8")

    code = main(["--config", str(broken), "doctor", "--json"])

    captured = capsys.readouterr()
    document = json.loads(captured.out)
    (check,) = document["checks"]
    assert check["name"] == "config" and check["status"] == "fail"
    assert str(broken) in check["detail"] and "hall.window" in check["detail"]
    assert document["summary"] == {
        "status": "fail",
        "exit_code": 2,
        "ok": 0,
        "skip": 0,
        "warn": 0,
        "fail": 1,
    }
    assert code == 2


def test_another_command_still_refuses_a_broken_config_with_its_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "hall.toml"
    broken.write_text("[hall]\nwindow = 7\n", encoding="utf-8")

    assert main(["--config", str(broken), "config", "show"]) == 5
    assert "hall.window" in capsys.readouterr().err


def test_every_check_ok_exits_0(
    connectors_dir: Path,
    demo_secrets: PlaintextKeyring,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from helpers.printing import QUEUE, cups_with_pdf_queue

    need(cups_with_pdf_queue(), "CUPS with the cups-pdf queue PDF")
    code, out = _doctor(
        capsys, connectors_dir, _database(tmp_path), "--set", f"printing.printer={QUEUE}"
    )

    document = json.loads(out)
    assert [c for c in document["checks"] if c["status"] not in ("ok", "skip")] == []
    assert code == 0


def test_help_states_doctors_own_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["doctor", "--help"])

    text = " ".join(capsys.readouterr().out.split())
    assert "exit codes (doctor's own): 0 every check OK, 1 some check warns" in text
    assert "2 some check fails" in text

"""`counterapp validate`, `catalog`, `config`, and the GUI placeholder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from counterapp.cli import main
from counterapp.cli.exit_codes import ExitCode


def test_validate_id_prints_the_details(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "id", "11010519491231002x"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("11010519491231002X\n")
    assert "1949-12-31" in out


def test_validate_gives_the_precise_reason(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--set", "ui.language=en", "validate", "id", "110105194912310021"]) == 2
    assert "check character should be X" in capsys.readouterr().err
    assert main(["validate", "credit-code", "91350100M000100Y4Z", "--json"]) == 2
    result = json.loads(capsys.readouterr().out)
    assert result["ok"] is False and result["problem"] == "bad_check"
    assert main(["validate", "mobile", "+86 138-1234-5678"]) == 0
    assert capsys.readouterr().out.startswith("13812345678")


def test_catalog_list_and_check(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["catalog", "list", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert len(items) >= 35
    assert {"code", "label_zh", "label_en", "level", "mask", "department"} <= set(items[0])
    broken = tmp_path / "catalog.toml"
    broken.write_text("format_version = 1\n[[items]]\ncode = 'x'\n", encoding="utf-8")
    assert main(["--set", "ui.language=en", "catalog", "check", str(broken)]) == ExitCode.CONFIG
    err = capsys.readouterr().err
    assert err.startswith("counterapp catalog check: the configuration cannot be used:")
    assert str(broken) in err


def test_config_show_names_sources(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    extra = tmp_path / "hall.toml"
    extra.write_text('[hall]\nwindow = "08"\n', encoding="utf-8")
    assert main(["--config", str(extra), "config", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["hall.window"] == {"value": "08", "source": str(extra)}


def test_broken_config_is_reported_not_a_traceback(tmp_path: Path) -> None:
    extra = tmp_path / "bad.toml"
    extra.write_text("[hall]\nwindow = 7\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "counterapp", "--config", str(extra), "config", "show"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == ExitCode.CONFIG == 5
    assert run.stderr.startswith("counterapp: the configuration cannot be used:")
    assert f"{extra}: hall.window: expected string, got int 7" in run.stderr
    assert "Traceback" not in run.stderr

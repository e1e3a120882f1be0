"""`counterapp demo` (the text-only demo) prints every step and ends cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterapp.cli import main


def test_demo_runs_lookups_and_shows_an_injected_timeout(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = main(["demo", "--people", "500", "--dir", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "generated 500 synthetic people" in out
    assert out.count("== lookup ") == 4
    assert "结婚登记" in out and "住房公积金提取" in out
    assert "部门系统超时" in out  # the injected civil-affairs timeout, reported per department
    assert "demo finished: 4 lookups, 1 partial" in out
    assert "accepted:" in out and (tmp_path / "receipt-a4.pdf").is_file()
    assert (tmp_path / "receipt-roll.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "connectors" / "hukou.toml").is_file()
    assert not any(p.name.endswith(".cfg") for p in tmp_path.rglob("*"))  # no keyring file

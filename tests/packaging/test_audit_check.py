"""The auditor's standalone checker: accepts an intact export, names the first bad line.

It runs in a separate interpreter with ``-I -S`` (no site-packages), which proves it needs
nothing but the standard library.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from counterapp.audit import AuditEvent, EventKind
from counterapp.audit.export_file import ExportHeader, write_export
from counterapp.audit.record import GENESIS_HASH, AuditRecord, seal

CHECKER = Path(__file__).resolve().parents[2] / "packaging" / "audit_check.py"
START = datetime(2025, 3, 1, tzinfo=UTC)


def records(count: int) -> list[AuditRecord]:
    chain, prev_hash = [], GENESIS_HASH
    for seq in range(1, count + 1):
        event = AuditEvent(
            EventKind.REVEAL, "李明", case_number=f"C-{seq}", items=("person.id_number",)
        )
        chain.append(
            seal(event, seq=seq, occurred_at=START + timedelta(minutes=seq), prev_hash=prev_hash)
        )
        prev_hash = chain[-1].hash
    return chain


def export(path: Path, chain: list[AuditRecord]) -> Path:
    header = ExportHeader(
        range_from="2025-03-01T00:00:00.000000Z",
        range_to="2025-03-02T00:00:00.000000Z",
        first_seq=chain[0].seq,
        last_seq=chain[-1].seq,
        count=len(chain),
        anchor_prev_hash=chain[0].prev_hash,
        last_hash=chain[-1].hash,
        exported_at="2025-03-02T00:00:00.000000Z",
        exporter="auditor",
        workstation="w1",
    )
    with path.open("w", encoding="utf-8", newline="\n") as out:
        write_export(out, header, chain)
    return path


def check(path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-I", "-S", str(CHECKER), str(path), *options],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def edit_line(path: Path, number: int, change) -> None:  # type: ignore[no-untyped-def]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    record = json.loads(lines[number - 1])
    change(record)
    lines[number - 1] = json.dumps(record, ensure_ascii=False) + "\n"
    path.write_text("".join(lines), encoding="utf-8")


def test_an_intact_export_is_ok(tmp_path: Path) -> None:
    chain = records(5)
    result = check(export(tmp_path / "a.jsonl", chain), "--expect-last", chain[-1].hash)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == f"OK: 5 records (records 1..5), last hash {chain[-1].hash}"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda r: r.update(actor="mallory"), "line 4: record 3 was altered"),
        (lambda r: r.update(success=False), "line 4: record 3 was altered"),
        (lambda r: r.update(seq=9), "line 4: record 9 where 3 was expected"),
        (lambda r: r.update(prev_hash="f" * 64), "line 4: record 3 does not chain"),
    ],
)
def test_an_edited_line_is_named(tmp_path: Path, change, expected: str) -> None:  # type: ignore[no-untyped-def]
    path = export(tmp_path / "a.jsonl", records(5))
    edit_line(path, 4, change)
    result = check(path)
    assert result.returncode == 1
    assert result.stdout.startswith(f"BAD: {expected}")


def test_a_deleted_line_is_named(tmp_path: Path) -> None:
    path = export(tmp_path / "a.jsonl", records(5))
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:3] + lines[4:]), encoding="utf-8")
    result = check(path)
    assert result.returncode == 1 and "line 4: record 4 where 3 was expected" in result.stdout


def test_a_truncated_file_is_noticed(tmp_path: Path) -> None:
    path = export(tmp_path / "a.jsonl", records(5))
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")
    result = check(path)
    assert result.returncode == 1 and "4 records but its header says 5" in result.stdout


def test_a_different_starting_point_is_noticed(tmp_path: Path) -> None:
    result = check(export(tmp_path / "a.jsonl", records(2)), "--expect-prev", "a" * 64)
    assert result.returncode == 1 and "--expect-prev" in result.stdout


def test_not_an_export_is_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "other.jsonl"
    path.write_text('{"hello": 1}\n', encoding="utf-8")
    result = check(path)
    assert result.returncode == 2 and "not a Counter audit export" in result.stderr

"""Shared checks for the case tests: workers in real processes, completeness, the chain."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from sqlalchemy import Engine, func, select

from counterapp.protection import FieldCipher
from counterapp.protection.cipher import new_key, new_key_id
from counterapp.store.audit_log import snapshot, verify_log
from counterapp.store.audit_tables import audit_events
from counterapp.store.case_tables import (
    case_applicants,
    case_fields,
    case_materials,
    case_timeline,
    cases,
)
from helpers.case_factory import FIELD_COUNT, cipher_arguments

WORKER = Path(__file__).resolve().parent / "case_worker.py"


def worker_keys() -> tuple[tuple[str, bytes, bytes], FieldCipher]:
    """Keys to hand to worker processes, and the same cipher for the parent."""
    key_id, data_key, index_key = new_key_id(), new_key(), new_key()
    return (key_id, data_key, index_key), FieldCipher({key_id: data_key}, key_id, index_key)


def start_worker(
    mode: str, url: str, keys: tuple[str, bytes, bytes], first: int, count: int, *extra: str
) -> subprocess.Popen[str]:
    """Start one worker process (its stdout is a pipe of ``ok <number>`` lines)."""
    return subprocess.Popen(
        [
            sys.executable,
            str(WORKER),
            mode,
            url,
            *cipher_arguments(keys),
            str(first),
            str(count),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )


def finish(process: subprocess.Popen[str], timeout: float = 120) -> list[str]:
    """Wait for a worker; its output lines. Fails with its stderr if it did not exit 0."""
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, f"worker failed ({process.returncode}):\n{err}"
    return out.split("\n")[:-1]


def chain_intact(engine: Engine) -> int:
    """Assert the audit chain verifies; return its length."""
    with snapshot(engine) as connection:
        result = verify_log(connection)
    assert result.intact, result.problem
    return result.checked


def audit_kinds(engine: Engine) -> Counter[str]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(audit_events.c.kind, func.count()).group_by(audit_events.c.kind)
        )
        return Counter({kind: count for kind, count in rows})


def incomplete_cases(engine: Engine) -> list[str]:
    """Numbers of cases that miss an applicant, a field, a material or their first timeline row."""

    def per_case(table):  # type: ignore[no-untyped-def]
        return select(table.c.case_id, func.count().label("n")).group_by(table.c.case_id).subquery()

    parts = {
        "applicants": (per_case(case_applicants), 1),
        "fields": (per_case(case_fields), FIELD_COUNT),
        "materials": (per_case(case_materials), 3),
        "timeline": (per_case(case_timeline), 1),
    }
    bad: list[str] = []
    with engine.connect() as connection:
        for subquery, expected in parts.values():
            query = (
                select(cases.c.number)
                .outerjoin(subquery, subquery.c.case_id == cases.c.id)
                .where(func.coalesce(subquery.c.n, 0) < expected)
            )
            bad.extend(connection.execute(query).scalars())
    return sorted(set(bad))

"""Crash safety and protection at rest: SIGKILL mid-submit, and grepping the raw database."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from counterapp.app.cases import submit_case
from counterapp.app.drafts import save_draft
from counterapp.audit.events import EventKind
from counterapp.cases import parse_case_number
from counterapp.store.case_tables import cases
from helpers.case_checks import (
    audit_kinds,
    chain_intact,
    incomplete_cases,
    start_worker,
    worker_keys,
)
from helpers.case_factory import (
    CLERK,
    HALL,
    address,
    person_name,
    resident_id,
    sample_consent,
    sample_draft,
)

KILL_ROUNDS = 4
PEOPLE = range(160, 172)  # 160–175 are named …𬌗
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def stored_numbers(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return sorted(
            connection.execute(cases.select().with_only_columns(cases.c.number)).scalars()
        )


@pytest.mark.slow
def test_sigkill_mid_submit_leaves_whole_cases_and_an_intact_chain(
    engine: Engine, database_url: str
) -> None:
    keys, _cipher = worker_keys()
    rng = random.Random(20260302)
    reported: list[str] = []
    for round_number in range(KILL_ROUNDS):
        worker = start_worker("forever", database_url, keys, 10_000 * (round_number + 1), 0)
        assert worker.stdout is not None
        for _ in range(rng.randint(3, 12)):
            line = worker.stdout.readline()
            assert line.startswith("ok "), line + worker.communicate()[1]
            reported.append(line.split()[1])
        time.sleep(rng.uniform(0, 0.05))  # somewhere inside a later submit
        worker.kill()
        out, _err = worker.communicate()
        reported += [line.split()[1] for line in out.splitlines() if line.startswith("ok ")]
        assert worker.returncode == -9
        stored = stored_numbers(engine)
        assert set(reported) <= set(stored)
        assert len(stored) - len(reported) <= round_number + 1  # committed, not yet printed
        assert incomplete_cases(engine) == []
        sequences = sorted(parse_case_number(n).sequence for n in stored)
        assert sequences == list(range(1, len(stored) + 1))  # no gap from a killed submit
        kinds = audit_kinds(engine)
        assert kinds[EventKind.CASE_CREATED] == kinds[EventKind.CONSENT_RECORDED] == len(stored)
        assert chain_intact(engine) == 2 * len(stored)


def _secrets() -> list[str]:
    values: list[str] = []
    for n in PEOPLE:
        values += [resident_id(n), person_name(n), address(n), address(n + 7)]
    assert any("𬌗" in value for value in values)
    return values


def _submit_people(engine: Engine) -> None:
    _keys, cipher = worker_keys()
    for n in PEOPLE:
        submit_case(
            engine,
            cipher,
            CLERK,
            sample_draft(n),
            sample_consent(n, at=NOW),
            hall_code=HALL,
            promised_days=3,
            now=NOW,
        )
        save_draft(
            engine, cipher, CLERK, f"draft-{n}", {"name": person_name(n), "id": resident_id(n)}
        )


def _encodings(value: str) -> list[bytes]:
    return [value.encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be")]


def test_the_raw_database_reveals_no_id_name_or_address(engine: Engine) -> None:
    _submit_people(engine)
    secrets = _secrets()
    if engine.dialect.name == "sqlite":
        database = Path(make_url(str(engine.url)).database or "")
        files = [database, database.with_name(database.name + "-wal")]
        assert files[1].stat().st_size > 0  # the recent writes are still in the WAL
        blobs = {file.name: file.read_bytes() for file in files}
        engine.dispose()  # checkpoint: everything is now in the main file too
        blobs["after checkpoint"] = database.read_bytes()
    else:
        with engine.connect() as connection:
            tables = connection.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            ).scalars()
            blobs = {
                table: "\n".join(
                    connection.execute(text(f'SELECT t::text FROM "{table}" t')).scalars()
                ).encode("utf-8")
                for table in list(tables)
            }
        assert len(blobs["case_fields"]) > 1000
    for where, blob in blobs.items():
        leaked = [v for v in secrets for form in _encodings(v) if form in blob]
        assert leaked == [], f"{where} holds plaintext personal data"
    # The grep does see plain text: the service id is stored as is.
    assert (
        b"hukou-transfer" in blobs["after checkpoint" if "after checkpoint" in blobs else "cases"]
    )

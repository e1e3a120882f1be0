"""A change committed by another process reaches a watcher within 2 s, on both backends."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine

from counterapp.app.queue_watch import CaseChangeWatcher
from counterapp.cases import CaseState
from counterapp.store.case_changes import case_changed
from helpers.queue_cases import insert_queue_case

SECOND_PROCESS = """
import sys
from counterapp.app.cases import transition
from counterapp.cases import CaseState
from counterapp.store.case_changes import case_changed
from counterapp.protection import FieldCipher
from counterapp.store.engine import make_engine
from helpers.case_factory import SUPERVISOR

engine = make_engine(sys.argv[1])
transition(engine, FieldCipher.generate(), SUPERVISOR, sys.argv[2], CaseState.IN_REVIEW)
engine.dispose()
"""


class Heard:
    def __init__(self) -> None:
        self.batches: list[tuple[str, ...] | None] = []
        self.event = threading.Event()

    def __call__(self, numbers: tuple[str, ...] | None) -> None:
        self.batches.append(numbers)
        self.event.set()


def test_a_change_from_a_second_process_is_heard_within_two_seconds(
    engine: Engine, database_url: str
) -> None:
    with engine.begin() as connection:
        case = insert_queue_case(
            connection,
            sequence=1,
            state=CaseState.ACCEPTED,
            accepted_at=datetime(2026, 3, 16, 2, tzinfo=UTC),
            due_date=date(2026, 3, 23),
        )
    heard = Heard()
    watcher = CaseChangeWatcher(engine, heard).start()
    try:
        assert watcher.listening
        tests_dir = str(Path(__file__).parents[1])
        subprocess.run(
            [sys.executable, "-c", SECOND_PROCESS, database_url, case.number],
            check=True,
            env={**os.environ, "PYTHONPATH": tests_dir},
            timeout=60,
        )
        committed = time.monotonic()
        assert heard.event.wait(2.0), "no change heard within 2 s of the commit"
        latency = time.monotonic() - committed
        assert heard.batches == [(case.number,)], heard.batches
        assert latency < 2.0
    finally:
        watcher.stop()
    assert not watcher.listening


def test_nothing_is_heard_of_a_rolled_back_change(engine: Engine) -> None:
    heard = Heard()
    watcher = CaseChangeWatcher(engine, heard, poll_s=0.1).start()
    try:
        with engine.connect() as connection:
            transaction = connection.begin()
            case_changed(connection, "330106001-20260316-00001")
            transaction.rollback()
        with engine.begin() as connection:
            case_changed(connection, "330106001-20260316-00002")
        assert heard.event.wait(2.0)
        time.sleep(0.3)
        assert heard.batches == [("330106001-20260316-00002",)]
    finally:
        watcher.stop()

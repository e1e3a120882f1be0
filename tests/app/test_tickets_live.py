"""Ticket changes travel the case change feed as ``T:<id>``: a ticket watcher hears one made
by a second process within 2 s, and the case queue's watcher never hears them."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from counterapp.app.queue_watch import CaseChangeWatcher
from counterapp.app.tickets import issue_ticket, ticket_by_id
from counterapp.store.case_changes import case_changed, is_ticket_change, ticket_id_of
from counterapp.tickets import TicketState

SECOND_WORKSTATION = """
import sys
from counterapp.app.tickets import call_next
from counterapp.store.engine import make_engine
from helpers.case_factory import CLERK

engine = make_engine(sys.argv[1])
call_next(engine, CLERK, "07", ["A"])
engine.dispose()
"""


class Heard:
    def __init__(self) -> None:
        self.batches: list[tuple[str, ...] | None] = []
        self.event = threading.Event()

    def __call__(self, payloads: tuple[str, ...] | None) -> None:
        self.batches.append(payloads)
        self.event.set()


def test_a_call_at_another_workstation_is_heard_within_two_seconds(
    engine: Engine, database_url: str
) -> None:
    ticket = issue_ticket(engine, "A")
    heard = Heard()
    watcher = CaseChangeWatcher(engine, heard, wants=is_ticket_change).start()
    try:
        assert watcher.listening
        subprocess.run(
            [sys.executable, "-c", SECOND_WORKSTATION, database_url],
            check=True,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
            timeout=60,
        )
        assert heard.event.wait(2.0), "no ticket change heard within 2 s of the commit"
    finally:
        watcher.stop()
    assert heard.batches == [(f"T:{ticket.id}",)]
    payload = heard.batches[0][0]  # type: ignore[index]
    seen = ticket_by_id(engine, ticket_id_of(payload))  # type: ignore[arg-type]
    assert seen is not None and seen.state is TicketState.CALLED and seen.window == "07"


def test_the_case_queue_never_hears_of_a_ticket(engine: Engine) -> None:
    heard = Heard()
    watcher = CaseChangeWatcher(engine, heard, poll_s=0.1).start()  # the queue's default
    try:
        issue_ticket(engine, "A", now=datetime(2026, 3, 16, 1, tzinfo=UTC))
        time.sleep(0.5)  # a poll (or a notification) past the ticket's change
        with engine.begin() as connection:
            case_changed(connection, "330106001-20260316-00001")
        assert heard.event.wait(2.0)
        time.sleep(0.3)
    finally:
        watcher.stop()
    assert heard.batches == [("330106001-20260316-00001",)]


def test_ticket_payloads() -> None:
    assert ticket_id_of("T:42") == 42
    assert ticket_id_of("330106001-20260316-00001") is None
    assert ticket_id_of("T:x") is None

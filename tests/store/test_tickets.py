"""Tickets in the store under concurrent writers: two windows never get the same ticket,
and the dispenser's numbers are unique and gap-free (both backends; PostgreSQL is the
hall's shared database, where it matters)."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine

from counterapp.app.tickets import call_next, issue_ticket, tickets_of_day
from counterapp.tickets import TicketState
from counterapp.users import Actor, Role

OPENING = datetime(2026, 3, 16, 1, 0, tzinfo=UTC)
DAY = date(2026, 3, 16)
TICKETS = 100
CALLS_PER_WINDOW = 50


def run_together(*jobs) -> None:  # type: ignore[no-untyped-def]
    """Start every job at the same moment on its own thread; re-raise the first failure."""
    start = threading.Barrier(len(jobs))
    failures: list[BaseException] = []

    def run(job) -> None:  # type: ignore[no-untyped-def]
        start.wait()
        try:
            job()
        except BaseException as exc:  # handed to the test below
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not failures, failures


def test_two_windows_calling_at_once_never_get_the_same_ticket(engine: Engine) -> None:
    for n in range(TICKETS):
        issue_ticket(engine, "AB"[n % 2], now=OPENING + timedelta(seconds=n))
    got: dict[str, list[str]] = {"07": [], "08": []}

    def window(name: str) -> None:
        clerk = Actor(f"clerk{name}", Role.CLERK, "", name)
        for _ in range(CALLS_PER_WINDOW):
            ticket = call_next(engine, clerk, name, ["A", "B"], now=OPENING + timedelta(hours=1))
            assert ticket is not None, f"window {name} found nobody waiting"
            got[name].append(ticket.number)

    run_together(lambda: window("07"), lambda: window("08"))
    seven, eight = set(got["07"]), set(got["08"])
    assert len(got["07"]) == len(seven) == CALLS_PER_WINDOW  # no ticket twice at one window
    assert len(got["08"]) == len(eight) == CALLS_PER_WINDOW
    assert not seven & eight  # never both windows
    stored = tickets_of_day(engine, DAY)
    assert {t.number for t in stored} == seven | eight  # none lost
    assert [t.calls for t in stored] == [1] * TICKETS
    served = {t.number: t.window for t in stored}
    assert all(served[n] == "07" for n in seven) and all(served[n] == "08" for n in eight)
    assert sum(t.state is TicketState.CALLED for t in stored) == 2  # each window's last


def test_two_dispensers_issuing_at_once_number_without_gaps(engine: Engine) -> None:
    issued: list[str] = []
    lock = threading.Lock()

    def dispenser() -> None:
        for _ in range(30):
            ticket = issue_ticket(engine, "A", now=OPENING)
            with lock:
                issued.append(ticket.number)

    run_together(dispenser, dispenser)
    assert sorted(issued) == [f"A{n:03d}" for n in range(1, 61)]

"""Case numbers under concurrent writers: 8 OS processes × 200 submissions, on both backends.

Each worker process opens its own engine and submits through ``submit_case`` — the same
path a workstation takes. Afterwards every number is unique and the day's sequence has no
gap, every case is whole, the audit chain verifies, and concurrent state changes lost
nothing: each worker reviews its own cases, then all of them race to complete the same
cases and exactly one wins each race.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from counterapp.audit.events import EventKind
from counterapp.cases import CaseState, parse_case_number
from counterapp.store.case_tables import case_timeline, cases
from helpers.case_checks import (
    audit_kinds,
    chain_intact,
    finish,
    incomplete_cases,
    start_worker,
    worker_keys,
)

WORKERS = 8
PER_WORKER = 200
REVIEWED = 40  # per worker, its own cases
RACED = 60  # cases every worker tries to complete


@pytest.mark.slow
def test_concurrent_submissions_and_transitions(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    keys, _cipher = worker_keys()
    submitters = [
        start_worker("submit", database_url, keys, worker * PER_WORKER, PER_WORKER)
        for worker in range(WORKERS)
    ]
    outputs = [finish(process) for process in submitters]
    per_worker = [[line.split()[1] for line in lines] for lines in outputs]
    numbers = [number for lines in per_worker for number in lines]
    total = WORKERS * PER_WORKER
    assert len(numbers) == len(set(numbers)) == total
    parsed = sorted(parse_case_number(n) for n in numbers)
    assert {(n.hall_code, n.day.isoformat()) for n in parsed} == {("330106001", "2026-03-02")}
    assert [n.sequence for n in parsed] == list(range(1, total + 1))  # unique and gap-free
    with engine.connect() as connection:
        stored = set(connection.execute(select(cases.c.number)).scalars())
    assert stored == set(numbers)
    assert incomplete_cases(engine) == []

    # Each worker reviews its own cases at the same time as the others: none is lost.
    reviewers = []
    for worker, own in enumerate(per_worker):
        listing = tmp_path / f"review-{worker}.txt"
        listing.write_text("\n".join(own[:REVIEWED]), encoding="utf-8")
        reviewers.append(start_worker("review", database_url, keys, 0, 0, str(listing)))
    assert all(len(finish(process)) == REVIEWED for process in reviewers)

    # Every worker races to complete the same cases: exactly one completion per case.
    contested = [number for own in per_worker for number in own[:REVIEWED]][::5][:RACED]
    listing = tmp_path / "race.txt"
    listing.write_text("\n".join(contested), encoding="utf-8")
    racers = [
        start_worker("complete", database_url, keys, 0, 0, str(listing)) for _ in range(WORKERS)
    ]
    results = Counter(line.split()[0] for process in racers for line in finish(process))
    assert results == {"ok": RACED, "refused": RACED * (WORKERS - 1)}

    with engine.connect() as connection:
        states = Counter(connection.execute(select(cases.c.state)).scalars())
        timeline = connection.execute(select(func.count()).select_from(case_timeline)).scalar_one()
    reviewed = WORKERS * REVIEWED
    assert states == {
        CaseState.ACCEPTED: total - reviewed,
        CaseState.IN_REVIEW: reviewed - RACED,
        CaseState.COMPLETED: RACED,
    }
    assert timeline == total + reviewed + RACED
    kinds = audit_kinds(engine)
    assert kinds[EventKind.CASE_CREATED] == total
    assert kinds[EventKind.STATE_CHANGE] == reviewed + RACED
    assert chain_intact(engine) == 2 * total + reviewed + RACED

"""Concurrent writers for ``queue_scale.py``: real processes, each calling ``submit_case``.

Every writer is its own OS process (spawned) with its own engine, like a workstation. Each
submits one warm-up case, waits at a barrier with the others, then submits its cases one
after another, timing each; the parent computes throughput over the common wall time.
"""

from __future__ import annotations

import multiprocessing
import statistics
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from queue_scale_data import HALL, person_name, resident_id

from counterapp.app.cases import submit_case
from counterapp.cases import (
    Applicant,
    ApplicantRole,
    CaseSubmission,
    FieldSource,
    FieldValue,
    Material,
    MaterialState,
)
from counterapp.consent import ConsentMethod, ConsentRecord
from counterapp.protection import FieldCipher
from counterapp.store.engine import make_engine
from counterapp.users import Actor, Role

CipherKeys = tuple[str, bytes, bytes]
"""(key id, data key, index key): what a writer needs to build the same cipher."""

SERVICE = "hukou-transfer"
FIRST_PERSON = 50_000_000
"""Writers' applicants are numbered from here: none of them is on a loaded case."""


@dataclass(frozen=True)
class SubmitStats:
    """What the writers did: cases, the common wall time, and each submit's latency (ms)."""

    writers: int
    cases: int
    seconds: float
    latencies_ms: list[float]

    @property
    def per_second(self) -> float:
        return self.cases / self.seconds

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies_ms)

    @property
    def p95_ms(self) -> float:
        return statistics.quantiles(self.latencies_ms, n=20)[-1]


def draft_for(person: int, clerk: str) -> tuple[CaseSubmission, ConsentRecord]:
    """A hukou-transfer case with four department values and the consent covering them."""
    now = datetime.now(UTC)
    hukou = FieldSource.from_department("hukou", now)
    id_number, name = resident_id(person), person_name(person)
    draft = CaseSubmission(
        service_id=SERVICE,
        form_version="2025.2",
        applicants=(Applicant(id_number, name, ApplicantRole.APPLICANT),),
        fields=(
            FieldValue("name", "person.name", name, hukou),
            FieldValue("id_number", "person.id_number", id_number, hukou),
            FieldValue("hukou_address", "person.hukou_address", "杭州市西湖区文三路 8 号", hukou),
            FieldValue("gender", "person.gender", "1", hukou),
            FieldValue(
                "destination_address", None, "杭州市拱墅区湖墅南路 3 号", FieldSource.typed()
            ),
        ),
        materials=(
            Material("居民身份证", MaterialState.RECEIVED),
            Material("户口簿", MaterialState.EXEMPT, "hukou", ("household.number",)),
        ),
    )
    consent = ConsentRecord(
        applicant_id_number=id_number,
        purpose=SERVICE,
        method=ConsentMethod.ID_CARD_READER,
        departments=frozenset({"hukou"}),
        categories=frozenset({"person", "household"}),
        recorded_by=clerk,
        recorded_at=now,
    )
    return draft, consent


def _writer(
    url: str,
    keys: CipherKeys,
    writer: int,
    count: int,
    barrier: Any,
    results: Any,
) -> None:
    key_id, data_key, index_key = keys
    cipher = FieldCipher({key_id: data_key}, key_id, index_key)
    clerk = Actor(f"clerk{writer + 1:02d}", Role.CLERK, "", f"{writer + 1:02d}")
    engine = make_engine(url)
    first = FIRST_PERSON + writer * (count + 1)

    def submit(person: int) -> None:
        draft, consent = draft_for(person, clerk.username)
        submit_case(
            engine,
            cipher,
            clerk,
            draft,
            consent,
            hall_code=HALL,
            promised_days=5,
            workstation=f"ws-{writer + 1:02d}",
        )

    try:
        submit(first)  # warm-up: connection, catalog, imports
        barrier.wait(timeout=300)
        started, latencies = time.time(), []
        for person in range(first + 1, first + 1 + count):
            tick = time.perf_counter()
            submit(person)
            latencies.append((time.perf_counter() - tick) * 1000)
        results.put((latencies, started, time.time()))
    finally:
        engine.dispose()


def run_writers(url: str, keys: CipherKeys, writers: int, per_writer: int) -> SubmitStats:
    """Start ``writers`` processes submitting ``per_writer`` cases each; wait for all."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(writers + 1)
    results = context.Queue()
    processes = [
        context.Process(target=_writer, args=(url, keys, n, per_writer, barrier, results))
        for n in range(writers)
    ]
    for process in processes:
        process.start()
    try:
        barrier.wait(timeout=300)
        outcomes = [results.get(timeout=3600) for _ in processes]
    finally:
        for process in processes:
            process.join(timeout=60)
    if any(process.exitcode for process in processes):
        raise RuntimeError(f"a writer failed: {[p.exitcode for p in processes]}")
    latencies = [ms for outcome in outcomes for ms in outcome[0]]
    seconds = max(o[2] for o in outcomes) - min(o[1] for o in outcomes)
    return SubmitStats(writers, len(latencies), seconds, latencies)

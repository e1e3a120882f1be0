"""Synthetic cases and audit events for ``queue_scale.py``: generated, then bulk-loaded.

Cases spread over about two years of working days (09:00-17:00 in the hall), several
services with their promised days, 24 clerks at 16 windows. Old cases are mostly completed;
recent ones mostly open; a few stragglers past their due date stay open (overdue), more of
them recent than old. Each case has one applicant, a made-up person with a valid resident
ID, stored as the app stores it: ID and name as ``FieldCipher`` tokens, the ID's blind index.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from counterapp.audit.events import AuditEvent, EventKind
from counterapp.audit.record import AuditRecord, seal
from counterapp.cases import HALL_TIMEZONE, CalendarNotCovered, CaseState, is_working_day
from counterapp.cases.deadlines import promised_due_date
from counterapp.protection import FieldCipher
from counterapp.standards.resident_id import check_character
from counterapp.store.case_tables import context
from counterapp.store.cases import RESIDENT_ID_PURPOSE

HALL = "330106001"
FORM_VERSION = "2025.2"
SPAN_DAYS = 730
SERVICES = (  # (service id, promised working days, share of the intake)
    ("hukou-transfer", 5, 24),
    ("birth-registration", 3, 14),
    ("business-license", 3, 16),
    ("marriage-registration", 1, 8),
    ("housing-fund-withdrawal", 5, 12),
    ("social-insurance-transfer", 15, 10),
    ("property-registration", 20, 9),
    ("residence-permit", 10, 7),
)
CLERKS = tuple(f"clerk{n:02d}" for n in range(1, 25))
DISTRICTS = ("330102", "330105", "330106", "330108", "330110", "330114")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华霞平刚桂兰𬌗"
_ID_SPACE = len(DISTRICTS) * 24_000 * 1000
_ID_STRIDE = 1_000_003  # coprime with _ID_SPACE: person -> ID is one-to-one


@dataclass(frozen=True)
class CaseRow:
    """One generated case; ``person`` is the applicant's index in the population."""

    id: int
    number: str
    service_id: str
    state: str
    accepted_at: datetime
    due_date: date
    promised_days: int
    clerk: str
    window: str
    person: int


def resident_id(person: int) -> str:
    """A valid made-up resident ID, distinct for every person below 144 million."""
    code = person * _ID_STRIDE % _ID_SPACE
    district, rest = DISTRICTS[code % len(DISTRICTS)], code // len(DISTRICTS)
    born = date(1940, 1, 1) + timedelta(days=rest % 24_000)
    body = f"{district}{born:%Y%m%d}{rest // 24_000:03d}"
    return body + check_character(body)


def person_name(person: int) -> str:
    given = GIVEN[person % len(GIVEN)]
    if person % 3:
        given += GIVEN[person // 7 % len(GIVEN)]
    return SURNAMES[person // 11 % len(SURNAMES)] + given


def _working(day: date) -> bool:
    try:
        return is_working_day(day)
    except CalendarNotCovered:
        return day.weekday() < 5


@cache
def _due(day: date, promised_days: int) -> date:
    return promised_due_date(day, promised_days).day


def _state(rng: random.Random, day: date, due: date, today: date) -> CaseState:
    """Rejected 2%; past due: mostly completed, recent ones more often still open."""
    roll = rng.random()
    if roll < 0.02:
        return CaseState.REJECTED
    if due < today:
        late = (today - due).days
        still_open = 0.1 * math.exp(-late / 10) + 0.0005
        if roll < 0.02 + still_open:
            return CaseState.IN_REVIEW if rng.random() < 0.6 else CaseState.ACCEPTED
        return CaseState.RETURNED if roll < 0.03 + still_open else CaseState.COMPLETED
    elapsed = (today - day).days / max(1, (due - day).days)
    if roll < 0.02 + 0.7 * elapsed:
        return CaseState.COMPLETED
    if roll < 0.07 + 0.7 * elapsed:
        return CaseState.RETURNED
    return (
        CaseState.ACCEPTED if (today - day).days <= 1 or rng.random() < 0.5 else CaseState.IN_REVIEW
    )


def generate_cases(count: int, today: date, seed: int = 20261128) -> Iterator[CaseRow]:
    """``count`` cases on the working days of the ``SPAN_DAYS`` before ``today``, by id."""
    rng = random.Random(seed)
    days = [d for n in range(SPAN_DAYS, -1, -1) if _working(d := today - timedelta(days=n))]
    per_day = [count // len(days)] * len(days)
    for index in rng.sample(range(len(days)), count % len(days)):
        per_day[index] += 1
    services = [s for s in SERVICES for _ in range(s[2])]
    population = max(100, count * 3 // 5)
    case_id = 0
    for day, intake in zip(days, per_day, strict=True):
        opening = datetime.combine(day, time(9), HALL_TIMEZONE).astimezone(UTC)
        offsets = sorted(rng.randrange(8 * 3600 * 1_000_000) for _ in range(intake))
        for sequence, offset in enumerate(offsets, start=1):
            case_id += 1
            service_id, promised, _ = rng.choice(services)
            due = _due(day, promised)
            clerk = rng.randrange(len(CLERKS))
            yield CaseRow(
                id=case_id,
                number=f"{HALL}-{day:%Y%m%d}-{sequence:05d}",
                service_id=service_id,
                state=_state(rng, day, due, today).value,
                accepted_at=opening + timedelta(microseconds=offset),
                due_date=due,
                promised_days=promised,
                clerk=CLERKS[clerk],
                window=f"{clerk % 16 + 1:02d}",
                person=rng.randrange(population),
            )


class ApplicantSealer:
    """Applicant columns as the store writes them: tokens and the resident-ID blind index."""

    def __init__(self, cipher: FieldCipher) -> None:
        self.cipher = cipher
        self._id_context = context("case_applicants", "id_number")
        self._name_context = context("case_applicants", "name")

    def columns(self, person: int) -> tuple[str, str, str]:
        """(id_number token, blind index, name token) of a person."""
        id_number = resident_id(person)
        return (
            self.cipher.encrypt(id_number, context=self._id_context),
            self.cipher.blind_index(id_number, purpose=RESIDENT_ID_PURPOSE),
            self.cipher.encrypt(person_name(person), context=self._name_context),
        )


_KINDS = (  # (kind, share): what a hall's trail is mostly made of
    (EventKind.LOOKUP, 30),
    (EventKind.CASE_CREATED, 20),
    (EventKind.CONSENT_RECORDED, 15),
    (EventKind.STATE_CHANGE, 20),
    (EventKind.LOGIN, 8),
    (EventKind.REVEAL, 4),
    (EventKind.PRINT, 3),
)


def generate_audit(
    count: int, first_seq: int, prev_hash: str, today: date, seed: int = 7
) -> Iterator[AuditRecord]:
    """``count`` chained records after ``prev_hash``, spread over ``SPAN_DAYS`` up to today.

    Each is sealed by :func:`counterapp.audit.record.seal`, the function appends use, so
    ``verify_log`` accepts the chain.
    """
    rng = random.Random(seed)
    kinds = [kind for kind, share in _KINDS for _ in range(share)]
    start = datetime.combine(today - timedelta(days=SPAN_DAYS), time(1), UTC)
    step = timedelta(days=SPAN_DAYS) / max(1, count)
    for n in range(count):
        kind = rng.choice(kinds)
        moment = start + step * n
        day = moment.astimezone(HALL_TIMEZONE).date()
        number = f"{HALL}-{day:%Y%m%d}-{rng.randrange(1, 1500):05d}"
        with_case = kind not in (EventKind.LOGIN, EventKind.LOOKUP)
        event = AuditEvent(
            kind=kind,
            actor=rng.choice(CLERKS),
            case_number=number if with_case else None,
            items=("person.id_number", "person.name") if kind is EventKind.LOOKUP else (),
            departments=("hukou",) if kind is EventKind.LOOKUP else (),
            detail=f"{kind.value} at window {rng.randrange(1, 17):02d}",
            workstation=f"ws-{rng.randrange(1, 17):02d}",
        )
        record = seal(event, seq=first_seq + n, occurred_at=moment, prev_hash=prev_hash)
        prev_hash = record.hash
        yield record

"""Data sets for the dashboard view's tests: a small fixed one and a realistic one.

Cases go in through the real use cases (``submit_case``, ``transition``) at fixed moments,
as in tests/app/test_dashboard.py, whose fixed hall this copies; department answers through
``record_answers``. Hall days are UTC+8. The day reported is Wednesday 18 March 2026; its
ISO week began on Monday 16 March (March 2026 has no public holiday).
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine

from counterapp.app.cases import submit_case, transition
from counterapp.app.ratings import record_rating
from counterapp.cases import (
    HALL_TIMEZONE,
    CaseState,
    CaseSubmission,
    FieldSource,
    Material,
    MaterialState,
)
from counterapp.protection import FieldCipher
from counterapp.store.department_answers import DepartmentAnswerStat, record_answers
from helpers.case_factory import CLERK, HALL, SERVICE, SUPERVISOR, sample_consent, sample_draft

BIRTH = "newborn-hukou"
DAY = date(2026, 3, 18)  # a Wednesday
S = CaseState


def hall(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in March 2026 on the hall's clock (UTC+8)."""
    return datetime(2026, 3, day, hour, minute, tzinfo=HALL_TIMEZONE)


AS_OF = hall(18, 18)  # Wednesday 18:00 in the hall


def typed_draft(n: int, service: str) -> CaseSubmission:
    """Person ``n``'s case with every value typed: 6 typed fields, no exempt paper."""
    draft = sample_draft(n)
    return replace(
        draft,
        service_id=service,
        fields=tuple(replace(f, source=FieldSource.typed()) for f in draft.fields),
        materials=(
            Material("居民身份证", MaterialState.RECEIVED),
            Material("户口簿", MaterialState.RECEIVED),
            Material("迁入地住房证明", MaterialState.MISSING),
        ),
    )


def partly_typed_draft(n: int, service: str, typed: int) -> CaseSubmission:
    """``sample_draft`` with its first ``typed`` department values typed instead."""
    draft = sample_draft(n)
    fields = tuple(
        replace(f, source=FieldSource.typed()) if i < typed else f
        for i, f in enumerate(draft.fields)
    )
    return replace(draft, service_id=service, fields=fields)


class Hall:
    """Cases submitted and moved at fixed moments."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.cipher = FieldCipher.generate()
        self.n = 0

    def accept(
        self,
        at: datetime,
        *,
        service: str = SERVICE,
        prefilled: bool,
        days: int = 5,
        typed: int = 0,
    ) -> str:
        self.n += 1
        if prefilled:
            # sample_draft: 4 department fields, 1 corrected, 1 typed; 1 exempt paper
            draft = partly_typed_draft(self.n, service, typed)
            consent = replace(sample_consent(self.n, at=at), purpose=service)
        else:
            draft, consent = typed_draft(self.n, service), None
        case = submit_case(
            self.engine,
            self.cipher,
            CLERK,
            draft,
            consent,
            hall_code=HALL,
            promised_days=days,
            now=at,
        )
        return case.number

    def move(self, number: str, *steps: tuple[CaseState, datetime]) -> None:
        for state, at in steps:
            actor = CLERK if state is S.ACCEPTED else SUPERVISOR
            transition(self.engine, self.cipher, actor, number, state, "", now=at)


def build_fixed_hall(engine: Engine) -> None:
    """The fixed data set of tests/app/test_dashboard.py (12 cases), births as newborn-hukou.

    On 18 March at 18:00: today 2 accepted (D, E), one visit 1 of 2 (B returned, C not),
    fields 4 department / 1 corrected / 7 typed, 1 exempt paper; this week 5 accepted,
    one visit 3 of 4, fields 12 / 3 / 15, 3 exempt papers; handling this week: newborn-hukou
    19 h (C), hukou-transfer median of 72 h, 25 h 15 min and 48 h = 48 h; 2 overdue.
    """
    h = Hall(engine)
    h.accept(hall(2, 9), prefilled=False, days=1)  # O1 stays accepted: overdue
    o2 = h.accept(hall(2, 9, 30), service=BIRTH, prefilled=False, days=1)
    h.move(o2, (S.IN_REVIEW, hall(3, 9)))  # O2 in review: overdue
    r0 = h.accept(hall(2, 10), prefilled=False, days=1)
    h.move(r0, (S.RETURNED, hall(3, 10)))  # R0 returned: not overdue
    p = h.accept(hall(13, 10), prefilled=True)
    h.move(p, (S.IN_REVIEW, hall(16, 9)), (S.COMPLETED, hall(16, 10)))  # P: 72 h
    h.accept(hall(15, 23), prefilled=False)  # Sunday: before the week
    a = h.accept(hall(16, 7, 45), prefilled=True)
    h.move(a, (S.IN_REVIEW, hall(16, 15)), (S.COMPLETED, hall(17, 9)))  # A: 25 h 15 min
    b = h.accept(hall(16, 10), prefilled=True)
    h.move(
        b,
        (S.RETURNED, hall(16, 11)),
        (S.ACCEPTED, hall(17, 10)),
        (S.IN_REVIEW, hall(17, 11)),
        (S.COMPLETED, hall(18, 10)),
    )  # B: returned, 48 h
    c = h.accept(hall(17, 14), service=BIRTH, prefilled=False)
    h.move(c, (S.IN_REVIEW, hall(18, 8)), (S.COMPLETED, hall(18, 9)))  # C: 19 h
    h.accept(hall(18, 7, 50), service=BIRTH, prefilled=True)  # D: today
    e = h.accept(hall(18, 9, 30), prefilled=False)
    h.move(e, (S.REJECTED, hall(18, 9, 45)))  # E: typed, rejected today
    h.accept(hall(18, 19), prefilled=False)  # G: after AS_OF
    h.accept(hall(19, 9), prefilled=True)  # H: Thursday


def answer(
    department: str,
    reason: str,
    status: str,
    latency_ms: int,
    at: datetime,
    given: int = 0,
    refused: int = 0,
    conflicts: int = 0,
) -> DepartmentAnswerStat:
    return DepartmentAnswerStat(
        department=department,
        reason=reason,
        status=status,
        latency_ms=latency_ms,
        values_given=given,
        values_refused=refused,
        conflicts=conflicts,
        case_number=None,
        answered_at=at.astimezone(UTC),
    )


def record_fixed_answers(engine: Engine) -> None:
    """Department answers; the default window (the 7 days 12–18 March until 18:00) holds:

    - hukou (17 March): 6 requests, answered 5 of 6, latencies 50, 80, 100, 200, 300 →
      median 100, p95 300; case lookups answered 3, not found 1 of 3; case values given 9,
      refused 1 (1 of 10), conflicts 2 (2 of 9). The probe's values do not count.
    - civil (today, 18 March): 4 requests, answered 2 of 4, median 150, p95 180; not found
      0 of 2; given 4, refused 0 (0 of 4), conflicts 1 (1 of 4).
    - tax (16 March): 20 case lookups of 10 … 200 ms, all answered: median 105, p95 190.
    - outside: a hukou row on 11 March 23:59, a market row after 18:00 today.
    """
    on_17th, today, on_16th = hall(17, 10), hall(18, 9), hall(16, 11)
    rows = [
        answer("hukou", "case", "ok", 100, on_17th, given=5, refused=1),
        answer("hukou", "case", "ok", 300, on_17th, given=4, conflicts=2),
        answer("hukou", "case", "not_found", 50, on_17th),
        answer("hukou", "case", "timeout", 3000, on_17th),
        answer("hukou", "probe", "ok", 200, on_17th, given=3, refused=1),
        answer("hukou", "diagnosis", "not_found", 80, on_17th),
        answer("civil", "case", "ok", 120, today, given=2),
        answer("civil", "case", "ok", 180, today, given=2, conflicts=1),
        answer("civil", "case", "unavailable", 5, today),
        answer("civil", "probe", "auth_failed", 40, today),
        *(answer("tax", "case", "ok", 10 * k, on_16th, given=1) for k in range(1, 21)),
        answer("hukou", "case", "ok", 10, hall(11, 23, 59), given=9, refused=9, conflicts=9),
        answer("market", "case", "ok", 10, hall(18, 19), given=1),
    ]
    with engine.begin() as connection:
        record_answers(connection, rows)


# -- the realistic hall, for the screenshot ---------------------------------------------

SERVICES = (
    # (service, promised working days, typical handling hours)
    ("hukou-transfer", 5, 46),
    ("newborn-hukou", 3, 20),
    ("marriage-registration", 1, 2),
    ("social-security-card", 5, 28),
    ("housing-fund-withdrawal", 3, 30),
    ("realestate-record-inquiry", 1, 3),
    ("sole-proprietor-registration", 5, 54),
)
DEPARTMENTS = (
    # (department, typical latency ms, availability, refused per 100 values, conflicts)
    ("hukou", 180, 0.995, 0.0, 0.6),
    ("civil", 240, 0.98, 0.0, 0.2),
    ("hrss", 420, 0.97, 1.5, 0.0),
    ("tax", 310, 0.99, 0.0, 0.0),
    ("fund", 650, 0.93, 0.0, 0.4),
    ("realestate", 900, 0.88, 2.5, 0.0),
    ("market", 260, 0.99, 0.0, 0.0),
)


BAD_WORDS = (
    "等候时间太长",
    "要求的材料前后说法不一",
    "窗口人员解释不清楚",
    "系统慢，重复填写",
)


def build_realistic_hall(engine: Engine, *, seed: int = 7) -> FieldCipher:
    """A busy week in a hall: about 60 cases Monday to Wednesday, a few completed late or
    returned, three overdue from early March, a week of answers from seven departments,
    and most applicants' ratings (a few of them bad). Returns the data key's cipher."""
    rng = random.Random(seed)
    h = Hall(engine)
    for day in (2, 3, 4):
        number = h.accept(hall(day, 9 + day), prefilled=False, days=1)
        if day == 3:
            h.move(number, (S.IN_REVIEW, hall(4, 9)))
    # Cases of the week before, completed in this week.
    for k in range(6):
        service, days, hours = SERVICES[k % len(SERVICES)]
        at = hall(12 + k % 2, 9 + k, 15)
        number = h.accept(at, service=service, prefilled=True, days=days)
        done = at + timedelta(hours=hours * rng.uniform(0.8, 1.3) + 72)
        h.move(
            number,
            (S.IN_REVIEW, done - timedelta(hours=1)),
            (S.COMPLETED, done),
        )
    for day, count in ((16, 24), (17, 21), (18, 17)):
        for k in range(count):
            service, days, hours = SERVICES[rng.randrange(len(SERVICES))]
            at = hall(day, 8 + (k * 9) // count, rng.randrange(60))
            prefilled = rng.random() < 0.82
            typed = 0 if rng.random() < 0.7 else rng.randrange(1, 3)
            number = h.accept(at, service=service, prefilled=prefilled, days=days, typed=typed)
            if rng.random() < 0.7 and at + timedelta(minutes=20) < AS_OF - timedelta(hours=2):
                level = rng.choices((5, 4, 3, 2, 1), weights=(60, 25, 8, 5, 2))[0]
                reason = rng.choice(BAD_WORDS) if level <= 2 else ""
                record_rating(
                    engine, h.cipher, CLERK, number, level, reason, now=at + timedelta(minutes=20)
                )
            done = at + timedelta(hours=hours * rng.uniform(0.6, 1.4))
            if done >= AS_OF - timedelta(minutes=30):
                continue
            if rng.random() < 0.12:  # sent back for a missing paper, back the next day
                back = at + timedelta(hours=2)
                done = max(done, back + timedelta(hours=20))
                if done >= AS_OF - timedelta(minutes=30):
                    h.move(number, (S.RETURNED, back))
                    continue
                h.move(
                    number,
                    (S.RETURNED, back),
                    (S.ACCEPTED, back + timedelta(hours=18)),
                    (S.IN_REVIEW, done - timedelta(minutes=30)),
                    (S.COMPLETED, done),
                )
            elif rng.random() < 0.85:
                h.move(
                    number,
                    (S.IN_REVIEW, done - timedelta(minutes=30)),
                    (S.COMPLETED, done),
                )
    rows = []
    for department, latency, availability, refused, conflicts in DEPARTMENTS:
        for k in range(rng.randrange(150, 260)):
            at = hall(12, 8) + timedelta(minutes=rng.randrange(0, 6 * 24 * 60 + 9 * 60))
            if rng.random() > availability:
                status = rng.choice(("timeout", "unavailable", "bad_response"))
                rows.append(answer(department, "case", status, 3000, at))
                continue
            status = "not_found" if rng.random() < 0.03 else "ok"
            given = 0 if status == "not_found" else rng.randrange(2, 7)
            spent = int(rng.lognormvariate(0, 0.45) * latency)
            rows.append(
                answer(
                    department,
                    "probe" if k % 25 == 0 else "case",
                    status,
                    spent,
                    at,
                    given=given,
                    refused=int(rng.random() < refused / 100 * given * 5),
                    conflicts=int(rng.random() < conflicts / 100 * given * 5),
                )
            )
    with engine.begin() as connection:
        record_answers(connection, rows)
    return h.cipher

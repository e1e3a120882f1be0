"""The fixed data set of the report tests, and its hand-computed figures.

Cases go in through the real use cases (``submit_case``, ``transition``) at fixed moments,
the scorecard's rows through ``record_answers``. The period reported is Monday 16 to
Wednesday 18 March 2026 (hall days, UTC+8), standing at Wednesday 18:00 in the hall. March
2026 has no public holiday: a working day is Monday–Friday.

Letters name the cases in the expectations (``EXPECTED_*`` below show the arithmetic).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine

from counterapp.app.cases import submit_case, transition
from counterapp.cases import (
    HALL_TIMEZONE,
    CaseState,
    CaseSubmission,
    FieldSource,
    Material,
    MaterialState,
)
from counterapp.protection import FieldCipher
from counterapp.receipts import CjkFont, NoCjkFont, load_cjk_font
from counterapp.store.department_answers import DepartmentAnswerStat, record_answers
from helpers.case_factory import CLERK, HALL, SERVICE, SUPERVISOR, sample_consent, sample_draft
from helpers.environment import need

NEWBORN = "newborn-hukou"  # 出生登记
FIRST_DAY = date(2026, 3, 16)  # a Monday
LAST_DAY = date(2026, 3, 18)  # a Wednesday
S = CaseState


def hall(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    """A moment in 2026 on the hall's clock (UTC+8)."""
    return datetime(2026, month, day, hour, minute, tzinfo=HALL_TIMEZONE)


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
        ),
    )


class Hall:
    """Submits and moves cases at fixed moments."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.cipher = FieldCipher.generate()
        self.n = 0

    def accept(
        self, at: datetime, *, service: str = SERVICE, prefilled: bool, days: int = 5
    ) -> str:
        self.n += 1
        if prefilled:
            # sample_draft: 4 department fields, 1 corrected, 1 typed; 1 exempt paper
            draft = replace(sample_draft(self.n), service_id=service)
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


@dataclass(frozen=True)
class Built:
    """The case numbers of the period's cases, by letter."""

    numbers: dict[str, str]


def build_hall(engine: Engine) -> Built:
    """Ten cases; six (A, B, F, C, D, E) are accepted in the period."""
    h = Hall(engine)
    numbers: dict[str, str] = {}
    # O: 2 March, promised in 1 working day (due 3 March), still accepted: overdue.
    numbers["O"] = h.accept(hall(2, 9), prefilled=False, days=1)
    # P: accepted the Friday before, completed Monday in the period: 72 h.
    p = numbers["P"] = h.accept(hall(13, 10), prefilled=True)
    h.move(p, (S.IN_REVIEW, hall(16, 9)), (S.COMPLETED, hall(16, 10)))
    # Sunday 23:00 in the hall: before the period.
    numbers["S"] = h.accept(hall(15, 23), prefilled=False)
    # A: Monday 07:45 in the hall is Sunday 23:45 UTC, yet in the period; 25 h 15 min.
    a = numbers["A"] = h.accept(hall(16, 7, 45), prefilled=True)
    h.move(a, (S.IN_REVIEW, hall(16, 15)), (S.COMPLETED, hall(17, 9)))
    # B: returned, resubmitted (a second visit), completed Wednesday: 48 h.
    b = numbers["B"] = h.accept(hall(16, 10), prefilled=True)
    h.move(
        b,
        (S.RETURNED, hall(16, 11)),
        (S.ACCEPTED, hall(17, 10)),
        (S.IN_REVIEW, hall(17, 11)),
        (S.COMPLETED, hall(18, 10)),
    )
    # F: Monday 11:00, typed, promised in 1 working day (due Tuesday 17): overdue now.
    numbers["F"] = h.accept(hall(16, 11), prefilled=False, days=1)
    # C: newborn registration, typed, completed Wednesday: 19 h.
    c = numbers["C"] = h.accept(hall(17, 14), service=NEWBORN, prefilled=False)
    h.move(c, (S.IN_REVIEW, hall(18, 8)), (S.COMPLETED, hall(18, 9)))
    # D: Wednesday 07:50 in the hall is Tuesday 23:50 UTC; newborn, pre-filled, accepted.
    numbers["D"] = h.accept(hall(18, 7, 50), service=NEWBORN, prefilled=True)
    # E: typed, rejected Wednesday.
    e = numbers["E"] = h.accept(hall(18, 9, 30), prefilled=False)
    h.move(e, (S.REJECTED, hall(18, 9, 45)))
    # G: Wednesday 19:00, after AS_OF; H: Thursday, after the period.
    numbers["G"] = h.accept(hall(18, 19), prefilled=False)
    numbers["H"] = h.accept(hall(19, 9), prefilled=True)
    record_scorecard_rows(engine)
    return Built(numbers)


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


def record_scorecard_rows(engine: Engine) -> None:
    inside = hall(17, 10)
    just_before = hall(16, 0) - timedelta(milliseconds=1)
    rows = [
        answer("hukou", "case", "ok", 100, inside, given=5, refused=1),
        answer("hukou", "case", "ok", 300, inside, given=4, conflicts=2),
        answer("hukou", "case", "not_found", 50, inside),
        answer("hukou", "case", "timeout", 3000, inside),
        answer("hukou", "probe", "ok", 200, inside, given=3, refused=1),
        answer("hukou", "case", "ok", 10, just_before, given=9, refused=9, conflicts=9),
        answer("hukou", "case", "timeout", 10, AS_OF, given=9),  # the end is excluded
        answer("civil", "case", "ok", 120, inside, given=2),
        answer("civil", "case", "unavailable", 5, inside),
        answer("market", "case", "ok", 10, just_before, given=1),  # only outside: absent
    ]
    with engine.begin() as connection:
        record_answers(connection, rows)


# -- hand-computed figures of the period (Mon 16 – Wed 18 March, as of Wed 18:00) ----------
# Accepted: A, B, F, C, D, E = 6 (not P, S, G, H, O).
# Completed in the period: P (Mon), A (Tue), B, C (Wed); only B was returned → 3 of 4.
# Fields: A, B, D pre-filled (3 × 4 department, 3 × 1 corrected, 3 × 1 typed) + F, C, E
# typed (3 × 6) → 12 department / 3 corrected / 3 + 18 = 21 typed, of 36.
# Exempt papers: A, B, D = 3. Overdue now (Wed 18): O (due 3 March), F (due 17 March) = 2.
# Handling: hukou-transfer P 72 h, A 25.25 h, B 48 h → median 48 h; newborn C 19 h.
EXPECTED_FIGURES: dict[str, int] = {
    "accepted": 6,
    "completed": 4,
    "one_visit": 3,
    "fields": 36,
    "prefilled": 12,
    "corrected": 3,
    "typed": 21,
    "papers_exempted": 3,
    "overdue_now": 2,
}
EXPECTED_SHARES: dict[str, float] = {
    "one_visit": 0.75,  # 3 / 4
    "prefilled": 1 / 3,  # 12 / 36
    "corrected": 1 / 12,  # 3 / 36
    "typed": 7 / 12,  # 21 / 36
}
EXPECTED_HANDLING = [  # service, completed, median hours; ordered by service id
    ("hukou-transfer", 3, 48.0),
    (NEWBORN, 1, 19.0),
]
# Scorecard over [Mon 00:00, Wed 18:00) in the hall:
# civil: 2 requests (case), answered 1 of 2; latency 120 → median 120, p95 120;
#   not found 0 of 1; given 2, refused 0 (0 of 2), conflicts 0 (0 of 2).
# hukou: 5 requests (4 case, 1 probe); answered ok 3 + not_found 1 = 4 of 5; latencies
#   50, 100, 200, 300 → median 150, p95 rank ceil(0.95 × 4) = 4 → 300; not found 1 of 3;
#   case values given 5 + 4 = 9, refused 1 → 1 of 10; conflicts 2 → 2 of 9.
EXPECTED_DEPARTMENTS = [
    # id, requests, case, diagnosis, probe, availability, median, p95, not found,
    # given, refused, refused rate, conflicts, conflict rate
    ("civil", 2, 2, 0, 0, 0.5, 120.0, 120, 0.0, 2, 0, 0.0, 0, 0.0),
    ("hukou", 5, 4, 0, 1, 0.8, 150.0, 300, 1 / 3, 9, 1, 0.1, 2, 2 / 9),
]
# The queue: the period's cases, oldest first, on the hall's clock (first acceptance). Due
# dates count 5 working days after acceptance (F: 1) — B's from its resubmission on Tuesday
# 17 (the return stopped the clock); F is overdue (due Tuesday 17, still accepted).
EXPECTED_QUEUE = [
    # letter, service, state, accepted at (hall), due date, overdue
    ("A", SERVICE, S.COMPLETED, datetime(2026, 3, 16, 7, 45), date(2026, 3, 23), False),
    ("B", SERVICE, S.COMPLETED, datetime(2026, 3, 16, 10, 0), date(2026, 3, 24), False),
    ("F", SERVICE, S.ACCEPTED, datetime(2026, 3, 16, 11, 0), date(2026, 3, 17), True),
    ("C", NEWBORN, S.COMPLETED, datetime(2026, 3, 17, 14, 0), date(2026, 3, 24), False),
    ("D", NEWBORN, S.ACCEPTED, datetime(2026, 3, 18, 7, 50), date(2026, 3, 25), False),
    ("E", SERVICE, S.REJECTED, datetime(2026, 3, 18, 9, 30), date(2026, 3, 25), False),
]


def cjk_font() -> CjkFont:
    """The receipts' Chinese font; skips without one (fails under CI=true)."""
    try:
        return load_cjk_font()
    except NoCjkFont as exc:
        need(False, f"a CJK TrueType font reportlab can embed (fonts-wqy-microhei): {exc}")
        raise

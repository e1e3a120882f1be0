"""The hall dashboard and the department scorecard on a fixed data set, on both backends.

Every expected figure is a literal worked out by hand from the data set below (the comment
next to it shows the arithmetic). Cases go in through the real use cases (``submit_case``,
``transition``) at fixed moments; scorecard rows through ``record_answers``.

Hall days are UTC+8. The day reported is Wednesday 18 March 2026; its ISO week began on
Monday 16 March. March 2026 has no public holiday, so a working day is Monday–Friday.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, event

from counterapp.app.cases import submit_case, transition
from counterapp.app.dashboard import (
    FieldSources,
    PeriodFigures,
    ServiceHandling,
    Share,
    department_scorecard,
    hall_figures,
)
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
from counterapp.users import PermissionDenied
from helpers.case_factory import (
    ADMIN,
    CLERK,
    HALL,
    SERVICE,
    SUPERVISOR,
    sample_consent,
    sample_draft,
)

BIRTH = "birth-registration"
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


class Hall:
    """Cases of the fixed data set, submitted and moved at fixed moments."""

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


def build_hall(engine: Engine) -> None:
    """The fixed data set: 12 cases (their letters are used in the expectations)."""
    h = Hall(engine)
    # Early March, promised in 1 working day: due Tuesday 3 March.
    h.accept(hall(2, 9), prefilled=False, days=1)  # O1 stays accepted: overdue
    o2 = h.accept(hall(2, 9, 30), service=BIRTH, prefilled=False, days=1)
    h.move(o2, (S.IN_REVIEW, hall(3, 9)))  # O2 in review: overdue
    r0 = h.accept(hall(2, 10), prefilled=False, days=1)
    h.move(r0, (S.RETURNED, hall(3, 10)))  # R0 returned: its clock stops, not overdue
    # P: accepted the Friday before, completed in the week (not accepted in it): 72 h.
    p = h.accept(hall(13, 10), prefilled=True)
    h.move(p, (S.IN_REVIEW, hall(16, 9)), (S.COMPLETED, hall(16, 10)))
    # Sunday 23:00 in the hall: before the week.
    h.accept(hall(15, 23), prefilled=False)
    # A: Monday 07:45 in the hall is Sunday 23:45 UTC, yet in the week; 25 h 15 min.
    a = h.accept(hall(16, 7, 45), prefilled=True)
    h.move(a, (S.IN_REVIEW, hall(16, 15)), (S.COMPLETED, hall(17, 9)))
    # B: returned, resubmitted (a second visit), completed today: 48 h.
    b = h.accept(hall(16, 10), prefilled=True)
    h.move(
        b,
        (S.RETURNED, hall(16, 11)),
        (S.ACCEPTED, hall(17, 10)),
        (S.IN_REVIEW, hall(17, 11)),
        (S.COMPLETED, hall(18, 10)),
    )
    # C: birth registration, typed, completed today: 19 h.
    c = h.accept(hall(17, 14), service=BIRTH, prefilled=False)
    h.move(c, (S.IN_REVIEW, hall(18, 8)), (S.COMPLETED, hall(18, 9)))
    # D: Wednesday 07:50 in the hall is Tuesday 23:50 UTC, yet today; stays accepted.
    h.accept(hall(18, 7, 50), service=BIRTH, prefilled=True)
    # E: typed, rejected today.
    e = h.accept(hall(18, 9, 30), prefilled=False)
    h.move(e, (S.REJECTED, hall(18, 9, 45)))
    # G: today, but after AS_OF; H: Thursday, after the day.
    h.accept(hall(18, 19), prefilled=False)
    h.accept(hall(19, 9), prefilled=True)


HOUR = timedelta(hours=1)


def test_hall_figures_match_the_hand_counts(engine: Engine) -> None:
    build_hall(engine)
    figures = hall_figures(engine, SUPERVISOR, day=DAY, now=AS_OF)
    assert figures.day == DAY
    assert figures.as_of == AS_OF.astimezone(UTC)
    # Today = Wednesday 18 March until 18:00: accepted D, E (G is after AS_OF) = 2.
    # Completed today: B (returned), C → one visit 1 of 2.
    # Fields: D 4 department + 1 corrected + 1 typed, E 6 typed → 4 / 1 / 7 (of 12).
    # Exempt papers: D's one. Handling: hukou B 48 h; birth C 19 h.
    assert figures.today == PeriodFigures(
        first_day=DAY,
        last_day=DAY,
        accepted=2,
        one_visit=Share(1, 2),
        fields=FieldSources(department=4, corrected=1, typed=7),
        papers_exempted=1,
        handling=(
            ServiceHandling(BIRTH, 1, 19 * HOUR),
            ServiceHandling(SERVICE, 1, 48 * HOUR),
        ),
    )
    assert figures.today.fields.prefilled == Share(4, 12)
    # Week = Monday 16 to Wednesday 18 March: accepted A, B, C, D, E = 5 (not P, not the
    # Sunday case, not G or H). Completed in the week: P, A, B, C; only B was returned →
    # 3 of 4. Fields: A, B, D prefilled (3 × 4 department, 3 × 1 corrected, 3 × 1 typed)
    # + C, E typed (2 × 6) → 12 / 3 / 3 + 12 = 15 (of 30). Exempt papers: A, B, D = 3.
    # Handling: hukou P 72 h, A 25 h 15 min, B 48 h → median 48 h; birth C 19 h.
    assert figures.week == PeriodFigures(
        first_day=date(2026, 3, 16),
        last_day=DAY,
        accepted=5,
        one_visit=Share(3, 4),
        fields=FieldSources(department=12, corrected=3, typed=15),
        papers_exempted=3,
        handling=(
            ServiceHandling(BIRTH, 1, 19 * HOUR),
            ServiceHandling(SERVICE, 3, 48 * HOUR),
        ),
    )
    assert figures.week.one_visit.rate == 0.75
    assert figures.week.fields.prefilled.rate == 0.4  # 12 / 30
    # Overdue on the 18th: O1 (accepted) and O2 (in review), both due 3 March; R0 is
    # returned, the rest are closed or not yet due → 2.
    assert figures.overdue == 2


def test_the_figures_close_at_the_end_of_the_day(engine: Engine) -> None:
    build_hall(engine)
    later = hall(19, 12)  # Thursday noon: G counts, H (Thursday) does not
    figures = hall_figures(engine, ADMIN, day=DAY, now=later)
    assert figures.today.accepted == 3  # D, E, G
    assert figures.today.fields == FieldSources(4, 1, 13)  # + G's 6 typed
    assert figures.week.accepted == 6  # A, B, C, D, E, G
    # Monday 16 March: A and B accepted; only P completed (A on Tuesday, B on Wednesday).
    monday = hall_figures(engine, SUPERVISOR, day=date(2026, 3, 16), now=later)
    assert (monday.today.accepted, monday.week.accepted) == (2, 2)  # A, B
    assert monday.today.one_visit == Share(1, 1)  # P
    assert monday.today.handling == (ServiceHandling(SERVICE, 1, 72 * HOUR),)
    assert monday.overdue == 2  # O1, O2: past due on the 16th too


def test_an_empty_period_has_no_rates(engine: Engine) -> None:
    figures = hall_figures(engine, SUPERVISOR, day=DAY, now=AS_OF)
    assert figures.today.accepted == figures.week.accepted == figures.overdue == 0
    assert figures.week.one_visit.rate is None
    assert figures.week.fields.prefilled.rate is None
    assert figures.week.handling == ()


WINDOW = (hall(16, 0), hall(19, 0))  # UTC 2026-03-15 16:00 to 2026-03-18 16:00


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
    just_before = WINDOW[0] - timedelta(milliseconds=1)
    rows = [
        answer("hukou", "case", "ok", 100, inside, given=5, refused=1),
        answer("hukou", "case", "ok", 300, inside, given=4, conflicts=2),
        answer("hukou", "case", "not_found", 50, inside),
        answer("hukou", "case", "timeout", 3000, inside),
        answer("hukou", "probe", "ok", 200, inside, given=3, refused=1),
        answer("hukou", "diagnosis", "not_found", 80, inside),
        answer("hukou", "case", "ok", 10, just_before, given=9, refused=9, conflicts=9),
        answer("hukou", "case", "timeout", 10, WINDOW[1], given=9),  # the end is excluded
        answer("civil", "case", "ok", 120, inside, given=2),
        answer("civil", "case", "ok", 180, inside, given=2, conflicts=1),
        answer("civil", "case", "unavailable", 5, inside),
        answer("civil", "probe", "auth_failed", 40, inside),
        *(answer("tax", "case", "ok", 10 * k, inside, given=1) for k in range(1, 21)),
        answer("market", "case", "ok", 10, just_before, given=1),  # only outside: absent
    ]
    with engine.begin() as connection:
        record_answers(connection, rows)


def test_department_scorecard_matches_the_hand_counts(engine: Engine) -> None:
    record_scorecard_rows(engine)
    civil, hukou, tax = department_scorecard(engine, SUPERVISOR, start=WINDOW[0], end=WINDOW[1])
    # hukou: 6 rows in the window (4 case, 1 probe, 1 diagnosis); answered = ok 3 +
    # not_found 2 = 5 of 6. Answered latencies 50, 80, 100, 200, 300: median 100,
    # p95 rank ceil(0.95 × 5) = 5 → 300. Case lookups answered: ok, ok, not_found →
    # not found 1 of 3. Case values: given 5 + 4 = 9, refused 1, conflicts 2 (the probe's
    # 3 given / 1 refused not counted) → conflicts 2 of 9, refused 1 of 10.
    assert hukou.department == "hukou"
    assert (hukou.requests, hukou.case_requests, hukou.diagnosis_requests) == (6, 4, 1)
    assert hukou.probe_requests == 1
    assert hukou.statuses == (("not_found", 2), ("ok", 3), ("timeout", 1))
    assert hukou.availability == Share(5, 6)
    assert (hukou.median_latency_ms, hukou.p95_latency_ms) == (100.0, 300)
    assert hukou.not_found == Share(1, 3)
    assert (hukou.values_given, hukou.values_refused, hukou.conflicts) == (9, 1, 2)
    assert hukou.conflict_rate == Share(2, 9)
    assert hukou.refused_rate == Share(1, 10)
    # civil: 4 rows (3 case, 1 probe); answered ok 2 of 4. Latencies 120, 180: median
    # (120 + 180) / 2 = 150, p95 rank ceil(0.95 × 2) = 2 → 180. Not found 0 of 2.
    # Values given 2 + 2 = 4, refused 0, conflicts 1 → 1 of 4, refused 0 of 4.
    assert (civil.requests, civil.case_requests, civil.probe_requests) == (4, 3, 1)
    assert civil.statuses == (("auth_failed", 1), ("ok", 2), ("unavailable", 1))
    assert civil.availability == Share(2, 4)
    assert (civil.median_latency_ms, civil.p95_latency_ms) == (150.0, 180)
    assert civil.not_found == Share(0, 2)
    assert civil.conflict_rate == Share(1, 4)
    assert civil.refused_rate == Share(0, 4)
    # tax: 20 answered case lookups, 10 … 200 ms: median (100 + 110) / 2 = 105,
    # p95 rank ceil(0.95 × 20) = 19 → 190. "market" has rows only outside: absent.
    assert tax.availability == Share(20, 20)
    assert (tax.median_latency_ms, tax.p95_latency_ms) == (105.0, 190)
    assert tax.not_found.rate == 0.0


def test_a_department_that_never_answered_has_no_latency(engine: Engine) -> None:
    with engine.begin() as connection:
        record_answers(connection, [answer("civil", "case", "timeout", 3000, hall(17, 9))])
    (civil,) = department_scorecard(engine, ADMIN, start=WINDOW[0], end=WINDOW[1])
    assert civil.availability == Share(0, 1)
    assert (civil.median_latency_ms, civil.p95_latency_ms) == (None, None)
    assert civil.not_found.rate is None and civil.conflict_rate.rate is None


def test_a_clerk_is_refused_and_nothing_is_read(engine: Engine) -> None:
    record_scorecard_rows(engine)
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        with pytest.raises(PermissionDenied) as figures_refused:
            hall_figures(engine, CLERK, day=DAY, now=AS_OF)
        with pytest.raises(PermissionDenied) as scorecard_refused:
            department_scorecard(engine, CLERK, start=WINDOW[0], end=WINDOW[1])
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert statements == []
    for refused in (figures_refused.value, scorecard_refused.value):
        assert refused.permission == "view_reports"
        assert "查看大厅统计和部门评分" in refused.reason_zh
        assert "(needs the supervisor or admin role)" in str(refused)


def test_naive_or_reversed_bounds_are_refused(engine: Engine) -> None:
    with pytest.raises(ValueError, match="aware"):
        hall_figures(engine, SUPERVISOR, day=DAY, now=datetime(2026, 3, 18, 10))
    with pytest.raises(ValueError, match="aware"):
        department_scorecard(engine, SUPERVISOR, start=datetime(2026, 3, 16), end=WINDOW[1])
    with pytest.raises(ValueError, match="before it starts"):
        department_scorecard(engine, SUPERVISOR, start=WINDOW[1], end=WINDOW[0])

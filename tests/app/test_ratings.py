"""The applicant's rating (好差评) on both backends: once, audited, counted for the hall."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from counterapp.app.cases import CaseNotFound, submit_case
from counterapp.app.ratings import (
    AlreadyRated,
    RatingInputError,
    case_rating,
    record_rating,
    satisfaction,
)
from counterapp.cases import Case
from counterapp.cases.rating import RatingLevel
from counterapp.protection import FieldCipher
from counterapp.store.applicant_tables import case_ratings
from counterapp.store.audit_log import snapshot, stream_records
from counterapp.users import PermissionDenied, Role
from counterapp.users.roles import Actor
from helpers.case_factory import CLERK, HALL, SUPERVISOR, sample_consent, sample_draft

MONDAY = datetime(2026, 3, 16, 2, 0, tzinfo=UTC)  # 10:00 in the hall
OTHER_CLERK = Actor("clerk2", Role.CLERK, "赵一", "03")
ADMIN = Actor("root", Role.ADMIN, "管理员", "")
L = RatingLevel


@pytest.fixture
def cipher() -> FieldCipher:
    return FieldCipher.generate()


def accepted(engine: Engine, cipher: FieldCipher, n: int, clerk: Actor = CLERK) -> Case:
    return submit_case(
        engine,
        cipher,
        clerk,
        sample_draft(n),
        sample_consent(n, at=MONDAY, recorded_by=clerk.username),
        hall_code=HALL,
        promised_days=5,
        now=MONDAY + timedelta(minutes=n),
    )


def test_a_rating_is_given_once_and_never_changed(engine: Engine, cipher: FieldCipher) -> None:
    case = accepted(engine, cipher, 1)
    at = MONDAY + timedelta(minutes=20)
    given = record_rating(
        engine,
        cipher,
        CLERK,
        case.number,
        2,
        "  等候时间太长  ",
        ticket_number="A007",
        now=at,
        workstation="window-07",
    )
    assert (given.level, given.reason, given.clerk, given.window) == (
        L.DISSATISFIED,
        "等候时间太长",
        "clerk1",
        "07",
    )
    # the clerk tries to make it better: refused, the applicant's rating stays
    with pytest.raises(AlreadyRated, match="cannot be changed"):
        record_rating(engine, cipher, CLERK, case.number, L.VERY_SATISFIED, now=at)
    stored = case_rating(engine, cipher, SUPERVISOR, case.number)
    assert stored is not None
    assert (stored.level, stored.reason, stored.ticket_number) == (
        L.DISSATISFIED,
        "等候时间太长",
        "A007",
    )
    assert stored.rated_at == at
    with engine.connect() as connection:
        token = connection.execute(select(case_ratings.c.reason)).scalar_one()
    assert "等候" not in token  # encrypted at rest
    with snapshot(engine) as connection:
        rated = [r for r in stream_records(connection) if r.kind == "rated"]
    assert [(r.actor, r.case_number, r.detail) for r in rated] == [
        ("clerk1", case.number, "rated 2 (dissatisfied), with a reason")
    ]
    assert "等候" not in rated[0].detail  # the applicant's words are not in the trail


def test_bad_ratings_are_refused_with_the_reason(engine: Engine, cipher: FieldCipher) -> None:
    case = accepted(engine, cipher, 2)
    with pytest.raises(RatingInputError, match="from 1 to 5"):
        record_rating(engine, cipher, CLERK, case.number, 6)
    with pytest.raises(RatingInputError, match="at most 500"):
        record_rating(engine, cipher, CLERK, case.number, 4, "慢" * 501)
    with pytest.raises(PermissionDenied):
        record_rating(engine, cipher, ADMIN, case.number, 4)
    with pytest.raises(CaseNotFound):
        record_rating(engine, cipher, CLERK, f"{HALL}-20260316-00099", 4)
    assert case_rating(engine, cipher, SUPERVISOR, case.number) is None  # nothing kept


def test_satisfaction_per_service_and_window_with_the_follow_up_list(
    engine: Engine, cipher: FieldCipher
) -> None:
    # window 07 (clerk1): 5, 4, 2 ; window 03 (clerk2): 3, 1 ; a rating a week later: 5
    levels = [(1, CLERK, 5, ""), (2, CLERK, 4, ""), (3, CLERK, 2, "材料要求没说清")]
    levels += [(4, OTHER_CLERK, 3, ""), (5, OTHER_CLERK, 1, "态度差")]
    for n, clerk, level, reason in levels:
        case = accepted(engine, cipher, n, clerk)
        record_rating(
            engine, cipher, clerk, case.number, level, reason, now=MONDAY + timedelta(hours=n)
        )
    later = accepted(engine, cipher, 6)
    record_rating(engine, cipher, CLERK, later.number, 5, now=MONDAY + timedelta(days=7))

    figures = satisfaction(
        engine,
        cipher,
        SUPERVISOR,
        first_day=date(2026, 3, 16),
        last_day=date(2026, 3, 16),
        now=MONDAY + timedelta(days=30),
    )
    assert [(r.key, r.counts) for r in figures.by_window] == [
        ("03", (0, 0, 1, 0, 1)),
        ("07", (1, 1, 0, 1, 0)),
    ]
    (service,) = figures.by_service  # every sample case is the same service
    assert service.counts == (1, 1, 1, 1, 1) and (service.good, service.bad) == (3, 2)
    assert figures.total.total == 5
    assert [(r.window, r.level, r.reason) for r in figures.to_follow_up] == [
        ("03", L.VERY_DISSATISFIED, "态度差"),  # newest first
        ("07", L.DISSATISFIED, "材料要求没说清"),
    ]
    with snapshot(engine) as connection:
        reads = [r for r in stream_records(connection) if "rating.reason" in r.items]
    assert len(reads) == 1 and reads[0].actor == "super1"
    week = satisfaction(
        engine,
        None,
        SUPERVISOR,
        first_day=date(2026, 3, 16),
        last_day=date(2026, 3, 23),
        now=MONDAY + timedelta(days=30),
    )
    assert week.total.total == 6
    assert all(r.reason == "" for r in week.to_follow_up)  # no cipher: no words
    with pytest.raises(PermissionDenied):
        satisfaction(engine, cipher, CLERK, first_day=date(2026, 3, 16), last_day=date(2026, 3, 16))


def test_a_rating_names_the_case_as_stored_not_the_workstation(
    engine: Engine, cipher: FieldCipher
) -> None:
    case = accepted(engine, cipher, 7, OTHER_CLERK)
    # rated at another clerk's window (the applicant came back): still about clerk2 at 03
    given = record_rating(engine, cipher, CLERK, case.number, 4)
    assert (given.clerk, given.window) == ("clerk2", "03")

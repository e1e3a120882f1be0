"""A supervisor's review on both backends: each action, its refusals, and two at once."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select

from counterapp.app.cases import get_case, submit_case
from counterapp.app.review import (
    CaseChangedMeanwhile,
    CorrectionItem,
    ReviewInputError,
    approve,
    corrections_of,
    reassign,
    reject,
    return_for_correction,
    start_review,
)
from counterapp.app.user_admin import add_user
from counterapp.app.users import bootstrap_admin
from counterapp.cases import Case, CaseState, IllegalTransition
from counterapp.protection import FieldCipher
from counterapp.store.audit_log import snapshot, stream_records
from counterapp.store.case_tables import case_timeline
from counterapp.users import PermissionDenied, Role
from counterapp.users.roles import Actor
from helpers.accounts import CHEAP_HASHER
from helpers.case_factory import CLERK, HALL, SUPERVISOR, sample_consent, sample_draft

S = CaseState
MONDAY = datetime(2026, 3, 16, 2, 0, tzinfo=UTC)
OTHER = Actor("super2", Role.SUPERVISOR, "赵复核", "")


@pytest.fixture
def cipher() -> FieldCipher:
    return FieldCipher.generate()


def accepted(engine: Engine, cipher: FieldCipher, n: int = 1) -> Case:
    return submit_case(
        engine,
        cipher,
        CLERK,
        sample_draft(n),
        sample_consent(n, at=MONDAY),
        hall_code=HALL,
        promised_days=5,
        now=MONDAY,
    )


def trail(engine: Engine) -> list[tuple[str, str, bool, str]]:
    with snapshot(engine) as connection:
        return [(r.kind, r.actor, r.success, r.detail) for r in stream_records(connection)]


def timeline_rows(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(case_timeline)).scalar_one()


def test_start_review_assigns_the_reviewer_and_approve_completes(
    engine: Engine, cipher: FieldCipher
) -> None:
    case = accepted(engine, cipher)
    assert case.version == 1
    in_review = start_review(engine, cipher, SUPERVISOR, case.number, seen_version=1)
    assert (in_review.state, in_review.assignee, in_review.version) == (S.IN_REVIEW, "super1", 2)
    done = approve(engine, cipher, SUPERVISOR, case.number, seen_version=in_review.version)
    assert done.state is S.COMPLETED
    assert [(t.from_state, t.to_state, t.actor) for t in done.timeline][-2:] == [
        (S.ACCEPTED, S.IN_REVIEW, "super1"),
        (S.IN_REVIEW, S.COMPLETED, "super1"),
    ]
    assert [(k, d) for k, _, _, d in trail(engine)][-2:] == [
        ("state_change", "accepted -> in_review"),
        ("state_change", "in_review -> completed"),
    ]


def test_approving_an_accepted_case_takes_it_through_review_in_one_go(
    engine: Engine, cipher: FieldCipher
) -> None:
    case = accepted(engine, cipher)
    done = approve(engine, cipher, SUPERVISOR, case.number, seen_version=1, note="材料齐全")
    assert done.state is S.COMPLETED and done.version == 3
    assert [t.to_state for t in done.timeline] == [S.ACCEPTED, S.IN_REVIEW, S.COMPLETED]
    assert done.timeline[-1].reason == "材料齐全"


def test_return_for_correction_keeps_every_missing_item(
    engine: Engine, cipher: FieldCipher
) -> None:
    case = accepted(engine, cipher)
    items = [
        CorrectionItem("户口迁移证明", "未能通过部门共享核验"),
        CorrectionItem("本人签字的申请表", "须本人签字"),
    ]
    returned = return_for_correction(
        engine, cipher, SUPERVISOR, case.number, seen_version=1, missing=items, note="请一次带齐"
    )
    assert returned.state is S.RETURNED
    assert "户口迁移证明" in returned.timeline[-1].reason
    [request] = corrections_of(engine, SUPERVISOR, case.number)
    assert request.items == tuple(items) and request.requested_by == "super1"
    with pytest.raises(ReviewInputError, match="at least one"):
        return_for_correction(engine, cipher, SUPERVISOR, case.number, seen_version=2, missing=[])


def test_reject_needs_a_reason_and_closes_the_case(engine: Engine, cipher: FieldCipher) -> None:
    case = accepted(engine, cipher)
    before = timeline_rows(engine)
    with pytest.raises(ReviewInputError) as empty:
        reject(engine, cipher, SUPERVISOR, case.number, seen_version=1, reason="  ")
    assert "理由" in empty.value.reason_zh
    assert timeline_rows(engine) == before
    rejected = reject(engine, cipher, SUPERVISOR, case.number, seen_version=1, reason="不符合条件")
    assert rejected.state is S.REJECTED and rejected.timeline[-1].reason == "不符合条件"
    with pytest.raises(IllegalTransition):
        approve(engine, cipher, SUPERVISOR, case.number, seen_version=rejected.version)


def test_reassign_only_to_an_active_reviewer(engine: Engine, cipher: FieldCipher) -> None:
    admin = bootstrap_admin(engine, "admin", "Adm1n-secret-1", hasher=CHEAP_HASHER)
    add_user(
        engine, admin, "super2", Role.SUPERVISOR, "赵复核", "Str0ng-pass-2", hasher=CHEAP_HASHER
    )
    add_user(
        engine, admin, "clerk9", Role.CLERK, "钱九", "Str0ng-pass-9", "09", hasher=CHEAP_HASHER
    )
    case = accepted(engine, cipher)
    moved = reassign(engine, cipher, SUPERVISOR, case.number, seen_version=1, to="super2")
    assert (moved.assignee, moved.version, moved.state) == ("super2", 2, S.ACCEPTED)
    assert trail(engine)[-1][3] == "review reassigned from - to super2"
    for who, reason in (("clerk9", "may not review"), ("nobody", "no active user")):
        with pytest.raises(ReviewInputError, match=reason):
            reassign(engine, cipher, SUPERVISOR, case.number, seen_version=2, to=who)
    assert get_case(engine, cipher, CLERK, case.number).assignee == "super2"


@pytest.mark.parametrize(
    "act",
    [
        lambda e, c, n: start_review(e, c, CLERK, n, seen_version=1),
        lambda e, c, n: approve(e, c, CLERK, n, seen_version=1),
        lambda e, c, n: reject(e, c, CLERK, n, seen_version=1, reason="x"),
        lambda e, c, n: return_for_correction(
            e, c, CLERK, n, seen_version=1, missing=[CorrectionItem("a", "b")]
        ),
        lambda e, c, n: reassign(e, c, CLERK, n, seen_version=1, to="super1"),
    ],
    ids=["start", "approve", "reject", "return", "reassign"],
)
def test_a_clerk_is_refused_every_review_action_and_the_refusal_is_audited(
    engine: Engine, cipher: FieldCipher, act
) -> None:  # type: ignore[no-untyped-def]
    case = accepted(engine, cipher)
    with pytest.raises(PermissionDenied):
        act(engine, cipher, case.number)
    kind, actor, success, detail = trail(engine)[-1]
    assert (kind, actor, success) == ("state_change", "clerk1", False)
    assert "refused: lacks permission" in detail
    after = get_case(engine, cipher, CLERK, case.number)
    assert (after.state, after.version, after.assignee) == (S.ACCEPTED, 1, None)


def test_a_stale_view_is_told_who_changed_the_case_and_nothing_of_it_is_written(
    engine: Engine, cipher: FieldCipher
) -> None:
    case = accepted(engine, cipher)
    seen = case.version  # both supervisors opened the case at version 1
    approve(engine, cipher, OTHER, case.number, seen_version=seen, now=MONDAY + timedelta(hours=1))
    rows = timeline_rows(engine)
    with pytest.raises(CaseChangedMeanwhile) as told:
        reject(engine, cipher, SUPERVISOR, case.number, seen_version=seen, reason="材料不全")
    assert told.value.by == "super2" and told.value.state is S.COMPLETED
    assert "super2" in str(told.value) and "已办结" in told.value.reason_zh
    assert timeline_rows(engine) == rows
    assert get_case(engine, cipher, CLERK, case.number).state is S.COMPLETED
    assert trail(engine)[-1][:3] == ("state_change", "super1", False)


def test_two_supervisors_at_the_same_moment_one_wins_the_other_is_told(
    engine: Engine, cipher: FieldCipher
) -> None:
    case = accepted(engine, cipher)
    gate = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def act(name: str, action) -> None:  # type: ignore[no-untyped-def]
        gate.wait()
        try:
            outcomes[name] = action()
        except Exception as exc:
            outcomes[name] = exc

    threads = [
        threading.Thread(
            target=act,
            args=(
                "approve",
                lambda: approve(engine, cipher, SUPERVISOR, case.number, seen_version=1),
            ),
        ),
        threading.Thread(
            target=act,
            args=(
                "reject",
                lambda: reject(engine, cipher, OTHER, case.number, seen_version=1, reason="不符"),
            ),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    won = [name for name, outcome in outcomes.items() if isinstance(outcome, Case)]
    lost = [o for o in outcomes.values() if isinstance(o, CaseChangedMeanwhile)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    final = get_case(engine, cipher, CLERK, case.number)
    assert final.state is (S.COMPLETED if won == ["approve"] else S.REJECTED)
    assert [t.to_state for t in final.timeline].count(S.REJECTED) == (won == ["reject"])

"""The case state machine: only the legal moves, clear refusals, the permission per move."""

from __future__ import annotations

import itertools

import pytest

from counterapp.cases import (
    TRANSITIONS,
    CaseState,
    IllegalTransition,
    check_transition,
    is_resubmission,
    permission_for,
)
from counterapp.users import Permission

S = CaseState
NUMBER = "330106001-20261128-00042"
LEGAL = {
    (S.DRAFT, S.ACCEPTED),
    (S.DRAFT, S.REJECTED),
    (S.ACCEPTED, S.IN_REVIEW),
    (S.ACCEPTED, S.RETURNED),
    (S.ACCEPTED, S.REJECTED),
    (S.IN_REVIEW, S.COMPLETED),
    (S.IN_REVIEW, S.RETURNED),
    (S.IN_REVIEW, S.REJECTED),
    (S.RETURNED, S.ACCEPTED),
}


def test_exactly_the_legal_transitions_are_allowed() -> None:
    allowed = {(a, b) for a, targets in TRANSITIONS.items() for b in targets}
    assert allowed == LEGAL
    for current, wanted in itertools.product(CaseState, repeat=2):
        if (current, wanted) in LEGAL:
            check_transition(NUMBER, current, wanted)
        else:
            with pytest.raises(IllegalTransition):
                check_transition(NUMBER, current, wanted)


def test_completing_without_review_names_the_case_state_and_the_way_forward() -> None:
    with pytest.raises(IllegalTransition) as caught:
        check_transition(NUMBER, S.ACCEPTED, S.COMPLETED)
    assert str(caught.value) == (
        "case 330106001-20261128-00042 is accepted; it cannot be completed before review "
        "(allowed next: in review, returned for correction, rejected)"
    )
    assert caught.value.reason_zh == (
        "办件 330106001-20261128-00042 当前为已受理，（未经审核）不能办结"
        "（可转为：审核中、退回补正、不予受理）"
    )
    assert (caught.value.current, caught.value.wanted) == (S.ACCEPTED, S.COMPLETED)


def test_a_closed_case_says_it_is_closed() -> None:
    with pytest.raises(IllegalTransition, match="closed: no further changes") as caught:
        check_transition(NUMBER, S.COMPLETED, S.RETURNED)
    assert "已结束" in caught.value.reason_zh
    with pytest.raises(IllegalTransition, match="already in review"):
        check_transition(NUMBER, S.IN_REVIEW, S.IN_REVIEW)


def test_labels_are_bilingual() -> None:
    assert (S.ACCEPTED.label_zh, S.COMPLETED.label_zh) == ("已受理", "已办结")
    assert S.RETURNED.label_en == "returned for correction"
    assert S.REJECTED.label_zh == "不予受理"
    assert [s for s in CaseState if s.closed] == [S.COMPLETED, S.REJECTED]


@pytest.mark.parametrize(
    ("wanted", "permission"),
    [
        (S.ACCEPTED, Permission.CREATE_CASE),
        (S.IN_REVIEW, Permission.REVIEW_CASE),
        (S.COMPLETED, Permission.COMPLETE_CASE),
        (S.RETURNED, Permission.RETURN_CASE),
        (S.REJECTED, Permission.REJECT_CASE),
    ],
)
def test_each_move_needs_its_permission(wanted: CaseState, permission: Permission) -> None:
    assert permission_for(wanted) is permission


def test_no_permission_leads_back_to_draft() -> None:
    with pytest.raises(ValueError, match="no transition enters"):
        permission_for(S.DRAFT)


def test_only_returned_to_accepted_is_a_resubmission() -> None:
    assert [pair for pair in LEGAL if is_resubmission(*pair)] == [(S.RETURNED, S.ACCEPTED)]

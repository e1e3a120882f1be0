"""The life of a case (办件): its states, the legal transitions and who may make them.

draft → accepted (受理) → in review → completed (办结); a case may be returned for
correction (补正) or rejected (不予受理) on the way. A returned case comes back as accepted
when the applicant resubmits: that is a second visit, and the one-visit rate counts it.
Completed and rejected cases are closed.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from counterapp.errors import CounterError
from counterapp.users import Permission


class CaseState(StrEnum):
    """Where a case stands."""

    DRAFT = "draft"
    ACCEPTED = "accepted"
    IN_REVIEW = "in_review"
    COMPLETED = "completed"
    RETURNED = "returned"
    REJECTED = "rejected"

    @property
    def label_zh(self) -> str:
        """Chinese label, e.g. ``受理``."""
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English label, e.g. ``returned for correction``."""
        return _LABELS[self][1]

    @property
    def closed(self) -> bool:
        """Completed or rejected: nothing can happen to the case any more."""
        return self in (CaseState.COMPLETED, CaseState.REJECTED)


_LABELS: Mapping[CaseState, tuple[str, str]] = {
    CaseState.DRAFT: ("草稿", "draft"),
    CaseState.ACCEPTED: ("已受理", "accepted"),
    CaseState.IN_REVIEW: ("审核中", "in review"),
    CaseState.COMPLETED: ("已办结", "completed"),
    CaseState.RETURNED: ("退回补正", "returned for correction"),
    CaseState.REJECTED: ("不予受理", "rejected"),
}

# What moving *to* a state is called: (English after "cannot be", Chinese after "不能").
_VERBS: Mapping[CaseState, tuple[str, str]] = {
    CaseState.DRAFT: ("put back to draft", "退回草稿"),
    CaseState.ACCEPTED: ("accepted", "受理"),
    CaseState.IN_REVIEW: ("put in review", "转入审核"),
    CaseState.COMPLETED: ("completed", "办结"),
    CaseState.RETURNED: ("returned for correction", "退回补正"),
    CaseState.REJECTED: ("rejected", "不予受理"),
}

S = CaseState
TRANSITIONS: Mapping[CaseState, frozenset[CaseState]] = MappingProxyType(
    {
        S.DRAFT: frozenset({S.ACCEPTED, S.REJECTED}),
        S.ACCEPTED: frozenset({S.IN_REVIEW, S.RETURNED, S.REJECTED}),
        S.IN_REVIEW: frozenset({S.COMPLETED, S.RETURNED, S.REJECTED}),
        S.RETURNED: frozenset({S.ACCEPTED}),
        S.COMPLETED: frozenset(),
        S.REJECTED: frozenset(),
    }
)
"""The only legal moves; anything else raises :class:`IllegalTransition`."""

_PERMISSION_TO_ENTER: Mapping[CaseState, Permission] = {
    S.ACCEPTED: Permission.CREATE_CASE,  # accepting, or re-accepting a resubmission
    S.IN_REVIEW: Permission.REVIEW_CASE,
    S.COMPLETED: Permission.COMPLETE_CASE,
    S.RETURNED: Permission.RETURN_CASE,
    S.REJECTED: Permission.REJECT_CASE,
}

# Display order of the allowed next states in messages.
_ORDER = tuple(CaseState)


class IllegalTransition(CounterError, ValueError):
    """A state change the case's life does not allow.

    Attributes:
        case_number: the case.
        current: its state now.
        wanted: the state asked for.
        reason_zh: the message in Chinese, for the clerk's screen.
    """

    def __init__(self, case_number: str, current: CaseState, wanted: CaseState) -> None:
        self.case_number = case_number
        self.current = current
        self.wanted = wanted
        allowed = [state for state in _ORDER if state in TRANSITIONS[current]]
        verb_en, verb_zh = _VERBS[wanted]
        if current.closed:
            tail_en, tail_zh = (
                "(the case is closed: no further changes)",
                "（办件已结束，不能再变更）",
            )
        else:
            tail_en = f"(allowed next: {', '.join(s.label_en for s in allowed)})"
            tail_zh = f"（可转为：{'、'.join(s.label_zh for s in allowed)}）"
        before_en, before_zh = "", ""
        if wanted is S.COMPLETED and current in (S.ACCEPTED, S.RETURNED, S.DRAFT):
            before_en, before_zh = " before review", "（未经审核）"
        if current is wanted:
            message = f"case {case_number} is already {current.label_en}"
            message_zh = f"办件 {case_number} 已是{current.label_zh}状态"
        else:
            message = (
                f"case {case_number} is {current.label_en}; "
                f"it cannot be {verb_en}{before_en} {tail_en}"
            )
            message_zh = (
                f"办件 {case_number} 当前为{current.label_zh}，{before_zh}不能{verb_zh}{tail_zh}"
            )
        super().__init__(message, message_zh)


def check_transition(case_number: str, current: CaseState, wanted: CaseState) -> None:
    """Raise :class:`IllegalTransition` unless ``current → wanted`` is a legal move."""
    if wanted not in TRANSITIONS[current]:
        raise IllegalTransition(case_number, current, wanted)


def permission_for(wanted: CaseState) -> Permission:
    """The permission an actor needs to move a case into ``wanted``.

    Raises:
        ValueError: ``wanted`` is draft, which no transition enters.
    """
    try:
        return _PERMISSION_TO_ENTER[wanted]
    except KeyError:
        raise ValueError(f"no transition enters the state {wanted.value!r}") from None


def is_resubmission(current: CaseState, wanted: CaseState) -> bool:
    """True for returned → accepted: the applicant came back, a second visit."""
    return current is S.RETURNED and wanted is S.ACCEPTED
